// Topologies and rendered files for deploy tests, built directly from the model types.
import type { Host, Service, ServiceKind, Topology } from '../../src/core/model';
import type { RenderedFile } from '../../src/core/render/manifest';

export interface FixtureHost {
  name: string;
  port: number;
  sshHost?: string;
  user?: string;
}

export function makeTopology(
  hosts: FixtureHost[],
  services: Partial<Record<ServiceKind, Partial<Service>>> = {},
): Topology {
  const svc: Topology['services'] = {};
  for (const [k, v] of Object.entries(services)) {
    svc[k as ServiceKind] = { kind: k as ServiceKind, hosts: [], settings: {}, path: ['services', k], ...v };
  }
  return {
    version: 1,
    cluster: {
      name: 'lab',
      baseDomain: 'example.com',
      platform: 'okd-upi',
      path: ['cluster'],
      networking: { clusterNetwork: [], serviceNetwork: [], defaulted: { clusterNetwork: true, serviceNetwork: true } },
    },
    networks: [],
    hosts: hosts.map((h, i): Host => ({
      name: h.name,
      role: 'services',
      interfaces: [{ network: 'lab', ip: `192.168.200.${10 + i}`, path: ['hosts', i, 'interfaces', 0] }],
      ssh: { host: h.sshHost ?? '127.0.0.1', user: h.user ?? 'root', port: h.port, path: ['hosts', i, 'ssh'] },
      path: ['hosts', i],
    })),
    vips: [],
    pools: [],
    services: svc,
    layout: {},
  };
}

export function file(target: string, path: string, content: string, extra: Partial<RenderedFile> = {}): RenderedFile {
  return { target, path, content, mode: '0644', service: 'dns', ...extra };
}
