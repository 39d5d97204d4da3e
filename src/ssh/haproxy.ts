// Did HAProxy load the configuration now on disk? Its master re-executes on reload; when the new
// configuration fails to start (a bind refused), the old workers keep serving the old one and the
// reload still reports success. The worker's age on the stats socket (`show info` Uptime_sec) against
// the file's time on the host tells. No socket (a template without one): nothing can be told.
import { commandLine } from '../core/deploy/quote';
import { parseInfo } from '../core/verify/parsers';
import type { SshConnection } from './session';

export interface LoadedAnswer {
  /** true: running the file's configuration; false: an older one; undefined: cannot tell. */
  loaded?: boolean;
  detail: string;
}

export async function haproxyLoadedOnce(
  conn: SshConnection,
  socket: string,
  config: string,
  timeoutMs = 5000,
): Promise<LoadedAnswer> {
  const times = await conn.exec(`${commandLine(['stat', '-c', '%Y', '--', config])}; date +%s`, { timeoutMs });
  const [mtime, now] = times.stdout.trim().split('\n').map(Number);
  if (times.code !== 0 || !Number.isFinite(mtime) || !Number.isFinite(now))
    return { detail: `cannot read the time of ${config}` };
  let info: string;
  try {
    info = await conn.askUnixSocket(socket, 'show info\n', timeoutMs);
  } catch (e) {
    return { detail: `no stats socket to ask (${(e as Error).message})` };
  }
  const uptime = Number(parseInfo(info).get('Uptime_sec'));
  if (!Number.isFinite(uptime)) return { detail: `${socket} gave no Uptime_sec` };
  const started = now - uptime;
  // Whole seconds on both sides: a worker started in the same second as the file counts as current.
  return started >= mtime - 1
    ? { loaded: true, detail: `worker started ${started - mtime} s after ${config} changed` }
    : { loaded: false, detail: `the running worker started ${mtime - started} s before ${config} changed` };
}

/** Polls for the new worker (a reload takes a moment); false only when an old worker is still there at the end. */
export async function waitHaproxyLoaded(
  conn: SshConnection,
  socket: string,
  config: string,
  waitMs = 8000,
): Promise<LoadedAnswer> {
  const until = Date.now() + waitMs;
  for (;;) {
    const last = await haproxyLoadedOnce(conn, socket, config);
    if (last.loaded !== false || Date.now() > until) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
}
