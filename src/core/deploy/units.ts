// How a service takes its new files: the systemd units it runs as are enabled (so they start at the next
// boot), started when they are not running, and reloaded or restarted when they are; any other reload
// command (firewall-cmd --reload, virsh net-define, a topology override) runs after the units are up.
// Each unit deploy enabled or started is recorded in the journal, so a rollback can stop and disable it.
import type { Argv, HealthCheck } from '../render/manifest';
import { checkUnit } from './paths';
import { commandLine } from './quote';
import { recordScript } from './records';

const VERBS = ['reload', 'restart', 'reload-or-restart', 'try-restart', 'try-reload-or-restart'] as const;
export type UnitVerb = (typeof VERBS)[number];

export interface Activation {
  /** Units that must run: every unit of a `systemctl VERB UNIT…` reload and every unit a health check expects active. */
  units: string[];
  /** How running units take the new files (absent: they are only started when not running). */
  verb?: UnitVerb;
  /** A reload that is not `systemctl VERB UNIT…`: run as written, after the units are up. */
  command?: Argv;
}

/** `systemctl reload named` → verb and units; undefined for any other command. */
function systemctlReload(argv: Argv | undefined): { verb: UnitVerb; units: string[] } | undefined {
  if (!argv || argv[0] !== 'systemctl' || argv.length < 3) return undefined;
  const verb = VERBS.find((v) => v === argv[1]);
  const units = argv.slice(2);
  if (!verb || units.some((u) => u.startsWith('-') || checkUnit(u) !== undefined)) return undefined;
  return { verb, units };
}

/** A service as the plan has it (ServiceStep): its reload and health checks. */
export function activationOf(s: { reload?: Argv; health: HealthCheck[] }): Activation {
  const sys = systemctlReload(s.reload);
  const units = [...(sys?.units ?? [])];
  for (const h of s.health) if (h.kind === 'service-active' && !units.includes(h.unit)) units.push(h.unit);
  return { units, verb: sys?.verb, command: sys || !s.reload ? undefined : s.reload };
}

/** Whether activating the service does anything at all. */
export function activates(a: Activation): boolean {
  return a.units.length > 0 || a.command !== undefined;
}

const sc = (...args: string[]): string => commandLine(['systemctl', ...args]);

/**
 * One step: per unit, enable it when it is not, start it when it is not running, else apply the verb; then
 * the command. A subshell, so `exit` ends this step only (batch steps share one shell).
 */
export function activateScript(service: string, a: Activation, journal: string): string {
  const parts = [recordScript(journal, { reloaded: service })];
  for (const u of a.units) {
    parts.push(
      `if ! ${sc('is-enabled', '--quiet', '--', u)} 2>/dev/null; then ${recordScript(journal, { unitEnabled: u })} && ${sc('enable', '--quiet', '--', u)} || exit; fi`,
    );
    const running = a.verb ? sc(a.verb, '--', u) : 'true';
    parts.push(
      `if ${sc('is-active', '--quiet', '--', u)}; then ${running} || exit; else ${recordScript(journal, { unitStarted: u })} && ${sc('start', '--', u)} || exit; fi`,
    );
  }
  if (a.command) parts.push(`${commandLine(a.command, 'reload')} || exit`);
  return `(\n${parts.join('\n')}\n)`;
}

/**
 * After the files are restored: units deploy started are stopped and those it enabled disabled again; units
 * that were already running take the restored files (verb), and the command runs again.
 */
export function undoActivationScript(
  a: Activation,
  started: ReadonlySet<string>,
  enabled: ReadonlySet<string>,
): string | undefined {
  const parts: string[] = [];
  for (const u of [...a.units].reverse()) {
    if (started.has(u)) parts.push(`${sc('stop', '--', u)} || exit`);
    else if (a.verb) parts.push(`if ${sc('is-active', '--quiet', '--', u)}; then ${sc(a.verb, '--', u)} || exit; fi`);
    if (enabled.has(u)) parts.push(`${sc('disable', '--quiet', '--', u)} || exit`);
  }
  if (a.command) parts.push(`${commandLine(a.command, 'reload')} || exit`);
  return parts.length ? `(\n${parts.join('\n')}\n)` : undefined;
}

/** The plan's words for a service: what activating it does. */
export function describeActivation(a: Activation): string {
  const parts: string[] = [];
  const units = a.units.join(' ');
  if (a.units.length && a.verb)
    parts.push(`systemctl ${a.verb} ${units} (each unit enabled for boot, and started instead when not running)`);
  else if (a.units.length) parts.push(`${units} enabled for boot and started when not running`);
  if (a.command) parts.push(a.units.length ? `then ${commandLine(a.command)}` : commandLine(a.command));
  return parts.join(', ');
}

/** The same in a few words, for progress and errors. */
export function activationCommand(a: Activation): string {
  const parts: string[] = [];
  if (a.units.length)
    parts.push(a.verb ? `systemctl ${a.verb} ${a.units.join(' ')}` : `systemctl start ${a.units.join(' ')}`);
  if (a.command) parts.push(commandLine(a.command));
  return parts.join('; ');
}
