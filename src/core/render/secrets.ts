// Secrets never enter the rendered output: templates print placeholders, and the adapter that
// needs the real file (CLI `--install-config`, deploy) fills them in at the last moment from
// the files the topology names. The workspace only ever holds the placeholder.
import { dump } from 'js-yaml';
import type { RenderedFile, SecretRef } from './manifest';
import { SECRET_PLACEHOLDER } from './placeholders';

export { SECRET_PLACEHOLDER };
export type { SecretRef };

/** The secrets a rendered file refers to (only those whose placeholder it actually contains). */
export function secretRefs(
  f: Pick<RenderedFile, 'content'>,
  t: { pullSecretFile?: string; sshKeyFile?: string },
  bmcHosts: string[],
  extra: SecretRef[] = [],
): SecretRef[] {
  const refs: SecretRef[] = [
    { placeholder: SECRET_PLACEHOLDER.pullSecret, kind: 'pullSecret', file: t.pullSecretFile },
    { placeholder: SECRET_PLACEHOLDER.sshKey, kind: 'sshKey', file: t.sshKeyFile },
    ...bmcHosts.map((h) => ({ placeholder: SECRET_PLACEHOLDER.bmcPassword(h), kind: 'bmcPassword' as const, host: h })),
    ...extra,
  ];
  return refs.filter((r) => f.content.includes(r.placeholder));
}

/** Key types a public key line can start with (OpenSSH's authorized_keys types, certificates excluded). */
export const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;

/**
 * The key type a public key blob names, when the blob is well formed: length-prefixed fields that
 * cover it exactly, the type first, then key material (at least one field, 32 bytes or more in all).
 */
function blobType(b64: string): string | undefined {
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    return undefined;
  }
  const fields: string[] = [];
  let at = 0;
  while (at < bin.length) {
    if (at + 4 > bin.length) return undefined;
    const len =
      ((bin.charCodeAt(at) << 24) |
        (bin.charCodeAt(at + 1) << 16) |
        (bin.charCodeAt(at + 2) << 8) |
        bin.charCodeAt(at + 3)) >>>
      0;
    if (at + 4 + len > bin.length) return undefined;
    fields.push(bin.slice(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (fields.length < 2 || fields[0].length === 0 || fields[0].length > 64) return undefined;
  return bin.length - 4 - fields[0].length >= 32 ? fields[0] : undefined;
}

/**
 * Why `text` is not one SSH public key, or undefined when it is: exactly one line holding a key
 * type, the base64 key whose blob names that same type, and an optional printable comment. A private
 * key is named as such, so the message can say to point at the .pub file instead.
 */
export function sshPublicKeyProblem(text: string): { privateKey: boolean; reason: string } | undefined {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|^PuTTY-User-Key-File-/m.test(text))
    return { privateKey: true, reason: 'it is a private key' };
  const line = text.trim();
  if (line.trim() === '') return { privateKey: false, reason: 'it is empty' };
  if (/[\r\n]/.test(line)) return { privateKey: false, reason: 'it has more than one line' };
  const m = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: ([\x20-\x7e\u00a0-\u2027\u202a-\ufeff]*))?$/.exec(line);
  if (!m) return { privateKey: false, reason: 'it is not "TYPE BASE64-KEY [COMMENT]" on one line' };
  if (!(SSH_KEY_TYPES as readonly string[]).includes(m[1]))
    return {
      privateKey: false,
      reason: `"${m[1].slice(0, 40)}" is not a public key type (${SSH_KEY_TYPES.join(', ')})`,
    };
  if (blobType(m[2]) !== m[1]) return { privateKey: false, reason: `its base64 key is not a ${m[1]} key` };
  return undefined;
}

/** Why `text` is not a pull secret (a JSON object with an "auths" object), or undefined. */
export function pullSecretProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return 'it is a private key';
  try {
    const v = JSON.parse(text) as { auths?: unknown };
    if (v && typeof v === 'object' && v.auths && typeof v.auths === 'object' && !Array.isArray(v.auths))
      return undefined;
  } catch {
    return 'it is not JSON';
  }
  return 'it has no "auths" object';
}

/**
 * Why `text` is not a CA bundle for additionalTrustBundle (one or more PEM certificates, nothing
 * private), or undefined. The CA is not secret, but it is read and filled in like the secrets.
 */
export function trustBundleProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return 'it holds a private key';
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0) return 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
  return undefined;
}

/** One secret as a one-line YAML scalar, through the YAML emitter (quotes and control characters escaped). */
export function yamlScalar(v: string): string {
  const out = dump(v, { lineWidth: -1, forceQuotes: true, quoteStyle: 'single' }).trimEnd();
  return out.includes('\n') ? JSON.stringify(v) : out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces placeholders with secret values. Each value becomes one emitted YAML scalar that takes
 * the place of the placeholder together with the quotes the template put around it, so no value
 * can add a key or a document whatever it holds. A JSON pull secret is compacted to one line; a
 * multi-line value (the registry's CA) becomes a double-quoted scalar with its newlines escaped.
 * Returns the names of secrets that were needed but not given.
 */
export function fillSecrets(
  content: string,
  refs: SecretRef[],
  values: Partial<Record<string, string>>,
): { content: string; missing: SecretRef[] } {
  const missing: SecretRef[] = [];
  let out = content;
  for (const r of refs) {
    let v = values[r.placeholder];
    if (v === undefined) {
      missing.push(r);
      continue;
    }
    if (r.kind !== 'bmcPassword') v = v.trim();
    if (r.kind === 'pullSecret') {
      try {
        v = JSON.stringify(JSON.parse(v));
      } catch {
        // Not JSON: emitted as it is (callers check pullSecretProblem first).
      }
    }
    const scalar = yamlScalar(v);
    const ph = escapeRe(r.placeholder);
    out = out.replace(new RegExp(`'${ph}'|"${ph}"|${ph}`, 'g'), () => scalar);
  }
  return { content: out, missing };
}
