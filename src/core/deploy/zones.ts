// DNS zones carry an SOA serial that secondaries and caches compare: a zone whose serial does not grow is
// ignored by them. Render numbers serials from a previous copy of the zone (same serial while the zone is
// unchanged, one more once it differs), so deploy reads each zone as it is on its host and renders again
// with that copy as `previous`: the serial then always moves past the one the host serves.
import type { RenderedFile } from '../render/manifest';
import type { FileStep, HostPlan } from './plan';

export type PreviousReader = (target: string, path: string) => string | undefined;

/** Renders every file with the given `previous`; an error message when rendering fails. */
export type RenderWith = (previous: PreviousReader) => RenderedFile[] | { error: string };

export interface RemoteRefresh {
  /** Files to read from the host before comparing (their current text feeds `render`). */
  wants(f: FileStep): boolean;
  /** New contents for the wanted files of one host, from their current remote text (undefined: missing). */
  render(hp: HostPlan, current: Map<FileStep, string | undefined>): Map<FileStep, string>;
}

const key = (target: string, path: string): string => `${target}\0${path}`;

/**
 * Renders once to learn which files are zones (render asks `previous` for exactly those), and returns those
 * files together with a refresh that re-renders them from the copies read on their host. Files of zones
 * missing on the host keep `fallback` (e.g. the last local rendering) as their previous copy.
 */
export function zoneRefresh(
  renderWith: RenderWith,
  fallback?: PreviousReader,
): { files: RenderedFile[]; refresh: RemoteRefresh } | { error: string } {
  const zones = new Set<string>();
  const first = renderWith((t, p) => {
    zones.add(key(t, p));
    return fallback?.(t, p);
  });
  if ('error' in first) return first;
  const refresh: RemoteRefresh = {
    wants: (f) => zones.has(key(f.file.target, f.file.path)),
    render: (hp, current) => {
      const remote = new Map<string, string>();
      for (const [f, text] of current) if (text !== undefined) remote.set(key(f.file.target, f.file.path), text);
      const again = renderWith((t, p) => remote.get(key(t, p)) ?? fallback?.(t, p));
      if ('error' in again)
        throw new Error(`rendering the zones of ${hp.host.name} again from the host's copies failed: ${again.error}`);
      const out = new Map<FileStep, string>();
      for (const f of current.keys()) {
        const r = again.find((x) => x.target === f.file.target && x.path === f.file.path);
        if (r) out.set(f, r.content);
      }
      return out;
    },
  };
  return { files: first, refresh };
}

/** The SOA serial of a zone file (the first number after `SOA mname rname (`), as render reads it. */
const SOA_SERIAL = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/;

export function soaSerial(text: string): number | undefined {
  const m = SOA_SERIAL.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * For files rendered earlier (`deploy --rendered DIR`), whose content is fixed: a zone whose serial does
 * not grow past the one on the host is refused rather than deployed, since secondaries and caches would
 * keep the old zone.
 */
export function serialGuard(): RemoteRefresh {
  return {
    wants: (f) => soaSerial(f.file.content) !== undefined,
    render: (_hp, current) => {
      for (const [f, remote] of current) {
        if (remote === undefined || remote === f.file.content) continue;
        const mine = soaSerial(f.file.content)!;
        const theirs = soaSerial(remote);
        if (theirs !== undefined && mine <= theirs) {
          throw new Error(
            `${f.file.path}: its SOA serial ${mine} does not grow past ${theirs}, the serial of the zone on the host, ` +
              "so secondaries and caches would keep the old zone. Deploy without --rendered (deploy then continues the host's serial), " +
              'or render again after raising the serial.',
          );
        }
      }
      return new Map();
    },
  };
}
