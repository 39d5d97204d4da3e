// ~/.ssh/config, the subset deploy needs: Host blocks with patterns (*, ?, !negation), HostName, User,
// Port, IdentityFile, ProxyJump, UserKnownHostsFile, Include. OpenSSH semantics: the first value
// obtained for a keyword wins, IdentityFile accumulates.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface SshConfigEntry {
  patterns: string[];
  options: [string, string][];
}

export interface ResolvedHost {
  alias: string;
  hostname?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  userKnownHostsFile?: string;
  identitiesOnly?: boolean;
}

function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]);
  return out;
}

export function parseSshConfig(text: string, readInclude?: (pattern: string) => string[]): SshConfigEntry[] {
  const entries: SshConfigEntry[] = [{ patterns: ['*'], options: [] }];
  let skip = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const args = tokens(m[2]);
    if (key === 'host') {
      entries.push({ patterns: args, options: [] });
      skip = false;
    } else if (key === 'match') {
      // Match conditions (exec, canonical...) are not evaluated: their options are ignored, never guessed.
      skip = true;
    } else if (key === 'include' && readInclude) {
      const cur = entries[entries.length - 1];
      for (const pat of args) {
        for (const inc of readInclude(pat)) {
          for (const e of parseSshConfig(inc, readInclude)) {
            if (e.patterns.length === 1 && e.patterns[0] === '*' && e.options.length && !skip)
              for (const o of e.options) cur.options.push(o);
            else if (e.options.length) entries.push(e);
          }
        }
      }
    } else if (!skip) entries[entries.length - 1].options.push([key, args.join(' ')]);
  }
  return entries;
}

function globToRegExp(p: string): RegExp {
  return new RegExp(
    '^' +
      p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
    'i',
  );
}

export function hostMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const p of patterns.flatMap((x) => x.split(','))) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(host)) return false;
    } else if (globToRegExp(p).test(host)) matched = true;
  }
  return matched;
}

function expandTokens(v: string, alias: string, r: ResolvedHost, home: string): string {
  let out = v.replace(/^~(?=\/|$)/, home);
  out = out.replace(/%(.)/g, (m, c: string) => {
    if (c === 'h') return r.hostname ?? alias;
    if (c === 'n') return alias;
    if (c === 'r') return r.user ?? '';
    if (c === 'p') return String(r.port ?? 22);
    if (c === 'd') return home;
    if (c === '%') return '%';
    return m;
  });
  return out;
}

export function resolveHost(entries: SshConfigEntry[], alias: string, home = homedir()): ResolvedHost {
  const r: ResolvedHost = { alias, identityFiles: [] };
  const seen = new Set<string>();
  const rawIds: string[] = [];
  for (const e of entries) {
    if (!hostMatches(e.patterns, alias)) continue;
    for (const [k, v] of e.options) {
      if (k === 'identityfile') {
        rawIds.push(v);
        continue;
      }
      if (seen.has(k)) continue;
      seen.add(k);
      if (k === 'hostname') r.hostname = v;
      else if (k === 'user') r.user = v;
      else if (k === 'port') r.port = Number(v);
      else if (k === 'proxyjump') r.proxyJump = v.toLowerCase() === 'none' ? undefined : v;
      else if (k === 'userknownhostsfile') r.userKnownHostsFile = v.split(/\s+/)[0];
      else if (k === 'identitiesonly') r.identitiesOnly = v.toLowerCase() === 'yes';
    }
  }
  if (r.hostname) r.hostname = expandTokens(r.hostname, alias, { ...r, hostname: undefined }, home);
  r.identityFiles = rawIds.map((v) => expandTokens(v, alias, r, home));
  if (r.userKnownHostsFile) r.userKnownHostsFile = expandTokens(r.userKnownHostsFile, alias, r, home);
  return r;
}

/** Reads ~/.ssh/config (or the given file), following Include relative to ~/.ssh. Missing file: no options. */
export function loadSshConfig(file = join(homedir(), '.ssh', 'config')): SshConfigEntry[] {
  if (!existsSync(file)) return [{ patterns: ['*'], options: [] }];
  const sshDir = join(homedir(), '.ssh');
  const readInclude = (pattern: string): string[] => {
    const p = pattern.replace(/^~(?=\/)/, homedir());
    const full = isAbsolute(p) ? p : join(sshDir, p);
    if (/[*?]/.test(full)) {
      const dir = full.slice(0, full.lastIndexOf('/'));
      const re = globToRegExp(full.slice(full.lastIndexOf('/') + 1));
      try {
        const names = readdirSync(dir)
          .filter((n) => re.test(n))
          .sort();
        return names.map((n) => readFileSync(join(dir, n), 'utf8'));
      } catch {
        return [];
      }
    }
    return existsSync(full) ? [readFileSync(full, 'utf8')] : [];
  };
  return parseSshConfig(readFileSync(file, 'utf8'), readInclude);
}
