// Language features for *.okd.yaml: live diagnostics, IntelliSense, quick fixes, status bar.
// Cheap to register: nothing is analysed until an okd file is open.
import * as vscode from 'vscode';
import { isOkdDocument } from './analyses';
import type { Services } from '../services';
import { Diagnostics } from './diagnostics';
import { registerProviders } from './providers';
import { registerRenumber } from './renumber';
import { StatusBar } from './status';

export function register(context: vscode.ExtensionContext, { analyses }: Services): void {
  const diagnostics = new Diagnostics(analyses);
  const status = new StatusBar();

  // The active okd document, whether shown as text or in the topology editor (a custom editor).
  const activeDoc = (): vscode.TextDocument | undefined => {
    const text = vscode.window.activeTextEditor?.document;
    if (text) return text;
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const uri = input instanceof vscode.TabInputCustom ? input.uri : undefined;
    return uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : undefined;
  };
  const updateStatus = () => {
    const doc = activeDoc();
    if (doc && isOkdDocument(doc)) status.show(analyses.get(doc));
    else status.hide();
  };

  context.subscriptions.push(
    diagnostics,
    status,
    ...registerProviders(analyses),
    ...registerRenumber(analyses),
    diagnostics.onDidPublish((uri) => {
      if (activeDoc()?.uri.toString() === uri.toString()) updateStatus();
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => diagnostics.refresh(doc, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) diagnostics.refresh(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isOkdDocument(doc)) diagnostics.clear(doc);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.window.tabGroups.onDidChangeTabs(updateStatus),
  );
  for (const doc of vscode.workspace.textDocuments) diagnostics.refresh(doc, true);
  updateStatus();
}
