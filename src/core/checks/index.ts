// The check registry: each check is a pure function from the model to problems.
import type { Topology } from '../model';
import type { Problem } from '../problems';

export type Check = (t: Topology) => Problem[];

const checks: Check[] = [];

/** Runs every check. A check that throws is a bug; report it instead of losing all diagnostics. */
export function runChecks(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const c of checks) {
    try {
      out.push(...c(t));
    } catch (e) {
      out.push({ code: 'internal', severity: 'error', message: `Internal error in check ${c.name || '?'}: ${(e as Error).message}`, path: [] });
    }
  }
  return out;
}
