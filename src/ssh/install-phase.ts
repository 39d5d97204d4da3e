// Runs the install phase on the services host (see core/deploy/install.ts): install-config.yaml with its
// secrets (sent on stdin, never logged, redacted from every output), then openshift-install's steps when
// it is there; when it is not, the result says what to run. Nothing is rolled back: each step only adds
// to the installer folder, and openshift-install itself consumes install-config.yaml.
import type { HostResult } from '../core/deploy/events';
import {
  HAS_INSTALLER_SCRIPT,
  installByHand,
  installConfigStep,
  installerSteps,
  OPENSHIFT_INSTALL,
  readCaScript,
  type InstallPlan,
  type InstallStep,
} from '../core/deploy/install';
import { fillSecrets, trustBundleProblem } from '../core/render/secrets';
import { connect, SshError } from './connect';
import { Reporter } from './deploy-report';
import type { DeployPlan } from '../core/deploy/plan';
import { runDeploy, type DeployRunOptions } from './deploy';
import { HostSession, StepFailed } from './host-session';

/** install-config.yaml with its secrets filled in (by the adapter), and the secret values to redact. */
export interface FilledInstallConfig {
  content: string;
  secrets: string[];
}

/** openshift-install may download and render for minutes. */
const INSTALLER_TIMEOUT_MS = 900000;

export async function runInstallPhase(
  ip: InstallPlan,
  opts: DeployRunOptions,
  installConfig: FilledInstallConfig | undefined,
): Promise<HostResult> {
  const rep = new Reporter(ip.host.name, opts);
  if (installConfig) rep.secrets.push(...installConfig.secrets.flatMap(secretForms));
  if (!installConfig && !opts.dryRun)
    return rep.result('failed', [], 'install-config.yaml has no secrets filled in; nothing was sent');
  rep.emit('connect', `connecting to ${ip.host.user ? `${ip.host.user}@` : ''}${ip.host.alias}`);
  let s: HostSession;
  try {
    const conn = await connect(ip.host, { ...opts, signal: opts.signal, log: (l) => rep.log(l) });
    s = new HostSession(conn, rep.log, opts.commandTimeoutMs ?? 120000);
  } catch (e) {
    return rep.result(
      e instanceof SshError && e.kind === 'cancelled' ? 'cancelled' : 'failed',
      [],
      (e as Error).message,
    );
  }
  const written = `${ip.dir}/install-config.yaml`;
  try {
    const has = (await s.run(HAS_INSTALLER_SCRIPT)).code === 0;
    const steps = has ? installerSteps(ip) : [];
    if (opts.dryRun) {
      rep.note(has ? `would run: ${steps.map((x) => x.title).join('; ')}` : byHandNote(ip, false));
      return rep.result('would-change', [written]);
    }
    const content = await withHostCa(s, ip, installConfig!.content);
    await runStep(s, rep, installConfigStep(ip), content, opts);
    if (!has || !steps.length) {
      rep.note(byHandNote(ip, has));
      return rep.result('deployed', [written]);
    }
    for (const st of steps) await runStep(s, rep, st, content, opts);
    rep.emit(
      'done',
      `install assets made in ${ip.dir}${'dir' in ip.ignition ? `, ignition configs published in ${ip.ignition.dir}` : ''}`,
    );
    if ('why' in ip.ignition) rep.note(`the .ign files are not published: ${ip.ignition.why}`);
    return rep.result('deployed', [written, ...('dir' in ip.ignition ? [ip.ignition.dir] : [])]);
  } catch (e) {
    const why = opts.signal?.aborted ? 'cancelled' : (e as Error).message;
    return rep.result(
      opts.signal?.aborted ? 'cancelled' : 'failed',
      [written],
      `${why}. The installer folder ${ip.dir} keeps what the steps before made; run the install phase again once fixed`,
    );
  } finally {
    await s.close();
  }
}

/** Deploys the plan's phase: its hosts' files and manifests, then (install phase) the install assets. */
export async function runPhase(
  plan: DeployPlan,
  opts: DeployRunOptions & { installConfig?: FilledInstallConfig },
): Promise<HostResult[]> {
  const results = await runDeploy(plan, opts);
  if (!plan.install) return results;
  const r = await runInstallPhase(plan.install, opts, opts.installConfig);
  opts.onHostDone?.(r);
  return [...results, r];
}

/** additionalTrustBundle from the CA deploy made on this host (the topology gives no caFile). */
async function withHostCa(s: HostSession, ip: InstallPlan, content: string): Promise<string> {
  const ca = ip.hostTrustBundle;
  if (!ca) return content;
  const r = await s.run(readCaScript(ca.path));
  if (r.code !== 0) {
    throw new StepFailed(
      `install-config.yaml needs the registry CA, and ${ca.path} is not on ${ip.host.name} (${r.stderr.trim() || `exit ${r.code}`}); ` +
        'deploy the hosts phase first (it makes the CA there), or give services.registry.caFile',
    );
  }
  const bad = trustBundleProblem(r.stdout);
  if (bad) throw new StepFailed(`${ca.path} on ${ip.host.name} is not a CA certificate: ${bad}`);
  return fillSecrets(content, [ca.ref], { [ca.ref.placeholder]: r.stdout }).content;
}

/** A secret as read and as install-config carries it (trimmed; a JSON pull secret compacted to one line). */
function secretForms(v: string): string[] {
  const out = [v, v.trim()];
  try {
    out.push(JSON.stringify(JSON.parse(v)));
  } catch {
    // not JSON: the forms above cover it
  }
  return [...new Set(out.filter((x) => x.length >= 8))];
}

function byHandNote(ip: InstallPlan, has: boolean): string {
  const why = has
    ? `${ip.platform} is installed by openshift-install itself`
    : `${OPENSHIFT_INSTALL} is not on ${ip.host.name}'s PATH`;
  return `${why}; run there: ${installByHand(ip).join(' && ')}`;
}

async function runStep(
  s: HostSession,
  rep: Reporter,
  st: InstallStep,
  installConfig: string,
  opts: DeployRunOptions,
): Promise<void> {
  if (opts.signal?.aborted) throw new StepFailed('cancelled');
  rep.emit(st.id === 'publish' ? 'swap' : st.stdin ? 'upload' : 'install', st.title);
  const stdin = st.stdin === 'install-config' ? installConfig : st.stdin?.content;
  const long = st.id === 'manifests' || st.id === 'ignition-configs';
  await s.mustRun(st.title, st.script, stdin, long ? Math.max(s.timeoutMs, INSTALLER_TIMEOUT_MS) : s.timeoutMs);
}
