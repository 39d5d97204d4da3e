// What every feature of the extension shares, built once by the composition root (extension.ts) and
// handed to each feature's register(): one output channel, one analysis per document version, one
// render per document version.
import * as vscode from 'vscode';
import { Analyses } from './language/analyses';
import { Renders } from './renderSupport';

export interface Services {
  readonly context: vscode.ExtensionContext;
  /** The extension's one output channel, "OKD Topology". */
  readonly log: vscode.LogOutputChannel;
  readonly analyses: Analyses;
  readonly renders: Renders;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('OKD Topology', { log: true });
  context.subscriptions.push(log);
  const analyses = new Analyses();
  return { context, log, analyses, renders: new Renders(context, analyses) };
}
