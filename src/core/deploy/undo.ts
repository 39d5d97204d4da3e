// What a rollback (or the recovery of an interrupted deploy) did, and how that is reported: a host whose
// files were all restored is never called "ROLLBACK INCOMPLETE", and a service that did not take the
// restored files back is named with what to check.
import type { HostOutcome } from './events';
import type { JournalHeader } from './journal';
import type { Ledger } from './journal';
import { removeJournalScript } from './journal';
import { cleanupScript, restoreScript } from './script';
import { undoActivationScript } from './units';

export interface UndoReport {
  /** Remote paths put back as they were (restored from the backup, or removed when new). */
  restored: string[];
  unrestored: { path: string; detail: string }[];
  /** Services that had started taking the new files, and whether they took the restored ones. */
  services: { service: string; ok: boolean; detail?: string }[];
  /** The connection was lost (or the shell ended) before the undo finished. */
  lost?: string;
}

/** The restore steps, latest swap first, each with the journal index it records. */
export function restoreSteps(
  header: JournalHeader,
  ledger: Ledger,
  journal: string,
): { index: number; path: string; script: string }[] {
  return ledger.toRestore().map((index) => {
    const f = header.files[index];
    return { index, path: f.remotePath, script: restoreScript(f, { path: journal, index }) };
  });
}

/** Per service whose activation started (latest first): stop what deploy started, reload what was running. */
export function reactivateSteps(header: JournalHeader, ledger: Ledger): { service: string; script: string }[] {
  return [...ledger.reloaded].reverse().flatMap((service) => {
    const svc = header.services.find((s) => s.service === service);
    const script = svc && undoActivationScript(svc.activation, ledger.unitsStarted, ledger.unitsEnabled);
    return script ? [{ service, script }] : [];
  });
}

/** Once the host is consistent: temp files of every journaled file gone, and the journal with them. */
export function settledScript(header: JournalHeader, journal: string): string {
  return header.files.length
    ? `${cleanupScript(header.files)} && ${removeJournalScript(journal)}`
    : removeJournalScript(journal);
}

export function undoComplete(u: UndoReport): boolean {
  return !u.lost && u.unrestored.length === 0 && u.services.every((s) => s.ok);
}

const list = (xs: string[]): string => xs.join(', ');

/** The outcome and message of a rollback after `why` failed (or was cancelled). */
export function rollbackResult(
  why: string,
  cancelled: boolean,
  u: UndoReport,
  journal: string,
): { outcome: HostOutcome; error?: string } {
  const again = `the next deploy to this host finishes the rollback first (its journal is ${journal})`;
  if (u.lost) {
    const left = u.unrestored.map((x) => x.path);
    return {
      outcome: 'inconsistent',
      error: `${why}. ROLLBACK INCOMPLETE: ${u.lost}${left.length ? `; files to restore: ${list(left)}` : ''}. Backups are beside each file as *.okd-bak; ${again}.`,
    };
  }
  if (u.unrestored.length) {
    const bad = u.unrestored.map((x) => `${x.path} (${x.detail})`).join('; ');
    return {
      outcome: 'inconsistent',
      error: `${why}. ROLLBACK INCOMPLETE: could not restore ${bad}. Backups are beside each file as *.okd-bak; ${again}.`,
    };
  }
  const failed = u.services.filter((s) => !s.ok);
  if (failed.length) {
    const names = list(failed.map((s) => s.service));
    const detail = failed.map((s) => `${s.service}: ${s.detail ?? 'failed'}`).join('; ');
    return {
      outcome: cancelled ? 'cancelled' : 'rolled-back',
      error:
        `${cancelled ? 'cancelled' : why}. Every file on the host was restored, but ${names} did not take the restored files back (${detail}). ` +
        `Check ${names} on the host; the next deploy to this host reloads ${failed.length === 1 ? 'it' : 'them'} again first.`,
    };
  }
  if (cancelled) return { outcome: 'cancelled', error: 'cancelled; every file was restored' };
  return { outcome: 'rolled-back', error: `${why}. Every file on the host was restored and the services reloaded.` };
}

/** The note for a recovered interrupted deploy (an empty string when it had nothing left to undo). */
export function recoveryNote(header: JournalHeader, u: UndoReport, removed: string[]): string {
  const parts: string[] = [];
  if (u.restored.length) parts.push(`restored ${list(u.restored)}`);
  const svcs = u.services.filter((s) => s.ok).map((s) => s.service);
  if (svcs.length) parts.push(`reloaded ${list(svcs)} with the restored files`);
  if (removed.length) parts.push(`removed ${removed.length} temporary upload(s) it left: ${list(removed)}`);
  return `a deploy started ${header.at} was interrupted; before anything else this run ${parts.length ? parts.join('; ') : 'found nothing of it left to undo'}`;
}
