// What the bring-up of a services host needs from the file: kernel arguments and NTP upstreams that
// reach boot lines and chrony.conf as single words, the registry's fields, MetalLB's version,
// keepalived on okd-ipi nodes, and (as information) what a later phase still needs.
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { NODE_ROLES } from '../facts';
import { isOkd, problem } from './util';

/** The two MetalLB eras a quick fix can write (see docs/checks.md, metallb-version-missing). */
export const METALLB_CHOICES = { crd: 'v0.14.8', configmap: 'v0.12.1' };

function checkRegistry(t: Topology, out: Problem[]): void {
  const svc = t.services.registry;
  if (!svc) return;
  const s = svc.settings;
  // Each field's own value is checked by its type (src/core/format/types.ts); here only how they go together.
  type FileKey = 'caFile' | 'certFile' | 'keyFile';
  const has = (k: FileKey) => typeof s[k] === 'string' && (s[k] as string).trim() !== '';
  if (has('certFile') !== has('keyFile')) {
    const given = has('certFile') ? 'certFile' : 'keyFile';
    out.push(
      problem(
        'registry-cert-incomplete',
        'error',
        `services.registry.${given} needs ${given === 'certFile' ? 'keyFile' : 'certFile'} too: deploy uploads the certificate and its key together (leave both out to have deploy generate them)`,
        [...svc.path, given],
      ),
    );
  }
}

function checkMetallbVersion(t: Topology, out: Problem[]): void {
  const pool = t.pools.find((p) => p.name && p.addresses.length > 0);
  if (!pool || t.cluster.metallbVersion !== undefined) return;
  out.push(
    problem(
      'metallb-version-missing',
      'warning',
      `cluster.metallbVersion is not set, so the pools render as the custom resources of MetalLB v0.13 and later (IPAddressPool, L2Advertisement/BGPAdvertisement); MetalLB before v0.13 reads a ConfigMap instead. Write the version you install: e.g. ${METALLB_CHOICES.crd} (custom resources) or ${METALLB_CHOICES.configmap} (ConfigMap)`,
      [...pool.path, 'name'],
      [{ message: 'cluster.metallbVersion belongs here', path: [...t.cluster.path, 'name'] }],
      { ...METALLB_CHOICES },
    ),
  );
}

/** okd-ipi runs keepalived for the API and ingress VIPs on the nodes itself; a second one there fights it. */
function checkIpiHolders(t: Topology, out: Problem[]): void {
  if (t.cluster.platform !== 'okd-ipi') return;
  const byName = new Map(t.hosts.map((h) => [h.name, h]));
  for (const v of t.vips) {
    v.holders.forEach((name, i) => {
      const h = byName.get(name);
      if (!h || !NODE_ROLES.includes(h.role)) return;
      out.push(
        problem(
          'vip-holder-ipi-node',
          'error',
          `VIP ${v.name} is held by ${name}, a ${h.role} of an okd-ipi cluster: the platform already runs keepalived for its VIPs on the nodes, and a second keepalived.conf there would fight it for the address. Remove the node from holders (the installer places the api and ingress VIPs itself), or hold a custom VIP on services hosts`,
          v.holderPaths?.[i] ?? [...v.path, 'holders'],
          undefined,
          { host: name },
        ),
      );
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
    const what = [pool && 'the MetalLB configuration', ntp && 'the chrony MachineConfigs']
      .filter(Boolean)
      .join(' and ');
    out.push(
      problem(
        'phase-cluster-needs-kubeapi',
        'info',
        `${what[0].toUpperCase()}${what.slice(1)} ${pool && ntp ? 'are' : 'is'} applied in the cluster phase, once the cluster runs; that phase needs services.kubeApi (the host that runs ${isOkd(t) ? 'oc' : 'kubectl'} with the cluster's kubeconfig). Deploying the hosts does not.`,
        pool ? [...pool.path, 'name'] : t.services.ntp!.path,
      ),
    );
  }
  if (isOkd(t)) {
    const missing = [
      !t.cluster.pullSecretFile && 'cluster.pullSecretFile',
      !t.cluster.sshKeyFile && 'cluster.sshKeyFile',
    ].filter(Boolean);
    if (missing.length) {
      out.push(
        problem(
          'phase-install-needs-secrets',
          'info',
          `install-config.yaml is rendered with placeholders; the install phase fills them from ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not set yet`,
          [...t.cluster.path, 'platform'],
        ),
      );
    }
  }
}

export function checkBringup(t: Topology): Problem[] {
  const out: Problem[] = [];
  checkRegistry(t, out);
  checkMetallbVersion(t, out);
  checkIpiHolders(t, out);
  checkPhases(t, out);
  return out;
}
