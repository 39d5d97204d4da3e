// Recorded stand-ins for tools this test machine cannot run for real (no systemd, no cluster, no installer).
// Each is NAMED a stand-in where it is used; every call is appended to a calls file, in order.
import { writeFileSync } from 'node:fs';

/** Stand-in for systemctl: unit state is a file per unit under `state`/active and `state`/enabled. */
export function systemctlStandIn(path: string, state: string, calls: string): void {
  writeFileSync(
    path,
    `#!/bin/sh
# Stand-in for systemctl (no systemd here): unit state is a file per unit; each call is recorded.
printf 'systemctl %s\\n' "$*" >> '${calls}'
cmd=$1; shift
while [ $# -gt 0 ]; do case "$1" in -*) shift;; *) break;; esac; done
u=$1
case "$cmd" in
  is-active) [ -e '${state}/active/'"$u" ];;
  is-enabled) [ -e '${state}/enabled/'"$u" ];;
  enable) touch '${state}/enabled/'"$u";;
  disable) rm -f '${state}/enabled/'"$u";;
  start) touch '${state}/active/'"$u";;
  stop) rm -f '${state}/active/'"$u";;
  reload|restart) [ -e '${state}/active/'"$u" ] || { echo "$u is not active, cannot reload." >&2; exit 1; };;
  *) exit 1;;
esac
`,
    { mode: 0o755 },
  );
}

/** Stand-in for a program that only has to succeed (a validator): records its arguments. */
export function recordingStandIn(path: string, calls: string, name: string, output = ''): void {
  writeFileSync(
    path,
    `#!/bin/sh\n# Stand-in for ${name}: records the call${output ? ' and prints a fixed answer' : ''}.\nprintf '%s %s\\n' '${name}' "$*" >> '${calls}'\n${output ? `printf '%s\\n' '${output}'\n` : ''}`,
    { mode: 0o755 },
  );
}
