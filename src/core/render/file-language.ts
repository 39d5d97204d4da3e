// The editor language a rendered file is shown in (Preview, Compare). VS Code guesses from the
// extension alone, so dhcpd.conf or haproxy.cfg opened as "Properties" (issue 13). Each file gets
// candidate language ids, best first: ids an installed extension may register (used only when it
// does), then one VS Code always has.

/** Language ids VS Code ships with; the last candidate is always one of these. */
export const BUILT_IN = ['yaml', 'json', 'xml', 'shellscript', 'ini', 'plaintext'] as const;

const RULES: [RegExp, string[]][] = [
  [/\.ya?ml$/i, ['yaml']],
  [/\.json$/i, ['json']],
  [/\.xml$/i, ['xml']],
  [/\.sh$/i, ['shellscript']],
  // systemd units and OpenSSL extension files: [sections] of key=value lines.
  [/\.(service|socket|timer|mount|target|path)$/i, ['systemd-unit-file', 'ini']],
  [/\.(ext|cnf)$/i, ['ini']],
  // GRUB's configuration is a small shell language (menuentry { linux ... }).
  [/(^|\/)grub\.cfg[^/]*$/i, ['grub', 'shellscript']],
  [/\.zone$/i, ['zone', 'dns-zone-file', 'plaintext']],
  [/(^|\/)named\.conf$/i, ['named', 'bind', 'plaintext']],
  [/(^|\/)dhcpd6?\.conf$/i, ['dhcpd', 'isc-dhcp', 'plaintext']],
  [/(^|\/)haproxy[^/]*\.cfg$/i, ['haproxy', 'plaintext']],
  [/(^|\/)(httpd|apache2)\.conf$/i, ['apacheconf', 'plaintext']],
  [/(^|\/)keepalived\.conf$/i, ['keepalived', 'plaintext']],
  [/(^|\/)chrony\.conf$/i, ['chrony', 'plaintext']],
];

/** Candidate language ids for a rendered file's path, best first; the last is built in. */
export function languageCandidates(filePath: string): string[] {
  for (const [re, ids] of RULES) if (re.test(filePath)) return ids;
  // PXE menus (pxelinux.cfg/default, per-MAC entries) and anything else: text, not Properties.
  return ['plaintext'];
}

/** The first candidate the editor knows. */
export function languageFor(filePath: string, known: ReadonlySet<string>): string {
  const ids = languageCandidates(filePath);
  return ids.find((id) => known.has(id)) ?? ids[ids.length - 1];
}
