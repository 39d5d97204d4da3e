// The commands of one host's deploy: scripts run in one long-lived root shell (sudo -n for other users),
// a command that reads stdin (oc/kubectl apply -f -) gets an exec channel of its own, and a batch of
// steps is one script whose per-step results come back as values.
import { randomBytes } from 'node:crypto';
import { withoutRecords } from '../core/deploy/records';
import { asRoot, batchScript, batchTail, parseBatch, type BatchStep } from '../core/deploy/script';
import type { ExecResult, SshConnection } from './session';
import { RemoteShell } from './shell';

export class StepFailed extends Error {}

export interface RunOptions {
  quiet?: boolean;
  onOutput?: (text: string) => void;
}

/** The result of a batch: the steps that ran (the last one failed if its rc is not 0). */
export interface BatchResult {
  done: BatchStep[];
  /** The script ended before every step ran while the last one had succeeded (a timeout): why, and what the unfinished step printed. */
  cut?: { message: string; tail: string; timedOut: boolean };
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-12).join('\n');
}

export function brief(r: ExecResult): string {
  const t = tail(r.stderr) || tail(r.stdout);
  return `exit ${r.code ?? r.signal}${t ? `: ${t}` : ''}`;
}

export function briefStep(s: BatchStep): string {
  const t = tail(withoutRecords(s.output));
  return `exit ${s.rc}${t ? `: ${t}` : ''}`;
}

export class HostSession {
  private shell?: RemoteShell;
  readonly sudo: boolean;

  constructor(
    readonly conn: SshConnection,
    private readonly log: (line: string) => void,
    readonly timeoutMs: number,
  ) {
    this.sudo = !conn.isRoot;
  }

  /** `quiet`: the output may hold a secret, so a failure logs only the exit status; `onOutput`: output as it arrives (shell scripts only). */
  async run(script: string, stdin?: string, timeoutMs = this.timeoutMs, opts: RunOptions = {}): Promise<ExecResult> {
    const { quiet = false, onOutput } = opts;
    let r: ExecResult;
    if (stdin !== undefined) {
      const cmd = asRoot(script, this.sudo);
      this.log(`$ ${cmd}`);
      r = await this.conn.exec(cmd, { stdin, timeoutMs });
    } else {
      const shell = await this.openShell();
      this.log(`$ ${script}`);
      r = await shell.run(script, timeoutMs, onOutput);
    }
    if (r.code !== 0) this.log(`  ${quiet ? `exit ${r.code ?? r.signal} (output not shown)` : brief(r)}`);
    if (r.code !== 0 && this.sudo && /sudo: a (terminal|password) is required/.test(r.stderr)) {
      throw new StepFailed(
        `${this.conn.label} is not root, and its sudo would prompt (deploy never answers prompts); allow this user NOPASSWD sudo, or connect as root`,
      );
    }
    return r;
  }

  async mustRun(what: string, script: string, stdin?: string, timeoutMs = this.timeoutMs): Promise<ExecResult> {
    const r = await this.run(script, stdin, timeoutMs);
    if (r.code !== 0) throw new StepFailed(`${what} failed (${brief(r)})`);
    return r;
  }

  /** Runs steps as one script; a lost connection rejects, a timeout resolves with `cut`. */
  async batch(steps: string[], stopOnFailure = true, timeoutMs = this.timeoutMs): Promise<BatchResult> {
    if (steps.length === 0) return { done: [] };
    const nonce = randomBytes(8).toString('hex');
    const r = await this.run(batchScript(steps, nonce, stopOnFailure), undefined, timeoutMs);
    const done = parseBatch(r.stdout, nonce);
    for (const s of done) if (s.rc !== 0) this.log(`  step ${s.index}: ${briefStep(s)}`);
    const last = done[done.length - 1];
    if ((!last || last.rc === 0) && done.length < steps.length) {
      const timedOut = r.signal === 'TIMEOUT';
      return {
        done,
        cut: {
          message: `${this.conn.label}: a remote command ended early (${brief(r)})`,
          tail: batchTail(r.stdout, nonce),
          timedOut,
        },
      };
    }
    return { done };
  }

  async close(): Promise<void> {
    // A deploy that stops right after a timeout must not close the connection before the kill has run.
    await this.shell?.killed();
    if (this.shell?.alive) await this.shell.close();
    this.conn.close();
  }

  private async openShell(): Promise<RemoteShell> {
    if (this.shell?.alive) return this.shell;
    const start = asRoot('exec sh', this.sudo);
    this.log(`$ ${start}`);
    // A script that times out is stopped with everything it started (a hung reload must not
    // go on running on the host after deploy has rolled back).
    const kill = async (pgid: number): Promise<void> => {
      const cmd = asRoot(`kill -KILL -- -${Math.trunc(pgid)}`, this.sudo);
      this.log(`$ ${cmd}`);
      await this.conn.exec(cmd, { timeoutMs: 10000 });
    };
    this.shell = new RemoteShell(await this.conn.openChannel(start), this.conn.label, () => this.conn.lostError, kill);
    return this.shell;
  }
}
