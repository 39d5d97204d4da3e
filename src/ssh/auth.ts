// Client authentication in OpenSSH's order: ssh-agent, then each key file, read (and its passphrase asked)
// only when reached. Every key that could not be offered is remembered with the reason, so a failure says
// which key, why, and what to do instead of "no key was available".
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { utils, type AnyAuthMethod, type AuthenticationType, type NextAuthHandler } from 'ssh2';
import { SshError } from './errors';

export function shortPath(p: string): string {
  const h = homedir();
  return p.startsWith(h + '/') ? '~' + p.slice(h.length) : p;
}

export interface AuthInput {
  user: string;
  label: string;
  /** ssh-agent socket; false: the agent is not to be used. */
  agent: string | false | undefined;
  identityFiles: string[];
  passphrase?: (keyFile: string) => Promise<string | undefined>;
  log?: (line: string) => void;
}

type Method = () => Promise<AnyAuthMethod | undefined>;

export class Auth {
  /** Offered to the server (it accepted none of them if authentication fails). */
  private readonly offered: string[] = [];
  /** Not offered, with the reason. */
  private readonly skipped: { key: string; why: string; encrypted?: boolean }[] = [];
  private readonly missing: string[] = [];
  private readonly queue: Method[] = [];
  /** An error that ends authentication at once (a wrong passphrase). */
  error?: SshError;

  constructor(private readonly a: AuthInput) {
    if (a.agent && existsSync(a.agent)) {
      this.queue.push(async () => {
        this.offered.push('the keys in ssh-agent');
        return { type: 'agent', username: a.user, agent: a.agent as string };
      });
    }
    for (const file of a.identityFiles) this.queue.push(() => this.keyFile(file));
  }

  /** ssh2's authHandler: the next method, or false when none is left. */
  handler = (_left: AuthenticationType[], _partial: boolean, next: NextAuthHandler): void => {
    const step = async (): Promise<void> => {
      for (let f = this.queue.shift(); f; f = this.queue.shift()) {
        const m = await f();
        if (m) return next(m);
      }
      next(false as unknown as AuthenticationType);
    };
    step().catch((e: unknown) => {
      this.error = e instanceof SshError ? e : new SshError('auth', String(e));
      next(false as unknown as AuthenticationType);
    });
  };

  private async keyFile(file: string): Promise<AnyAuthMethod | undefined> {
    if (!existsSync(file)) {
      this.missing.push(shortPath(file));
      return undefined;
    }
    const data = readFileSync(file);
    let parsed = utils.parseKey(data);
    let passphrase: string | undefined;
    if (parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message)) {
      passphrase = await this.a.passphrase?.(file);
      if (passphrase === undefined) {
        this.skipped.push({
          key: shortPath(file),
          why: 'is protected by a passphrase, and none was given',
          encrypted: true,
        });
        return undefined;
      }
      parsed = utils.parseKey(data, passphrase);
      if (parsed instanceof Error) throw new SshError('auth', `${shortPath(file)}: wrong passphrase`);
    }
    if (parsed instanceof Error) {
      this.a.log?.(`${shortPath(file)}: not a usable private key (${parsed.message})`);
      this.skipped.push({ key: shortPath(file), why: `is not a usable private key (${parsed.message})` });
      return undefined;
    }
    this.offered.push(shortPath(file));
    return { type: 'publickey', username: this.a.user, key: data, passphrase };
  }

  private agentState(): string {
    const a = this.a.agent;
    if (a === false) return 'ssh-agent is not used here';
    if (!a) return 'no ssh-agent is running (SSH_AUTH_SOCK is not set)';
    return existsSync(a) ? '' : `the ssh-agent socket ${a} does not exist`;
  }

  /** Why authentication failed, which key, and what to do. */
  failure(): SshError {
    const { label, user } = this.a;
    const facts: string[] = [];
    if (this.offered.length) facts.push(`the server accepted none of ${this.offered.join(', ')}`);
    for (const s of this.skipped) facts.push(`${s.key} ${s.why}`);
    const agent = this.agentState();
    if (!this.offered.length && agent) facts.push(agent);
    if (this.missing.length && !this.offered.length && !this.skipped.length)
      facts.push(`no key file exists (looked for ${this.missing.join(', ')})`);
    const todo: string[] = [];
    const locked = this.skipped.filter((s) => s.encrypted).map((s) => s.key);
    if (locked.length) {
      todo.push(
        `load the key into an agent (eval "$(ssh-agent)"; ssh-add ${locked.join(' ')}) so deploy can use it without asking, or run deploy where it can ask for the passphrase (a terminal, or the editor)`,
      );
    }
    if (this.offered.length || !locked.length) {
      todo.push(
        `put your public key in ~${user}/.ssh/authorized_keys on the host, or name the right key with IdentityFile in ~/.ssh/config`,
      );
    }
    const what = facts.join('; ') || 'no key could be offered';
    return new SshError('auth', `${label}: authentication failed: ${what}. To fix: ${todo.join('; or ')}.`);
  }
}
