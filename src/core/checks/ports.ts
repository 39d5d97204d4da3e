// Two daemons on one host cannot listen on the same port. The ports are the ones the
// rendered configs use (HAProxy frontends, dhcpd, named, chronyd, tftp, httpd, registry)
// plus what cluster nodes themselves bind (API server, machine-config server, router).
import type { Path, ServiceKind, Topology } from '../model';
import type { Problem } from '../problems';
import { ingressHosts, hostsWithRole } from '../facts';
import { isOkd, problem } from './util';

interface Binding {
  port: number;
  proto: 'tcp' | 'udp';
  what: string;
  path: Path;
}

const FIXED: Partial<Record<ServiceKind, { port: number; proto: 'tcp' | 'udp' }[]>> = {
  dhcp: [{ port: 67, proto: 'udp' }],
  dns: [
    { port: 53, proto: 'udp' },
    { port: 53, proto: 'tcp' },
  ],
  ntp: [{ port: 123, proto: 'udp' }],
  pxe: [{ port: 69, proto: 'udp' }],
};
const NAMES: Record<ServiceKind, string> = {
  dhcp: 'the DHCP server',
  dns: 'the DNS server',
  loadBalancer: 'the load balancer (HAProxy)',
  ntp: 'the NTP server',
  pxe: 'the TFTP server (PXE)',
  http: 'the HTTP server',
  registry: 'the registry',
  kubeApi: 'kubeApi',
};
const DEFAULT_PORT: Partial<Record<ServiceKind, number>> = { http: 8080, registry: 5000 };

function portOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536 ? v : undefined;
}

export function checkPorts(t: Topology): Problem[] {
  const out: Problem[] = [];
  const byHost = new Map<string, Map<string, Binding>>();
  const bind = (host: string, b: Binding) => {
    let m = byHost.get(host);
    if (!m) byHost.set(host, (m = new Map()));
    const key = `${b.port}/${b.proto}`;
    const prev = m.get(key);
    if (!prev) {
      m.set(key, b);
      return;
    }
    if (prev.what === b.what) return;
    out.push(
      problem(
        'port-conflict',
        'error',
        `Port ${key} on host ${host} is used by both ${prev.what} and ${b.what}`,
        b.path,
        [{ message: `${prev.what} listens on ${key}`, path: prev.path }],
        { host, port: b.port },
      ),
    );
  };
  const okd = isOkd(t);
  // Node daemons never collide with each other, only with services placed on a node: so only
  // hosts that run a service need their node ports (keeps this linear in services, not hosts).
  const serviceHosts = new Set<string>();
  for (const s of Object.values(t.services)) for (const h of s?.hosts ?? []) serviceHosts.add(h);
  for (const h of [...hostsWithRole(t, 'bootstrap'), ...hostsWithRole(t, 'master')]) {
    if (!serviceHosts.has(h.name)) continue;
    bind(h.name, { port: 6443, proto: 'tcp', what: 'the Kubernetes API server', path: [...h.path, 'role'] });
    if (okd) bind(h.name, { port: 22623, proto: 'tcp', what: 'the machine-config server', path: [...h.path, 'role'] });
  }
  if (okd) {
    for (const h of ingressHosts(t)) {
      if (!serviceHosts.has(h.name)) continue;
      for (const port of [80, 443])
        bind(h.name, {
          port,
          proto: 'tcp',
          what: 'the ingress router',
          path: [...h.path, h.ingress ? 'ingress' : 'role'],
        });
    }
  }
  for (const s of Object.values(t.services)) {
    if (!s) continue;
    const ports: Binding[] = [];
    const what = NAMES[s.kind];
    for (const f of FIXED[s.kind] ?? []) ports.push({ ...f, what, path: s.path });
    if (s.kind === 'loadBalancer') {
      for (const port of okd ? [6443, 22623, 80, 443] : [6443, 80, 443])
        ports.push({ port, proto: 'tcp', what, path: s.path });
      const stats = s.settings.stats as Record<string, unknown> | undefined;
      const sp = portOf(stats && typeof stats === 'object' ? stats.port : undefined);
      if (sp)
        ports.push({
          port: sp,
          proto: 'tcp',
          what: 'the HAProxy stats page',
          path: ['services', 'loadBalancer', 'stats', 'port'],
        });
    }
    const dp = DEFAULT_PORT[s.kind];
    if (dp) {
      const p = portOf(s.settings.port);
      ports.push({ port: p ?? dp, proto: 'tcp', what, path: p ? ['services', s.kind, 'port'] : s.path });
    }
    s.hosts.forEach((host, j) => {
      for (const b of ports) bind(host, { ...b, path: b.path === s.path ? (s.hostPaths?.[j] ?? s.path) : b.path });
    });
  }
  return out;
}
