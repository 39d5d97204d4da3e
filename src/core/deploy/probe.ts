// What deploy reads from a host before it changes anything, in one batch: the state of every target, the
// host copies of files rendered again from them (zones), the journal of an interrupted deploy, and the
// programs the host lacks. Pure: the runner sends the scripts and hands back the steps' output.
import { readJournalScript } from './journal';
import { missingProgramsScript, parseMissing, type PackageNeed } from './packages';
import type { FileStep, HostPlan } from './plan';
import { catIfFileScript, mkdirScript, parseProbe, probeScript, type BatchStep, type ProbeState } from './script';

export interface ProbeRequest {
  hp: HostPlan;
  /** Files whose current text is read too (zones). */
  reread: FileStep[];
  /** Create missing parent folders in the same step (not in a dry run). */
  mkdir: boolean;
  /** Where the host keeps the deploy journal. */
  journal: string;
}

export interface HostState {
  states: ProbeState[];
  /** Current text of each reread file (undefined: missing on the host). */
  copies: Map<FileStep, string | undefined>;
  /** The journal an interrupted deploy left, as read. */
  journal?: string;
  missing: PackageNeed[];
}

type Part = { kind: 'files' } | { kind: 'copy'; file: FileStep } | { kind: 'journal' } | { kind: 'programs' };

export function probeParts(req: ProbeRequest): { parts: Part[]; scripts: string[] } {
  const { hp } = req;
  const parts: Part[] = [];
  const scripts: string[] = [];
  const add = (p: Part, script: string): void => {
    parts.push(p);
    scripts.push(script);
  };
  if (hp.files.length) {
    // Creating missing parent directories here saves a session; it changes nothing a reader would see.
    const mk = req.mkdir ? mkdirScript(hp.files) : undefined;
    add({ kind: 'files' }, probeScript(hp.files) + (mk ? `; ${mk}` : ''));
  }
  for (const file of req.reread) add({ kind: 'copy', file }, catIfFileScript(file));
  add({ kind: 'journal' }, readJournalScript(req.journal));
  if (hp.packages.needs.length) add({ kind: 'programs' }, missingProgramsScript(hp.packages.needs));
  return { parts, scripts };
}

function what(p: Part): string {
  if (p.kind === 'files') return 'files';
  if (p.kind === 'copy') return p.file.remotePath;
  return p.kind === 'journal' ? 'deploy journal' : 'installed programs';
}

/** The host's state from the probe batch, or an error naming what could not be read. */
export function readProbe(
  req: ProbeRequest,
  parts: Part[],
  done: BatchStep[],
  brief: (s: BatchStep) => string,
): HostState | { error: string } {
  const bad = done.find((d) => d.rc !== 0);
  if (bad) return { error: `reading the current ${what(parts[bad.index])} failed (${brief(bad)})` };
  const out: HostState = { states: [], copies: new Map(), missing: [] };
  for (const d of done) {
    const p = parts[d.index];
    if (p.kind === 'files') out.states = parseProbe(d.output, req.hp.files.length);
    else if (p.kind === 'copy') out.copies.set(p.file, d.output);
    else if (p.kind === 'journal') out.journal = d.output.trim() ? d.output : undefined;
    else out.missing = parseMissing(d.output, req.hp.packages.needs);
  }
  // A copy of a file that is not there is "missing", not empty.
  for (const f of req.reread) if (out.states[req.hp.files.indexOf(f)]?.kind === 'missing') out.copies.set(f, undefined);
  return out;
}
