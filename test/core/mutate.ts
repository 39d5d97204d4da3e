// Seeded mutations of topology text, shared by the fuzz tests.
import { rng } from '../rng';

export { rng };

const SPECIAL = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  ',',
  '?',
  ' ',
  '\t',
  '\n',
  '/',
  '.',
  '0',
  '9',
];
const UNICODE = ['é', 'ß', '中', '😀', '\u200b', '\ufeff', '\u0000', '\u2028', 'Ω', '\ud800'];
const VALUES = [
  '',
  '~',
  'null',
  '[]',
  '{}',
  '0',
  '-1',
  '1e309',
  'true',
  '10.0.0.1',
  '::',
  '10.0.0.0/0',
  '::/0',
  'fd00::/8',
  '1.2.3.4-1.2.3.4',
  'ff:ff:ff:ff:ff:ff',
  '*a',
  '&a x',
  '!!binary x',
];

export type Mutation = (lines: string[], r: () => number) => void;
export const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const idx = (lines: string[], r: () => number) => Math.floor(r() * lines.length);

export const MUTATIONS: Mutation[] = [
  (l, r) => void l.splice(idx(l, r), 1), // delete a line
  (l, r) => {
    const i = idx(l, r);
    l.splice(i, 0, l[i] ?? '');
  }, // duplicate a line
  (l, r) => {
    const i = idx(l, r);
    const j = idx(l, r);
    [l[i], l[j]] = [l[j], l[i]];
  }, // swap lines
  (l, r) => {
    const i = idx(l, r);
    const s = l[i] ?? '';
    const k = Math.floor(r() * s.length);
    l[i] = s.slice(0, k) + s.slice(k + 1, k + 2) + s.slice(k, k + 1) + s.slice(k + 2);
  }, // swap chars
  (l, r) => {
    const i = idx(l, r);
    l[i] = ' '.repeat(1 + Math.floor(r() * 4)) + (l[i] ?? '');
  }, // indent
  (l, r) => {
    const i = idx(l, r);
    l[i] = (l[i] ?? '').replace(/^ {1,4}/, '');
  }, // dedent
  (l, r) => {
    const i = idx(l, r);
    const s = l[i] ?? '';
    const k = Math.floor(r() * (s.length + 1));
    l[i] = s.slice(0, k) + pick(SPECIAL, r) + s.slice(k);
  },
  (l, r) => {
    const i = idx(l, r);
    const s = l[i] ?? '';
    const k = Math.floor(r() * (s.length + 1));
    l[i] = s.slice(0, k) + pick(UNICODE, r) + s.slice(k + 1);
  },
  (l, r) => {
    const i = idx(l, r);
    const s = l[i] ?? '';
    const c = s.indexOf(': ');
    if (c > 0) l[i] = s.slice(0, c + 2) + pick(VALUES, r);
  }, // replace a value
  (l, r) => {
    const i = idx(l, r);
    l.splice(i, 0, ...l.slice(Math.max(0, i - 8), i));
  }, // duplicate a block (duplicate names/IPs)
  (l, r) => void l.splice(idx(l, r)), // truncate
];

/** `count` mutants of `texts`, 1–4 mutations each, reproducible from `seed`. */
export function* mutants(texts: string[], count: number, seed: number): Generator<string> {
  const r = rng(seed);
  for (let n = 0; n < count; n++) {
    const lines = texts[n % texts.length].split('\n');
    const k = 1 + Math.floor(r() * 4);
    for (let i = 0; i < k; i++) pick(MUTATIONS, r)(lines, r);
    yield lines.join('\n');
  }
}
