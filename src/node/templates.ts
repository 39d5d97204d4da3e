// Reads the built-in templates and a user's overrides from disk for the pure renderer.
// A file in the override folder with the same name as a built-in replaces it.
import { existsSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { TEMPLATE_MAX_BYTES, tryReadLimited } from './files';

export interface TemplateSet {
  templates: Record<string, string>;
  /** Where each template came from, for error messages (override path or templates/<name>). */
  origin: Record<string, string>;
  overrides: string[];
}

/** The product's templates/ folder: beside dist/ when bundled, at the repo root when run from source. */
let builtinDir: string | undefined;

export function builtinTemplatesDir(): string {
  if (builtinDir) return builtinDir;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const cand = path.join(dir, 'templates');
    if (existsSync(path.join(cand, 'dhcpd.conf.liquid'))) return (builtinDir = cand);
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the built-in templates folder near ${__dirname}`);
}

/** `.okd/templates/` next to the topology file: the default override folder. */
export function defaultOverrideDir(topologyFile: string): string {
  return path.join(path.dirname(path.resolve(topologyFile)), '.okd', 'templates');
}

/**
 * Reads every `*.liquid` in `dir`. Each file is resolved with realpath and must stay inside the
 * folder's own real path: an override that is a symlink to ~/.ssh/id_ed25519 must never reach a
 * rendered file (render also runs for untrusted workspaces). Only regular files, of bounded size.
 */
async function readLiquid(dir: string): Promise<{ files: Record<string, string> } | { error: string }> {
  const out: Record<string, string> = {};
  const root = await realpath(dir);
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.liquid')) continue;
    const full = path.join(dir, name);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      return { error: `${full}: a symbolic link to nothing; remove it or make it a template file` };
    }
    if (!real.startsWith(root + path.sep)) {
      return {
        error: `${full}: resolves to ${real}, outside the template folder ${dir}; a template must be a file inside that folder (refusing to read it)`,
      };
    }
    const st = await stat(real);
    if (st.isDirectory()) continue;
    const r = await tryReadLimited(real, TEMPLATE_MAX_BYTES);
    if ('error' in r) return { error: r.error.replace(real, full) };
    out[name] = r.data.toString('utf8');
  }
  return { files: out };
}

/**
 * Loads built-in templates, then overrides. `overrideDir` that the user named explicitly must
 * exist; the default one is optional.
 */
export async function loadTemplates(
  overrideDir: string | undefined,
  explicit: boolean,
  builtin = builtinTemplatesDir(),
): Promise<TemplateSet | { error: string }> {
  const base = await readLiquid(builtin);
  if ('error' in base) return base;
  const templates = base.files;
  const origin: Record<string, string> = {};
  for (const n of Object.keys(templates)) origin[n] = `templates/${n}`;
  const overrides: string[] = [];
  if (overrideDir) {
    const st = await stat(overrideDir).catch(() => undefined);
    if (!st) {
      if (explicit) return { error: `${overrideDir}: no such template folder` };
    } else if (!st.isDirectory()) {
      return { error: `${overrideDir}: is not a folder` };
    } else {
      const read = await readLiquid(overrideDir);
      if ('error' in read) return read;
      for (const [n, text] of Object.entries(read.files)) {
        templates[n] = text;
        origin[n] = path.join(overrideDir, n);
        overrides.push(n);
      }
    }
  }
  return { templates, origin, overrides };
}
