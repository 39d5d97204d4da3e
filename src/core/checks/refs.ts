// References by name: networks, hosts, roles, hypervisors.
import type { Path, Topology } from '../model';
import type { Problem } from '../problems';
import { addrKey, factsOf } from '../facts';
import { parseAddr } from '../ip';
import { didYouMean, problem } from './util';

export function checkReferences(t: Topology): Problem[] {
  const out: Problem[] = [];
  const f = factsOf(t);
  // Suggestions cost a string distance per candidate: compute once per unknown name, and not at
  // all against thousands of hosts (renaming a hypervisor makes every VM's vm.on unknown at once).
  const hints = new Map<string, string>();
  const hint = (name: string, options: Map<string, unknown>) => {
    let h = hints.get(name);
    if (h === undefined) {
      h = options.size <= 2000 ? didYouMean(name, options.keys()) : '';
      hints.set(name, h);
    }
    return h;
  };
  const net = (name: string | undefined, path: Path, who: string) => {
    if (!name || f.networks.has(name)) return;
    out.push(
      problem(
        'ref-unknown-network',
        'error',
        `${who} refers to network ${name}, which is not defined under networks${hint(name, f.networks)}`,
        path,
        undefined,
        { name },
      ),
    );
  };
  const host = (name: string, path: Path, who: string) => {
    if (!name || f.hosts.has(name)) return true;
    out.push(
      problem(
        'ref-unknown-host',
        'error',
        `${who} refers to host ${name}, which is not defined under hosts${hint(name, f.hosts)}`,
        path,
        undefined,
        { name },
      ),
    );
    return false;
  };
  for (const h of t.hosts) {
    // Paths and messages are built only for a problem: this runs for every interface of large files.
    for (const i of h.interfaces)
      if (i.network && !f.networks.has(i.network))
        net(i.network, [...i.path, 'network'], `An interface of host ${h.name}`);
    const on = h.vm?.on;
    if (on && h.vm) {
      const hv = f.hosts.get(on);
      // The common case, a VM on a hypervisor, needs no path at all.
      if (hv && hv !== h && (hv.role === 'hypervisor' || hv.roleUnknown)) continue;
      const path = [...h.vm.path, 'on'];
      if (host(on, path, `VM ${h.name}`)) {
        if (!hv) continue;
        if (hv === h) out.push(problem('ref-vm-host', 'error', `VM ${h.name} cannot run on itself`, path));
        // A misspelt role is already an error; do not pile a second one on every VM of that host.
        else if (hv.role !== 'hypervisor' && !hv.roleUnknown) {
          out.push(
            problem(
              'ref-vm-host',
              'error',
              `VM ${h.name} runs on ${on}, whose role is ${hv.role}, not hypervisor`,
              path,
              [{ message: `host ${on}`, path: [...hv.path, 'role'] }],
            ),
          );
        }
      }
    }
  }
  for (const v of t.vips) {
    net(v.network, [...v.path, 'network'], `VIP ${v.name}`);
    v.backends.hosts.forEach((name, j) =>
      host(name, v.backends.hostPaths?.[j] ?? [...v.path, 'backends'], `VIP ${v.name} backends`),
    );
    v.holders.forEach((name, j) => {
      const path = v.holderPaths?.[j] ?? [...v.path, 'holders'];
      if (!host(name, path, `VIP ${v.name} holders`)) return;
      const h = f.hosts.get(name);
      if (!h) return;
      // keepalived can only hold an address on a network the host is attached to.
      if (v.network && f.networks.has(v.network) && !h.interfaces.some((i) => i.network === v.network)) {
        out.push(
          problem(
            'ref-holder-network',
            'error',
            `Host ${name} holds VIP ${v.name} but has no interface on network ${v.network}`,
            path,
          ),
        );
      } else if (v.holders.length > 1) {
        // keepalived sends VRRP on a named interface; without the name the rendered config is invalid.
        const nic = h.interfaces.find((i) => i.network === v.network);
        if (nic && !nic.name) {
          out.push(
            problem(
              'vip-holder-interface-name',
              'error',
              `Host ${name} holds VIP ${v.name} with keepalived, which needs the interface name: add name (e.g. enp1s0) to its interface on ${v.network}`,
              nic.path,
              [{ message: `VIP ${v.name} holders`, path }],
            ),
          );
        }
      }
    });
    v.backends.roles.forEach((role, j) => {
      if (f.byRole.get(role)?.length) return;
      out.push(
        problem(
          'ref-unknown-role-backends',
          'warning',
          `VIP ${v.name} sends traffic to role ${role}, but no host has that role`,
          v.backends.rolePaths?.[j] ?? [...v.path, 'backends'],
          undefined,
          { role },
        ),
      );
    });
  }
  // Deploy connects to ssh.host: an address that belongs to another host would configure the wrong machine.
  for (const h of t.hosts) {
    const target = h.ssh?.host;
    const a = target ? parseAddr(target) : undefined;
    if (!a || !h.ssh) continue;
    const owners = f.byAddr.get(addrKey(a)) ?? [];
    const other = owners.find(
      (o) =>
        (o.kind === 'interface' || o.kind === 'bmc' || o.kind === 'vip') &&
        o.host !== h &&
        !(o.kind === 'vip' && o.vip?.holders.includes(h.name)),
    );
    if (other && !owners.some((o) => o.host === h && o.kind === 'interface')) {
      out.push(
        problem(
          'ref-ssh-host',
          'warning',
          `ssh.host ${target} of host ${h.name} is the address of ${other.label}; deploy would configure that machine instead`,
          [...h.ssh.path, 'host'],
          [{ message: `${other.label} is ${other.text}`, path: other.path }],
          { host: h.name },
        ),
      );
    }
  }
  for (const p of t.pools) net(p.network, [...p.path, 'network'], `Pool ${p.name}`);
  for (const s of Object.values(t.services)) {
    if (!s) continue;
    s.hosts.forEach((name, j) => host(name, s.hostPaths?.[j] ?? s.path, `services.${s.kind}`));
  }
  return out;
}
