// Installer-provisioned bare metal (okd-ipi) powers on and installs every node through its BMC: the
// installer refuses a host without a BMC address and user name. (The password is never in the
// topology; it is asked for when install-config.yaml is written.)
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { problem } from './util';

const PROVISIONED = new Set(['master', 'worker', 'infra', 'storage']);

export function checkBaremetalHosts(t: Topology): Problem[] {
  if (t.cluster.platform !== 'okd-ipi') return [];
  const out: Problem[] = [];
  for (const h of t.hosts) {
    if (!PROVISIONED.has(h.role)) continue;
    if (!h.bmc) {
      const example = h.vm
        ? 'e.g. redfish-virtualmedia://<sushy-tools host>:8000/redfish/v1/Systems/<VM uuid>'
        : 'e.g. redfish-virtualmedia://<BMC address>/redfish/v1/Systems/1';
      out.push(
        problem(
          'installer-bmc-missing',
          'error',
          `Host ${h.name} has no bmc: installer-provisioned clusters (okd-ipi) need each node's BMC address and user name (${example})`,
          [...h.path, 'name'],
          undefined,
          { host: h.name },
        ),
      );
      continue;
    }
    const missing = [!h.bmc.address.trim() ? 'address' : '', !h.bmc.username?.trim() ? 'username' : ''].filter(Boolean);
    if (missing.length) {
      out.push(
        problem(
          'installer-bmc-missing',
          'error',
          `Host ${h.name}: bmc.${missing.join(' and bmc.')} missing; the installer needs both to power on and provision the node`,
          h.bmc.path,
          undefined,
          { host: h.name },
        ),
      );
    }
  }
  return out;
}
