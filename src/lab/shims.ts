// The commands a lab services namespace puts first on PATH (/usr/local/sbin of its /usr overlay):
// `systemctl` and `journalctl` are stand-ins answered by the service runner, `firewall-cmd` a stand-in
// that accepts a zone and filters nothing. Each is a tiny shell script calling one plain client script.

/** Plain JavaScript (no dependencies): sends one request to the runner's socket, prints its answer. */
export function clientScript(): string {
  return `'use strict';
// okd-topology lab: client of the service runner (the systemd stand-in of this namespace).
const net = require('net');
const [sock, tool, ...args] = process.argv.slice(2);
if (tool === 'firewall-cmd') {
  // Stand-in: the lab models no firewall. --state says running; everything else succeeds.
  if (args.includes('--state')) process.stdout.write('running\\n');
  else process.stdout.write('success\\n');
  process.exit(0);
}
const c = net.connect(sock);
let buf = '';
c.on('connect', () => c.write(JSON.stringify({ tool, args }) + '\\n'));
c.on('data', (d) => { buf += d; });
c.on('end', () => {
  let r;
  try { r = JSON.parse(buf); } catch (e) { process.stderr.write(tool + ' (lab stand-in): no answer from the service runner\\n'); process.exit(1); }
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
});
c.on('error', (e) => { process.stderr.write(tool + ' (lab stand-in): the service runner is not reachable: ' + e.message + '\\n'); process.exitCode = 1; });
`;
}

/** Quotes for a POSIX shell (the paths are the lab's own, but quoting costs nothing). */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shimScript(tool: string, node: string, client: string, sock: string): string {
  return `#!/bin/sh\n# okd-topology lab: ${tool} stand-in (the lab's service runner stands in for systemd here).\nexec ${q(node)} ${q(client)} ${q(sock)} ${q(tool)} "$@"\n`;
}
