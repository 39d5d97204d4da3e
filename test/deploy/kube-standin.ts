// RECORDED STAND-INS for `kubectl`, `oc` and `helm` on the test sshd's PATH: the real tools need a cluster,
// which cannot run here. Each records its argv (and stdin, when it reads it) in order, and answers like the
// real tool from a little cluster state kept in files:
//   images     what `get deployments -n metallb-system -o jsonpath=...` prints (the installed controller image)
//   ns, crds   the metallb-system namespace / MetalLB's CRDs exist (server-side dry runs of pools need them)
//   secret     the memberlist key `create secret ... --from-file=secretkey=/dev/stdin` received
//   svclb      k3s still runs servicelb: what `get daemonsets -n kube-system -l svccontroller...` lists
//   wait-fail  rollout targets (e.g. daemonset/speaker) that time out like `rollout status --timeout` does
//   wait-hang  rollout targets that never answer (the runner's own time limit must stop them)
//   wait-steps how many "Waiting for ... N of M updated pods are available..." lines a rollout prints first
//   noisy-secret  `create secret` fails and echoes what it read (the runner must not show it)
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The probe every run starts with: the images of MetalLB's deployments (none: not installed). */
export const PROBE =
  'get deployments -n metallb-system -o jsonpath={range .items[*]}{.spec.template.spec.containers[*].image}{"\\n"}{end} --ignore-not-found';

/** Seed 003 (k3s, Helm): what deploy and the Ansible export both run, in order, on a cluster without MetalLB. */
export const K3S_HELM_CALLS = [
  `kubectl ${PROBE}`,
  'kubectl get daemonsets -n kube-system -l svccontroller.k3s.cattle.io/svcname -o name',
  'helm repo add --force-update metallb https://metallb.github.io/metallb',
  'helm upgrade --install metallb metallb/metallb --namespace metallb-system --create-namespace --version 0.14.8 -f -',
  'kubectl rollout status -n metallb-system deployment/metallb-controller --timeout=300s',
  'kubectl rollout status -n metallb-system daemonset/metallb-speaker --timeout=300s',
  'kubectl apply --dry-run=server -f -',
  'kubectl apply -f -',
];

const KUBE = (state: string): string => `#!/bin/sh
# STAND-IN for kubectl/oc (no cluster here): records the call, answers from the state in ${state}.
S='${state}'
tool=$(basename "$0")
printf '%s %s\\n' "$tool" "$*" >> "$S/calls"
[ "$1" = --kubeconfig ] && shift 2
in=
case " $* " in *' -f - '*|*/dev/stdin*) in=$(cat); printf '== %s %s\\n%s\\n' "$tool" "$*" "$in" >> "$S/stdin";; esac
target() { for a in "$@"; do case "$a" in deployment/*|daemonset/*) echo "$a";; esac; done; }
objects() {
  case "$in" in *IPAddressPool*|*L2Advertisement*|*BGPAdvertisement*)
    [ -e "$S/crds" ] || { echo 'error: resource mapping not found for name: "default" namespace: "metallb-system" from "STDIN": no matches for kind "IPAddressPool" in version "metallb.io/v1beta1"' >&2; exit 1; };;
  esac
  case "$in" in *metallb-system*) [ -e "$S/ns" ] || { echo 'Error from server (NotFound): namespaces "metallb-system" not found' >&2; exit 1; };; esac
  echo "configured$1"
}
case "$*" in
  'get deployments -n metallb-system -o jsonpath='*) cat "$S/images" 2>/dev/null; exit 0;;
  'get daemonsets -n kube-system -l svccontroller.k3s.cattle.io/svcname -o name') cat "$S/svclb" 2>/dev/null; exit 0;;
  'get secret memberlist -n metallb-system')
    [ -e "$S/secret" ] && { echo 'memberlist   Opaque   1      5m'; exit 0; }
    echo 'Error from server (NotFound): secrets "memberlist" not found' >&2; exit 1;;
  'create secret generic memberlist -n metallb-system --from-file=secretkey=/dev/stdin')
    [ -e "$S/noisy-secret" ] && { echo "error: failed to create secret from $in" >&2; exit 1; }
    printf '%s' "$in" > "$S/secret"; echo 'secret/memberlist created'; exit 0;;
  'apply -f http'*/namespace.yaml) touch "$S/ns"; echo 'namespace/metallb-system created'; exit 0;;
  'apply -f http'*)
    v=$(printf '%s' "$3" | sed -n 's|.*/\\(v[0-9][0-9.]*\\)/.*|\\1|p')
    touch "$S/ns"
    case "$v" in v0.8.*) echo "metallb/controller:$v" > "$S/images";; *) echo "quay.io/metallb/controller:$v" > "$S/images";; esac
    case "$v" in v0.8.*|v0.9.*|v0.10.*|v0.11.*|v0.12.*) ;; *) touch "$S/crds";; esac
    echo 'deployment.apps/controller created'; echo 'daemonset.apps/speaker created'; exit 0;;
  'apply --dry-run=server -f -') objects ' (server dry run)'; exit 0;;
  'apply -f -') objects ''; exit 0;;
  'adm policy add-scc-to-user '*) echo "clusterrole.rbac.authorization.k8s.io/system:openshift:scc:$4 added: \\"$8\\""; exit 0;;
  'rollout status '*)
    t=$(target "$@")
    grep -qx "$t" "$S/wait-hang" 2>/dev/null && { echo "Waiting for $t rollout to finish: 0 of 1 updated pods are available..."; echo $$ > "$S/hang-pid"; exec sleep 30; }
    grep -qx "$t" "$S/wait-fail" 2>/dev/null && { echo "Waiting for $t rollout to finish: 0 of 3 updated pods are available..."; echo 'error: timed out waiting for the condition' >&2; exit 1; }
    w=$(cat "$S/wait-steps" 2>/dev/null || echo 0)
    i=0; while [ "$i" -lt "$w" ]; do echo "Waiting for $t rollout to finish: $i of $w updated pods are available..."; sleep 0.3; i=$((i + 1)); done
    echo "$t successfully rolled out"; exit 0;;
esac
echo "stand-in $tool: unexpected call: $*" >&2
exit 2
`;

const HELM = (state: string): string => `#!/bin/sh
# STAND-IN for helm (no cluster here): records the call and its values, "installs" the chart's version.
S='${state}'
printf 'helm %s\\n' "$*" >> "$S/calls"
[ "$1" = --kubeconfig ] && shift 2
case "$*" in
  'repo add --force-update metallb '*) echo '"metallb" has been added to your repositories'; exit 0;;
  'upgrade --install metallb '*)
    in=$(cat); printf '== helm %s\\n%s\\n' "$*" "$in" >> "$S/stdin"
    v=; prev=
    for a in "$@"; do [ "$prev" = --version ] && v="v$a"; prev=$a; done
    echo "quay.io/metallb/controller:\${v:-v0.14.8}" > "$S/images"; touch "$S/ns" "$S/crds"
    echo 'Release "metallb" has been upgraded. Happy Helming!'; exit 0;;
esac
echo "stand-in helm: unexpected call: $*" >&2
exit 2
`;

export class KubeStandIn {
  readonly state: string;

  constructor(
    readonly bin: string,
    dir: string,
  ) {
    this.state = join(dir, 'kube-state');
    mkdirSync(bin, { recursive: true });
    mkdirSync(this.state, { recursive: true });
    writeFileSync(join(bin, 'kubectl'), KUBE(this.state), { mode: 0o755 });
    writeFileSync(join(bin, 'oc'), KUBE(this.state), { mode: 0o755 });
    writeFileSync(join(bin, 'helm'), HELM(this.state), { mode: 0o755 });
  }

  /** A cluster without MetalLB. */
  reset(): void {
    rmSync(this.state, { recursive: true, force: true });
    mkdirSync(this.state, { recursive: true });
  }

  /** A cluster already running this MetalLB (controller image, namespace, CRDs from v0.13). */
  installed(version: string, legacy = /^v0\.(8|9|10|11|12)\./.test(version)): void {
    writeFileSync(
      join(this.state, 'images'),
      `${version.startsWith('v0.8.') ? '' : 'quay.io/'}metallb/controller:${version}\n`,
    );
    writeFileSync(join(this.state, 'ns'), '');
    if (!legacy) writeFileSync(join(this.state, 'crds'), '');
  }

  set(name: 'svclb' | 'wait-fail' | 'wait-hang' | 'wait-steps' | 'noisy-secret' | 'secret', text = ''): void {
    writeFileSync(join(this.state, name), text);
  }

  /** Every call since the reset, one line each (`tool argv...`). */
  calls(): string[] {
    const f = join(this.state, 'calls');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n') : [];
  }

  /** What each call that read stdin received: `== tool argv` then the text. */
  stdin(): string {
    const f = join(this.state, 'stdin');
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  }

  read(name: string): string | undefined {
    const f = join(this.state, name);
    return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  }
}
