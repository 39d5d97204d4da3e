// Saves a diagram exported by the webview (SVG text or base64 PNG) where the user chooses.
import * as vscode from 'vscode';
import { decodeExport, safeName } from './exportData';
import { topologyStem } from '../../core/topology-file';

export async function exportImage(
  docUri: vscode.Uri,
  format: 'svg' | 'png',
  data: string,
  suggested: string | undefined,
): Promise<'saved' | 'cancelled'> {
  const bytes = decodeExport(format, data);
  const stem = topologyStem(docUri.path.split('/').pop() ?? 'topology');
  const dir = vscode.Uri.joinPath(docUri, '..');
  const defaultUri = docUri.scheme === 'file' ? vscode.Uri.joinPath(dir, safeName(suggested, stem, format)) : undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export topology as ${format.toUpperCase()}`,
  });
  if (!target) return 'cancelled';
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Exported the topology to ${vscode.workspace.asRelativePath(target)}`);
  return 'saved';
}
