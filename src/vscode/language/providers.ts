// The language providers: thin conversions between VS Code types and the pure logic in core/lang.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import { complete, type Completion } from '../../core/lang/completion';
import { hover } from '../../core/lang/hover';
import { definitionAt, nameAt, referencesAt, renameAt } from '../../core/lang/navigation';
import { documentSymbols, type DocSymbol, type SymbolKind } from '../../core/lang/symbols';
import { fixesInRange, type TextEdit } from '../../core/lang/fixes';
import type { Span } from '../../core/yaml/ast';
import { Analyses } from './analyses';
import { SOURCE } from './diagnostics';
import { TOPOLOGY_SELECTOR } from '../topologyFiles';

export const SELECTOR: vscode.DocumentSelector = TOPOLOGY_SELECTOR;

function range(doc: vscode.TextDocument, s: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
}

const ITEM_KIND: Record<Completion['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  enum: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
  address: vscode.CompletionItemKind.Value,
  mac: vscode.CompletionItemKind.Value,
  item: vscode.CompletionItemKind.Snippet,
  value: vscode.CompletionItemKind.Value,
};

const SYMBOL_KIND: Record<SymbolKind, vscode.SymbolKind> = {
  file: vscode.SymbolKind.File,
  cluster: vscode.SymbolKind.Package,
  section: vscode.SymbolKind.Namespace,
  network: vscode.SymbolKind.Interface,
  host: vscode.SymbolKind.Object,
  interface: vscode.SymbolKind.Field,
  vip: vscode.SymbolKind.Constant,
  pool: vscode.SymbolKind.Array,
  service: vscode.SymbolKind.Event,
  field: vscode.SymbolKind.Property,
};

function toItem(doc: vscode.TextDocument, c: Completion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, ITEM_KIND[c.kind]);
  item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  item.range = range(doc, c);
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.filterText) item.filterText = c.filterText;
  if (c.sortText) item.sortText = c.sortText;
  if (c.preselect) item.preselect = true;
  // Accepting a key completion that leaves the cursor at a value: offer values right away.
  if (c.kind === 'property' && c.insertText.endsWith(': '))
    item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

function toSymbol(doc: vscode.TextDocument, s: DocSymbol): vscode.DocumentSymbol {
  const full = range(doc, s);
  const sel = range(doc, { start: s.selectionStart, end: s.selectionEnd });
  const sym = new vscode.DocumentSymbol(
    s.name || '?',
    s.detail,
    SYMBOL_KIND[s.kind],
    full.contains(sel) ? full : sel,
    sel,
  );
  sym.children = s.children.map((c) => toSymbol(doc, c));
  return sym;
}

function workspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, range(doc, e), e.newText);
  return we;
}

function sameDiagnostic(d: vscode.Diagnostic, code: string, doc: vscode.TextDocument, start: number): boolean {
  const c = typeof d.code === 'object' ? d.code.value : d.code;
  return d.source === SOURCE && c === code && doc.offsetAt(d.range.start) === start;
}

// Red Hat YAML reads our contributed schema and already offers keys, enum values and key docs.
function schemaAware(): boolean {
  return vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined;
}

export function registerProviders(analyses: Analyses): vscode.Disposable[] {
  const get = (doc: vscode.TextDocument): Analysis => analyses.get(doc);
  return [
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      {
        provideCompletionItems(doc, pos, _token, ctx) {
          if (ctx.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && ctx.triggerCharacter === ' ') {
            // A space only opens suggestions right after `key:` or `- `, not in the middle of text.
            const before = doc.lineAt(pos.line).text.slice(0, pos.character);
            if (!/(:|^\s*-|[{,[]) $/.test(before)) return undefined;
          }
          const offset = doc.offsetAt(pos);
          return complete(doc.getText(), offset, get(doc), {
            schemaItems: !schemaAware(),
            lastGood: analyses.lastGood(doc),
          }).map((c) => toItem(doc, c));
        },
      },
      ' ',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(doc, pos) {
        const h = hover(get(doc), doc.offsetAt(pos), { schemaDocs: !schemaAware() });
        return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), range(doc, h)) : undefined;
      },
    }),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(doc, pos) {
        return definitionAt(get(doc), doc.offsetAt(pos)).map((s) => new vscode.Location(doc.uri, range(doc, s)));
      },
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences(doc, pos, ctx) {
        return referencesAt(get(doc), doc.offsetAt(pos), ctx.includeDeclaration).map(
          (s) => new vscode.Location(doc.uri, range(doc, s)),
        );
      },
    }),
    vscode.languages.registerRenameProvider(SELECTOR, {
      prepareRename(doc, pos) {
        const site = nameAt(get(doc), doc.offsetAt(pos));
        if (!site) throw new Error('Only host, network, VIP and pool names can be renamed.');
        const quoted = /^["']/.test(doc.getText(range(doc, site)));
        return {
          range: range(doc, quoted ? { start: site.start + 1, end: site.end - 1 } : site),
          placeholder: site.name,
        };
      },
      provideRenameEdits(doc, pos, newName) {
        const r = renameAt(get(doc), doc.offsetAt(pos), newName);
        if ('error' in r) throw new Error(r.error);
        return workspaceEdit(doc, r.edits);
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      SELECTOR,
      {
        provideDocumentSymbols(doc) {
          return documentSymbols(get(doc).doc.root).map((s) => toSymbol(doc, s));
        },
      },
      { label: 'OKD topology' },
    ),
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      {
        provideCodeActions(doc, r, ctx) {
          const a = get(doc);
          const ours = ctx.diagnostics.filter((d) => d.source === SOURCE);
          if (ours.length === 0) return [];
          const actions: vscode.CodeAction[] = [];
          for (const { problem, fix } of fixesInRange(a, doc.offsetAt(r.start), doc.offsetAt(r.end))) {
            const diag = ours.find((d) => sameDiagnostic(d, problem.code, doc, problem.start));
            if (!diag) continue;
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = workspaceEdit(doc, fix.edits);
            action.diagnostics = [diag];
            action.isPreferred = fix.preferred;
            actions.push(action);
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  ];
}
