// "Verify Lab": the CLI's verify from the editor. Asks the live lab what the topology says it serves,
// with a cancellable progress notification; results in the "Verify Lab" tree (host → service →
// check), failures in the output channel with the command that asks the same question by hand, and
// badges on the graph's nodes (verifyStatus.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from './services';
import { pickTopology } from './renderSupport';
import { connectOptions } from './deploy';
import { setVerifyStatus, verifyStatusMessage } from './verifyStatus';
import { deriveProbes } from '../core/verify/derive';
import { groupChecks, serviceName, summarizeChecks } from '../core/verify/format';
import { failed, type Check } from '../core/verify/types';
import { shQuote } from '../core/deploy/quote';

type Node =
  | { kind: 'server'; server: string; checks: Check[] }
  | { kind: 'service'; server: string; service: Check['service']; checks: Check[] }
  | { kind: 'check'; check: Check };

function stateIcon(checks: Check[]): vscode.ThemeIcon {
  if (checks.some(failed)) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (checks.every((c) => c.ok)) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('testing.iconQueued'));
}

function counts(checks: Check[]): string {
  const s = summarizeChecks(checks);
  return [s.failed ? `${s.failed} failed` : '', `${s.passed}/${s.total} passed`, s.info ? `${s.info} info` : '']
    .filter(Boolean)
    .join(', ');
}

class VerifyTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  checks: Check[] = [];

  set(checks: Check[]): void {
    this.checks = checks;
    this.changed.fire(undefined);
  }

  getChildren(n?: Node): Node[] {
    if (!n)
      return groupChecks(this.checks).map((g) => ({
        kind: 'server',
        server: g.server,
        checks: g.services.flatMap((s) => s.checks),
      }));
    if (n.kind === 'server')
      return groupChecks(n.checks).flatMap((g) =>
        g.services.map((s) => ({ kind: 'service' as const, server: n.server, service: s.service, checks: s.checks })),
      );
    if (n.kind === 'service') return n.checks.map((check) => ({ kind: 'check', check }));
    return [];
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind !== 'check') {
      const item = new vscode.TreeItem(
        n.kind === 'server' ? n.server : serviceName(n.service),
        n.checks.some(failed) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.description = counts(n.checks);
      item.iconPath = stateIcon(n.checks);
      return item;
    }
    const c = n.check;
    const item = new vscode.TreeItem(c.target, vscode.TreeItemCollapsibleState.None);
    item.description = c.ok ? c.observed : `expected ${c.expected}, saw ${c.observed}`;
    item.iconPath = stateIcon([c]);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(
      `**${c.ok ? 'passed' : c.severity === 'info' ? 'info' : 'failed'}** · ${serviceName(c.service)} on ${c.server}\n\n`,
    );
    md.appendMarkdown(`expected: ${c.expected}  \nseen: ${c.observed}\n\n`);
    if (c.detail) md.appendText(`${c.detail}\n\n`);
    md.appendCodeblock(c.reproduce, 'sh');
    item.tooltip = md;
    item.contextValue = 'okdVerifyCheck';
    item.command = { command: 'okdTopology.copyVerifyCommand', title: 'Copy Command', arguments: [n] };
    return item;
  }
}

async function verifyLab({ context, log, analyses }: Services, tree: VerifyTree, arg?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(
      'Verify Lab is disabled in Restricted Mode: it connects to the hosts the topology names. Trust this workspace first.',
    );
    return;
  }
  const doc = await pickTopology(arg);
  if (!doc) return;
  const analysis = analyses.get(doc);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (!analysis.topology || errors.length) {
    void vscode.window.showErrorMessage(
      'The topology has errors, so what the lab should answer is not known: fix the problems shown in Problems first.',
    );
    return;
  }
  const probes = deriveProbes(analysis.topology);
  if (probes.length === 0) {
    void vscode.window.showInformationMessage('Nothing to verify: the topology declares no service, VIP or pool.');
    return;
  }
  const file = doc.uri.fsPath;
  const cli = `okd-topology verify ${shQuote(file)}`;
  log.info(`Verify Lab: ${probes.length} probe(s) for ${file} (the same as: ${cli})`);
  const checks = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Verifying the lab of ${path.basename(file)}`,
      cancellable: true,
    },
    async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      // ssh2 is loaded on first use so activation stays fast.
      const { runVerify } = await import('../verify/run');
      return runVerify(probes, {
        ssh: connectOptions(context, log),
        signal: ac.signal,
        onProgress: (done, total, p) =>
          progress.report({ message: `${done}/${total} ${p.kind} ${p.server}`, increment: 100 / total }),
      });
    },
  );
  tree.set(checks);
  setVerifyStatus(doc.uri.toString(), verifyStatusMessage(checks));
  for (const c of checks.filter((x) => !x.ok)) {
    const line = `${c.severity === 'info' ? 'INFO' : 'FAIL'} ${c.server} · ${serviceName(c.service)}: ${c.target}: expected ${c.expected}, saw ${c.observed}${c.detail ? ` — ${c.detail}` : ''}`;
    if (c.severity === 'info') log.info(line);
    else log.error(line);
    log.info(`    try: ${c.reproduce}`);
  }
  const s = summarizeChecks(checks);
  const summary = `${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.info} info`;
  log.info(summary);
  void vscode.commands.executeCommand('okdTopology.verifyResults.focus');
  if (s.failed) {
    const action = await vscode.window.showErrorMessage(`Verify Lab: ${summary}`, 'Show Failures');
    if (action === 'Show Failures') log.show();
  } else void vscode.window.showInformationMessage(`Verify Lab: ${summary}`);
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const tree = new VerifyTree();
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('okdTopology.verifyResults', tree),
    vscode.commands.registerCommand('okdTopology.verifyLab', (arg?: unknown) => verifyLab(services, tree, arg)),
    vscode.commands.registerCommand('okdTopology.copyVerifyCommand', async (n?: Node) => {
      if (n?.kind !== 'check') return;
      await vscode.env.clipboard.writeText(n.check.reproduce);
      void vscode.window.setStatusBarMessage(`Copied: ${n.check.reproduce}`, 4000);
    }),
  );
}
