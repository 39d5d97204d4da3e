// The deploy journal: a small file on the host that records what a deploy is about to change and, step by
// step, what it has changed. Written before the first upload and removed once the host is consistent again
// (deployed, or rolled back), so a journal found by the next deploy means the last one was interrupted:
// its temp files, swapped files and started units are known, and are undone before anything else.
import type { Argv } from '../render/manifest';
import type { Activation } from './units';
import { underRoot } from './paths';
import { commandLine, shQuote } from './quote';
import { parseRecord, recordsIn, type JournalRecord } from './records';

export const JOURNAL_DIR = '/var/lib/okd-topology';

/**
 * One journal per topology host: two topology hosts reached on one machine (or one remote root) deploy
 * at the same time, and neither may take the other's journal for an interrupted deploy.
 */
export function journalPath(remoteRoot: string | undefined, host: string): string {
  return underRoot(remoteRoot, `${JOURNAL_DIR}/deploy-journal.${host.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}

export interface JournalFile {
  remotePath: string;
  backupPath: string;
  tmpPath: string;
  /** A file (or link) was at the target before: restoring means putting the backup back, else removing. */
  existed: boolean;
}

export interface JournalService {
  service: string;
  activation: Activation;
}

export interface JournalHeader {
  v: 1;
  /** When the interrupted deploy started (ISO time). */
  at: string;
  files: JournalFile[];
  services: JournalService[];
  /** Non-root logins: the staging folder the uploads went to. */
  stage?: string;
  /** Host-step commands that run again once step changes are undone (the trust store, rebuilt from its anchors). */
  refresh?: { title: string; argv: Argv; when?: 'selinux-enforcing' }[];
}

/**
 * What a host step changed: a path it made, or replaced (its old content kept as a backup beside it), or
 * something a command added that its `undo` takes back (an SELinux label).
 */
export type StepChange = { path: string; replaced: boolean } | { title: string; undo: Argv };

/** What the records say has happened, in order. */
export class Ledger {
  /** Indexes into the header's files, in the order they were swapped. */
  readonly swapped: number[] = [];
  readonly undone = new Set<number>();
  readonly reloaded: string[] = [];
  readonly unitsStarted = new Set<string>();
  readonly unitsEnabled = new Set<string>();
  /** What host steps made or replaced, in order; a `stepUndone` record names one by its index here. */
  readonly stepChanges: StepChange[] = [];
  readonly stepsUndone = new Set<number>();

  apply(r: JournalRecord): void {
    if ('stepCreated' in r || 'stepReplaced' in r || 'stepCommand' in r) {
      const c = stepChangeOf(r);
      if (c) this.stepChanges.push(c);
    } else if ('stepUndone' in r) this.stepsUndone.add(r.stepUndone);
    else if ('swapped' in r && !this.swapped.includes(r.swapped)) this.swapped.push(r.swapped);
    else if ('undone' in r) this.undone.add(r.undone);
    else if ('reloaded' in r && !this.reloaded.includes(r.reloaded)) this.reloaded.push(r.reloaded);
    else if ('unitStarted' in r) this.unitsStarted.add(r.unitStarted);
    else if ('unitEnabled' in r) this.unitsEnabled.add(r.unitEnabled);
  }

  /** Takes the records printed in a step's output. */
  absorb(output: string): void {
    for (const r of recordsIn(output)) this.apply(r);
  }

  /** Swapped files not yet restored, latest first: the order a rollback restores them in. */
  toRestore(): number[] {
    return this.swapped.filter((i) => !this.undone.has(i)).reverse();
  }

  /** Step changes not yet undone, latest first (indexes into stepChanges). */
  stepsToUndo(): number[] {
    return this.stepChanges
      .map((_c, i) => i)
      .filter((i) => !this.stepsUndone.has(i))
      .reverse();
  }

  /** Anything on the host changed so far, by a swap or a host step? */
  changedAnything(): boolean {
    return this.swapped.length > 0 || this.stepChanges.length > 0;
  }
}

/** A host-step record as a change; records come back from the host, so one of another shape is none of ours. */
function stepChangeOf(r: JournalRecord): StepChange | undefined {
  if ('stepCreated' in r)
    return typeof r.stepCreated === 'string' ? { path: r.stepCreated, replaced: false } : undefined;
  if ('stepReplaced' in r)
    return typeof r.stepReplaced === 'string' ? { path: r.stepReplaced, replaced: true } : undefined;
  if (!('stepCommand' in r)) return undefined;
  const c = r.stepCommand as { title?: unknown; undo?: unknown } | undefined;
  return typeof c?.title === 'string' && Array.isArray(c.undo) && c.undo.every((w) => typeof w === 'string')
    ? { title: c.title, undo: c.undo as string[] }
    : undefined;
}

function isHeader(x: unknown): x is JournalHeader {
  const h = x as JournalHeader;
  return (
    !!h &&
    h.v === 1 &&
    typeof h.at === 'string' &&
    Array.isArray(h.files) &&
    Array.isArray(h.services) &&
    h.files.every(
      (f) =>
        typeof f?.remotePath === 'string' &&
        typeof f.backupPath === 'string' &&
        typeof f.tmpPath === 'string' &&
        typeof f.existed === 'boolean',
    ) &&
    (h.refresh === undefined ||
      (Array.isArray(h.refresh) &&
        h.refresh.every(
          (c) =>
            typeof c?.title === 'string' &&
            Array.isArray(c.argv) &&
            c.argv.every((w) => typeof w === 'string') &&
            (c.when === undefined || c.when === 'selinux-enforcing'),
        )))
  );
}

/** A journal read from the host; a last line cut short by the interruption is ignored. */
export function parseJournal(text: string): { header: JournalHeader; ledger: Ledger } | { error: string } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return { error: 'its first line is not a journal header' };
  }
  if (!isHeader(header)) return { error: 'its first line is not a journal header' };
  const ledger = new Ledger();
  for (const l of lines.slice(1)) {
    const r = parseRecord(l);
    if (r) ledger.apply(r);
  }
  return { header, ledger };
}

/** Starts a journal (replacing none: the caller has read and settled any earlier one). */
export function writeJournalScript(journal: string, header: JournalHeader): string {
  const dir = journal.slice(0, journal.lastIndexOf('/')) || '/';
  return `${commandLine(['mkdir', '-p', '--', dir])} && printf '%s\\n' ${shQuote(JSON.stringify(header))} > ${shQuote(journal)}`;
}

export function readJournalScript(journal: string): string {
  const j = shQuote(journal);
  return `if [ -f ${j} ]; then cat -- ${j}; fi`;
}

export function removeJournalScript(journal: string): string {
  return commandLine(['rm', '-f', '--', journal]);
}
