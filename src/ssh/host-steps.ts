// Runs a host's planned steps (boot loader copies, registry certificates and htpasswd, SELinux labels)
// after its files are in place and before its services are reloaded. One step at a time, so a failure
// names the step; a secret or an upload's content goes on stdin, never on a command line or in the
// transcript. What the steps made or replaced goes into the host's journal and the deploy's ledger, so the
// rollback (deploy-undo.ts), or the next deploy after an interruption, puts it back.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Ledger } from '../core/deploy/journal';
import type { PackageManager } from '../core/deploy/packages';
import type { PlannedStep } from '../core/deploy/plan-steps';
import { withoutRecords } from '../core/deploy/records';
import { readsStdin, stepChanged, stepHint, stepLabel, stepScript } from '../core/deploy/step-script';
import type { Reporter } from './deploy-report';
import { brief, StepFailed, type HostSession } from './host-session';

/** Secrets steps read on stdin, by their placeholder (SecretRef.placeholder), e.g. the registry password. */
export type StepSecrets = Record<string, string>;

const expandHome = (p: string): string => (p === '~' || p.startsWith('~/') ? homedir() + p.slice(1) : p);

export class StepRunner {
  /** Steps that changed something. */
  changed = 0;

  constructor(
    private readonly steps: PlannedStep[],
    private readonly s: HostSession,
    private readonly rep: Reporter,
    private readonly manager: PackageManager,
    private readonly secrets: StepSecrets = {},
  ) {}

  /**
   * Runs every step in order, recording what each made or replaced in `journal` and `ledger`; the first
   * failure throws a message naming the step and what to do.
   */
  async run(journal: string, ledger: Ledger, checkAbort: () => void): Promise<void> {
    for (const ps of this.steps) {
      checkAbort();
      this.rep.emit('step', stepLabel(ps));
      const input = this.input(ps);
      const script = stepScript(ps, journal, input.sha256);
      const r = await this.s.run(script, input.stdin, this.s.timeoutMs, { quiet: input.secret });
      ledger.absorb(r.stdout);
      if (r.code !== 0) {
        const detail = input.secret ? `exit ${r.code ?? r.signal}` : brief({ ...r, stdout: withoutRecords(r.stdout) });
        throw new StepFailed(`host step "${stepLabel(ps)}" failed (${detail}); ${stepHint(ps.step, this.manager)}`);
      }
      if (stepChanged(r.stdout)) this.changed++;
    }
  }

  /** What the step reads on stdin: the secret it names, or the upload's local file. */
  private input(ps: PlannedStep): { stdin?: string; sha256?: string; secret: boolean } {
    const st = ps.step;
    if (!readsStdin(st)) return { secret: false };
    if (st.kind === 'upload') {
      let content: string;
      try {
        content = readFileSync(expandHome(st.local), 'utf8');
      } catch (e) {
        throw new StepFailed(
          `host step "${stepLabel(ps)}": cannot read ${st.local} on this machine (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
      this.rep.secrets.push(content.trim());
      return { stdin: content, sha256: createHash('sha256').update(content).digest('hex'), secret: true };
    }
    const ref = st.kind === 'command' ? st.stdin : undefined;
    const value = ref ? this.secrets[ref.placeholder] : undefined;
    if (value === undefined) {
      throw new StepFailed(
        `host step "${stepLabel(ps)}" needs the ${ref?.kind ?? 'secret'} on its standard input, and none was given ` +
          '(CLI: set OKD_REGISTRY_PASSWORD or answer the prompt; editor: answer the password box)',
      );
    }
    this.rep.secrets.push(value);
    return { stdin: `${value}\n`, secret: true };
  }
}
