// What the bring-up of a services host needs from the file: kernel arguments and NTP upstreams that
// reach boot lines and chrony.conf as single words, the registry's fields, MetalLB's version,
// keepalived on okd-ipi nodes, and (as information) what a later phase still needs.
import type { Path, Service, Topology } from '../model';
import type { Problem } from '../problems';
import { NODE_ROLES } from '../facts';
import { isHostOrIp, kernelArgProblem, REGISTRY_RULES } from '../rules';
import { isOkd, problem } from './util';

/** The two MetalLB eras a quick fix can write (see docs/checks.md, metallb-version-missing). */
export const METALLB_CHOICES = { crd: 'v0.14.8', configmap: 'v0.12.1' };

function listItems(svc: Service | undefined, key: string): { value: unknown; path: Path }[] {
  const v = svc?.settings[key];
  return Array.isArray(v) ? v.map((value, i) => ({ value, path: [...svc!.path, key, i] })) : [];
}

function checkKernelArgs(t: Topology, out: Problem[]): void {
  for (const { value, path } of listItems(t.services.pxe, 'kernelArgs')) {
    if (typeof value !== 'string') continue; // the schema reports the type
    const why = kernelArgProblem(value);
    if (why) out.push(problem('pxe-kernel-arg-invalid', 'error', `Kernel argument ${JSON.stringify(value)} ${why}; pxelinux and GRUB would split it into several`, path));
  }
}

function checkNtpUpstream(t: Topology, out: Problem[]): void {
  for (const { value, path } of listItems(t.services.ntp, 'upstream')) {
    if (typeof value !== 'string' || isHostOrIp(value)) continue;
    out.push(problem('ntp-upstream-invalid', 'error', `NTP upstream ${JSON.stringify(value)} is not a host name or an address (chrony's pool/server take one word such as 0.fedora.pool.ntp.org or 192.168.1.1)`, path));
  }
}

const REGISTRY_WORDS: Record<keyof typeof REGISTRY_RULES, string> = {
  repository: 'a repository path of lower-case words separated by "/" (e.g. openshift/okd)',
  dir: 'an absolute folder path of plain names (letters, digits, ".", "_", "-")',
  image: 'a fully qualified image reference such as docker.io/library/registry:2',
  user: 'a user name of letters, digits, ".", "_" or "-" (no ":")',
};

function checkRegistry(t: Topology, out: Problem[]): void {
  const svc = t.services.registry;
  if (!svc) return;
  const s = svc.settings;
  for (const key of Object.keys(REGISTRY_RULES) as (keyof typeof REGISTRY_RULES)[]) {
    const v = s[key];
    if (typeof v === 'string' && !REGISTRY_RULES[key].test(v)) {
      out.push(problem('registry-field-invalid', 'error', `services.registry.${key} ${JSON.stringify(v)} is not ${REGISTRY_WORDS[key]}`, [...svc.path, key]));
    }
  }
  const files = ['caFile', 'certFile', 'keyFile'] as const;
  for (const key of files) {
    const v = s[key];
    // eslint-disable-next-line no-control-regex
    if (typeof v === 'string' && (v.trim() === '' || /[\x00-\x1f\x7f]/.test(v))) {
      out.push(problem('registry-field-invalid', 'error', `services.registry.${key} is ${v.trim() === '' ? 'empty' : 'not a usable path (it contains a control character)'}`, [...svc.path, key]));
    }
  }
  const has = (k: (typeof files)[number]) => typeof s[k] === 'string' && (s[k] as string).trim() !== '';
  if (has('certFile') !== has('keyFile')) {
    const given = has('certFile') ? 'certFile' : 'keyFile';
    out.push(problem('registry-cert-incomplete', 'error', `services.registry.${given} needs ${given === 'certFile' ? 'keyFile' : 'certFile'} too: deploy uploads the certificate and its key together (leave both out to have deploy generate them)`, [...svc.path, given]));
  }
}

function checkMetallbVersion(t: Topology, out: Problem[]): void {
  const pool = t.pools.find((p) => p.name && p.addresses.length > 0);
  if (!pool || t.cluster.metallbVersion !== undefined) return;
  out.push(problem('metallb-version-missing', 'warning',
    `cluster.metallbVersion is not set, so the pools render as the custom resources of MetalLB v0.13 and later (IPAddressPool, L2Advertisement/BGPAdvertisement); MetalLB before v0.13 reads a ConfigMap instead. Write the version you install: e.g. ${METALLB_CHOICES.crd} (custom resources) or ${METALLB_CHOICES.configmap} (ConfigMap)`,
    [...pool.path, 'name'], [{ message: 'cluster.metallbVersion belongs here', path: [...t.cluster.path, 'name'] }], { ...METALLB_CHOICES }));
}

/** okd-ipi runs keepalived for the API and ingress VIPs on the nodes itself; a second one there fights it. */
function checkIpiHolders(t: Topology, out: Problem[]): void {
  if (t.cluster.platform !== 'okd-ipi') return;
  const byName = new Map(t.hosts.map((h) => [h.name, h]));
  for (const v of t.vips) {
    v.holders.forEach((name, i) => {
      const h = byName.get(name);
      if (!h || !NODE_ROLES.includes(h.role)) return;
      out.push(problem('vip-holder-ipi-node', 'error',
        `VIP ${v.name} is held by ${name}, a ${h.role} of an okd-ipi cluster: the platform already runs keepalived for its VIPs on the nodes, and a second keepalived.conf there would fight it for the address. Remove the node from holders (the installer places the api and ingress VIPs itself), or hold a custom VIP on services hosts`,
        v.holderPaths?.[i] ?? [...v.path, 'holders'], undefined, { host: name }));
    });
  }
}

/** Information for the later phases: what they need that the file does not give yet (never an error: the hosts phase does not need it). */
function checkPhases(t: Topology, out: Problem[]): void {
  const hostNames = new Set(t.hosts.map((h) => h.name));
  const kube = t.services.kubeApi?.hosts.some((h) => hostNames.has(h)) ?? false;
  const pool = t.pools.find((p) => p.name && p.addresses.length > 0);
  const ntp = isOkd(t) && (t.services.ntp?.hosts.some((h) => hostNames.has(h)) ?? false);
  if (!kube && (pool || ntp)) {
    const what = [pool && 'the MetalLB configuration', ntp && 'the chrony MachineConfigs'].filter(Boolean).join(' and ');
    out.push(problem('phase-cluster-needs-kubeapi', 'info',
      `${what[0].toUpperCase()}${what.slice(1)} ${pool && ntp ? 'are' : 'is'} applied in the cluster phase, once the cluster runs; that phase needs services.kubeApi (the host that runs ${isOkd(t) ? 'oc' : 'kubectl'} with the cluster's kubeconfig). Deploying the hosts does not.`,
      pool ? [...pool.path, 'name'] : t.services.ntp!.path));
  }
  if (isOkd(t)) {
    const missing = [!t.cluster.pullSecretFile && 'cluster.pullSecretFile', !t.cluster.sshKeyFile && 'cluster.sshKeyFile'].filter(Boolean);
    if (missing.length) {
      out.push(problem('phase-install-needs-secrets', 'info',
        `install-config.yaml is rendered with placeholders; the install phase fills them from ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not set yet`, [...t.cluster.path, 'platform']));
    }
  }
}

export function checkBringup(t: Topology): Problem[] {
  const out: Problem[] = [];
  checkKernelArgs(t, out);
  checkNtpUpstream(t, out);
  checkRegistry(t, out);
  checkMetallbVersion(t, out);
  checkIpiHolders(t, out);
  checkPhases(t, out);
  return out;
}
