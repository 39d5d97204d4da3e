// One analysis per document version, shared by diagnostics and every provider.
import type * as vscode from 'vscode';
import { analyze, type Analysis } from '../../core/analyze';
import type { Topology } from '../../core/model';
import { isTopologyUri } from '../topologyFiles';

// Old revisions shown by source control are not the file being edited: no problems for them.
const HISTORY_SCHEMES = new Set(['git', 'gitfs', 'scm-history-item', 'vscode-scm', 'conflictResolution']);

export function isOkdDocument(doc: vscode.TextDocument): boolean {
  return isTopologyUri(doc.uri) && !HISTORY_SCHEMES.has(doc.uri.scheme);
}

export class Analyses {
  private readonly byUri = new Map<string, { version: number; analysis: Analysis }>();
  private readonly good = new Map<string, Topology>();

  /** The analysis of the document as it is now (computed if the cached one is stale). */
  get(doc: vscode.TextDocument): Analysis {
    const key = doc.uri.toString();
    const hit = this.byUri.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyze(doc.getText());
    this.byUri.set(key, { version: doc.version, analysis });
    if (analysis.topology) this.good.set(key, analysis.topology);
    return analysis;
  }

  /** The newest topology of the document that parsed (names stay known while a line is broken). */
  lastGood(doc: vscode.TextDocument): Topology | null {
    return this.good.get(doc.uri.toString()) ?? null;
  }

  forget(doc: vscode.TextDocument): void {
    this.byUri.delete(doc.uri.toString());
    this.good.delete(doc.uri.toString());
  }
}
