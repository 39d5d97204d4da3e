// Go to definition, find references and rename for host, network, VIP and pool names.
import type { Analysis } from '../analyze';
import { isDnsLabel } from '../format/dns';
import type { Span } from '../yaml/ast';
import { definitionsOf, nameSites, referencesOf, siteAt, type NameSite } from './names';
import type { TextEdit } from '../text';

// Sites are recomputed per request: a walk over the tree is cheap next to a keystroke's analysis,
// and caching by analysis object keeps repeated requests on one version free.
const cache = new WeakMap<Analysis, NameSite[]>();
function sitesOf(a: Analysis): NameSite[] {
  let s = cache.get(a);
  if (!s) {
    s = nameSites(a.doc.root);
    cache.set(a, s);
  }
  return s;
}

export function nameAt(a: Analysis, offset: number): NameSite | undefined {
  return siteAt(sitesOf(a), offset);
}

/** Where the name under the cursor is defined (the entity's `name:`). */
export function definitionAt(a: Analysis, offset: number): Span[] {
  const at = nameAt(a, offset);
  if (!at) return [];
  return definitionsOf(sitesOf(a), at).map((s) => ({ start: s.start, end: s.end }));
}

/** Every use of the name under the cursor (layout keys included). */
export function referencesAt(a: Analysis, offset: number, includeDefinition: boolean): Span[] {
  const at = nameAt(a, offset);
  if (!at) return [];
  return referencesOf(sitesOf(a), at, includeDefinition).map((s) => ({ start: s.start, end: s.end }));
}

/** Edits renaming the entity under the cursor everywhere, or an error for the user. */
export function renameAt(a: Analysis, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const at = nameAt(a, offset);
  if (!at) return { error: 'Put the cursor on a host, network, VIP or pool name to rename it.' };
  if (!isDnsLabel(newName))
    return { error: `"${newName}" is not a valid name: use lower-case letters, digits and "-" (a DNS label).` };
  const sites = referencesOf(sitesOf(a), at, true);
  const text = a.doc.text;
  return {
    edits: sites.map((s) => {
      const q = text[s.start] === '"' || text[s.start] === "'" ? text[s.start] : '';
      return { start: s.start, end: s.end, newText: `${q}${newName}${q}` };
    }),
  };
}
