// One long-lived remote `sh` per host for the deploy's scripts. Every exec channel costs the host a session
// and a login shell (which sources the user's shell startup files); a host's probe, batch, cleanup and
// rollback all run in this one instead. Each script runs in a subshell with stdin from /dev/null (so no
// command can swallow the next script) and is followed by a marker carrying a nonce and the exit status.
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { ConnectionLostError, type ExecResult } from './session';

const MAX_OUTPUT = 1 << 20;

export class RemoteShell {
  private out = '';
  private err = '';
  private closed?: { code: number | null | undefined; signal?: string };
  private waiter?: () => void;
  private queue: Promise<unknown> = Promise.resolve();

  /** The shell's process group (every command it starts is in it), once the shell has said. */
  private pgid?: number;
  /** The kill of a timed-out script's processes while it is on its way: the connection must outlive it. */
  private killing?: Promise<void>;
  /** Output of the running script as it arrives (progress of a long wait). */
  private onOutput?: (text: string) => void;

  /**
   * `kill` ends a process group on the host over another channel: closing this channel does not
   * stop a hung command (sshd only closes its pipes), so a timed-out script's processes are killed
   * by their group.
   */
  constructor(
    private stream: ClientChannel,
    private label: string,
    private lost: () => Error | undefined,
    private kill?: (pgid: number) => Promise<void>,
  ) {
    stream.on('data', (d: Buffer) => {
      this.out += d.toString('utf8');
      this.onOutput?.(d.toString('utf8'));
      if (this.pgid === undefined) this.takePgid();
      this.waiter?.();
    });
    // Linux: field 5 of /proc/PID/stat is the process group. Without /proc the tag comes back empty
    // and a timeout only closes the channel.
    stream.write(
      `okd_g=; { read -r _ _ _ _ okd_g _ < /proc/$$/stat; } 2>/dev/null; printf '@@okd-pgid %s\\n' "$okd_g"\n`,
    );
    stream.stderr.on('data', (d: Buffer) => {
      if (this.err.length < MAX_OUTPUT) this.err += d.toString('utf8');
      this.waiter?.();
    });
    stream.on('close', (code: number | null | undefined, signal?: string) => {
      this.closed = { code, signal };
      this.waiter?.();
    });
    stream.on('error', () => undefined);
  }

  private takePgid(): void {
    const m = /^@@okd-pgid (\d*)\n/.exec(this.out);
    if (!m) return;
    this.out = this.out.slice(m[0].length);
    const n = Number(m[1]);
    // Never 0 or 1 (kill -- -1 means every process the user may signal).
    this.pgid = Number.isInteger(n) && n > 1 ? n : 0;
  }

  /** False once the shell has ended (killed after a timeout, refused by sudo, connection gone). */
  get alive(): boolean {
    return !this.closed && !this.lost();
  }

  /**
   * Ends the shell the way it ends a script file: EOF on its stdin. Waiting for it to exit (at most
   * `waitMs`) lets sshd reap it, rather than leaving it to be killed when the connection drops.
   */
  async close(waitMs = 2000): Promise<void> {
    if (this.closed) return;
    const gone = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.stream.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.stream.end();
    await gone;
  }

  /** Resolves once the processes of a timed-out script have been killed (at once if none timed out). */
  killed(): Promise<void> {
    return this.killing ?? Promise.resolve();
  }

  /** Runs one script; resolves like SshConnection.exec (never throws for a non-zero exit). */
  /** `onOutput` sees the output as it arrives (the end marker included: callers pick the lines they want). */
  run(script: string, timeoutMs?: number, onOutput?: (text: string) => void): Promise<ExecResult> {
    const next = this.queue.then(() => this.runNow(script, timeoutMs, onOutput));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runNow(script: string, timeoutMs?: number, onOutput?: (text: string) => void): Promise<ExecResult> {
    const lost = this.lost();
    if (lost) return Promise.reject(lost);
    if (this.closed) return Promise.reject(new ConnectionLostError(`${this.label}: the remote shell has ended`));
    const nonce = randomBytes(8).toString('hex');
    const marker = new RegExp(`\\n@@okd-end-${nonce} (\\d+)\\n`);
    this.out = '';
    this.err = '';
    this.onOutput = onOutput;
    return new Promise<ExecResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: ExecResult | Error): void => {
        if (timer) clearTimeout(timer);
        this.waiter = undefined;
        this.onOutput = undefined;
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      this.waiter = (): void => {
        const m = marker.exec(this.out);
        if (m) {
          const stdout = this.out.slice(0, m.index);
          this.out = this.out.slice(m.index + m[0].length);
          return finish({ code: Number(m[1]), stdout, stderr: this.err });
        }
        if (!this.closed) return;
        // The shell ended before the marker: the connection dropped, or the shell never started (sudo refused).
        const { code, signal } = this.closed;
        const gone = this.lost();
        if (gone || code === undefined || (code === null && !signal)) {
          return finish(gone ?? new ConnectionLostError(`${this.label}: connection lost while running a command`));
        }
        finish({ code, signal, stdout: this.out, stderr: this.err });
      };
      if (timeoutMs) {
        timer = setTimeout(() => {
          // Kill the shell and what it runs; the next script gets a fresh shell.
          this.closed ??= { code: null, signal: 'TIMEOUT' };
          this.waiter = undefined;
          this.onOutput = undefined;
          this.stream.signal('KILL');
          this.stream.close();
          if (this.pgid && this.kill) this.killing = this.kill(this.pgid).catch(() => undefined);
          resolve({
            code: null,
            signal: 'TIMEOUT',
            stdout: this.out,
            stderr: `${this.err}\n(timed out after ${timeoutMs} ms)`,
          });
        }, timeoutMs);
      }
      this.stream.write(`(\n${script}\n) </dev/null 2>&1; printf '\\n@@okd-end-${nonce} %d\\n' "$?"\n`);
      this.waiter();
    });
  }
}
