// Generates a realistic, clean topology with `hosts` hosts, as cluster.okd.yaml text.
// Racks of up to 190 hosts share a /24 (gateway .1, DNS .2, pool .200-.239, DHCP .240-.250),
// one hypervisor per rack runs half of the rack as VMs. Other benches reuse this.

export interface GenOptions {
  platform?: 'okd-upi' | 'okd-ipi' | 'k3s' | 'kubernetes';
}

const PER_RACK = 190;

function mac(i: number): string {
  const h = (i + 0x100).toString(16).padStart(6, '0');
  return `52:54:00:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

export function rackCount(hosts: number): number {
  return Math.max(1, Math.ceil(hosts / PER_RACK));
}

export function generateTopology(hosts: number, opts: GenOptions = {}): string {
  const platform = opts.platform ?? 'okd-upi';
  const racks = rackCount(hosts);
  const net = (r: number) => `172.${16 + (r >> 8)}.${r & 255}`;
  const out: string[] = [];
  out.push(
    'version: 1',
    'cluster:',
    `  name: gen${hosts}`,
    '  baseDomain: bench.example.com',
    `  platform: ${platform}`,
    '  metallbVersion: v0.14.8',
    '  networking:',
    '    networkType: OVNKubernetes',
    '    clusterNetwork:',
    '      - { cidr: 10.128.0.0/10, hostPrefix: 24 }',
    '    serviceNetwork: [172.30.0.0/16]',
    'networks:',
  );
  for (let r = 0; r < racks; r++) {
    out.push(
      `  - name: rack-${r}`,
      `    cidr: ${net(r)}.0/24`,
      `    gateway: ${net(r)}.1`,
      `    dns: [${net(0)}.2]`,
      `    domain: rack-${r}.bench.example.com`,
      '    dhcp:',
      `      range: ${net(r)}.240-${net(r)}.250`,
    );
  }
  out.push('hosts:');
  // Services host and one hypervisor per rack come first (addresses .2 of rack 0 and .199 of each rack).
  out.push(
    '  - name: services',
    '    role: services',
    '    interfaces:',
    `      - { network: rack-0, ip: ${net(0)}.2, mac: "${mac(0)}" }`,
  );
  for (let r = 0; r < racks; r++) {
    out.push(
      `  - name: hv-${r}`,
      '    role: hypervisor',
      '    interfaces:',
      `      - { network: rack-${r}, ip: ${net(r)}.199, mac: "${mac(1 + r)}" }`,
    );
  }
  const others = Math.max(0, hosts - 1 - racks);
  for (let i = 0; i < others; i++) {
    const r = Math.floor(i / PER_RACK) % racks;
    const ip = `${net(r)}.${3 + (i % PER_RACK)}`;
    const role = i === 0 ? 'bootstrap' : i <= 3 ? 'master' : 'worker';
    const name = role === 'bootstrap' ? 'bootstrap' : role === 'master' ? `master-${i - 1}` : `worker-${i - 4}`;
    out.push(`  - name: ${name}`, `    role: ${role}`);
    if (i % 2 === 0) out.push(`    vm: { cpus: 4, memoryGiB: 16, diskGiB: 120, on: hv-${r} }`);
    // IPI provisions through BMCs: VMs through sushy-tools on their hypervisor, machines through their own.
    if (platform === 'okd-ipi' && role !== 'bootstrap') {
      const url =
        i % 2 === 0
          ? `redfish-virtualmedia://${net(r)}.199:8000/redfish/v1/Systems/${name}`
          : `redfish-virtualmedia://10.250.${r}.${3 + (i % PER_RACK)}/redfish/v1/Systems/1`;
      out.push(`    bmc: { address: "${url}", username: admin }`);
    }
    out.push('    interfaces:', `      - { name: enp1s0, network: rack-${r}, ip: ${ip}, mac: "${mac(1000 + i)}" }`);
  }
  if (platform === 'okd-ipi' || platform === 'k3s') {
    out.push(
      'vips:',
      '  - name: api',
      '    network: rack-0',
      `    ip: ${net(0)}.198`,
      '    purpose: api',
      '    ports: [6443]',
      '    backends: { roles: [master] }',
      '  - name: ingress',
      '    network: rack-0',
      `    ip: ${net(0)}.197`,
      '    purpose: ingress',
      '    ports: [80, 443]',
      '    backends: { roles: [worker] }',
    );
  } else out.push('vips: []');
  out.push('pools:');
  for (let r = 0; r < racks; r++)
    out.push(
      `  - name: pool-${r}`,
      `    network: rack-${r}`,
      `    addresses: [${net(r)}.200-${net(r)}.239]`,
      '    protocol: layer2',
    );
  out.push(
    'services:',
    '  dhcp: { host: services }',
    '  dns: { host: services, forwarders: [1.1.1.1] }',
    '  loadBalancer: { host: services }',
    '  ntp: { host: services, upstream: [pool.ntp.org] }',
    '  http: { host: services, port: 8080 }',
    '',
  );
  return out.join('\n');
}
