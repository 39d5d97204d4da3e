// Running the system tools the lab is built with (ip, unshare, nsenter, ssh-keygen...): argv only,
// never a shell string built from values, with a timeout and the tool's own error text on failure.
import { execFile, spawnSync } from 'node:child_process';

export class LabError extends Error {}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runSync(
  argv: string[],
  opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const r = spawnSync(argv[0], argv.slice(1), {
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 20000,
    env: opts.env,
  });
  if (r.error) return { code: -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${(r.error as Error).message}` };
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs and throws a LabError naming the command when it fails. */
export function must(argv: string[], opts: { input?: string; timeoutMs?: number } = {}): string {
  const r = runSync(argv, opts);
  if (r.code !== 0)
    throw new LabError(
      `${argv.join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`,
    );
  return r.stdout;
}

export function run(
  argv: string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      argv[0],
      argv.slice(1),
      { encoding: 'utf8', timeout: opts.timeoutMs ?? 60000, env: opts.env, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as NodeJS.ErrnoException).code === 'number'
            ? Number((err as NodeJS.ErrnoException).code)
            : ((err as { status?: number }).status ?? -1)
          : 0;
        resolve({ code: err && code === 0 ? -1 : code, stdout, stderr: err && !stderr ? err.message : stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** `ip netns exec NS argv...` */
export function inNetns(ns: string, argv: string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(
  what: string,
  ms: number,
  probe: () => T | undefined | Promise<T | undefined>,
  everyMs = 50,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new LabError(`${what} (waited ${ms} ms)`);
    await sleep(everyMs);
  }
}
