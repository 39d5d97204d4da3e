// The topology editor feature: custom editor registration, its commands, the "open by default"
// setting and a "Reveal in Topology Graph" action on problems.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import type { Services } from '../services';
import { nodeAtOffset } from '../../core/view/locate';
import { parseNodeId } from '../../protocol/messages';
import { TopologyEditorProvider, VIEW_TYPE } from './provider';
import { isTopologyUri, TOPOLOGY_FILE_PATTERNS, TOPOLOGY_SELECTOR } from '../topologyFiles';

/** The okd document the user is looking at: an active text editor or an active graph. */
function currentUri(provider: TopologyEditorProvider, arg?: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const text = vscode.window.activeTextEditor?.document.uri;
  return provider.activeDocument() ?? (isTopologyUri(text) ? text : undefined);
}

/**
 * Mirrors `okdTopology.editor.openByDefault` into `workbench.editorAssociations`, VS Code's own
 * switch for which editor opens a file, at the scope where the user set it.
 */
async function syncAssociation(log: vscode.LogOutputChannel, onlyIfSet = false): Promise<void> {
  const ours = vscode.workspace.getConfiguration('okdTopology.editor').inspect<boolean>('openByDefault');
  // At startup, leave an association the user made by hand alone unless our setting says otherwise.
  if (onlyIfSet && ours?.workspaceValue === undefined && ours?.globalValue === undefined) return;
  const wanted = ours?.workspaceValue ?? ours?.globalValue ?? false;
  const target =
    ours?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const wb = vscode.workspace.getConfiguration('workbench');
  const info = wb.inspect<Record<string, string>>('editorAssociations');
  const current = (target === vscode.ConfigurationTarget.Workspace ? info?.workspaceValue : info?.globalValue) ?? {};
  const has = TOPOLOGY_FILE_PATTERNS.every((p) => current[p] === VIEW_TYPE);
  if (wanted === has) return;
  const next = { ...current };
  for (const p of TOPOLOGY_FILE_PATTERNS) {
    if (wanted) next[p] = VIEW_TYPE;
    else delete next[p];
  }
  try {
    await wb.update('editorAssociations', Object.keys(next).length ? next : undefined, target);
  } catch (e) {
    log.warn(`Could not update workbench.editorAssociations: ${(e as Error).message}`);
  }
}

export function register(context: vscode.ExtensionContext, { log, analyses }: Services): void {
  const provider = new TopologyEditorProvider(context, log, analyses);
  const analysisOf = (doc: vscode.TextDocument): Analysis => analyses.get(doc);

  const revealInGraph = async (arg?: unknown) => {
    let uri: vscode.Uri | undefined;
    let id: string | undefined;
    if (typeof arg === 'string' && parseNodeId(arg)) {
      id = arg;
      uri = currentUri(provider);
    } else if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri)) {
      const a = arg as { uri?: string; nodeId?: string; offset?: number };
      uri = typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : undefined;
      if (typeof a.nodeId === 'string' && parseNodeId(a.nodeId)) id = a.nodeId;
      else if (uri && typeof a.offset === 'number') {
        const doc = await vscode.workspace.openTextDocument(uri);
        const an = analysisOf(doc);
        id = an.topology ? nodeAtOffset(an.topology, an.doc.root, a.offset) : undefined;
      }
    } else {
      const ed = vscode.window.activeTextEditor;
      if (ed && isTopologyUri(ed.document.uri)) {
        uri = ed.document.uri;
        const an = analysisOf(ed.document);
        id = an.topology
          ? nodeAtOffset(an.topology, an.doc.root, ed.document.offsetAt(ed.selection.active))
          : undefined;
      }
    }
    if (!uri || !id) {
      void vscode.window.showInformationMessage(
        'Put the cursor in a host, network, VIP or pool of a *.okd.yaml file to reveal it in the graph.',
      );
      return;
    }
    if (!provider.reveal(uri, id)) {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: false,
      });
      provider.reveal(uri, id);
    }
  };

  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
      // The webview restores its viewport from setState; keeping hidden webviews alive costs memory.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('okdTopology.openEditor', async (arg?: unknown) => {
      const uri = currentUri(provider, arg);
      if (!uri) return void vscode.window.showInformationMessage('Open a *.okd.yaml file first.');
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    }),
    vscode.commands.registerCommand('okdTopology.openAsText', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : (provider.activeDocument() ?? currentUri(provider));
      if (!uri) return void vscode.window.showInformationMessage('Open a topology graph first.');
      await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
    }),
    vscode.commands.registerCommand('okdTopology.revealInGraph', revealInGraph),
    vscode.languages.registerCodeActionsProvider(TOPOLOGY_SELECTOR, {
      provideCodeActions(doc, range, ctx) {
        if (!ctx.diagnostics.length) return [];
        const an = analysisOf(doc);
        const id = an.topology ? nodeAtOffset(an.topology, an.doc.root, doc.offsetAt(range.start)) : undefined;
        if (!id) return [];
        const action = new vscode.CodeAction(
          `Reveal ${id.replace(':', ' ')} in Topology Graph`,
          vscode.CodeActionKind.QuickFix,
        );
        action.command = {
          command: 'okdTopology.revealInGraph',
          title: action.title,
          arguments: [{ uri: doc.uri.toString(), nodeId: id }],
        };
        action.diagnostics = [...ctx.diagnostics];
        return [action];
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okdTopology.editor.openByDefault')) void syncAssociation(log);
    }),
  );
  void syncAssociation(log, true);
}
