// Language features for *.okd.yaml: live diagnostics, IntelliSense, quick fixes, status bar.
// Cheap to register: nothing is analysed until an okd file is open.
import * as vscode from 'vscode';
import { Analyses, isOkdDocument } from './analyses';
import { Diagnostics } from './diagnostics';
import { registerProviders } from './providers';
import { StatusBar } from './status';

export function register(context: vscode.ExtensionContext): void {
  const analyses = new Analyses();
  const diagnostics = new Diagnostics(analyses);
  const status = new StatusBar();

  const updateStatus = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && isOkdDocument(doc)) status.show(analyses.get(doc));
    else status.hide();
  };

  context.subscriptions.push(
    diagnostics,
    status,
    ...registerProviders(analyses),
    diagnostics.onDidPublish((uri) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) updateStatus();
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => diagnostics.refresh(doc, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) diagnostics.refresh(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isOkdDocument(doc)) diagnostics.clear(doc);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
  );
  for (const doc of vscode.workspace.textDocuments) diagnostics.refresh(doc, true);
  updateStatus();
}
