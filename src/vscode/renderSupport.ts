// Shared plumbing for the render commands: which topology, which templates, where output goes,
// and one cached render per document version (previews re-render on every keystroke).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Analyses } from './language/analyses';
import { renderAll, type RenderResult } from '../core/render/index';
import { languageFor } from '../core/render/file-language';
import { loadTemplates, type TemplateSet } from '../node/templates';
import { loadPrevious } from '../node/render-output';
import { isTopologyUri, TOPOLOGY_GLOB } from './topologyFiles';
import { sizeText, TOPOLOGY_MAX_BYTES } from '../node/files';

export const PREVIEW_SCHEME = 'okd-rendered';

export function isTopology(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && isTopologyUri(doc.uri);
}

/**
 * Opens a topology that is not open yet, after checking it is a regular file within the size the CLI
 * reads: a FIFO or device named *.okd.yaml must not hang the command or fill memory.
 */
async function openTopology(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot read ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
    return undefined;
  }
  if (!(st.type & vscode.FileType.File)) {
    void vscode.window.showErrorMessage(
      `${vscode.workspace.asRelativePath(uri)} is not a regular file; a topology must be one.`,
    );
    return undefined;
  }
  if (st.size > TOPOLOGY_MAX_BYTES) {
    void vscode.window.showErrorMessage(
      `${vscode.workspace.asRelativePath(uri)} is ${sizeText(st.size)}, over the ${sizeText(TOPOLOGY_MAX_BYTES)} limit for a topology.`,
    );
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

/** The topology a command acts on: an explicit URI, the active text or graph editor, or one the user picks. */
export async function pickTopology(arg?: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return openTopology(arg);
  // A focused graph editor is a custom editor: no activeTextEditor, but its tab names the file.
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && isTopologyUri(tab.uri)) return openTopology(tab.uri);
  const active = vscode.window.activeTextEditor?.document;
  if (isTopology(active)) return active;
  const open = vscode.workspace.textDocuments.filter(isTopology);
  const found = await vscode.workspace.findFiles(TOPOLOGY_GLOB, '**/node_modules/**', 50);
  const uris = [...new Map([...open.map((d) => d.uri), ...found].map((u) => [u.toString(), u])).values()];
  if (uris.length === 0) {
    void vscode.window.showErrorMessage('No *.okd.yaml topology is open or in the workspace.');
    return undefined;
  }
  if (uris.length === 1) return openTopology(uris[0]);
  const pick = await vscode.window.showQuickPick(
    uris.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { placeHolder: 'Which topology?' },
  );
  return pick ? openTopology(pick.uri) : undefined;
}

function setting(doc: vscode.TextDocument, key: string): string {
  return (vscode.workspace.getConfiguration('okdTopology.render', doc.uri).get<string>(key) ?? '').trim();
}

function resolveFolder(doc: vscode.TextDocument, value: string): string {
  const ws = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath;
  const expanded = value.replace(/\$\{workspaceFolder\}/g, ws ?? path.dirname(doc.uri.fsPath));
  return path.isAbsolute(expanded) ? expanded : path.join(path.dirname(doc.uri.fsPath), expanded);
}

/** `okdTopology.render.outputDirectory`, relative to the topology's folder (default `rendered`). */
export function outputDirectory(doc: vscode.TextDocument): string {
  return resolveFolder(doc, setting(doc, 'outputDirectory') || 'rendered');
}

export interface Rendered {
  result: RenderResult;
  cluster: string;
  set: TemplateSet;
  outDir: string;
}

type Outcome = Rendered | { error: string };

/**
 * One render per document version (previews re-render as the user types), with templates and the
 * previous zone files read without blocking the extension host. Built once by the composition root.
 */
export class Renders {
  private readonly cache = new Map<string, { version: number; force: boolean; rendered: Promise<Outcome> }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly analyses: Analyses,
  ) {}

  /** `okdTopology.render.templatesDirectory`, default `.okd/templates` next to the topology. */
  templateSet(doc: vscode.TextDocument): Promise<TemplateSet | { error: string }> {
    const configured = setting(doc, 'templatesDirectory');
    const dir = configured
      ? resolveFolder(doc, configured)
      : path.join(path.dirname(doc.uri.fsPath), '.okd', 'templates');
    return loadTemplates(dir, configured !== '', path.join(this.context.extensionPath, 'templates'));
  }

  /** Renders the document as it is now (unsaved edits included). */
  render(doc: vscode.TextDocument, force: boolean): Promise<Outcome> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.force === force) return hit.rendered;
    const rendered = this.renderNow(doc, force);
    this.cache.set(key, { version: doc.version, force, rendered });
    return rendered;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }

  /** Drops every cached render (a template file changed on disk). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async renderNow(doc: vscode.TextDocument, force: boolean): Promise<Outcome> {
    const analysis = this.analyses.get(doc);
    const topology = analysis.topology;
    if (!topology) return { error: 'The topology is not valid YAML; fix the syntax errors shown in Problems first.' };
    const set = await this.templateSet(doc);
    if ('error' in set) return set;
    const outDir = outputDirectory(doc);
    const result = renderAll(topology, set.templates, {
      force,
      source: path.basename(doc.uri.fsPath),
      problems: analysis.problems,
      previous: await loadPrevious(outDir),
      templatePath: (n) =>
        set.overrides.includes(n) ? vscode.workspace.asRelativePath(set.origin[n]) : `templates/${n}`,
    });
    return { result, set, outDir, cluster: topology.cluster.name };
  }
}

/** Preview URI of one rendered file: okd-rendered:/<target>/<path>?<topology uri>. */
export function previewUri(source: vscode.Uri, target: string, filePath: string): vscode.Uri {
  const p = `/${target}/${filePath.replace(/^\/+/, '')}`;
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: p, query: source.toString() });
}

export function parsePreviewUri(uri: vscode.Uri): { source: vscode.Uri; target: string; path: string } {
  const [, target, ...rest] = uri.path.split('/');
  const rel = rest.join('/');
  return { source: vscode.Uri.parse(uri.query), target, path: target === 'cluster' ? rel : `/${rel}` };
}

/**
 * Shows a rendered file in its own language (from its name), not the one VS Code guesses from the
 * extension ("Properties" for dhcpd.conf). Changing the language reopens the document, so only
 * when it differs.
 */
export async function showInLanguage(doc: vscode.TextDocument, filePath: string): Promise<vscode.TextDocument> {
  const id = languageFor(filePath, new Set(await vscode.languages.getLanguages()));
  return doc.languageId === id ? doc : vscode.languages.setTextDocumentLanguage(doc, id);
}
