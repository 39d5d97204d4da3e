// Helpers for the in-editor suite (runs inside VS Code's extension host, see run.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'okd-topology.okd-topology';
export const WORKSPACE = process.env.OKD_VSTEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
export const ROOT = process.env.OKD_ROOT ?? '';

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'okd-topology');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

export function exampleText(name: string): string {
  return readFileSync(join(ROOT, 'examples', name, 'cluster.okd.yaml'), 'utf8');
}

/** Writes `text` to a new workspace file and opens it in an editor. */
export async function openNew(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(join(WORKSPACE, name));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i;
}
