// Secrets never enter the rendered output: templates print placeholders, and the adapter that
// needs the real file (CLI `--install-config`, deploy) fills them in at the last moment from
// the files the topology names. The workspace only ever holds the placeholder.
import type { RenderedFile } from './manifest';
import { SECRET_PLACEHOLDER } from './view-cluster';

export { SECRET_PLACEHOLDER };

export interface SecretRef {
  placeholder: string;
  kind: 'pullSecret' | 'sshKey' | 'bmcPassword';
  /** File to read it from (as written in the topology, `~` not expanded). */
  file?: string;
  host?: string;
}

/** The secrets a rendered file refers to (only those whose placeholder it actually contains). */
export function secretRefs(f: Pick<RenderedFile, 'content'>, t: { pullSecretFile?: string; sshKeyFile?: string }, bmcHosts: string[]): SecretRef[] {
  const refs: SecretRef[] = [
    { placeholder: SECRET_PLACEHOLDER.pullSecret, kind: 'pullSecret', file: t.pullSecretFile },
    { placeholder: SECRET_PLACEHOLDER.sshKey, kind: 'sshKey', file: t.sshKeyFile },
    ...bmcHosts.map((h) => ({ placeholder: SECRET_PLACEHOLDER.bmcPassword(h), kind: 'bmcPassword' as const, host: h })),
  ];
  return refs.filter((r) => f.content.includes(r.placeholder));
}

/**
 * Replaces placeholders with secret values. Values go inside single-quoted YAML scalars, so
 * quotes are doubled and a JSON pull secret is compacted to one line. Returns the names of
 * secrets that were needed but not given.
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
