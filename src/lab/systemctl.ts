// The `systemctl` and `journalctl` stand-ins' verbs, answered by the service runner with the exit
// codes and messages of the real tools (enough of them for deploy and verify: start, stop, restart,
// reload, reload-or-restart, try-restart, enable/disable [--now], is-active, is-enabled, is-failed,
// status, show, daemon-reload; journalctl -u UNIT [-n N]).
import { existsSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { findUnit, type UnitDef } from './units';

export interface UnitState {
  def: UnitDef;
  proc?: ChildProcess;
  /** 'failed' after a start that ended early or a crash; 'inactive' after a stop. */
  state: 'active' | 'inactive' | 'failed';
  enabled: boolean;
  exitNote?: string;
}

/** What the verbs need of the service runner (runner.ts), named here so the two do not import each other. */
export interface Runner {
  readonly units: Map<string, UnitState>;
  start(u: UnitState): Promise<{ ok: boolean; message?: string }>;
  stop(u: UnitState): Promise<void>;
  reload(u: UnitState): Promise<{ ok: boolean; message?: string }>;
  logPath(unit: string): string;
}

type Answer = { code: number; stdout: string; stderr: string };
const ok = (stdout = ''): Answer => ({ code: 0, stdout, stderr: '' });

const FLAGS_IGNORED = new Set([
  '--no-pager',
  '--no-block',
  '--quiet',
  '-q',
  '--system',
  '--no-ask-password',
  '--full',
  '-l',
]);

function unitOf(runner: Runner, arg: string): UnitState | undefined {
  const def = findUnit(
    [...runner.units.values()].map((u) => u.def),
    arg,
  );
  return def ? runner.units.get(def.name) : undefined;
}

const svcName = (arg: string): string => (/\.(service|socket|target|timer)$/.test(arg) ? arg : `${arg}.service`);

async function startJob(runner: Runner, u: UnitState, verb: string, arg: string): Promise<Answer | undefined> {
  const r = verb === 'reload' ? await runner.reload(u) : await runner.start(u);
  if (r.ok) return undefined;
  const tail = `See "systemctl status ${svcName(arg)}" and "journalctl -u ${svcName(arg)}" for details.`;
  const msg =
    verb === 'reload' && r.message?.startsWith('Unit ')
      ? `Failed to reload ${svcName(arg)}: ${r.message}`
      : `Job for ${svcName(arg)} failed because the control process exited with error code (${r.message}).\n${tail}`;
  return { code: 1, stdout: '', stderr: `${msg}\n` };
}

interface Ctx {
  runner: Runner;
  u: UnitState;
  arg: string;
  active: boolean;
  now: boolean;
  out: string[];
}
/** A verb on one unit: an Answer ends the command (a failed job), a number is its exit status. */
type Verb = (c: Ctx) => Promise<Answer | number | undefined>;

const start = (c: Ctx): Promise<Answer | undefined> => startJob(c.runner, c.u, 'start', c.arg);
const restart = async (c: Ctx): Promise<Answer | undefined> => {
  await c.runner.stop(c.u);
  return start(c);
};

const VERBS: Record<string, Verb> = {
  start,
  stop: async (c) => void (await c.runner.stop(c.u)),
  restart,
  'try-restart': async (c) => (c.active ? restart(c) : undefined),
  reload: (c) => startJob(c.runner, c.u, 'reload', c.arg),
  'reload-or-restart': (c) => startJob(c.runner, c.u, c.active ? 'reload' : 'start', c.arg),
  'try-reload-or-restart': async (c) => (c.active ? startJob(c.runner, c.u, 'reload', c.arg) : undefined),
  enable: async (c) => {
    c.u.enabled = true;
    return c.now ? start(c) : undefined;
  },
  disable: async (c) => {
    c.u.enabled = false;
    if (c.now) await c.runner.stop(c.u);
    return undefined;
  },
  'is-active': async (c) => {
    c.out.push(c.active ? 'active' : c.u.state === 'failed' ? 'failed' : 'inactive');
    return c.active ? 0 : 3;
  },
  'is-failed': async (c) => {
    c.out.push(c.u.state === 'failed' ? 'failed' : c.active ? 'active' : 'inactive');
    return c.u.state === 'failed' ? 0 : 1;
  },
  'is-enabled': async (c) => {
    c.out.push(c.u.enabled ? 'enabled' : 'disabled');
    return c.u.enabled ? 0 : 1;
  },
  status: async (c) => {
    c.out.push(statusText(c.runner, c.u, c.active));
    return c.active ? 0 : 3;
  },
  show: async (c) => {
    c.out.push(
      `Id=${svcName(c.u.def.name)}`,
      `ActiveState=${c.active ? 'active' : c.u.state}`,
      `MainPID=${c.u.proc?.pid ?? 0}`,
      `UnitFileState=${c.u.enabled ? 'enabled' : 'disabled'}`,
    );
    return 0;
  },
};

/** systemctl's answer for a unit it does not know. */
function unknownUnit(verb: string, arg: string, out: string[]): Answer | number {
  if (verb === 'is-active' || verb === 'is-failed') {
    out.push('inactive');
    return 3;
  }
  const code = verb.startsWith('is-') || verb === 'status' ? 4 : 5;
  return {
    code,
    stdout: out.length ? `${out.join('\n')}\n` : '',
    stderr: `Failed to ${verb} ${svcName(arg)}: Unit ${svcName(arg)} not found.\n`,
  };
}

async function verbOnUnits(runner: Runner, verb: string, units: string[], now: boolean): Promise<Answer> {
  const handler = VERBS[verb];
  if (!handler) return { code: 1, stdout: '', stderr: `Unknown command verb ${verb}.\n` };
  const out: string[] = [];
  let code = 0;
  for (const arg of units) {
    const u = unitOf(runner, arg);
    const active = !!u && u.state === 'active' && (u.def.standIn !== undefined || u.proc !== undefined);
    const r = u ? await handler({ runner, u, arg, active, now, out }) : unknownUnit(verb, arg, out);
    if (typeof r === 'object') return r;
    if (r) code ||= r;
  }
  return { code, stdout: out.length ? `${out.join('\n')}\n` : '', stderr: '' };
}

function statusText(runner: Runner, u: UnitState, active: boolean): string {
  const state = active
    ? 'active (running)'
    : u.state === 'failed'
      ? `failed (${u.exitNote ?? 'ended'})`
      : 'inactive (dead)';
  const head = [
    `● ${svcName(u.def.name)} - ${u.def.standIn ? `stand-in: ${u.def.standIn}` : u.def.argv.join(' ')} (lab service runner)`,
    `     Active: ${state}`,
    ...(u.proc?.pid ? [`   Main PID: ${u.proc.pid}`] : []),
  ];
  const log = tailLog(runner, u.def.name, 10);
  return [...head, '', log].join('\n').trimEnd();
}

function tailLog(runner: Runner, unit: string, n: number): string {
  const p = runner.logPath(unit);
  if (!existsSync(p)) return '';
  const lines = readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return lines.slice(-n).join('\n');
}

export async function handleSystemctl(runner: Runner, args: string[]): Promise<Answer> {
  let now = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (a === '--now') now = true;
    else if (a === '-p' || a === '--property') i++;
    else if (FLAGS_IGNORED.has(a) || a.startsWith('--property=')) continue;
    else if (a.startsWith('-'))
      return { code: 1, stdout: '', stderr: `systemctl (lab stand-in): option ${a} is not supported\n` };
    else words.push(a);
  }
  const [verb, ...units] = words;
  if (!verb) return { code: 1, stdout: '', stderr: 'systemctl (lab stand-in): a verb is required\n' };
  if (verb === 'daemon-reload') return ok();
  if (units.length === 0) return { code: 1, stdout: '', stderr: `Too few arguments.\n` };
  return verbOnUnits(runner, verb, units, now);
}

/** journalctl -u UNIT... [-n N]: the units' logs as the runner wrote them (short-iso style lines). */
export function handleJournalctl(runner: Runner, args: string[]): Answer {
  const units: string[] = [];
  let n = Infinity;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-u' || a === '--unit') units.push(args[++i] ?? '');
    else if (a.startsWith('--unit=')) units.push(a.slice(7));
    else if (a === '-n' || a === '--lines') n = Number(args[++i]);
    else if (a.startsWith('--lines=')) n = Number(a.slice(8));
    else if (a === '-o' || a === '--output' || a === '--since' || a === '-S') i++;
  }
  const names = units.map((x) => {
    const u = unitOf(runner, x);
    return u ? u.def.name : x.replace(/\.(service|socket)$/, '');
  });
  const lines = names
    .flatMap((name) => tailLog(runner, name, Number.isFinite(n) ? n : 1e9).split('\n'))
    .filter((l) => l !== '')
    .sort();
  const shown = Number.isFinite(n) ? lines.slice(-n) : lines;
  return ok(shown.length ? `${shown.join('\n')}\n` : '');
}
