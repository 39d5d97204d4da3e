// Reads the current remote copies of planned files ("Diff with Remote"): one connection per host,
// one command per file, as root (sudo -n for other users). Missing files come back as undefined.
import type { FileStep, HostPlan } from '../core/deploy/plan';
import { shQuote } from '../core/deploy/quote';
import { asRoot, catScript } from '../core/deploy/script';
import { connect, type ConnectOptions } from './connect';

export async function fetchRemoteFiles(
  hp: HostPlan,
  files: FileStep[],
  opts: ConnectOptions,
): Promise<(string | undefined)[]> {
  const conn = await connect(hp.host, opts);
  try {
    const out: (string | undefined)[] = [];
    for (const f of files) {
      const r = await conn.exec(
        asRoot(
          `if [ -e ${shQuote(f.remotePath)} ] || [ -L ${shQuote(f.remotePath)} ]; then ${catScript(f)}; else exit 44; fi`,
          !conn.isRoot,
        ),
        { timeoutMs: 30000 },
      );
      if (r.code === 44) out.push(undefined);
      else if (r.code !== 0)
        throw new Error(`${conn.label}: cannot read ${f.remotePath}: ${r.stderr.trim() || `exit ${r.code}`}`);
      else out.push(r.stdout);
    }
    return out;
  } finally {
    conn.close();
  }
}
