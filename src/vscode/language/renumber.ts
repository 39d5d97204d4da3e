// "Renumber Network…" (issue 13): a refactoring on a network's `cidr`/`cidr6` and a command. The new
// prefix is asked in an input box that checks it as it is typed (the same planner that edits), and
// every address moves in one workspace edit: one undo step.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import { planGraphEdit, type EditOutput } from '../../core/edit/index';
import { keyAt, locate } from '../../core/yaml/ast';
import type { Network } from '../../core/model';
import { Analyses } from './analyses';
import { SELECTOR } from './providers';
import { isTopologyUri } from '../topologyFiles';

export const RENUMBER_COMMAND = 'okdTopology.renumberNetwork';

interface Target {
  uri: string;
  network: string;
  /** Which subnet: `cidr` (IPv4) or `cidr6`. */
  field: 'cidr' | 'cidr6';
}

/** The network whose `cidr` or `cidr6` (key or value) holds the offset. */
export function cidrAt(a: Analysis, offset: number): { network: Network; field: Target['field'] } | undefined {
  for (const network of a.topology?.networks ?? []) {
    for (const field of ['cidr', 'cidr6'] as const) {
      const path = [...network.path, field];
      const key = keyAt(a.doc.root, path);
      if (!key || !network[field]) continue;
      const value = locate(a.doc.root, path);
      if (offset >= key.start && offset <= value.end) return { network, field };
    }
  }
  return undefined;
}

function plan(a: Analysis, network: string, cidr: string): EditOutput {
  return planGraphEdit(
    { text: a.doc.text, doc: a.doc, topology: a.topology },
    { kind: 'renumber', network, cidr: cidr.trim() },
  );
}

async function pickTarget(
  analyses: Analyses,
  arg: unknown,
): Promise<{ doc: vscode.TextDocument; network: Network; field: Target['field'] } | undefined> {
  const t = arg as Partial<Target> | undefined;
  const uri = typeof t?.uri === 'string' ? vscode.Uri.parse(t.uri) : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isTopologyUri(uri)) {
    void vscode.window.showInformationMessage(
      "Open a *.okd.yaml file and put the cursor on a network's cidr to renumber it.",
    );
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const a = analyses.get(doc);
  const networks = a.topology?.networks ?? [];
  const named = networks.find((n) => n.name === t?.network);
  if (named) return { doc, network: named, field: t?.field === 'cidr6' ? 'cidr6' : 'cidr' };
  const ed = vscode.window.activeTextEditor;
  const here = ed?.document === doc ? cidrAt(a, doc.offsetAt(ed.selection.active)) : undefined;
  if (here) return { doc, ...here };
  const items = networks.flatMap((n) =>
    (['cidr', 'cidr6'] as const)
      .filter((f) => n[f])
      .map((field) => ({ label: n.name, description: n[field], network: n, field })),
  );
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Renumber which network?' });
  return picked && { doc, network: picked.network, field: picked.field };
}

async function renumberNetwork(analyses: Analyses, arg?: unknown): Promise<void> {
  const target = await pickTarget(analyses, arg);
  if (!target) return;
  const { doc, network, field } = target;
  const cidr = await vscode.window.showInputBox({
    title: `Renumber network ${network.name}`,
    prompt: `New ${field === 'cidr' ? 'IPv4' : 'IPv6'} network for ${network.name}: every address in ${network[field]} moves with it, keeping its host part`,
    value: network[field],
    validateInput: (v) => {
      if (v.includes(':') !== (field === 'cidr6'))
        return `Write an IPv${field === 'cidr' ? '4' : '6'} network, e.g. ${field === 'cidr' ? '10.1.0.0/24' : 'fd00:1::/64'}`;
      const out = plan(analyses.get(doc), network.name, v);
      return out.outcome === 'error' ? out.message : undefined;
    },
  });
  if (cidr === undefined) return;
  // Planned again on the text as it is now: the file may have changed while the box was open.
  const out = plan(analyses.get(doc), network.name, cidr);
  if (out.outcome === 'error') return void vscode.window.showErrorMessage(out.message ?? 'Renumbering failed');
  if (out.outcome === 'noop') return void vscode.window.showInformationMessage(out.message ?? 'Nothing to change');
  const we = new vscode.WorkspaceEdit();
  for (const e of out.edits)
    we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  if (!(await vscode.workspace.applyEdit(we)))
    return void vscode.window.showErrorMessage('The file changed while renumbering; try again.');
  void vscode.window.setStatusBarMessage(
    `Renumbered ${network.name} to ${cidr.trim()}: ${out.edits.length} values changed`,
    5000,
  );
}

export function registerRenumber(analyses: Analyses): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(RENUMBER_COMMAND, (arg?: unknown) => renumberNetwork(analyses, arg)),
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      {
        provideCodeActions(doc, range) {
          const here = cidrAt(analyses.get(doc), doc.offsetAt(range.start));
          if (!here) return [];
          const action = new vscode.CodeAction(
            `Renumber network ${here.network.name}…`,
            vscode.CodeActionKind.RefactorRewrite,
          );
          const arg: Target = { uri: doc.uri.toString(), network: here.network.name, field: here.field };
          action.command = { command: RENUMBER_COMMAND, title: action.title, arguments: [arg] };
          return [action];
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite] },
    ),
  ];
}
