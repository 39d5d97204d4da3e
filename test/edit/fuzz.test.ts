// Random sequences of graph edits on every example (LF and CRLF): each applied edit must leave
// valid YAML of the right shape, do what it says, and keep the file's line endings.
import { strict as assert } from 'node:assert';
import { COMMENTED, crlf, example, run } from './helpers';
import { ROLES, SERVICE_KINDS, type Topology } from '../../src/core/model';
import type { GraphEdit } from '../../src/protocol/messages';
import { bigTopology } from '../../bench/editor-edit.bench';
import { rng } from '../rng';

const BLOCKY =
  [
    'version: 1',
    'cluster:',
    '    name: c',
    '    baseDomain: example.com',
    '    platform: k3s',
    'networks:',
    '- name: lan',
    '  cidr: 10.5.0.0/24',
    'hosts:',
    '- name: a',
    '  role: master',
    '  installDisk: |',
    '    /dev/sda',
    '',
    '  interfaces:',
    '  - network: lan',
    '    ip: 10.5.0.10',
    "    mac: '52:54:00:05:00:10'",
    '- name: b',
    '  role: worker',
    '  interfaces: []',
    'services:',
    '  dns:',
    '    host: a',
    '    validate: >',
    '      named-checkconf',
    '      {file}',
    '',
  ].join('\n') + '\n';

function randomEdit(t: Topology, r: () => number, step: number): GraphEdit {
  const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(r() * xs.length)] : undefined);
  const host = pick(t.hosts);
  const net = pick(t.networks);
  const kinds = [
    'addHost',
    'addHost',
    'addNetwork',
    'addVip',
    'addPool',
    'delete',
    'rename',
    'connect',
    'disconnect',
    'setField',
    'setServices',
    'move',
  ] as const;
  switch (pick([...kinds])) {
    case 'addHost':
      return {
        kind: 'addHost',
        role: pick([...ROLES])!,
        vm: r() < 0.5 ? {} : undefined,
        position: r() < 0.3 ? { x: step, y: 2 * step } : undefined,
      };
    case 'addNetwork':
      return { kind: 'addNetwork' };
    case 'addVip':
      return net
        ? { kind: 'addVip', network: net.name, purpose: pick(['api', 'ingress', 'custom'] as const) }
        : { kind: 'addNetwork' };
    case 'addPool':
      return net ? { kind: 'addPool', network: net.name } : { kind: 'addNetwork' };
    case 'delete': {
      const ids = [
        host && `host:${host.name}`,
        r() < 0.3 && net && `network:${net.name}`,
        r() < 0.3 && t.vips[0] && `vip:${t.vips[0].name}`,
      ].filter((x): x is string => !!x);
      return ids.length ? { kind: 'delete', ids } : { kind: 'addNetwork' };
    }
    case 'rename':
      return host
        ? { kind: 'rename', id: `host:${host.name}`, newName: `${host.name}-r${step}` }
        : net
          ? { kind: 'rename', id: `network:${net.name}`, newName: `n${step}` }
          : { kind: 'addNetwork' };
    case 'connect':
      return host && net ? { kind: 'connect', host: host.name, network: net.name } : { kind: 'addNetwork' };
    case 'disconnect': {
      const i = host ? pick(host.interfaces) : undefined;
      return host && i ? { kind: 'disconnect', host: host.name, network: i.network } : { kind: 'addNetwork' };
    }
    case 'setField': {
      if (!host) return { kind: 'addNetwork' };
      const [field, value] = pick<[string, string | boolean | null]>([
        ['installDisk', '/dev/nvme0n1'],
        ['ingress', true],
        ['ingress', null],
        ['installDisk', null],
      ])!;
      return { kind: 'setField', path: [...host.path, field], value };
    }
    case 'setServices':
      return host
        ? { kind: 'setServices', host: host.name, services: SERVICE_KINDS.filter(() => r() < 0.3) }
        : { kind: 'addNetwork' };
    default:
      return {
        kind: 'move',
        positions: t.hosts.slice(0, 3).map((h, i) => ({ id: `host:${h.name}`, x: i * step, y: -i })),
      };
  }
}

const STRUCTURAL = /^(yaml-|schema-)/;
const NEVER = new Set([
  'ip-duplicate',
  'mac-duplicate',
  'ip-invalid',
  'mac-invalid',
  'ip-outside-network',
  'ip-network-address',
  'ip-broadcast-address',
  'net-overlap',
  'net-pod-subnets',
  'pool-overlap',
  'pool-outside-network',
  'vip-collision',
  'ref-unknown-host',
  'ref-unknown-network',
  'ref-vm-host',
]);

function fuzz(name: string, start: string, seed: number, steps: number): void {
  it(`${name}: ${steps} random edits (seed ${seed})`, () => {
    const r = rng(seed);
    let text = start;
    let applied = 0;
    for (let step = 0; step < steps; step++) {
      const before = run(text, { kind: 'move', positions: [] } as never).before;
      const edit = randomEdit(before.topology!, r, step);
      const out = run(text, edit);
      const where = `step ${step}: ${JSON.stringify(edit)}`;
      if (out.outcome === 'error') {
        // Errors are allowed only for exhausted address space, never for broken writers.
        assert.match(out.message ?? '', /no free address|no free addresses|already exists/, where);
        continue;
      }
      if (out.outcome === 'noop') continue;
      applied++;
      const oldStructural = new Set(before.problems.filter((p) => STRUCTURAL.test(p.code)).map((p) => p.message));
      const fresh = out.after.problems.filter((p) => STRUCTURAL.test(p.code) && !oldStructural.has(p.message));
      assert.deepEqual(
        fresh.map((p) => `${p.code} ${p.message}`),
        [],
        `${where}\n${out.newText}`,
      );
      // Allocation and reference bugs: no edit except delete/disconnect may introduce these.
      if (edit.kind !== 'delete' && edit.kind !== 'disconnect') {
        // Keyed by where, not by message: a rename changes the wording of an old problem.
        const key = (p: { code: string; path: (string | number)[] }) => `${p.code} ${JSON.stringify(p.path)}`;
        const old = new Set(before.problems.map(key));
        const bad = out.after.problems.filter((p) => NEVER.has(p.code) && !old.has(key(p)));
        assert.deepEqual(bad.map(key), [], `${where}\n${out.newText}`);
      }
      const t = out.after.topology!;
      for (const id of out.created ?? []) {
        const [kind, n] = id.split(':');
        const list = kind === 'host' ? t.hosts : kind === 'network' ? t.networks : kind === 'vip' ? t.vips : t.pools;
        assert.ok(
          list.some((x) => x.name === n),
          `${where}: ${id} missing`,
        );
      }
      if (edit.kind === 'setServices') {
        const runs = SERVICE_KINDS.filter((k) => t.services[k]?.hosts.includes(edit.host));
        assert.deepEqual(runs, [...edit.services], where);
      }
      if (edit.kind === 'delete')
        for (const id of edit.ids) assert.ok(!t.hosts.some((h) => `host:${h.name}` === id), where);
      if (start.includes('\r\n')) assert.ok(!/[^\r]\n/.test(out.newText), `${where}: bare LF`);
      text = out.newText;
    }
    assert.ok(applied > steps / 3, `only ${applied} of ${steps} edits applied`);
  });
}

describe('graph edits: random sequences', () => {
  fuzz('commented fixture', COMMENTED, 1, 60);
  fuzz('commented fixture, CRLF', crlf(COMMENTED), 2, 40);
  fuzz('OKD UPI lab', example('okd-upi-lab'), 3, 40);
  fuzz('OKD IPI', example('okd-ipi'), 4, 40);
  fuzz('k3s + MetalLB', example('k3s-metallb'), 5, 40);
  fuzz('generated, one-line items', bigTopology(12), 6, 40);
  fuzz('block scalars and compact lists', BLOCKY, 7, 40);
});
