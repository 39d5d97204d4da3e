// Problems panel: refreshed ~150 ms after the last keystroke on the unsaved buffer, cleared on close.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import type { LocatedProblem } from '../../core/problems';
import { Analyses, isOkdDocument } from './analyses';
import { Debouncer } from './scheduler';

export const SOURCE = 'okd-topology';
const DELAY_MS = 150;

const SEVERITY: Record<LocatedProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(uri: vscode.Uri, p: LocatedProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.line, p.column, p.endLine, p.endColumn);
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = SOURCE;
  d.code = p.code;
  if (p.related.length) {
    d.relatedInformation = p.related.map((r) => {
      const end = r.end > r.start ? r : undefined;
      const rr = new vscode.Range(r.line, r.column, r.line, r.column + (end ? Math.max(1, r.end - r.start) : 0));
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, rr), r.message);
    });
  }
  return d;
}

export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly debouncer: Debouncer<Analysis>;
  private readonly listeners = new Set<(uri: vscode.Uri, a: Analysis) => void>();

  constructor(private readonly analyses: Analyses) {
    this.debouncer = new Debouncer<Analysis>(DELAY_MS, (key, analysis) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (!doc || doc.isClosed) return;
      this.collection.set(
        doc.uri,
        analysis.problems.map((p) => toDiagnostic(doc.uri, p)),
      );
      for (const l of this.listeners) l(doc.uri, analysis);
    });
  }

  onDidPublish(l: (uri: vscode.Uri, a: Analysis) => void): vscode.Disposable {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  /** Schedules a refresh; `now` skips the typing delay (open, save). */
  refresh(doc: vscode.TextDocument, now = false): void {
    if (!isOkdDocument(doc)) return;
    this.debouncer.schedule(
      doc.uri.toString(),
      { version: () => doc.version, compute: () => this.analyses.get(doc) },
      now ? 0 : DELAY_MS,
    );
  }

  clear(doc: vscode.TextDocument): void {
    this.debouncer.cancel(doc.uri.toString());
    this.collection.delete(doc.uri);
    this.analyses.forget(doc);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.collection.dispose();
  }
}
