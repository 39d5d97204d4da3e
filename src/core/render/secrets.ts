// Secrets never enter the rendered output: templates print placeholders, and the adapter that
// needs the real file (CLI `--install-config`, deploy) fills them in at the last moment from
// the files the topology names. The workspace only ever holds the placeholder.
import type { RenderedFile, SecretRef } from './manifest';
import { SECRET_PLACEHOLDER } from './placeholders';

export { SECRET_PLACEHOLDER };
export type { SecretRef };

/** The secrets a rendered file refers to (only those whose placeholder it actually contains). */
export function secretRefs(f: Pick<RenderedFile, 'content'>, t: { pullSecretFile?: string; sshKeyFile?: string }, bmcHosts: string[], extra: SecretRef[] = []): SecretRef[] {
  const refs: SecretRef[] = [
    { placeholder: SECRET_PLACEHOLDER.pullSecret, kind: 'pullSecret', file: t.pullSecretFile },
    { placeholder: SECRET_PLACEHOLDER.sshKey, kind: 'sshKey', file: t.sshKeyFile },
    ...bmcHosts.map((h) => ({ placeholder: SECRET_PLACEHOLDER.bmcPassword(h), kind: 'bmcPassword' as const, host: h })),
    ...extra,
  ];
  return refs.filter((r) => f.content.includes(r.placeholder));
}

/**
 * Replaces placeholders with secret values. Values go inside single-quoted YAML scalars, so
 * quotes are doubled and a JSON pull secret is compacted to one line. A trust bundle (PEM text)
 * goes into a literal block instead: each of its lines gets the placeholder's indentation.
 * Returns the names of secrets that were needed but not given.
 */
export function fillSecrets(content: string, refs: SecretRef[], values: Partial<Record<string, string>>): { content: string; missing: SecretRef[] } {
  const missing: SecretRef[] = [];
  let out = content;
  for (const r of refs) {
    let v = values[r.placeholder];
    if (v === undefined) {
      missing.push(r);
      continue;
    }
    v = v.trim();
    if (r.kind === 'trustBundle') {
      out = fillBlock(out, r.placeholder, v);
      continue;
    }
    if (r.kind === 'pullSecret') {
      try {
        v = JSON.stringify(JSON.parse(v));
      } catch {
        // Not JSON: leave as given; the installer reports it.
      }
    }
    out = out.split(r.placeholder).join(v.replace(/\r?\n/g, ' ').replace(/'/g, "''"));
  }
  return { content: out, missing };
}

/** Puts multi-line text where the placeholder stands, every further line indented to the placeholder's column. */
function fillBlock(content: string, placeholder: string, text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trimEnd());
  return content.split('\n').map((line) => {
    const at = line.indexOf(placeholder);
    if (at < 0) return line;
    // The first line takes the placeholder's place; the others its column (a literal block's indentation).
    const indent = ' '.repeat(at);
    return line.slice(0, at) + lines.map((l, i) => (i === 0 || l === '' ? l : `${indent}${l}`)).join('\n') + line.slice(at + placeholder.length);
  }).join('\n');
}
