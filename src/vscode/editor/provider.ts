// The custom text editor for *.okd.yaml: a webview graph over the TextDocument. The document
// stays the only model; this file adapts EditorSession to VS Code (webview, edits, dialogs).
import * as vscode from 'vscode';
import { EditorSession, type DocPort } from './session';
import type { Analyses } from '../language/analyses';
import type { TextEdit } from '../../core/edit/index';
import type { NodeId, ThemeKind } from '../../protocol/messages';
import { exportImage } from './exportFile';
import { onVerifyStatus, verifyStatusOf } from '../verifyStatus';

export const VIEW_TYPE = 'okdTopology.topologyEditor';

// Diff sides and merge views show historical text: the graph must not write to them.
const READ_ONLY_SCHEMES = new Set(['git', 'gitfs', 'conflictResolution', 'vscode-merge', 'output']);

export function themeKind(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** The webview page: strict CSP, one nonce'd script, the bundle's stylesheet. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const n = nonce();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const cssPath = vscode.Uri.joinPath(dist, 'webview.css');
  // The build always emits webview.css (React Flow's styles), so no file-system check here.
  const css = `<link rel="stylesheet" href="${webview.asWebviewUri(cssPath)}">`;
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    // React Flow positions nodes with inline style attributes.
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${css}
<title>${esc(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

export class TopologyEditorProvider implements vscode.CustomTextEditorProvider {
  /** Open sessions per document URI (a document can be open in several editors). */
  private readonly sessions = new Map<string, Set<EditorSession>>();
  private readonly panels = new WeakMap<EditorSession, vscode.WebviewPanel>();
  private active?: { uri: vscode.Uri; session: EditorSession };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly analyses: Analyses,
  ) {}

  activeDocument(): vscode.Uri | undefined {
    return this.active?.uri;
  }

  /** Posts `reveal` to every open graph of the document; false when none is open. */
  reveal(uri: vscode.Uri, id: NodeId): boolean {
    const set = this.sessions.get(uri.toString());
    if (!set?.size) return false;
    // Bring one graph to the front (a hidden one reloads and gets the reveal after `ready`).
    const first = [...set][0];
    const panel = this.panels.get(first);
    if (panel && !panel.visible) panel.reveal(panel.viewColumn, true);
    for (const s of set) s.reveal(id);
    return true;
  }

  /** The session for a document, for commands that need the model (e.g. reveal). */
  anySession(uri: vscode.Uri): EditorSession | undefined {
    const set = this.sessions.get(uri.toString());
    return set ? [...set][0] : undefined;
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
    };
    const fileName = document.uri.path.split('/').pop() ?? 'topology';
    // The tab says which view of the file it is. VS Code honours a custom editor's title from
    // 1.106 (microsoft/vscode#272375); before that the tab shows the file name and this is ignored.
    panel.title = `${fileName} (graph)`;
    webview.html = webviewHtml(webview, this.context.extensionUri, fileName);
    const readOnly =
      READ_ONLY_SCHEMES.has(document.uri.scheme) ||
      vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;

    const doc: DocPort = {
      version: () => document.version,
      text: () => document.getText(),
      analysis: () => this.analyses.get(document),
      fileName: () => fileName,
      readOnly: () => readOnly,
      apply: (edits: TextEdit[], version: number) => {
        if (document.version !== version) return Promise.resolve(false);
        const we = new vscode.WorkspaceEdit();
        for (const e of edits)
          we.replace(
            document.uri,
            new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)),
            e.newText,
          );
        return vscode.workspace.applyEdit(we);
      },
    };
    const session = new EditorSession({
      doc,
      post: (m) => webview.postMessage(m),
      log: (level, message) => this.log[level === 'warn' ? 'warn' : level](message),
      showRange: (start, end) => {
        const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
        void vscode.window.showTextDocument(document, {
          viewColumn: vscode.ViewColumn.Beside,
          selection: range,
          preserveFocus: false,
        });
      },
      exportImage: (format, data, name) => exportImage(document.uri, format, data, name),
      openAsText: () => void vscode.commands.executeCommand('vscode.openWith', document.uri, 'default'),
      theme: themeKind,
    });

    this.panels.set(session, panel);
    const key = document.uri.toString();
    const set = this.sessions.get(key) ?? new Set<EditorSession>();
    set.add(session);
    this.sessions.set(key, set);
    if (panel.active) this.active = { uri: document.uri, session };

    const subs: vscode.Disposable[] = [
      webview.onDidReceiveMessage((m: unknown) => {
        void session.receive(m);
        // A graph that (re)loads gets the last "Verify Lab" result for its badges.
        const last = verifyStatusOf(key);
        if (last && typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready')
          void webview.postMessage(last);
      }),
      onVerifyStatus((uri, msg) => {
        if (uri === key) void webview.postMessage(msg);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // VS Code sometimes reports a change without content (e.g. dirty-state flips): skip those.
        if (e.document.uri.toString() === key && e.contentChanges.length > 0) session.documentChanged();
      }),
      vscode.window.onDidChangeActiveColorTheme(() => session.themeChanged()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) session.hidden();
        if (panel.active) this.active = { uri: document.uri, session };
        else if (this.active?.session === session) this.active = undefined;
      }),
    ];
    panel.onDidDispose(() => {
      session.dispose();
      set.delete(session);
      if (!set.size) this.sessions.delete(key);
      if (this.active?.session === session) this.active = undefined;
      for (const s of subs) s.dispose();
    });
  }
}
