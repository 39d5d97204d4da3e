// An open SSH connection: commands with captured output, SFTP uploads, TCP checks made from the host.
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 1 << 20;

export class ConnectionLostError extends Error {}

export class SshConnection {
  private sftpSession?: Promise<SFTPWrapper>;
  private lost?: Error;
  /** Rejecters of operations in flight: a dropped connection must fail them, not leave them hanging. */
  private pending = new Set<(e: Error) => void>();

  constructor(
    private client: Client,
    private chain: Client[],
    public readonly user: string,
    public readonly label: string,
  ) {
    const onGone = (e?: Error): void => {
      this.lost ??= new ConnectionLostError(`${label}: connection lost${e?.message ? ` (${e.message})` : ''}`);
      for (const rej of this.pending) rej(this.lost);
      this.pending.clear();
    };
    client.on('close', () => onGone());
    client.on('error', (e: Error) => onGone(e));
  }

  get isRoot(): boolean {
    return this.user === 'root';
  }

  /** Runs one command line; never throws for a non-zero exit, only when the connection fails. */
  exec(command: string, opts: { stdin?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    if (this.lost) return Promise.reject(this.lost);
    return this.track((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err)
          return reject(this.lost ?? new ConnectionLostError(`${this.label}: cannot run a command: ${err.message}`));
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const timer = opts.timeoutMs
          ? setTimeout(() => {
              timedOut = true;
              stream.signal('KILL');
              stream.close();
            }, opts.timeoutMs)
          : undefined;
        stream.on('data', (d: Buffer) => {
          if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
        });
        stream.stderr.on('data', (d: Buffer) => {
          if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
        });
        stream.on('close', (code: number | null, signal?: string) => {
          if (timer) clearTimeout(timer);
          if (timedOut)
            return resolve({
              code: null,
              signal: 'TIMEOUT',
              stdout,
              stderr: stderr + `\n(timed out after ${opts.timeoutMs} ms)`,
            });
          // A channel closed without an exit status means the connection went away mid-command.
          if (code === undefined || (code === null && !signal)) {
            return reject(
              this.lost ?? new ConnectionLostError(`${this.label}: connection lost while running a command`),
            );
          }
          resolve({ code, signal, stdout, stderr });
        });
        stream.on('error', (e: Error) => reject(this.lost ?? e));
        if (opts.stdin !== undefined) stream.end(opts.stdin);
        else stream.end();
      });
    });
  }

  /** Opens an exec channel for a long-lived command the caller drives (see RemoteShell). */
  openChannel(command: string): Promise<ClientChannel> {
    if (this.lost) return Promise.reject(this.lost);
    return this.track((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) reject(this.lost ?? new ConnectionLostError(`${this.label}: cannot start a shell: ${err.message}`));
        else resolve(stream);
      });
    });
  }

  /** The error that ended the connection, if it has ended. */
  get lostError(): Error | undefined {
    return this.lost;
  }

  private track<T>(body: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const rej = (e: Error): void => reject(e);
      this.pending.add(rej);
      body(
        (v) => {
          this.pending.delete(rej);
          resolve(v);
        },
        (e) => {
          this.pending.delete(rej);
          reject(e);
        },
      );
    });
  }

  private sftp(): Promise<SFTPWrapper> {
    // Tracked like every other request: a connection dropped while the subsystem starts must fail the upload, not hang it.
    this.sftpSession ??= this.track((resolve, reject) => {
      this.client.sftp((err, s) =>
        err ? reject(this.lost ?? new Error(`${this.label}: SFTP is not available: ${err.message}`)) : resolve(s),
      );
    });
    return this.sftpSession;
  }

  /**
   * Writes a whole file by SFTP, created 0600; with `mode`, the handle is then given that mode before it is
   * closed (fchmod, so the server's umask cannot change it and no chmod process is needed on the host).
   * `onOpen` is called once the file has been created.
   */
  async writeFile(path: string, content: string | Buffer, mode?: number, onOpen?: () => void): Promise<void> {
    if (this.lost) throw this.lost;
    const sftp = await this.sftp();
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const fail = (err: Error): Error =>
      this.lost ?? new Error(`${this.label}: upload of ${path} failed: ${err.message}`);
    await this.track<void>((resolve, reject) => {
      sftp.open(path, 'w', { mode: 0o600 }, (err, handle) => {
        if (err) return reject(fail(err));
        // From here the file exists on the host: the caller knows what a lost connection leaves behind.
        onOpen?.();
        const finish = (first?: Error): void => {
          // fchmod and close travel together; the server answers them in order.
          let pending = mode === undefined ? 1 : 2;
          let error = first;
          const done = (e?: Error | null): void => {
            error ??= e ?? undefined;
            if (--pending > 0) return;
            if (error) reject(fail(error));
            else resolve();
          };
          if (mode !== undefined) {
            if (first) pending--;
            else sftp.fchmod(handle, mode, done);
          }
          sftp.close(handle, done);
        };
        if (data.length === 0) return finish();
        sftp.write(handle, data, 0, data.length, 0, (e) => finish(e ?? undefined));
      });
    });
  }

  /** Opens a TCP connection from the host itself (direct-tcpip), so no shell or netcat is needed. */
  tcpCheck(address: string, port: number, timeoutMs = 5000): Promise<{ ok: boolean; error?: string }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: 'timed out' }), timeoutMs);
      this.client.forwardOut('127.0.0.1', 0, address, port, (err, stream) => {
        clearTimeout(timer);
        if (err) return resolve({ ok: false, error: err.message });
        stream.on('error', () => undefined);
        stream.close();
        resolve({ ok: true });
      });
    });
  }

  /**
   * Sends `request` to a Unix socket on the host and returns everything it answers until it closes
   * (OpenSSH stream-local forwarding: no socat or nc needed on the host). Used for HAProxy's stats socket.
   */
  askUnixSocket(socketPath: string, request: string, timeoutMs = 5000): Promise<string> {
    if (this.lost) return Promise.reject(this.lost);
    return this.track((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${socketPath}: no answer within ${timeoutMs} ms`)), timeoutMs);
      this.client.openssh_forwardOutStreamLocal(socketPath, (err, stream) => {
        if (err) {
          clearTimeout(timer);
          return reject(new Error(`cannot open ${socketPath} (${err.message})`));
        }
        let out = '';
        stream.on('data', (d: Buffer) => {
          if (out.length < MAX_OUTPUT) out += d.toString('utf8');
        });
        stream.on('error', () => undefined);
        stream.on('close', () => {
          clearTimeout(timer);
          resolve(out);
        });
        stream.end(request);
      });
    });
  }

  close(): void {
    this.client.end();
    for (const c of [...this.chain].reverse()) c.end();
  }
}
