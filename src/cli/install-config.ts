// install-config.yaml with its secrets filled in from the files the topology names (and BMC passwords from
// the environment): for `render --install-config` and for deploy's install phase. Only these adapters
// ever hold the real values; rendered output keeps the placeholders.
import { fillSecrets, type SecretRef } from '../core/render/index';
import type { RenderedFile } from '../core/render/manifest';
import { readSecretFile, readTrustBundle } from '../node/secret-files';

/** BMC passwords come from the environment, e.g. OKD_BMC_PASSWORD_MASTER_0 for host master-0. */
export function bmcEnvName(host: string): string {
  return `OKD_BMC_PASSWORD_${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function missingWords(m: SecretRef): string {
  if (m.kind === 'bmcPassword') return `BMC password of ${m.host} (set ${bmcEnvName(m.host ?? '')})`;
  // Deploy made the CA on the registry host; install-config needs a copy of it here.
  if (m.kind === 'trustBundle')
    return `the registry CA, which deploy keeps on ${m.host} at ${m.path} (copy it here and set services.registry.caFile)`;
  return `${m.kind} (set cluster.${m.kind}File)`;
}

/**
 * install-config.yaml with the secrets filled in, or a message saying what is missing or wrong. `onHost`: the
 * install phase's host, which reads the registry CA deploy made there itself (its placeholder stays for it).
 */
export async function fillInstallConfig(
  files: RenderedFile[],
  topologyFile: string,
  flag = '--install-config',
  onHost?: string,
): Promise<{ content: string; secrets: string[] } | { error: string }> {
  const f = files.find((x) => x.target === 'cluster' && x.path === 'install-config.yaml');
  if (!f) return { error: `${flag}: this topology renders no install-config.yaml (it is for okd-upi and okd-ipi)` };
  const refs: SecretRef[] = f.secrets ?? [];
  const values: Record<string, string> = {};
  for (const r of refs) {
    if (r.kind === 'bmcPassword') {
      const v = process.env[bmcEnvName(r.host ?? '')];
      if (v !== undefined) values[r.placeholder] = v;
    } else if (r.file && r.kind === 'trustBundle') {
      const read = await readTrustBundle(r.file, topologyFile);
      if ('error' in read) return read;
      values[r.placeholder] = read.value;
    } else if (r.file && (r.kind === 'pullSecret' || r.kind === 'sshKey')) {
      const read = await readSecretFile(r.kind, r.file, topologyFile);
      if ('error' in read) return read;
      values[r.placeholder] = read.value;
    }
  }
  const filled = fillSecrets(f.content, refs, values);
  const missing = filled.missing.filter(
    (m) => !(m.kind === 'trustBundle' && !m.file && onHost !== undefined && m.host === onHost),
  );
  if (missing.length > 0) {
    const say = missing.map((m) => missingWords(m));
    return { error: `${flag} needs: ${say.join('; ')}` };
  }
  return { content: filled.content, secrets: Object.values(values) };
}
