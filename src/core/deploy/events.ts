// What a deploy reports while it runs and when it ends; shared by the CLI and the editor.

export type DeployPhase =
  | 'connect'
  | 'probe'
  | 'recover'
  | 'install'
  | 'upload'
  | 'validate'
  | 'swap'
  | 'step'
  | 'reload'
  | 'health'
  | 'apply'
  | 'metallb'
  | 'rollback'
  | 'done';

export interface DeployEvent {
  host: string;
  phase: DeployPhase;
  message: string;
}

export type HostOutcome =
  /** Files changed, validated, swapped, reloaded and healthy. */
  | 'deployed'
  /** Everything already matched; nothing was touched. */
  | 'unchanged'
  /** Dry run: these files would change. */
  | 'would-change'
  /** Failed before anything was swapped: the host was not modified. */
  | 'failed'
  /** Failed after swapping: every file was restored (the error says whether each service took them back). */
  | 'rolled-back'
  /** Cancelled: the host is as it was before (nothing swapped, or rolled back). */
  | 'cancelled'
  /** Rollback itself failed (connection lost...): the message lists what to restore by hand. */
  | 'inconsistent';

export interface HostResult {
  host: string;
  outcome: HostOutcome;
  /** Remote paths that differ (or differed) from the rendered files. */
  changed: string[];
  /** What failed, in one paragraph, secrets redacted. */
  error?: string;
  /** What else happened on the host: an interrupted deploy finished or rolled back, packages installed or missing. */
  notes?: string[];
  ms: number;
}

export function summarize(results: HostResult[]): string {
  const lines = results.map((r) => {
    const files = r.changed.length ? ` (${r.changed.length} file${r.changed.length === 1 ? '' : 's'})` : '';
    const notes = (r.notes ?? []).map((n) => `\n    note: ${n}`).join('');
    return `  ${r.host}: ${r.outcome}${files}${r.error ? `\n    ${r.error.replace(/\n/g, '\n    ')}` : ''}${notes}`;
  });
  const bad = results.filter((r) => !['deployed', 'unchanged', 'would-change'].includes(r.outcome)).length;
  return (
    `${lines.join('\n')}\n${results.length - bad} of ${results.length} host(s) ok` +
    (bad ? `, ${bad} not deployed` : '')
  );
}

export function deploySucceeded(results: HostResult[]): boolean {
  return results.every((r) => ['deployed', 'unchanged', 'would-change'].includes(r.outcome));
}
