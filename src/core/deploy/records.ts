// The records of the deploy journal (journal.ts), as remote scripts write them: each is appended to the
// journal file on the host and printed after a marker in the step's output, so the runner's ledger and
// the host's journal are one and the same sequence.
import { shQuote } from './quote';

export const RECORD_MARK = 'okd-journal';

/**
 * `stepCreated`/`stepReplaced`: a host step made a path, or replaced one (its old content kept beside it as
 * `*.okd-bak`); `stepCommand`: a command step added something its `undo` takes back (an SELinux label);
 * `stepUndone` is the index of that change among the step changes, once a rollback put it back.
 */
export type JournalRecord =
  | { swapped: number }
  | { undone: number }
  | { reloaded: string }
  | { unitStarted: string }
  | { unitEnabled: string }
  | { stepCreated: string }
  | { stepReplaced: string }
  | { stepCommand: { title: string; undo: string[] } }
  | { stepUndone: number };

/** Appends a record to the journal and prints it for the runner; fails when the journal cannot be written. */
export function recordScript(journal: string, r: JournalRecord): string {
  const line = shQuote(JSON.stringify(r));
  return `{ printf '%s\\n' ${line} >> ${shQuote(journal)} && printf '${RECORD_MARK} %s\\n' ${line}; }`;
}

export function parseRecord(text: string): JournalRecord | undefined {
  try {
    const r = JSON.parse(text) as unknown;
    return r && typeof r === 'object' && !Array.isArray(r) ? (r as JournalRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The records printed in a step's output. */
export function recordsIn(output: string): JournalRecord[] {
  return output.split('\n').flatMap((l) => {
    const r = l.startsWith(`${RECORD_MARK} `) ? parseRecord(l.slice(RECORD_MARK.length + 1)) : undefined;
    return r ? [r] : [];
  });
}

/** Output as messages show it: the record lines are bookkeeping. */
export function withoutRecords(output: string): string {
  return output
    .split('\n')
    .filter((l) => !l.startsWith(`${RECORD_MARK} `))
    .join('\n');
}
