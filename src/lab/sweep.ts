// Names and clean-up. Every lab object carries the prefix and its run's id: namespaces
// `okdlab-<id>-…`, the folder `<tmp>/okdlab-<id>` with an `owner` file (PID and start time of the
// process that built it). Removing a run kills every process inside its namespaces, deletes the
// namespaces (their veths and bridges go with them; the services' mounts live in private mount
// namespaces that end with their last process) and removes the folder. A run whose owner is gone
// (crashed, killed) is a leftover: the next lab, or `okd-topology rehearse --clean`, sweeps it.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processStart } from './runner';
import { runSync, sleep } from './sys';

export const PREFIX = 'okdlab';

export function newRunId(): string {
  return `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
}

export function labDir(id: string, base = tmpdir()): string {
  return join(base, `${PREFIX}-${id}`);
}

export function listNetns(): string[] {
  const r = runSync(['ip', 'netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter((n) => n.startsWith(`${PREFIX}-`));
}

function runOf(name: string): string | undefined {
  return new RegExp(`^${PREFIX}-([a-z0-9]+)(-|$)`).exec(name)?.[1];
}

/** Run ids with something left: namespaces or folders. */
export function runsPresent(base = tmpdir()): string[] {
  const ids = new Set<string>();
  for (const n of listNetns()) {
    const id = runOf(n);
    if (id) ids.add(id);
  }
  if (existsSync(base))
    for (const d of readdirSync(base)) {
      const id = runOf(d);
      if (id) ids.add(id);
    }
  return [...ids];
}

/** Is the process that built this run still there (same PID and start time)? */
export function ownerAlive(id: string, base = tmpdir()): boolean {
  try {
    const [pid, start] = readFileSync(join(labDir(id, base), 'owner'), 'utf8')
      .trim()
      .split(' ');
    return processStart(Number(pid)) === start;
  } catch {
    return false;
  }
}

export function pidsIn(ns: string): number[] {
  return runSync(['ip', 'netns', 'pids', ns])
    .stdout.split('\n')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 1);
}

/** Removes everything of one run. Returns what it removed, for the report. */
export async function removeRun(id: string, base = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const spaces = listNetns().filter((n) => runOf(n) === id);
  // Kill until nothing is left: a dying runner may still be reaping; a daemon may fork once more.
  for (let round = 0; round < 10; round++) {
    const pids = spaces.flatMap(pidsIn);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(100);
  }
  for (const ns of spaces) {
    const r = runSync(['ip', 'netns', 'del', ns]);
    if (r.code === 0) removed.push(`namespace ${ns}`);
  }
  const dir = labDir(id, base);
  if (existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
    removed.push(`folder ${dir}`);
  }
  return removed;
}

/** removeRun for process exit (no event loop): the same steps, waiting synchronously. */
export function removeRunSync(id: string, base = tmpdir()): void {
  const spaces = listNetns().filter((n) => runOf(n) === id);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let round = 0; round < 10; round++) {
    const pids = spaces.flatMap(pidsIn);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    Atomics.wait(nap, 0, 0, 100);
  }
  for (const ns of spaces) runSync(['ip', 'netns', 'del', ns]);
  rmSync(labDir(id, base), { recursive: true, force: true });
}

/** Sweeps the runs whose owner is gone (all runs with `all`, except `keep`). */
export async function sweep(opts: { all?: boolean; keep?: string; base?: string } = {}): Promise<string[]> {
  const out: string[] = [];
  for (const id of runsPresent(opts.base)) {
    if (id === opts.keep) continue;
    if (!opts.all && ownerAlive(id, opts.base)) continue;
    out.push(...(await removeRun(id, opts.base)));
  }
  return out;
}
