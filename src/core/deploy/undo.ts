// What a rollback (or the recovery of an interrupted deploy) did, and how that is reported: a host whose
// files were all restored is never called "ROLLBACK INCOMPLETE", and a service that did not take the
// restored files back is named with what to check.
import type { HostOutcome } from './events';
import type { JournalHeader } from './journal';
import type { Ledger } from './journal';
import { removeJournalScript } from './journal';
import { commandLine } from './quote';
import { cleanupScript, restoreScript } from './script';
import { onlyIfEnforcing, undoStepScript } from './step-script';
import { undoActivationScript } from './units';

export interface UndoReport {
  /** Remote paths put back as they were (restored from the backup, or removed when new). */
  restored: string[];
  unrestored: { path: string; detail: string }[];
  /** Services that had started taking the new files, and whether they took the restored ones. */
  services: { service: string; ok: boolean; detail?: string }[];
  /** Host-step commands run again after step changes were undone (the trust store), and how that went. */
  refreshed?: { title: string; ok: boolean; detail?: string }[];
  /** The connection was lost (or the shell ended) before the undo finished. */
  lost?: string;
}

export interface UndoStep {
  path: string;
  script: string;
  /** For progress: what is put back. */
  message: string;
}

/**
 * Everything a rollback puts back, in order: host-step changes first, latest first (the steps ran after the
 * swaps), then the swapped files, latest swap first. Each script records in the journal that it is done.
 */
export function undoSteps(header: JournalHeader, ledger: Ledger, journal: string): UndoStep[] {
  const steps = ledger.stepsToUndo().map((i): UndoStep => {
    const c = ledger.stepChanges[i];
    const script = undoStepScript(c, i, journal);
    if ('undo' in c) return { path: `"${c.title}"`, script, message: `taking back "${c.title}" (${c.undo.join(' ')})` };
    return {
      path: c.path,
      script,
      message: c.replaced
        ? `restoring ${c.path} (replaced by a host step)`
        : `removing ${c.path} (made by a host step)`,
    };
  });
  const files = ledger.toRestore().map((index): UndoStep => {
    const f = header.files[index];
    return {
      path: f.remotePath,
      script: restoreScript(f, { path: journal, index }),
      message: f.existed ? `restoring ${f.remotePath}` : `removing new file ${f.remotePath}`,
    };
  });
  return [...steps, ...files];
}

/** The commands that rebuild state from files host steps wrote (the trust store), once step changes were undone. */
export function refreshSteps(header: JournalHeader): { title: string; script: string }[] {
  // The journal comes back from the host: a command that fails the argv checks is not run.
  return (header.refresh ?? []).flatMap(({ title, argv, when }) => {
    try {
      const run = commandLine(argv, 'refresh');
      return [{ title, script: when === 'selinux-enforcing' ? onlyIfEnforcing(run) : run }];
    } catch {
      return [];
    }
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

type Result = { outcome: HostOutcome; error?: string };

/** The outcome and message of a rollback after `why` failed (or was cancelled). */
export function rollbackResult(why: string, cancelled: boolean, u: UndoReport, journal: string): Result {
  const left = incomplete(why, u, journal) ?? notTakenBack(cancelled ? 'cancelled' : why, cancelled, u);
  if (left) return left;
  if (cancelled) return { outcome: 'cancelled', error: 'cancelled; every file was restored' };
  return { outcome: 'rolled-back', error: `${why}. Every file on the host was restored and the services reloaded.` };
}

/** Files not put back: the host is inconsistent until the next deploy finishes the rollback. */
function incomplete(why: string, u: UndoReport, journal: string): Result | undefined {
  const again = `the next deploy to this host finishes the rollback first (its journal is ${journal})`;
  if (u.lost) {
    const left = u.unrestored.map((x) => x.path);
    return {
      outcome: 'inconsistent',
      error: `${why}. ROLLBACK INCOMPLETE: ${u.lost}${left.length ? `; files to restore: ${list(left)}` : ''}. Backups are beside each file as *.okd-bak; ${again}.`,
    };
  }
  if (!u.unrestored.length) return undefined;
  const bad = u.unrestored.map((x) => `${x.path} (${x.detail})`).join('; ');
  return {
    outcome: 'inconsistent',
    error: `${why}. ROLLBACK INCOMPLETE: could not restore ${bad}. Backups are beside each file as *.okd-bak; ${again}.`,
  };
}

/** Every file restored, but a service did not take it back, or a host-step command failed when run again. */
function notTakenBack(head: string, cancelled: boolean, u: UndoReport): Result | undefined {
  const them = (n: number): string => (n === 1 ? 'it' : 'them');
  const parts: string[] = [];
  const failed = u.services.filter((s) => !s.ok);
  if (failed.length) {
    const names = list(failed.map((s) => s.service));
    const detail = failed.map((s) => `${s.service}: ${s.detail ?? 'failed'}`).join('; ');
    parts.push(
      `${names} did not take the restored files back (${detail}). ` +
        `Check ${names} on the host; the next deploy to this host reloads ${them(failed.length)} again first`,
    );
  }
  const rerun = (u.refreshed ?? []).filter((r) => !r.ok);
  if (rerun.length) {
    const detail = rerun.map((r) => `"${r.title}" (${r.detail ?? 'failed'})`).join(', ');
    parts.push(`${detail} failed when run again; run ${them(rerun.length)} on the host`);
  }
  if (!parts.length) return undefined;
  return {
    outcome: cancelled ? 'cancelled' : 'rolled-back',
    error: `${head}. Every file on the host was restored, but ${parts.join('; and ')}.`,
  };
}

/** The note for a recovered interrupted deploy (an empty string when it had nothing left to undo). */
export function recoveryNote(header: JournalHeader, u: UndoReport, removed: string[]): string {
  const parts: string[] = [];
  if (u.restored.length) parts.push(`restored ${list(u.restored)}`);
  const svcs = u.services.filter((s) => s.ok).map((s) => s.service);
  if (svcs.length) parts.push(`reloaded ${list(svcs)} with the restored files`);
  const rerun = (u.refreshed ?? []).filter((r) => r.ok).map((r) => `"${r.title}"`);
  if (rerun.length) parts.push(`ran ${list(rerun)} again`);
  if (removed.length) parts.push(`removed ${removed.length} temporary upload(s) it left: ${list(removed)}`);
  return `a deploy started ${header.at} was interrupted; before anything else this run ${parts.length ? parts.join('; ') : 'found nothing of it left to undo'}`;
}
