// Property: the checks and facts never throw on odd but well-typed models (values a lenient
// parser can produce: empty strings, wrong families, huge prefixes, names that collide).
import assert from 'node:assert/strict';
import { runChecks } from '../../src/core/checks/index';
import { networkUsage, nextFreeIp, poolUsage, ownersOf, vipBackends, machineNetworks } from '../../src/core/facts';
import { ROLES, VIP_PURPOSES, PLATFORMS, type Topology } from '../../src/core/model';
import { rng } from './mutate';

const ADDRS = [
  '',
  ' ',
  '10.0.0.1',
  '10.0.0.0',
  '10.0.0.255',
  '10.0.1.5',
  '0.0.0.0',
  '255.255.255.255',
  'fd00::1',
  'fd00::',
  '::',
  '::1',
  'x',
  '10.0.0.1/24',
  '1.2.3',
  'fe80::1%eth0',
];
const CIDRS = [
  '',
  '10.0.0.0/24',
  '10.0.0.1/24',
  '10.0.0.0/0',
  '10.0.0.0/32',
  '10.0.0.0/31',
  'fd00::/64',
  '::/0',
  'fd00::/128',
  '10.0.0.0/33',
  'garbage',
  '172.17.0.0/16',
  '100.64.0.0/10',
];
const RANGES = [
  '',
  '10.0.0.50-10.0.0.99',
  '10.0.0.99-10.0.0.50',
  '10.0.0.0/24',
  'fd00::10-fd00::20',
  '10.0.0.1-fd00::1',
  '-',
  '10.0.0.5',
  ' - ',
];
const NAMES = ['', 'a', 'lan', 'lan', 'Bad_Name', 'x'.repeat(70), 'hv', 'svc'];
const MACS = [undefined, '', '52:54:00:00:00:01', '52:54:00:00:00:01', '01:00:5e:00:00:01', 'zz', '52-54-00-00-00-02'];

describe('fuzz: checks on random models', () => {
  it('2,000 random topologies: no check throws, facts answer', () => {
    const r = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const n = (max: number) => Math.floor(r() * max);
    for (let k = 0; k < 2000; k++) {
      const networks = Array.from({ length: n(4) }, (_, i) => ({
        name: pick(NAMES),
        cidr: pick(CIDRS),
        cidr6: r() < 0.3 ? pick(CIDRS) : undefined,
        gateway: r() < 0.7 ? pick(ADDRS) : undefined,
        gateway6: r() < 0.2 ? pick(ADDRS) : undefined,
        dns: Array.from({ length: n(3) }, (_, j) => ({ ip: pick(ADDRS), path: ['networks', i, 'dns', j] })),
        dhcp:
          r() < 0.5
            ? {
                ranges: Array.from({ length: n(3) }, (_, j) => ({
                  start: '',
                  end: '',
                  text: pick(RANGES),
                  path: ['networks', i, 'dhcp', 'ranges', j],
                })),
                path: ['networks', i, 'dhcp'],
              }
            : undefined,
        path: ['networks', i],
      }));
      const hosts = Array.from({ length: n(8) }, (_, i) => ({
        name: pick(NAMES),
        role: pick(ROLES),
        ingress: r() < 0.2 ? true : undefined,
        interfaces: Array.from({ length: n(3) }, (_, j) => ({
          network: pick(NAMES),
          ip: r() < 0.8 ? pick(ADDRS) : undefined,
          ip6: r() < 0.2 ? pick(ADDRS) : undefined,
          mac: pick(MACS),
          pxe: r() < 0.1,
          path: ['hosts', i, 'interfaces', j],
        })),
        vm: r() < 0.3 ? { on: pick(NAMES), path: ['hosts', i, 'vm'] } : undefined,
        path: ['hosts', i],
      }));
      const vips = Array.from({ length: n(3) }, (_, i) => ({
        name: pick(NAMES),
        network: pick(NAMES),
        ip: pick(ADDRS),
        ip6: r() < 0.3 ? pick(ADDRS) : undefined,
        purpose: pick(VIP_PURPOSES),
        ports: [],
        backends: { roles: r() < 0.5 ? [pick(ROLES)] : [], hosts: r() < 0.5 ? [pick(NAMES)] : [] },
        holders: r() < 0.3 ? [pick(NAMES)] : [],
        path: ['vips', i],
      }));
      const pools = Array.from({ length: n(3) }, (_, i) => ({
        name: pick(NAMES),
        network: r() < 0.5 ? pick(NAMES) : undefined,
        addresses: Array.from({ length: n(3) }, (_, j) => ({ text: pick(RANGES), path: ['pools', i, 'addresses', j] })),
        protocol: r() < 0.8 ? ('layer2' as const) : ('bgp' as const),
        autoAssign: true,
        avoidBuggyIPs: false,
        path: ['pools', i],
      }));
      const t: Topology = {
        version: 1,
        cluster: {
          name: pick(NAMES),
          baseDomain: pick(['', 'a.b', 'bad..domain']),
          platform: pick(PLATFORMS),
          path: ['cluster'],
          loadBalancer: r() < 0.2 ? 'user-managed' : undefined,
          networking: {
            networkType: pick(['OVNKubernetes', 'OpenShiftSDN', '']),
            clusterNetwork: Array.from({ length: n(3) }, (_, i) => ({
              cidr: pick(CIDRS),
              hostPrefix: r() < 0.8 ? n(140) - 5 : undefined,
              path: ['cluster', 'networking', 'clusterNetwork', i],
            })),
            serviceNetwork: Array.from({ length: n(3) }, (_, i) => ({
              cidr: pick(CIDRS),
              path: ['cluster', 'networking', 'serviceNetwork', i],
            })),
            machineNetwork:
              r() < 0.3 ? [{ cidr: pick(CIDRS), path: ['cluster', 'networking', 'machineNetwork', 0] }] : undefined,
            defaulted: { clusterNetwork: r() < 0.5, serviceNetwork: r() < 0.5 },
          },
        },
        networks,
        hosts,
        vips,
        pools,
        services:
          r() < 0.5
            ? {
                loadBalancer: {
                  kind: 'loadBalancer',
                  hosts: [pick(NAMES)],
                  settings: { stats: { port: pick([80, 9000, 'x', -1]) } },
                  path: ['services', 'loadBalancer'],
                },
                http: {
                  kind: 'http',
                  hosts: [pick(NAMES)],
                  settings: { port: pick([80, 8080, undefined, 1.5]) },
                  path: ['services', 'http'],
                },
              }
            : {},
        layout: {},
      };
      const problems = runChecks(t);
      const internal = problems.find((p) => p.code === 'internal');
      assert.equal(internal, undefined, `${internal?.message}\n${JSON.stringify(t)}`);
      for (const net of networks) {
        nextFreeIp(t, net.name);
        networkUsage(t, net.name, 6);
      }
      for (const p of pools) poolUsage(t, p.name);
      for (const v of vips) vipBackends(t, v);
      ownersOf(t, pick(ADDRS));
      machineNetworks(t);
    }
  });
});
