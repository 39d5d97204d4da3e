// Deploy phases: a lab comes up in the order the procedures give it (seed 001). `hosts` puts every host's
// files in place and needs nothing from a cluster; `install` makes the installer's assets on the services
// host; `post-bootstrap` takes the bootstrap node out of HAProxy; `cluster` applies manifests on the running
// cluster. A plan names its phase and lists what later phases remain, with what each needs and the
// command that runs it: a deploy never fails because a later phase cannot run yet.
import type { Topology } from '../model';
import type { RenderedFile } from '../render/manifest';
import { dirname } from './paths';
import { shQuote } from './quote';

export const PHASES = ['hosts', 'install', 'post-bootstrap', 'cluster'] as const;
export type PhaseName = (typeof PHASES)[number];

/** One phase this plan does not run, and how to run it. */
export interface PendingPhase {
  phase: PhaseName;
  /** What it does, in a few words. */
  what: string;
  /** What it needs that the plan cannot see yet (a running cluster, a field the topology lacks, a tool on a host). */
  needs: string[];
  /** The command that runs it. */
  command: string;
}

export function isPhase(s: string): s is PhaseName {
  return (PHASES as readonly string[]).includes(s);
}

/** The error for a name that is not a phase (CLI `--phase`). */
export function phaseError(s: string): string {
  return `--phase ${JSON.stringify(s)} is not a phase; use one of ${PHASES.join(', ')}`;
}

/** The HAProxy files the post-bootstrap phase swaps (render writes the no-bootstrap variant beside the live one). */
export const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';
export const HAPROXY_NO_BOOTSTRAP = '/etc/haproxy/haproxy-no-bootstrap.cfg';
export const INSTALL_CONFIG = 'install-config.yaml';
export const DEFAULT_INSTALLER_DIR = '/root/okd-installer';

/**
 * The installer folder on the services host: the one whose auth/kubeconfig cluster.kubeconfig names
 * (openshift-install writes it there), else /root/okd-installer.
 */
export function installerDir(t: Topology): string {
  const kc = t.cluster.kubeconfig;
  if (kc && /^\/.+\/auth\/kubeconfig$/.test(kc)) return dirname(dirname(kc));
  return DEFAULT_INSTALLER_DIR;
}

/**
 * Where install assets are made and published: the host running the http service (the PXE menus' ignition
 * URLs point at it), else the kubeApi host (okd-ipi has no ignition to publish).
 */
export function installerHost(t: Topology): string | undefined {
  return t.services.http?.hosts[0] ?? t.services.kubeApi?.hosts[0];
}

/**
 * Where the PXE menus' ignition URLs point under the HTTP root (services.pxe.ignitionPath, default
 * okd/ignitions), or undefined with the reason when the files cannot be published there.
 */
export function ignitionDir(t: Topology): { dir: string } | { why: string } {
  const http = t.services.http;
  if (!http?.hosts[0]) return { why: 'no services.http host serves the ignition files' };
  const p = t.services.pxe?.settings.ignitionPath;
  const sub = typeof p === 'string' ? p : 'okd/ignitions';
  if (/^[a-z]+:\/\//i.test(sub))
    return { why: `services.pxe.ignitionPath is a URL (${sub}); copy the .ign files there yourself` };
  const root = typeof http.settings.root === 'string' ? http.settings.root : '/var/www/html';
  const clean = sub.replace(/^\/+|\/+$/g, '');
  return { dir: `${root.replace(/\/+$/, '')}${clean ? `/${clean}` : ''}` };
}

/** The command that runs a phase, for the file the user deployed. */
export function phaseCommand(source: string, phase: PhaseName): string {
  return `okd-topology deploy ${shQuote(source)}${phase === 'hosts' ? '' : ` --phase ${phase}`}`;
}

const isOkd = (t: Topology): boolean => t.cluster.platform === 'okd-upi' || t.cluster.platform === 'okd-ipi';

function installPending(t: Topology, files: RenderedFile[], source: string): PendingPhase | undefined {
  if (!files.some((f) => f.target === 'cluster' && f.path === INSTALL_CONFIG)) return undefined;
  const host = installerHost(t);
  const dir = installerDir(t);
  const needs: string[] = [];
  if (!host) needs.push('services.http (the host that makes and serves the install assets)');
  if (!t.cluster.pullSecretFile) needs.push('cluster.pullSecretFile');
  if (!t.cluster.sshKeyFile) needs.push('cluster.sshKeyFile');
  needs.push(
    `openshift-install on ${host ?? 'that host'} (without it the phase puts ${dir}/${INSTALL_CONFIG} there and says what to run)`,
  );
  const ign = t.cluster.platform === 'okd-upi' ? ', then the ignition configs published where the PXE menus point' : '';
  return {
    phase: 'install',
    what: `install-config.yaml into ${dir} on ${host ?? 'the services host'}${ign}`,
    needs,
    command: phaseCommand(source, 'install'),
  };
}

function postBootstrapPending(t: Topology, files: RenderedFile[], source: string): PendingPhase | undefined {
  const f = files.find((x) => x.path === HAPROXY_NO_BOOTSTRAP && x.target !== 'cluster');
  if (!f) return undefined;
  const wait = isOkd(t) ? ` (openshift-install wait-for bootstrap-complete --dir ${shQuote(installerDir(t))})` : '';
  return {
    phase: 'post-bootstrap',
    what: `HAProxy on ${f.target} without the bootstrap node`,
    needs: [`the bootstrap to be complete${wait}`],
    command: phaseCommand(source, 'post-bootstrap'),
  };
}

function clusterPending(t: Topology, files: RenderedFile[], source: string): PendingPhase | undefined {
  const manifests = files.filter((f) => f.target === 'cluster' && f.apply);
  if (!manifests.length) return undefined;
  const kube = t.services.kubeApi?.hosts[0];
  const tools = [...new Set(manifests.map((f) => f.apply!))].join('/');
  const needs = [
    ...(kube ? [] : [`services.kubeApi (the host that runs ${tools})`]),
    `a running cluster, with ${tools} and its kubeconfig${t.cluster.kubeconfig ? ` (${t.cluster.kubeconfig})` : ''} on ${kube ?? 'that host'}`,
  ];
  return {
    phase: 'cluster',
    what: `${manifests.length} cluster manifest(s): ${manifests.map((f) => f.path).join(', ')}`,
    needs,
    command: phaseCommand(source, 'cluster'),
  };
}

/** The phases after `phase` that have something to do for this topology, in order. */
export function pendingPhases(
  t: Topology,
  files: RenderedFile[],
  phase: PhaseName,
  source = 'cluster.okd.yaml',
): PendingPhase[] {
  const after = PHASES.slice(PHASES.indexOf(phase) + 1);
  const all = [
    installPending(t, files, source),
    postBootstrapPending(t, files, source),
    clusterPending(t, files, source),
  ];
  return all.filter((p): p is PendingPhase => !!p && after.includes(p.phase));
}
