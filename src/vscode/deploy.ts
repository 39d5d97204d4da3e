// "Show Deploy Plan", "Diff with Remote" and "Deploy…": the same plan and runner as the CLI, with
// host-key and passphrase prompts, a cancellable progress notification and a redacted transcript.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { failureSummary } from '../core/deploy/confirm';
import { deploySucceeded, summarize, type HostResult } from '../core/deploy/events';
import { formatPlan, type FormatOptions } from '../core/deploy/format';
import { PHASES, type PhaseName } from '../core/deploy/phases';
import { buildDeployPlan, type DeployPlan } from '../core/deploy/plan';
import { fillInstallConfigSecrets, hostStepSecrets } from './renderSecrets';
import { loadSshConfig, type SshConfigEntry } from '../ssh/config';
import { resolveAddress, type ConnectOptions, type UnknownHostInfo } from '../ssh/connect';
import { confirmDeploy, PLAN_SCHEME, PlanDocuments } from './deploy-confirm';
import { pickTopology, previewUri, type Rendered } from './renderSupport';
import type { Services } from './services';
import { renderAll } from '../core/render/index';
import { loadPrevious } from '../node/render-output';
import { zoneRefresh, type RemoteRefresh } from '../core/deploy/zones';

const REMOTE_SCHEME = 'okd-remote';

function setting<T>(doc: vscode.TextDocument, key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('okdTopology.deploy', doc.uri).get<T>(key) ?? fallback;
}

interface Planned {
  plan: DeployPlan;
  rendered: Rendered;
}

/** Renders the topology (refusing when it has errors) and plans the deploy, once per command. */
async function planDocument(
  { analyses, renders }: Services,
  doc: vscode.TextDocument,
  phase: PhaseName = 'hosts',
): Promise<Planned | undefined> {
  const analysis = analyses.get(doc);
  if (!analysis.topology) {
    void vscode.window.showErrorMessage('The topology is not valid YAML; fix the problems shown in Problems first.');
    return undefined;
  }
  const r = await renders.render(doc, false);
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error);
    return undefined;
  }
  if (r.result.refused || r.result.errors.length) {
    void vscode.window.showErrorMessage(`Nothing to deploy: ${r.result.errors[0]?.message ?? 'rendering failed'}`);
    return undefined;
  }
  const remoteRoot = setting(doc, 'remoteRoot', '') || undefined;
  const { plan, errors } = buildDeployPlan(r.result.files, analysis.topology, {
    remoteRoot,
    phase,
    source: path.basename(doc.uri.fsPath),
    steps: r.result.steps,
  });
  if (errors.length) {
    void vscode.window.showErrorMessage(
      `The ${phase} phase cannot run: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`,
    );
    return undefined;
  }
  return { plan, rendered: r };
}

/** Zones are rendered again from their copies on each host, so SOA serials move past the host's. */
async function zoneRefreshFor(
  { analyses }: Services,
  doc: vscode.TextDocument,
  rendered: Rendered,
): Promise<RemoteRefresh | undefined> {
  const analysis = analyses.get(doc);
  const topology = analysis.topology;
  if (!topology) return undefined;
  const set = rendered.set;
  const r = zoneRefresh(
    (previous) => {
      const result = renderAll(topology, set.templates, {
        source: path.basename(doc.uri.fsPath),
        problems: analysis.problems,
        previous,
      });
      return result.refused || result.errors.length
        ? { error: result.errors[0]?.message ?? 'rendering failed' }
        : result.files;
    },
    await loadPrevious(rendered.outDir),
  );
  return 'error' in r ? undefined : r.refresh;
}

function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showErrorMessage('Deploying is disabled in Restricted Mode: trust this workspace first.');
  return false;
}

async function askHostKey(info: UnknownHostInfo): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `The authenticity of ${info.host}:${info.port} cannot be established.`,
    {
      modal: true,
      detail: `${info.keyType} key fingerprint:\n${info.fingerprint}\n\nCompare it with the output of "ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub" on the host's console. Trusting records the key in known_hosts.`,
    },
    'Trust and Connect',
  );
  return choice === 'Trust and Connect';
}

/** The plan as the SSH adapter will connect: addresses after ~/.ssh/config. */
function planView(sshConfig: SshConfigEntry[], installPackages?: boolean): FormatOptions {
  return { resolve: (t) => resolveAddress(t, sshConfig), installPackages };
}

/** How deploy (and Verify Lab) reach hosts: ssh config, host-key and passphrase prompts. */
export function connectOptions(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  sshConfig = loadSshConfig(),
): Omit<ConnectOptions, 'signal'> {
  return {
    sshConfig,
    onUnknownHost: askHostKey,
    log: (l) => log.info(l),
    passphrase: async (keyFile) => {
      const key = `okdTopology.passphrase:${keyFile}`;
      const stored = await context.secrets.get(key);
      if (stored) return stored;
      const p = await vscode.window.showInputBox({
        prompt: `Passphrase for ${keyFile}`,
        password: true,
        ignoreFocusOut: true,
      });
      if (!p) return undefined;
      const keep = await vscode.window.showInformationMessage(
        `Keep the passphrase for ${path.basename(keyFile)} in VS Code's secret storage?`,
        'Keep',
        'Only This Time',
      );
      if (keep === 'Keep') await context.secrets.store(key, p);
      return p;
    },
  };
}

async function showPlan(services: Services, plans: PlanDocuments, arg?: unknown): Promise<void> {
  const doc = await pickTopology(arg);
  if (!doc) return;
  const planned = await planDocument(services, doc);
  if (!planned) return;
  await plans.show(doc.uri, formatPlan(planned.plan, planView(loadSshConfig())));
}

/** Remote copies for "Diff with Remote"; only the latest few are kept (each is a whole file). */
class RemoteContent implements vscode.TextDocumentContentProvider {
  readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    for (const k of [...this.texts.keys()].slice(0, Math.max(0, this.texts.size - 20))) this.texts.delete(k);
  }
}

async function diffWithRemote(services: Services, remote: RemoteContent, arg?: unknown): Promise<void> {
  const { context, log } = services;
  if (!requireTrust()) return;
  const doc = await pickTopology(arg);
  if (!doc) return;
  const planned = await planDocument(services, doc);
  if (!planned) return;
  const items = planned.plan.hosts.flatMap((hp) =>
    hp.files.map((f) => ({ label: f.file.path, description: hp.host.name, detail: f.file.service, hp, f })),
  );
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: 'Compare which file with the copy on its host?',
    matchOnDescription: true,
  });
  if (!pick) return;
  try {
    const [text] = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Reading ${pick.f.remotePath} from ${pick.hp.host.name}…`,
      },
      async () => (await import('../ssh/fetch')).fetchRemoteFiles(pick.hp, [pick.f], connectOptions(context, log)),
    );
    const uri = vscode.Uri.from({
      scheme: REMOTE_SCHEME,
      path: `/${pick.hp.host.name}${pick.f.remotePath}`,
      query: String(Date.now()),
    });
    remote.set(uri, text ?? '');
    const title = `${path.basename(pick.f.file.path)} (${pick.hp.host.name}): ${text === undefined ? 'not on the host yet' : 'on the host'} ↔ rendered`;
    await vscode.commands.executeCommand(
      'vscode.diff',
      uri,
      previewUri(doc.uri, pick.f.file.target, pick.f.file.path),
      title,
    );
  } catch (e) {
    log.error((e as Error).message);
    void vscode.window.showErrorMessage((e as Error).message);
  }
}

/** The plan for the hosts the user picks: the full plan narrowed, not planned again. */
const PHASE_DETAIL: Record<PhaseName, string> = {
  hosts: "every host's files (DHCP, DNS, PXE, HAProxy, chrony, httpd, registry); needs no cluster",
  install: 'install-config.yaml and the ignition configs on the services host',
  'post-bootstrap': 'HAProxy without the bootstrap node, once the bootstrap is complete',
  cluster: 'cluster manifests and MetalLB through oc/kubectl on services.kubeApi, once the cluster runs',
};

/** Which phase; the first item (hosts) is the default Enter takes. */
async function pickPhase(): Promise<PhaseName | undefined> {
  const pick = await vscode.window.showQuickPick(
    PHASES.map((p) => ({ label: p, detail: PHASE_DETAIL[p] })),
    { placeHolder: 'Deploy which phase?' },
  );
  return pick?.label;
}

async function pickPlan(services: Services, doc: vscode.TextDocument, phase: PhaseName): Promise<Planned | undefined> {
  const planned = await planDocument(services, doc, phase);
  if (!planned) return undefined;
  const full = planned.plan;
  if (full.hosts.length === 0 && !full.install) {
    void vscode.window.showInformationMessage(
      `Nothing to deploy in the ${phase} phase${full.notes.length ? `: ${full.notes.join('; ')}` : ''}.`,
    );
    return undefined;
  }
  // The install and cluster phases run on one host each: nothing to choose.
  if (phase === 'install' || phase === 'cluster') return planned;
  const picks = await vscode.window.showQuickPick(
    full.hosts.map((hp) => ({
      label: hp.host.name,
      description: `${hp.files.length} file(s)${hp.applies.length ? `, ${hp.applies.length} manifest(s)` : ''}`,
      picked: true,
    })),
    { canPickMany: true, placeHolder: 'Deploy to which hosts?' },
  );
  if (!picks || picks.length === 0) return undefined;
  const chosen = new Set(picks.map((p) => p.label));
  return { ...planned, plan: { ...full, hosts: full.hosts.filter((hp) => chosen.has(hp.host.name)) } };
}

/** The install phase sends install-config.yaml with its secrets (null: this phase needs none; undefined: the user was told what is missing). */
async function installSecrets(
  services: Services,
  plan: DeployPlan,
  doc: vscode.TextDocument,
): Promise<{ content: string; secrets: string[] } | null | undefined> {
  if (!plan.install) return null;
  const cluster = services.analyses.get(doc).topology?.cluster.name ?? '';
  return fillInstallConfigSecrets(
    services.context,
    cluster,
    plan.install.installConfig,
    doc.uri.fsPath,
    plan.install.host.name,
  );
}

async function deploy(services: Services, plans: PlanDocuments, arg?: unknown): Promise<void> {
  const { context, log } = services;
  if (!requireTrust()) return;
  const doc = await pickTopology(arg);
  if (!doc) return;
  const phase = await pickPhase();
  if (!phase) return;
  const picked = await pickPlan(services, doc, phase);
  if (!picked) return;
  const { plan, rendered } = picked;
  const installConfig = await installSecrets(services, plan, doc);
  if (installConfig === undefined) return;
  const stepSecrets = await hostStepSecrets(context, services.analyses.get(doc).topology?.cluster.name ?? '', plan);
  if (!stepSecrets) return;
  const refresh = await zoneRefreshFor(services, doc, rendered);
  const sshConfig = loadSshConfig();
  const choice = await confirmDeploy(plans, doc.uri, plan, planView(sshConfig));
  if (!choice) return;
  log.info(
    `Deploy (${plan.phase} phase) of ${doc.uri.fsPath} started${choice === 'deploy-install' ? ' (missing packages are installed)' : ''}`,
  );
  const results: HostResult[] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Deploying', cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => {
        log.warn('Cancel requested: finishing or restoring each host');
        ac.abort();
      });
      const step = 100 / Math.max(1, plan.hosts.length + (plan.install ? 1 : 0));
      // ssh2 is loaded on first use so activation stays fast.
      const { runPhase } = await import('../ssh/install-phase');
      return runPhase(plan, {
        installConfig: installConfig ?? undefined,
        ...connectOptions(context, log, sshConfig),
        concurrency: setting(doc, 'concurrency', 10),
        commandTimeoutMs: setting(doc, 'commandTimeout', 120) * 1000,
        installPackages: choice === 'deploy-install',
        refresh,
        stepSecrets,
        signal: ac.signal,
        log: (l) => log.info(l),
        onEvent: (e) => progress.report({ message: `${e.host}: ${e.phase} ${e.message}`.slice(0, 120) }),
        onHostDone: (r) => progress.report({ message: `${r.host}: ${r.outcome}`, increment: step }),
      });
    },
  );
  await report(results, log);
}

/** Every host's result in the log (failures at error level); the notification names every failed host. */
async function report(results: HostResult[], log: vscode.LogOutputChannel): Promise<void> {
  const ok = deploySucceeded(results);
  for (const r of results) {
    const line = summarize([r]).split('\n').slice(0, -1).join('\n');
    if (['deployed', 'unchanged', 'would-change'].includes(r.outcome)) log.info(line);
    else log.error(line);
  }
  log.info(summarize(results).split('\n').pop() ?? '');
  if (ok) {
    void vscode.window.showInformationMessage(summarize(results).split('\n').pop() ?? 'Deployed');
    return;
  }
  const action = await vscode.window.showErrorMessage(failureSummary(results), 'Show Transcript');
  if (action === 'Show Transcript') log.show();
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const remote = new RemoteContent();
  const plans = new PlanDocuments();
  context.subscriptions.push(
    plans,
    vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, remote),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
    vscode.commands.registerCommand('okdTopology.showDeployPlan', (arg?: unknown) => showPlan(services, plans, arg)),
    vscode.commands.registerCommand('okdTopology.diffWithRemote', (arg?: unknown) =>
      diffWithRemote(services, remote, arg),
    ),
    vscode.commands.registerCommand('okdTopology.deploy', (arg?: unknown) => deploy(services, plans, arg)),
  );
}
