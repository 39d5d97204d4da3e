// A rehearsal from an empty lab to a verified services host, step by step, each step reported:
// deploy the services hosts (over SSH, from the operator's seat), what the operator adds by hand
// (stand-in boot artifacts; deploy copies the boot loaders), nodes leasing by DHCP, node
// stand-ins where the cluster would answer, then `verify` from a node's namespace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../core/model';
import { ingressHosts, hostsWithRole } from '../core/facts';
import type { VerifyReport } from '../core/verify/types';
import { firstOf } from '../core/verify/util';
import { installByHand } from './byhand';
import type { Lab } from './lab';
import { announce, lease, placeArtifacts, startStandin, type LeaseFacts } from './nodes';
import { LabError, sleep, type RunResult } from './sys';

export interface BringUpOptions {
  /** The topology file as the operator passes it to deploy and verify. */
  file: string;
  /** Put the rendered files in place and `systemctl enable --now` like the seed, instead of deploying. */
  byHand?: boolean;
  say?: (line: string) => void;
}

export interface BringUpResult {
  deploys: { host: string; result: RunResult }[];
  leases: Map<string, LeaseFacts>;
}

/** Step 1: the services hosts get their files (deploy over SSH, or by hand as the seed does). */
export async function bringUpServices(lab: Lab, opts: BringUpOptions): Promise<{ host: string; result: RunResult }[]> {
  const say = opts.say ?? (() => undefined);
  const out: { host: string; result: RunResult }[] = [];
  if (opts.byHand) {
    const dir = join(lab.dir, 'rendered');
    const r = await lab.cli(['render', opts.file, '--out', dir, '--force']);
    if (r.code !== 0 || !existsSync(join(dir, 'MANIFEST.json')))
      throw new LabError(`render failed: ${(r.stderr || r.stdout).trim()}`);
    for (const s of lab.plan.services) {
      const units = await installByHand(lab, s.host, dir);
      say(
        `${s.host}: files put in place by hand and started like the seed (systemctl enable --now ${units.join(' ')})`,
      );
    }
  }
  for (const s of lab.plan.services) {
    const result = await lab.cli(['deploy', opts.file, '--host', s.host, '--yes']);
    out.push({ host: s.host, result });
    say(`${s.host}: okd-topology deploy --host ${s.host} → exit ${result.code}`);
  }
  return out;
}

/** Step 2: what the operator puts there by hand: stand-in boot artifacts (deploy itself copies the boot loaders). */
export async function operatorFiles(
  lab: Lab,
  t: Topology,
  say: (line: string) => void = () => undefined,
): Promise<void> {
  const placed = await placeArtifacts(lab, t);
  if (placed.length) say(`stand-in boot artifacts (a line of text each) under the HTTP root: ${placed.length} file(s)`);
}

/** Step 3: every node namespace asks for an address with its MAC. */
export async function leaseAll(
  lab: Lab,
  say: (line: string) => void = () => undefined,
): Promise<Map<string, LeaseFacts>> {
  const nodes = lab.plan.hosts.filter((h) => h.kind === 'node').map((h) => h.name);
  const got = await Promise.all(nodes.map(async (h) => [h, await lease(lab, h)] as const));
  for (const [h, f] of got)
    say(`${h}: leased ${f.ip}${f.filename ? `, boot file ${f.filename} from ${f.nextServer ?? '?'}` : ''}`);
  return new Map(got);
}

/** Step 4: stand-ins where the cluster would answer (API and machine-config, routers, VIP holders, a MetalLB speaker). */
export async function startStandins(
  lab: Lab,
  t: Topology,
  say: (line: string) => void = () => undefined,
): Promise<void> {
  const inLab = (name: string): boolean => lab.plan.hosts.some((h) => h.name === name && h.kind === 'node');
  const api = [...hostsWithRole(t, 'bootstrap'), ...hostsWithRole(t, 'master')].map((h) => h.name).filter(inLab);
  const routers = ingressHosts(t)
    .map((h) => h.name)
    .filter((h) => inLab(h) && !api.includes(h));
  await Promise.all([
    ...api.map((h) => startStandin(lab, h, 'api')),
    ...routers.map((h) => startStandin(lab, h, 'router')),
  ]);
  if (api.length) say(`API and machine-config stand-ins on ${api.join(', ')}`);
  if (routers.length) say(`router stand-ins on ${routers.join(', ')}`);
  // keepalived stand-in: the first holder of each VIP holds its address (VRRP itself is not modelled).
  for (const v of t.vips) {
    const holder = v.holders.find(inLab);
    if (!holder || !v.ip || v.ip.includes(':')) continue;
    await announce(lab, holder, v.ip);
    say(`keepalived stand-in: ${holder} holds VIP ${v.name} (${v.ip})`);
  }
  const speaker = routers[0] ?? api[0];
  for (const p of t.pools) {
    const first = p.addresses[0] ? firstOf(p.addresses[0].text) : undefined;
    if (!first || !speaker || first.includes(':')) continue;
    await announce(lab, speaker, first);
    say(`MetalLB speaker stand-in: ${speaker} answers ARP for ${first} (pool ${p.name})`);
  }
}

export interface VerifyRun {
  code: number;
  /** The parsed JSON report (undefined when verify could not run: exit 2). */
  report?: VerifyReport;
  stderr: string;
}

/** Step 5: verify from a node's namespace; a few tries while HAProxy's health checks bring backends up. */
export async function verifyFromNode(
  lab: Lab,
  file: string,
  opts: { tries?: number; from?: string; timeoutMs?: number } = {},
): Promise<VerifyRun> {
  const from = opts.from ?? lab.plan.hosts.find((h) => h.kind === 'node')?.name ?? lab.plan.operator;
  let r: RunResult = { code: -1, stdout: '', stderr: '' };
  for (let i = 0; i < (opts.tries ?? 1); i++) {
    if (i > 0) await sleep(4000);
    r = await lab.cli(
      ['verify', file, '--format', 'json', ...(opts.timeoutMs ? ['--timeout', String(opts.timeoutMs)] : [])],
      { from },
    );
    if (r.code === 0 || r.code === 2) break;
  }
  let report: VerifyReport | undefined;
  try {
    report = JSON.parse(r.stdout) as VerifyReport;
  } catch {
    report = undefined;
  }
  return { code: r.code, report, stderr: r.stderr };
}
