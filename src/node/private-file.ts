// Writes a file that holds secrets (install-config.yaml with the pull secret): mode 0600 from the first
// byte, via a temp file created exclusively beside it, then renamed over the destination.
import { chmod, rename, rm, writeFile } from 'node:fs/promises';

/** Undefined when written, else the reason (the temp file is gone either way). */
export async function writePrivateFile(dest: string, content: string): Promise<string | undefined> {
  const tmp = `${dest}.tmp-${process.pid}`;
  let created = false;
  try {
    // 'wx': a file or link already at the temp path is never written through or removed.
    await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
    created = true;
    await chmod(tmp, 0o600); // the umask cannot have widened it, but a reused name must not either
    await rename(tmp, dest);
    return undefined;
  } catch (e) {
    if (created) await rm(tmp, { force: true });
    return (e as Error).message;
  }
}
