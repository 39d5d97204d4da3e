// The install phase on the services host, as the seed does it by hand: install-config.yaml into the
// installer folder, `openshift-install create manifests`, the install-time manifests render made (the MTU),
// `create ignition-configs`, then the .ign files under the HTTP root where the PXE menus point. Pure: the
// SSH runner (src/ssh/install-phase.ts) runs these scripts; every path is checked and single-quoted.
import type { Topology } from '../model';
import type { RenderedFile, SecretRef } from '../render/manifest';
import { checkRemotePath, underRoot } from './paths';
import { ignitionDir, INSTALL_CONFIG, installerDir, installerHost } from './phases';
import { commandLine, shQuote } from './quote';
import type { HostTarget } from './target';

export const OPENSHIFT_INSTALL = 'openshift-install';
export const IGNITION_FILES = ['bootstrap.ign', 'master.ign', 'worker.ign'] as const;

export interface InstallPlan {
  host: HostTarget;
  platform: 'okd-upi' | 'okd-ipi';
  /** The installer folder on the host (remote root applied). */
  dir: string;
  /** install-config.yaml as rendered: placeholders, filled by the adapter just before it is sent. */
  installConfig: RenderedFile;
  /** Install-time manifests (the cluster network MTU), each with its path under `dir`/manifests. */
  manifests: { file: RenderedFile; remotePath: string }[];
  /** Where the .ign files are published (remote root applied), or why they cannot be (the plan says so). */
  ignition: { dir: string } | { why: string };
  /** The registry CA deploy made on this host, read there for additionalTrustBundle (no caFile given). */
  hostTrustBundle?: { ref: SecretRef; path: string };
}

/** One remote command of the install phase. */
export interface InstallStep {
  id: 'install-config' | 'manifests' | 'manifest' | 'ignition-configs' | 'publish';
  title: string;
  script: string;
  /** Sent on stdin (never in the command line, never logged): the content of the file the step writes. */
  stdin?: 'install-config' | RenderedFile;
}

/** The install plan, or the errors that stop it (only when the install phase was asked for). */
export function planInstall(
  t: Topology,
  files: RenderedFile[],
  root: string | undefined,
  target: (name: string) => HostTarget | undefined,
): InstallPlan | { errors: string[] } {
  const installConfig = files.find((f) => f.target === 'cluster' && f.path === INSTALL_CONFIG);
  if (!installConfig || (t.cluster.platform !== 'okd-upi' && t.cluster.platform !== 'okd-ipi')) {
    return { errors: ['the install phase is for okd-upi and okd-ipi: this topology renders no install-config.yaml'] };
  }
  const name = installerHost(t);
  const host = name === undefined ? undefined : target(name);
  if (!host)
    return {
      errors: ['the install phase needs services.http (the services host that makes and serves the install assets)'],
    };
  const base = installerDir(t);
  const errors = [checkRemotePath(base)]
    .filter((e): e is string => !!e)
    .map((e) => `installer folder (from cluster.kubeconfig): ${e}`);
  const dir = underRoot(root, base);
  const manifests = files
    .filter((f) => f.target === 'cluster' && f.service === 'install' && f.path.startsWith('manifests/'))
    .map((f) => ({ file: f, remotePath: `${dir}/${f.path}` }));
  for (const m of manifests) {
    const e = checkRemotePath(m.remotePath);
    if (e) errors.push(`${m.file.path}: ${e}`);
  }
  const ign = ignitionDir(t);
  if ('dir' in ign) {
    const e = checkRemotePath(ign.dir);
    if (e) errors.push(`services.http root / services.pxe.ignitionPath: ${e}`);
  }
  const ca = (installConfig.secrets ?? []).find(
    (r) => r.kind === 'trustBundle' && !r.file && r.host === host.name && r.path,
  );
  const caErr = ca ? checkRemotePath(ca.path!) : undefined;
  if (caErr) errors.push(`the registry CA path: ${caErr}`);
  if (errors.length) return { errors };
  const ignition = 'dir' in ign ? { dir: underRoot(root, ign.dir) } : ign;
  const hostTrustBundle = ca ? { ref: ca, path: underRoot(root, ca.path!) } : undefined;
  return {
    host,
    platform: t.cluster.platform,
    dir,
    installConfig,
    manifests,
    ignition,
    ...(hostTrustBundle ? { hostTrustBundle } : {}),
  };
}

/** Writes stdin to `to` through a temp file beside it, mode 0600 from the start (umask), folder 0700 when made. */
function writeStdinScript(to: string, mode: '600' | '644'): string {
  const dir = to.slice(0, to.lastIndexOf('/')) || '/';
  const tmp = `${dir === '/' ? '' : dir}/.${to.slice(to.lastIndexOf('/') + 1)}.okd-tmp`;
  return `umask 077 && mkdir -p -- ${shQuote(dir)} && cat > ${shQuote(tmp)} && chmod ${mode} -- ${shQuote(tmp)} && mv -f -- ${shQuote(tmp)} ${shQuote(to)}`;
}

/** The step that writes install-config.yaml (always runs, also without openshift-install). */
export function installConfigStep(ip: InstallPlan): InstallStep {
  return {
    id: 'install-config',
    title: `${ip.dir}/${INSTALL_CONFIG} (mode 0600)`,
    script: writeStdinScript(`${ip.dir}/${INSTALL_CONFIG}`, '600'),
    stdin: 'install-config',
  };
}

/** Prints the registry CA deploy made on the host (a missing file fails with cat's message). */
export function readCaScript(path: string): string {
  return commandLine(['cat', '--', path]);
}

/** Exit 0 when openshift-install is on the host's PATH. */
export const HAS_INSTALLER_SCRIPT = `command -v ${OPENSHIFT_INSTALL} >/dev/null 2>&1`;

/** What runs once openshift-install is there, in order. okd-ipi: nothing (create cluster is the user's, it drives the BMCs). */
export function installerSteps(ip: InstallPlan): InstallStep[] {
  if (ip.platform !== 'okd-upi') return [];
  const run = (what: string): string => commandLine([OPENSHIFT_INSTALL, 'create', what, '--dir', ip.dir]);
  const steps: InstallStep[] = [
    { id: 'manifests', title: `${OPENSHIFT_INSTALL} create manifests --dir ${ip.dir}`, script: run('manifests') },
  ];
  for (const m of ip.manifests)
    steps.push({ id: 'manifest', title: m.remotePath, script: writeStdinScript(m.remotePath, '644'), stdin: m.file });
  steps.push({
    id: 'ignition-configs',
    title: `${OPENSHIFT_INSTALL} create ignition-configs --dir ${ip.dir}`,
    script: run('ignition-configs'),
  });
  if ('dir' in ip.ignition) {
    const to = ip.ignition.dir;
    const from = IGNITION_FILES.map((f) => shQuote(`${ip.dir}/${f}`)).join(' ');
    const published = IGNITION_FILES.map((f) => shQuote(`${to}/${f}`)).join(' ');
    // The web server reads them as another user: 0644 (they hold no secret the nodes do not get anyway).
    steps.push({
      id: 'publish',
      title: `publish ${IGNITION_FILES.join(', ')} in ${to}`,
      script: `mkdir -p -- ${shQuote(to)} && cp -f -- ${from} ${shQuote(to)}/ && chmod 644 -- ${published}`,
    });
  }
  return steps;
}

/** What the user runs when openshift-install is not on the host (or for okd-ipi), one command a line. */
export function installByHand(ip: InstallPlan): string[] {
  const d = shQuote(ip.dir);
  if (ip.platform !== 'okd-upi') return [`${OPENSHIFT_INSTALL} create cluster --dir ${d}`];
  const out = [`${OPENSHIFT_INSTALL} create manifests --dir ${d}`];
  for (const m of ip.manifests)
    out.push(
      `cp ${shQuote(m.file.path.split('/').pop()!)} ${shQuote(m.remotePath)}   # rendered as cluster/${m.file.path}`,
    );
  out.push(`${OPENSHIFT_INSTALL} create ignition-configs --dir ${d}`);
  if ('dir' in ip.ignition)
    out.push(`cp ${IGNITION_FILES.map((f) => shQuote(`${ip.dir}/${f}`)).join(' ')} ${shQuote(ip.ignition.dir)}/`);
  return out;
}

/** The install phase in the plan's words. */
export function installLines(ip: InstallPlan): string[] {
  const out = [`  ${ip.dir}/${INSTALL_CONFIG}  [install] 0600 (secrets filled in on the way, never logged)`];
  if (ip.hostTrustBundle)
    out.push(`      additionalTrustBundle: the registry CA read from ${ip.hostTrustBundle.path} on ${ip.host.name}`);
  const steps = installerSteps(ip).map((s) => `      then: ${s.title}`);
  if (steps.length) out.push(`  when ${OPENSHIFT_INSTALL} is on ${ip.host.name}:`, ...steps);
  out.push(
    `  ${steps.length ? 'otherwise' : 'then'} run on ${ip.host.name}:`,
    ...installByHand(ip).map((l) => `      ${l}`),
  );
  if ('why' in ip.ignition && ip.platform === 'okd-upi')
    out.push(`  the .ign files are not published: ${ip.ignition.why}`);
  return out;
}
