// The second wall: whatever a template prints with {{ }} passes a guard for the language of the
// file it renders (named.conf, zone, dhcpd.conf, chrony, pxelinux, haproxy, keepalived, shell,
// YAML, XML, httpd). A value holding a character that could end its token there (a line break
// anywhere; `;`, braces or quotes in named.conf; a blank in a PXE APPEND line...) stops the render
// with the template's file and line, so a template override that forgets a check or a quoting
// filter still cannot write a new directive. The quoting filters (`yaml`, `shell`, `xml`,
// `comment`) produce text already safe for their language.
import { shown } from '../format/text';

export type Lang =
  | 'named'
  | 'zone'
  | 'dhcpd'
  | 'chrony'
  | 'pxelinux'
  | 'grub'
  | 'haproxy'
  | 'keepalived'
  | 'shell'
  | 'yaml'
  | 'xml'
  | 'httpd'
  | 'unit'
  | 'openssl'
  | 'strict';

/** Text a quoting filter made safe for `lang`; `comment` lines are safe where `prefix` starts a comment. */
export class Safe {
  constructor(
    readonly text: string,
    readonly lang: Lang | 'comment',
    readonly prefix?: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

interface Rules {
  words: string;
  /** Characters (or sequences) that may not appear in a raw value. */
  refuse: RegExp;
  /** Line prefixes that start a comment. */
  comments: string[];
  /** The filter to suggest. */
  quote?: string;
}

const RULES: Record<Lang, Rules> = {
  named: { words: 'named.conf', refuse: /[\s;{}"'\\#]|\/\/|\/\*/, comments: ['//', '#'] },
  zone: { words: 'a DNS zone file', refuse: /[\s;"\\()$]/, comments: [';'] },
  dhcpd: { words: 'dhcpd.conf', refuse: /[\s;{}"'\\#]/, comments: ['#'] },
  chrony: { words: 'chrony.conf', refuse: /[\s"'\\#!;%]/, comments: ['#', '!', ';', '%'] },
  pxelinux: { words: 'a pxelinux menu', refuse: /[\s"'\\]/, comments: ['#'] },
  // GRUB's script language reads quotes, ;, $, braces, | and & on a command line.
  grub: { words: 'a GRUB configuration', refuse: /[\s"'\\;$&|<>{}#]/, comments: ['#'], quote: 'grub' },
  haproxy: { words: 'haproxy.cfg', refuse: /[\s#"'\\]/, comments: ['#'] },
  keepalived: { words: 'keepalived.conf', refuse: /[\s#!"'{}\\$]/, comments: ['#', '!'] },
  // Outside quotes a shell word may hold only characters no shell interprets.
  shell: { words: 'a shell script', refuse: /[^A-Za-z0-9_@%+=:,./-]/, comments: ['#'], quote: 'shell' },
  // A plain block scalar that stays one scalar: no blanks (": " and " #"), quotes or flow
  // indicators, no tag, anchor, alias or block indicator first, no trailing ":" (a key), no document marker.
  yaml: { words: 'YAML', refuse: /[\s"'`#{}[\],]|^[!&*|>%@]|:$|^(---|\.\.\.)/, comments: ['#'], quote: 'yaml' },
  xml: { words: 'XML', refuse: /[<>&"']/, comments: [], quote: 'xml' },
  httpd: { words: 'an Apache configuration', refuse: /[\s"'\\#<>$%]/, comments: ['#'] },
  // systemd expands % specifiers and $ variables, and splits Exec lines on blanks and quotes.
  unit: { words: 'a systemd unit', refuse: /[\s"'\\%$;]/, comments: ['#', ';'], quote: 'unit' },
  // An openssl configuration value ends at , or a blank; $ expands a variable.
  openssl: { words: 'an openssl configuration', refuse: /[\s,"'\\$#=]/, comments: ['#'] },
  strict: { words: 'this file', refuse: /[^A-Za-z0-9_.:/@+=,~-]/, comments: [] },
};

/** The output language of each built-in template name; overrides and partials use their top-level template's. */
const BY_NAME: Record<string, Lang> = {
  'named.conf.liquid': 'named',
  'zone-forward.liquid': 'zone',
  'zone-reverse.liquid': 'zone',
  'dhcpd.conf.liquid': 'dhcpd',
  'dhcpd6.conf.liquid': 'dhcpd',
  'chrony-server.conf.liquid': 'chrony',
  'chrony-node.conf.liquid': 'chrony',
  'pxelinux-role.liquid': 'pxelinux',
  'pxelinux-default.liquid': 'pxelinux',
  'haproxy.cfg.liquid': 'haproxy',
  'keepalived.conf.liquid': 'keepalived',
  'httpd.conf.liquid': 'httpd',
  'apache2.conf.liquid': 'httpd',
  'grub-node.cfg.liquid': 'grub',
  'grub-default.cfg.liquid': 'grub',
  'registry.service.liquid': 'unit',
  'registry-cert.ext.liquid': 'openssl',
};

export function languageOf(template: string): Lang {
  const known = Object.prototype.hasOwnProperty.call(BY_NAME, template) ? BY_NAME[template] : undefined;
  if (known) return known;
  if (/\.ya?ml\.liquid$/.test(template)) return 'yaml';
  if (/\.xml\.liquid$/.test(template)) return 'xml';
  if (/\.sh\.liquid$/.test(template)) return 'shell';
  return 'strict';
}

function what(c: string): string {
  if (/\s/.test(c) && c.length === 1)
    return c === ' ' ? 'a space' : `a blank (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${c}"`;
}

/** Throws when `text` may not be written raw into `lang`; the engine adds the template and line. */
function refuseIfUnsafe(text: string, lang: Lang): void {
  const control = CONTROL.exec(text);
  const rules = RULES[lang];
  const bad = control ?? rules.refuse.exec(text);
  if (!bad) return;
  const char = control
    ? `a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`
    : what(bad[0]);
  const hint = rules.quote ? `; quote it with the ${rules.quote} filter` : '';
  throw new Error(
    `refusing to write ${shown(text)} into ${rules.words}: ${char} could end the value and start new syntax (the value should have failed its type check${hint})`,
  );
}

/** The string a value prints as in Liquid, every part of it checked for `lang`. */
export function guard(value: unknown, lang: Lang): string {
  if (value instanceof Safe) {
    if (value.lang === 'comment') {
      if (value.prefix !== undefined && RULES[lang].comments.includes(value.prefix)) return value.text;
    } else if (value.lang === lang) {
      if (!CONTROL.test(value.text)) return value.text;
    }
    refuseIfUnsafe(value.text, lang);
    return value.text;
  }
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => guard(v, lang)).join('');
  const text = typeof value === 'string' ? value : String(value);
  refuseIfUnsafe(text, lang);
  return text;
}

/** Control and direction characters, replaced in comments so a comment shows what it says. */
// eslint-disable-next-line no-control-regex
const UNSHOWN_IN_COMMENT = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Every line of `v` as a comment starting with `prefix`: line breaks cannot end the comment. */
export function commentLines(v: unknown, prefix: string): Safe {
  const lines = String(v ?? '').split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/);
  const text = lines.map((x) => `${prefix} ${x.replace(UNSHOWN_IN_COMMENT, '?')}`.trimEnd()).join('\n');
  return new Safe(text, 'comment', prefix);
}
