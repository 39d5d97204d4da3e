// The `systemctl` and `journalctl` stand-ins' verbs, answered by the service runner with the exit
// codes and messages of the real tools (enough of them for deploy and verify: start, stop, restart,
// reload, reload-or-restart, try-restart, enable/disable [--now], is-active, is-enabled, is-failed,
// status, show, daemon-reload; journalctl -u UNIT [-n N]).
import { existsSync, readFileSync } from 'node:fs';
import type { Runner, UnitState } from './runner';
import { findUnit } from './units';

type Answer = { code: number; stdout: string; stderr: string };
const ok = (stdout = ''): Answer => ({ code: 0, stdout, stderr: '' });

const FLAGS_IGNORED = new Set(['--no-pager', '--no-block', '--quiet', '-q', '--system', '--no-ask-password', '--full', '-l']);

function unitOf(runner: Runner, arg: string): UnitState | undefined {
  const def = findUnit([...runner.units.values()].map((u) => u.def), arg);
  return def ? runner.units.get(def.name) : undefined;
}

const svcName = (arg: string): string => (/\.(service|socket|target|timer)$/.test(arg) ? arg : `${arg}.service`);

async function startJob(runner: Runner, u: UnitState, verb: string, arg: string): Promise<Answer | undefined> {
  const r = verb === 'reload' ? await runner.reload(u) : await runner.start(u);
  if (r.ok) return undefined;
  const tail = `See "systemctl status ${svcName(arg)}" and "journalctl -u ${svcName(arg)}" for details.`;
  const msg = verb === 'reload' && r.message?.startsWith('Unit ')
    ? `Failed to reload ${svcName(arg)}: ${r.message}`
    : `Job for ${svcName(arg)} failed because the control process exited with error code (${r.message}).\n${tail}`;
  return { code: 1, stdout: '', stderr: `${msg}\n` };
}

async function verbOnUnits(runner: Runner, verb: string, units: string[], now: boolean): Promise<Answer> {
  const out: string[] = [];
  let code = 0;
  for (const arg of units) {
    const u = unitOf(runner, arg);
    if (!u) {
      const missing = verb.startsWith('is-') || verb === 'status' ? 4 : 5;
      if (verb === 'is-active' || verb === 'is-failed') {
        out.push('inactive');
        code = code || 3;
        continue;
      }
      return { code: missing, stdout: out.join('\n'), stderr: `Failed to ${verb} ${svcName(arg)}: Unit ${svcName(arg)} not found.\n` };
    }
    const active = u.state === 'active' && (u.def.standIn !== undefined || u.proc !== undefined);
    switch (verb) {
      case 'start': {
        const bad = await startJob(runner, u, 'start', arg);
        if (bad) return bad;
        break;
      }
      case 'stop':
        await runner.stop(u);
        break;
      case 'restart': {
        await runner.stop(u);
        const bad = await startJob(runner, u, 'start', arg);
        if (bad) return bad;
        break;
      }
      case 'try-restart':
        if (active) {
          await runner.stop(u);
          const bad = await startJob(runner, u, 'start', arg);
          if (bad) return bad;
        }
        break;
      case 'reload': {
        const bad = await startJob(runner, u, 'reload', arg);
        if (bad) return bad;
        break;
      }
      case 'reload-or-restart':
      case 'try-reload-or-restart': {
        if (!active && verb === 'try-reload-or-restart') break;
        const bad = await startJob(runner, u, active ? 'reload' : 'start', arg);
        if (bad) return bad;
        break;
      }
      case 'enable':
      case 'disable':
        u.enabled = verb === 'enable';
        if (now) {
          if (verb === 'enable') {
            const bad = await startJob(runner, u, 'start', arg);
            if (bad) return bad;
          } else await runner.stop(u);
        }
        break;
      case 'is-active':
        out.push(active ? 'active' : u.state === 'failed' ? 'failed' : 'inactive');
        if (!active) code = 3;
        break;
      case 'is-failed':
        out.push(u.state === 'failed' ? 'failed' : active ? 'active' : 'inactive');
        if (u.state !== 'failed') code = 1;
        break;
      case 'is-enabled':
        out.push(u.enabled ? 'enabled' : 'disabled');
        if (!u.enabled) code = 1;
        break;
      case 'status':
        out.push(statusText(runner, u, active));
        if (!active) code = 3;
        break;
      case 'show':
        out.push(`Id=${svcName(u.def.name)}`, `ActiveState=${active ? 'active' : u.state}`, `MainPID=${u.proc?.pid ?? 0}`, `UnitFileState=${u.enabled ? 'enabled' : 'disabled'}`);
        break;
      default:
        return { code: 1, stdout: '', stderr: `Unknown command verb ${verb}.\n` };
    }
  }
  return { code, stdout: out.length ? `${out.join('\n')}\n` : '', stderr: '' };
}

function statusText(runner: Runner, u: UnitState, active: boolean): string {
  const state = active ? 'active (running)' : u.state === 'failed' ? `failed (${u.exitNote ?? 'ended'})` : 'inactive (dead)';
  const head = [`● ${svcName(u.def.name)} - ${u.def.standIn ? `stand-in: ${u.def.standIn}` : u.def.argv.join(' ')} (lab service runner)`,
    `     Active: ${state}`, ...(u.proc?.pid ? [`   Main PID: ${u.proc.pid}`] : [])];
  const log = tailLog(runner, u.def.name, 10);
  return [...head, '', log].join('\n').trimEnd();
}

function tailLog(runner: Runner, unit: string, n: number): string {
  const p = runner.logPath(unit);
  if (!existsSync(p)) return '';
  const lines = readFileSync(p, 'utf8').split('\n').filter((l) => l !== '');
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
    else if (a.startsWith('-')) return { code: 1, stdout: '', stderr: `systemctl (lab stand-in): option ${a} is not supported\n` };
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
  const lines = names.flatMap((name) => tailLog(runner, name, Number.isFinite(n) ? n : 1e9).split('\n')).filter((l) => l !== '').sort();
  const shown = Number.isFinite(n) ? lines.slice(-n) : lines;
  return ok(shown.length ? `${shown.join('\n')}\n` : '');
}
