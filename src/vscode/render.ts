// "Render Configs", "Preview Rendered File" (live, read-only) and "Compare with Rendered on Disk".
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RenderedFile } from '../core/render/manifest';
import { buildManifest, localPath, writeRenderOutput } from '../node/render-output';
import { writeInstallConfig } from './renderSecrets';
import {
  isTopology,
  parsePreviewUri,
  pickTopology,
  PREVIEW_SCHEME,
  previewUri,
  showInLanguage,
  type Rendered,
  type Renders,
} from './renderSupport';
import type { Services } from './services';

class RenderedContent implements vscode.TextDocumentContentProvider {
  readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly renders: Renders) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parsePreviewUri(uri);
    const doc = await vscode.workspace.openTextDocument(ref.source);
    // Previews follow the text as typed, so render even while the topology has errors.
    const r = await this.renders.render(doc, true);
    if ('error' in r) return `# ${r.error}\n`;
    if (r.result.errors.length > 0)
      return (
        r.result.errors
          .map((e) => `# template error: ${e.template}${e.line ? `:${e.line}` : ''}: ${e.message}`)
          .join('\n') + '\n'
      );
    const f = r.result.files.find((x) => x.target === ref.target && x.path === ref.path);
    if (!f) return `# ${ref.target}:${ref.path} is not rendered for the topology as it is now.\n`;
    return f.symlink ? `# symbolic link -> ${f.content}\n` : f.content;
  }
}

function reportFailure(r: Rendered | { error: string }): r is { error: string } {
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error);
    return true;
  }
  const e = r.result.errors[0];
  if (e) {
    const where = e.template ? ` in ${e.template}${e.line ? `:${e.line}` : ''}` : '';
    const more = r.result.errors.length > 1 ? ` (and ${r.result.errors.length - 1} more)` : '';
    void vscode.window.showErrorMessage(`Rendering failed${where}: ${e.message}${more}. Nothing was written.`);
    return true;
  }
  return false;
}

async function pickFile(
  files: RenderedFile[],
  title: string,
  mark?: (f: RenderedFile) => string,
): Promise<RenderedFile | undefined> {
  const items = files.map((f) => ({
    label: f.path,
    description: mark ? `${f.target} · ${mark(f)}` : f.target,
    detail: f.service + (f.symlink ? ' (symlink)' : ''),
    file: f,
  }));
  return (
    await vscode.window.showQuickPick(items, { placeHolder: title, matchOnDescription: true, matchOnDetail: true })
  )?.file;
}

async function renderConfigs({ log, renders }: Services, arg?: unknown): Promise<void> {
  const doc = await pickTopology(arg);
  if (!doc) return;
  let r = await renders.render(doc, false);
  if (!('error' in r) && r.result.refused) {
    // A value that is not of its type is never rendered: no "Render Anyway" for that.
    const choice = await vscode.window.showErrorMessage(
      `${r.result.errors[0].message}`,
      ...(r.result.untyped ? [] : ['Render Anyway']),
      'Show Problems',
    );
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice !== 'Render Anyway') return;
    r = await renders.render(doc, true);
  }
  if (reportFailure(r)) return;
  const { result, outDir } = r;
  const manifest = buildManifest(result.files, path.basename(doc.uri.fsPath), r.cluster, result.steps);
  let written = writeRenderOutput(outDir, result.files, manifest);
  if (!written.ok && written.edited) {
    // Edits to rendered files are the user's work: replace them only when asked, naming them.
    const names =
      written.edited.slice(0, 5).join(', ') +
      (written.edited.length > 5 ? ` and ${written.edited.length - 5} more` : '');
    const choice = await vscode.window.showWarningMessage(
      `${written.edited.length} rendered file(s) in ${vscode.workspace.asRelativePath(outDir)} were edited since they were rendered: ${names}. Overwrite the edits?`,
      { modal: true, detail: written.message },
      'Overwrite Edits',
    );
    if (choice !== 'Overwrite Edits') return;
    written = writeRenderOutput(outDir, result.files, manifest, { overwriteEdited: true });
  }
  if (!written.ok) {
    log.error(written.message);
    const [first, ...items] = written.message.split('\n').map((l) => l.trim());
    const shown = items.length ? ` ${items.slice(0, 3).join(', ')}${items.length > 3 ? ', …' : ''}.` : '';
    void vscode.window
      .showErrorMessage(`${first}${shown} Nothing was written.`, 'Show Output')
      .then((a) => a && log.show());
    return;
  }
  renders.forget(doc);
  if (written.followed) log.info(`${outDir} is a symbolic link: wrote into ${written.dir}`);
  for (const d of written.cleaned) log.info(`Removed ${d}, left by an interrupted render`);
  log.info(`Rendered ${result.files.length} files from ${doc.uri.fsPath} into ${outDir}`);
  for (const p of result.problems) log.warn(`${p.code}: ${p.message}`);
  const msg =
    `Rendered ${result.files.length} files into ${vscode.workspace.asRelativePath(outDir)}` +
    (result.problems.length ? `; ${result.problems.length} consistency problem(s), see the output` : '');
  const action = await (result.problems.length
    ? vscode.window.showWarningMessage(msg, 'Show Output', 'Reveal Folder')
    : vscode.window.showInformationMessage(msg, 'Reveal Folder'));
  if (action === 'Show Output') log.show();
  if (action === 'Reveal Folder')
    void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(outDir, 'MANIFEST.json')));
}

async function previewFile(renders: Renders, arg?: unknown): Promise<void> {
  const doc = await pickTopology(arg);
  if (!doc) return;
  const r = await renders.render(doc, true);
  if (reportFailure(r)) return;
  const f = await pickFile(r.result.files, 'Preview which rendered file? (updates as you edit the topology)');
  if (!f) return;
  const preview = await showInLanguage(
    await vscode.workspace.openTextDocument(previewUri(doc.uri, f.target, f.path)),
    f.path,
  );
  await vscode.window.showTextDocument(preview, { preview: false, viewColumn: vscode.ViewColumn.Beside });
}

/** Whether the rendered copy on disk matches what the topology renders now. */
async function diskState(outDir: string, f: RenderedFile): Promise<'differs' | 'same' | 'not on disk'> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(outDir, ...localPath(f).split('/'))));
    return new TextDecoder().decode(bytes) === f.content ? 'same' : 'differs';
  } catch {
    return 'not on disk';
  }
}

async function compareWithDisk(renders: Renders, arg?: unknown): Promise<void> {
  const doc = await pickTopology(arg);
  if (!doc) return;
  const r = await renders.render(doc, true);
  if (reportFailure(r)) return;
  // Which files a render would change, marked (and listed first) so the picker answers that too.
  const state = new Map(await Promise.all(r.result.files.map(async (f) => [f, await diskState(r.outDir, f)] as const)));
  const order = { differs: 0, 'not on disk': 1, same: 2 } as const;
  const files = [...r.result.files].sort((a, b) => order[state.get(a)!] - order[state.get(b)!]);
  const f = await pickFile(files, 'Compare which file with its rendered copy on disk?', (x) => state.get(x)!);
  if (!f) return;
  const onDisk = vscode.Uri.file(path.join(r.outDir, ...localPath(f).split('/')));
  try {
    await vscode.workspace.fs.stat(onDisk);
  } catch {
    void vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(onDisk)} does not exist yet; run "OKD Topology: Render Configs" first.`,
    );
    return;
  }
  const title = `${path.basename(f.path)} (${f.target}): on disk ↔ rendered now`;
  const now = previewUri(doc.uri, f.target, f.path);
  // Both sides in the file's language; the left one is our own rendered output.
  await Promise.all([onDisk, now].map(async (u) => showInLanguage(await vscode.workspace.openTextDocument(u), f.path)));
  await vscode.commands.executeCommand('vscode.diff', onDisk, now, title);
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const { renders } = services;
  const provider = new RenderedContent(renders);
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(
    provider.changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    // A preview restored with the window, or opened from history, gets its language too.
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.scheme === PREVIEW_SCHEME) void showInLanguage(d, parsePreviewUri(d.uri).path).catch(() => undefined);
    }),
    vscode.commands.registerCommand('okdTopology.renderConfigs', (arg?: unknown) => renderConfigs(services, arg)),
    vscode.commands.registerCommand('okdTopology.previewRenderedFile', (arg?: unknown) => previewFile(renders, arg)),
    vscode.commands.registerCommand('okdTopology.compareRenderedOnDisk', (arg?: unknown) =>
      compareWithDisk(renders, arg),
    ),
    vscode.commands.registerCommand('okdTopology.writeInstallConfig', (arg?: unknown) =>
      writeInstallConfig(services, arg),
    ),
    // Open previews follow the topology text, debounced so typing stays smooth.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!isTopology(e.document) || e.contentChanges.length === 0) return;
      const source = e.document.uri.toString();
      clearTimeout(timers.get(source));
      timers.set(
        source,
        setTimeout(() => {
          timers.delete(source);
          for (const d of vscode.workspace.textDocuments) {
            if (d.uri.scheme === PREVIEW_SCHEME && d.uri.query === source) provider.changed.fire(d.uri);
          }
        }, 150),
      );
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  // Saving a template (an override being written) re-renders open previews too.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.liquid');
  const refreshAll = () => {
    renders.forgetAll();
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === PREVIEW_SCHEME) provider.changed.fire(d.uri);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(refreshAll),
    watcher.onDidCreate(refreshAll),
    watcher.onDidDelete(refreshAll),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okdTopology.render')) refreshAll();
    }),
  );
}
