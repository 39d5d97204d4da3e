// Reads the files cluster.sshKeyFile and cluster.pullSecretFile name, for the one file that holds
// secrets (install-config.yaml written where the user asks). A file that is not what it should be
// (a private key, anything but one public key line, a pull secret that is not JSON) is refused
// before anything is written, so a private key is never copied anywhere.
import * as os from 'node:os';
import * as path from 'node:path';
import { pullSecretProblem, sshPublicKeyProblem, trustBundleProblem } from '../core/render/secrets';
import { SECRET_MAX_BYTES, tryReadLimited } from './files';

/** `~/x` from the home folder, anything else relative to the topology's folder. */
export function expandSecretPath(file: string, topologyFile: string): string {
  if (file === '~' || file.startsWith('~/')) return path.join(os.homedir(), file.slice(1));
  return path.resolve(path.dirname(path.resolve(topologyFile)), file);
}

/** The checked contents of a secret file, or one line saying what is wrong with it. */
export async function readSecretFile(
  kind: 'pullSecret' | 'sshKey',
  file: string,
  topologyFile: string,
): Promise<{ value: string } | { error: string }> {
  const what = kind === 'pullSecret' ? 'pull secret' : 'SSH key';
  const full = expandSecretPath(file, topologyFile);
  const r = await tryReadLimited(full, SECRET_MAX_BYTES);
  if ('error' in r) return { error: `cannot read the ${what} file ${file} (${r.error.replace(`${full}: `, '')})` };
  const text = r.data.toString('utf8');
  if (kind === 'sshKey') {
    const bad = sshPublicKeyProblem(text);
    if (bad?.privateKey)
      return {
        error: `cluster.sshKeyFile ${file} is a private key; name the public key (usually the same path with .pub)`,
      };
    if (bad) return { error: `cluster.sshKeyFile ${file} is not an SSH public key: ${bad.reason}` };
  } else {
    const bad = pullSecretProblem(text);
    if (bad)
      return {
        error: `cluster.pullSecretFile ${file} is not a pull secret: ${bad} (expected the JSON from console.redhat.com or {"auths":{}})`,
      };
  }
  return { value: text };
}

/** services.registry.caFile: PEM certificates for install-config's additionalTrustBundle (nothing private). */
export async function readTrustBundle(
  file: string,
  topologyFile: string,
): Promise<{ value: string } | { error: string }> {
  const full = expandSecretPath(file, topologyFile);
  const r = await tryReadLimited(full, SECRET_MAX_BYTES);
  if ('error' in r) return { error: `cannot read the registry CA file ${file} (${r.error.replace(`${full}: `, '')})` };
  const text = r.data.toString('utf8');
  const bad = trustBundleProblem(text);
  return bad ? { error: `services.registry.caFile ${file} is not a CA certificate: ${bad}` } : { value: text };
}
