// Snapshots for the webview tests, built by the real core (analyze -> problems -> view) from
// YAML, so the webview is tested against exactly what the editor host sends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { buildView, problemViews } from '../../src/core/view/snapshot';
import { PROTOCOL_VERSION, type SnapshotMessage, type TopologyView } from '../../src/protocol/messages';

const ROOT = join(__dirname, '..', '..');

export function exampleYaml(name: 'okd-upi-lab' | 'k3s-metallb' | 'okd-ipi'): string {
  return readFileSync(join(ROOT, 'examples', name, 'cluster.okd.yaml'), 'utf8');
}

export function snapshotFromYaml(text: string, version = 1, lastGood: TopologyView | null = null): SnapshotMessage {
  const a = analyze(text);
  const problems = problemViews(a.topology, a.problems);
  const syntax = a.problems.find((p) => p.code === 'yaml-syntax');
  const base = {
    type: 'snapshot',
    protocolVersion: PROTOCOL_VERSION,
    version,
    fileName: 'cluster.okd.yaml',
    readOnly: false,
  } as const;
  if (!a.topology || syntax) {
    const err = syntax ?? a.problems[0];
    return {
      ...base,
      reason: 'change',
      view: lastGood,
      problems: [],
      parseError: { message: err?.message ?? 'not a topology', line: err?.line ?? 0, column: err?.column ?? 0 },
    };
  }
  return { ...base, reason: version === 1 ? 'init' : 'change', view: buildView(a.topology, problems), problems };
}

/** A flat cluster: `hosts` bare-metal hosts over four /20 networks, plus VIPs and a pool. */
export function bigYaml(hosts: number): string {
  const lines = [
    'version: 1',
    'cluster:',
    '  name: big',
    '  baseDomain: example.com',
    '  platform: okd-upi',
    'networks:',
  ];
  for (let n = 0; n < 4; n++) {
    lines.push(
      `  - name: net${n}`,
      `    cidr: 10.${n}.0.0/20`,
      `    gateway: 10.${n}.0.1`,
      `    dhcp: { range: 10.${n}.15.100-10.${n}.15.200 }`,
    );
  }
  lines.push('hosts:');
  for (let i = 0; i < hosts; i++) {
    const n = i % 4,
      k = Math.floor(i / 4) + 10;
    const role = i < 3 ? 'master' : 'worker';
    const mac = `52:54:00:${n.toString(16).padStart(2, '0')}:${(k >> 8).toString(16).padStart(2, '0')}:${(k & 255).toString(16).padStart(2, '0')}`;
    lines.push(
      `  - name: node-${i}`,
      `    role: ${role}`,
      '    interfaces:',
      `      - { network: net${n}, ip: 10.${n}.${k >> 8}.${k & 255}, mac: "${mac}" }`,
    );
  }
  lines.push(
    'vips:',
    '  - { name: api, network: net0, ip: 10.0.15.5, purpose: api, ports: [6443], backends: { roles: [master] } }',
    '  - { name: ingress, network: net0, ip: 10.0.15.6, purpose: ingress, ports: [80, 443], backends: { roles: [worker] } }',
  );
  lines.push('pools:', '  - { name: lb, network: net1, addresses: [10.1.15.210-10.1.15.250] }');
  return lines.join('\n') + '\n';
}

/** bigYaml with hosts on two or three networks: every 3rd host has a second interface, every 7th a third. */
export function multiNetYaml(hosts: number): string {
  return bigYaml(hosts).replace(
    /( {2}- name: node-(\d+)\n.*\n {4}interfaces:\n {6}- \{ network: net(\d).*\n)/g,
    (all: string, _m: string, i: string, n: string) => {
      const k = Number(i),
        extra: string[] = [];
      if (k % 3 === 0)
        extra.push(`      - { network: net${(Number(n) + 1) % 4}, ip: 10.${(Number(n) + 1) % 4}.8.${(k % 250) + 1} }`);
      if (k % 7 === 0)
        extra.push(`      - { network: net${(Number(n) + 2) % 4}, ip: 10.${(Number(n) + 2) % 4}.9.${(k % 250) + 1} }`);
      return all + extra.map((l) => l + '\n').join('');
    },
  );
}
