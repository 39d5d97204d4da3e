// Undoing what a deploy changed on a host, from its journal: restores in one batch, then each service that
// had started taking the new files takes the restored ones (units deploy started are stopped again). The
// same code rolls back a failed deploy and finishes the rollback of an interrupted one on the next run.
import { removeJournalScript, type JournalHeader, type Ledger } from '../core/deploy/journal';
import { withoutRecords } from '../core/deploy/records';
import { leftoverScript, parseRemoved } from '../core/deploy/script';
import {
  reactivateSteps,
  recoveryNote,
  refreshSteps,
  settledScript,
  undoComplete,
  undoSteps,
  type UndoReport,
} from '../core/deploy/undo';
import type { Reporter } from './deploy-report';
import { briefStep, type HostSession } from './host-session';

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * `reactivateMs`: the time each service gets to take the restored files back. A reload that already hung
 * gets less than the full command timeout: waiting the full time twice for the same hang helps nobody.
 */
export async function runUndo(
  s: HostSession,
  rep: Reporter,
  header: JournalHeader,
  ledger: Ledger,
  journal: string,
  reactivateMs: number,
): Promise<UndoReport> {
  const report: UndoReport = { restored: [], unrestored: [], services: [] };
  const restores = undoSteps(header, ledger, journal);
  const stepsBefore = ledger.stepsUndone.size;
  for (const r of restores) rep.emit('rollback', r.message);
  try {
    const res = await s.batch(
      restores.map((r) => r.script),
      false,
    );
    for (const d of res.done) {
      ledger.absorb(d.output);
      if (d.rc === 0) report.restored.push(restores[d.index].path);
      else
        report.unrestored.push({
          path: restores[d.index].path,
          detail: briefStep({ ...d, output: withoutRecords(d.output) }),
        });
    }
    if (res.cut)
      return {
        ...report,
        lost: res.cut.message,
        unrestored: [
          ...report.unrestored,
          ...restores.slice(res.done.length).map((r) => ({ path: r.path, detail: 'not run' })),
        ],
      };
    if (ledger.stepsUndone.size > stepsBefore) await refresh(s, rep, header, report);
    await reactivate(s, rep, header, ledger, reactivateMs, report);
  } catch (e) {
    report.lost = (e as Error).message;
    const done = new Set(report.restored);
    report.unrestored.push(
      ...restores
        .filter((r) => !done.has(r.path) && !report.unrestored.some((u) => u.path === r.path))
        .map((r) => ({ path: r.path, detail: 'not confirmed' })),
    );
  }
  return report;
}

/** Host-step state built from the files just put back (the trust store) is rebuilt; a failure is reported. */
async function refresh(s: HostSession, rep: Reporter, header: JournalHeader, report: UndoReport): Promise<void> {
  const steps = refreshSteps(header);
  if (!steps.length) return;
  for (const st of steps) rep.emit('rollback', `running "${st.title}" again`);
  const res = await s.batch(
    steps.map((st) => st.script),
    false,
  );
  const out = (report.refreshed ??= []);
  for (const d of res.done)
    out.push({ title: steps[d.index].title, ok: d.rc === 0, detail: d.rc === 0 ? undefined : briefStep(d) });
  for (const st of steps.slice(res.done.length)) out.push({ title: st.title, ok: false, detail: 'not run' });
}

async function reactivate(
  s: HostSession,
  rep: Reporter,
  header: JournalHeader,
  ledger: Ledger,
  timeoutMs: number,
  report: UndoReport,
): Promise<void> {
  const steps = reactivateSteps(header, ledger);
  for (const st of steps) rep.emit('rollback', `reloading ${st.service}`);
  const res = await s.batch(
    steps.map((st) => st.script),
    false,
    timeoutMs,
  );
  for (const d of res.done)
    report.services.push({
      service: steps[d.index].service,
      ok: d.rc === 0,
      detail: d.rc === 0 ? undefined : briefStep(d),
    });
  const hung = steps[res.done.length];
  if (res.cut && hung) {
    report.services.push({
      service: hung.service,
      ok: false,
      detail: `did not finish within ${seconds(timeoutMs)} and was stopped`,
    });
    for (const st of steps.slice(res.done.length + 1))
      report.services.push({ service: st.service, ok: false, detail: 'not run (an earlier reload hung)' });
  }
}

/** Removes the temp files and the journal once the host is consistent; false when that could not be done. */
export async function settle(s: HostSession, header: JournalHeader, journal: string): Promise<boolean> {
  return s.run(settledScript(header, journal)).then(
    (r) => r.code === 0,
    () => false,
  );
}

/**
 * The next run's half: a journal found on the host is undone before anything else. Returns the note for
 * the result, or throws with what is still left when the host could not be put back.
 */
export async function recoverJournal(
  s: HostSession,
  rep: Reporter,
  header: JournalHeader,
  ledger: Ledger,
  journal: string,
): Promise<string> {
  rep.emit('recover', `a deploy started ${header.at} was interrupted: undoing what it changed (journal ${journal})`);
  const u = await runUndo(s, rep, header, ledger, journal, s.timeoutMs);
  if (!undoComplete(u)) {
    const left = [
      ...u.unrestored.map((x) => `${x.path} (${x.detail})`),
      ...u.services.filter((x) => !x.ok).map((x) => `${x.service}: ${x.detail}`),
    ];
    throw new RecoveryFailed(
      `a deploy started ${header.at} was interrupted, and undoing it failed: ${u.lost ?? left.join('; ')}. ` +
        `Nothing else was changed; the journal ${journal} is kept for the next deploy. Backups are beside each file as *.okd-bak.`,
    );
  }
  // Only what is provably ours: listed in the journal and named the way deploy names its temp files.
  const tmps = header.files.map((f) => f.tmpPath).filter((p) => /\/\.[^/]+\.okd-tmp$/.test(p));
  const stage = header.stage && /^\/tmp\/okd-topology\.[A-Za-z0-9]+$/.test(header.stage) ? header.stage : undefined;
  const r = await s.run(leftoverScript(tmps, stage));
  const removed = parseRemoved(r.stdout);
  const r2 = await s.run(removeJournalScript(journal));
  if (r2.code !== 0)
    throw new RecoveryFailed(
      `the journal ${journal} of an interrupted deploy could not be removed (${briefStep({ index: 0, rc: r2.code ?? -1, output: r2.stderr })})`,
    );
  return recoveryNote(header, u, removed);
}

export class RecoveryFailed extends Error {}
