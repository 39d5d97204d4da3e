// VS Code's view of the one topology-file rule (core/topology-file): selectors and URI tests.
import type * as vscode from 'vscode';
import { isTopologyPath, TOPOLOGY_FILE_PATTERNS, TOPOLOGY_GLOB } from '../core/topology-file';

export { TOPOLOGY_FILE_PATTERNS, TOPOLOGY_GLOB };

/** Language features, diagnostics and code actions register for exactly these documents. */
export const TOPOLOGY_SELECTOR: vscode.DocumentFilter[] = [{ language: 'yaml', pattern: TOPOLOGY_GLOB }];

export function isTopologyUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && isTopologyPath(uri.path);
}
