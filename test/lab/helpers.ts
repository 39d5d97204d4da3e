// Shared by the lab suites: how the lab starts okd-topology (this checkout's sources through tsx, so
// the tests never run a stale build), the topologies, and commands run inside the lab's namespaces.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { analyze } from '../../src/core/analyze';
import type { Topology } from '../../src/core/model';
import type { Lab } from '../../src/lab/lab';
import { describeMissing, labRequirements } from '../../src/lab/requirements';

const ROOT = join(__dirname, '..', '..');

let built: Promise<string[]> | undefined;

/**
 * okd-topology as the lab runs it: this checkout's sources bundled afresh for this test run (never a
 * stale dist/), started by node directly (a third of tsx's start-up time, and the lab starts it often).
 */
export function labCli(): Promise<string[]> {
  built ??= (async () => {
    // Inside the checkout (.okd-cache, ignored by git): the CLI finds templates/ by walking up from itself.
    mkdirSync(join(ROOT, '.okd-cache'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.okd-cache', 'lab-cli-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    // ssh2's optional native addons are left out, as scripts/build.mjs does.
    const stubNative: esbuild.Plugin = {
      name: 'stub-native',
      setup(b) {
        b.onResolve({ filter: /\.node$|^cpu-features$/ }, (a) => ({ path: a.path, namespace: 'stub-native' }));
        b.onLoad({ filter: /.*/, namespace: 'stub-native' }, () => ({
          contents: 'throw new Error("native addon not bundled")',
          loader: 'js',
        }));
      },
    };
    await esbuild.build({
      entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
      outfile: join(dir, 'cli.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
      plugins: [stubNative],
    });
    return [process.execPath, join(dir, 'cli.js')];
  })();
  return built;
}

export const UPI_EXAMPLE = join(ROOT, 'examples', 'okd-upi-lab', 'cluster.okd.yaml');
export const K3S_EXAMPLE = join(ROOT, 'examples', 'k3s-metallb', 'cluster.okd.yaml');

/** The suites need root and the daemons; without them they fail saying exactly what is missing. */
export function requireLab(): void {
  const missing = labRequirements();
  if (missing.length) assert.fail(`the lab suites need (run scripts/setup.sh as root):\n${describeMissing(missing)}`);
}

function topologyOf(text: string): Topology {
  const a = analyze(text);
  const errors = a.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(
    errors.map((p) => `${p.code}: ${p.message}`),
    [],
  );
  return a.topology!;
}

/**
 * The okd-the-hard-way lab as the example has it (kubeApi on services): `deploy` runs the hosts phase, which
 * lists the cluster manifests as pending instead of applying them, so no `oc` is needed here.
 */
export function upiVariant(edit: (text: string) => string = (x) => x): { text: string; topology: Topology } {
  const text = edit(readFileSync(UPI_EXAMPLE, 'utf8'));
  return { text, topology: topologyOf(text) };
}

export function example(file: string, edit: (text: string) => string = (x) => x): { text: string; topology: Topology } {
  const text = edit(readFileSync(file, 'utf8'));
  return { text, topology: topologyOf(text) };
}

/** Writes the topology into the lab's folder, where the operator's okd-topology reads it. */
export function writeTopology(lab: Lab, text: string, name = 'cluster.okd.yaml'): string {
  const file = join(lab.dir, name);
  writeFileSync(file, text);
  return file;
}

export async function inNode(lab: Lab, host: string, argv: string[], timeoutMs = 20000): Promise<string> {
  const r = await lab.exec(host, argv, { timeoutMs });
  assert.equal(r.code, 0, `${argv.join(' ')} in ${host}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A unit's main PID as the service runner reports it (reload keeps it; restart changes it). */
export async function mainPid(lab: Lab, host: string, unit: string): Promise<number> {
  const r = await lab.inServices(host, ['/usr/local/sbin/systemctl', 'show', '-p', 'MainPID', unit]);
  return Number(/MainPID=(\d+)/.exec(r.stdout)?.[1] ?? NaN);
}

export function deployOutput(r: { stdout: string; stderr: string }): string {
  return `${r.stdout.split('\n').slice(-15).join('\n')}\n${r.stderr.split('\n').slice(-25).join('\n')}`;
}

/** HAProxy's `show stat` on a services host, read from inside its namespaces (the test's own look). */
export async function haproxyStat(lab: Lab, host: string, socket = '/var/lib/haproxy/stats'): Promise<string> {
  const ask =
    "const c=require('net').connect(process.argv[1]);let b='';c.on('data',(d)=>b+=d);c.on('end',()=>process.stdout.write(b));c.on('error',()=>{});c.write('show stat\\n');";
  const r = await lab.inServices(host, [process.execPath, '-e', ask, socket]);
  return r.stdout;
}

/** Waits until HAProxy reports these backend servers UP (its checks need `rise` passes after a stand-in starts). */
export async function waitUp(
  lab: Lab,
  host: string,
  servers: { backend: string; server: string }[],
  ms = 30000,
): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const stat = await haproxyStat(lab, host);
    const down = servers.filter(
      (s) => !stat.split('\n').some((l) => l.startsWith(`${s.backend},${s.server},`) && /,UP,/.test(l)),
    );
    if (down.length === 0) return;
    if (Date.now() > until)
      assert.fail(
        `HAProxy backends not UP after ${ms} ms: ${down.map((d) => `${d.backend}/${d.server}`).join(', ')}\n${stat}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}
