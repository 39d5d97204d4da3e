// Reads the built-in templates and a user's overrides from disk for the pure renderer.
// A file in the override folder with the same name as a built-in replaces it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface TemplateSet {
  templates: Record<string, string>;
  /** Where each template came from, for error messages (override path or templates/<name>). */
  origin: Record<string, string>;
  overrides: string[];
}

/** The product's templates/ folder: beside dist/ when bundled, at the repo root when run from source. */
export function builtinTemplatesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const cand = path.join(dir, 'templates');
    if (existsSync(path.join(cand, 'dhcpd.conf.liquid'))) return cand;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the built-in templates folder near ${__dirname}`);
}

/** `.okd/templates/` next to the topology file: the default override folder. */
export function defaultOverrideDir(topologyFile: string): string {
  return path.join(path.dirname(path.resolve(topologyFile)), '.okd', 'templates');
}

function readLiquid(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.liquid')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isFile()) out[name] = readFileSync(full, 'utf8');
  }
  return out;
}

/**
 * Loads built-in templates, then overrides. `overrideDir` that the user named explicitly must
 * exist; the default one is optional.
 */
export function loadTemplates(overrideDir: string | undefined, explicit: boolean, builtin = builtinTemplatesDir()): TemplateSet | { error: string } {
  const templates = readLiquid(builtin);
  const origin: Record<string, string> = {};
  for (const n of Object.keys(templates)) origin[n] = `templates/${n}`;
  const overrides: string[] = [];
  if (overrideDir) {
    if (!existsSync(overrideDir)) {
      if (explicit) return { error: `${overrideDir}: no such template folder` };
    } else if (!statSync(overrideDir).isDirectory()) {
      return { error: `${overrideDir}: is not a folder` };
    } else {
      for (const [n, text] of Object.entries(readLiquid(overrideDir))) {
        templates[n] = text;
        origin[n] = path.join(overrideDir, n);
        overrides.push(n);
      }
    }
  }
  return { templates, origin, overrides };
}
