// New Cluster Topology: every combination of answers gives a file the checks accept, with the hosts,
// VIPs, pools and services its platform needs; answers the plan cannot use are refused in words.
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { analyze } from '../../src/core/analyze';
import { PLATFORMS } from '../../src/core/model';
import { answerProblem, newTopologyYaml, type NewTopologyAnswers } from '../../src/core/scaffold/new-topology';

const base: NewTopologyAnswers = {
  platform: 'okd-upi',
  name: 'lab',
  baseDomain: 'example.com',
  cidr: '192.168.50.0/24',
  gateway: '192.168.50.1',
  masters: 3,
  workers: 2,
  infra: 0,
  vms: true,
  servicesIp: '192.168.50.254',
};

describe('New Cluster Topology from answers', () => {
  it('every platform, VMs or bare metal, small and large counts: no errors, and what the platform needs', () => {
    for (const platform of PLATFORMS) {
      for (const vms of [true, false]) {
        for (const [masters, workers, infra] of [
          [1, 0, 0],
          [3, 2, 0],
          [3, 3, 3],
          [30, 30, 30],
        ]) {
          const a = { ...base, platform, vms, masters, workers, infra };
          const text = newTopologyYaml(a);
          const r = analyze(text);
          // Advice about a one-master cluster is expected; anything else is not.
          const errors = r.problems
            .filter((p) => p.severity !== 'info' && !p.code.startsWith('ha-'))
            .map((p) => `${p.code}: ${p.message}`);
          assert.deepEqual(errors, [], `${platform} vms=${vms} ${masters}/${workers}/${infra}:\n${text}`);
          const t = r.topology!;
          const roles = (role: string) => t.hosts.filter((h) => h.role === role).length;
          assert.deepEqual([roles('master'), roles('worker'), roles('infra')], [masters, workers, infra]);
          assert.equal(roles('bootstrap'), platform === 'okd-upi' ? 1 : 0);
          assert.equal(roles('hypervisor'), vms ? 1 : 0);
          assert.equal(
            t.hosts.filter((h) => h.vm).length,
            vms ? masters + workers + infra + (platform === 'okd-upi' ? 1 : 0) : 0,
          );
          assert.deepEqual(
            t.vips.map((v) => v.purpose),
            platform === 'okd-ipi' ? ['api', 'ingress'] : platform === 'okd-upi' ? [] : ['api'],
          );
          assert.equal(t.pools.length, platform === 'k3s' || platform === 'kubernetes' ? 1 : 0);
          if (platform === 'okd-ipi')
            assert.ok(
              t.hosts.filter((h) => h.role !== 'services' && h.role !== 'hypervisor').every((h) => h.bmc?.address),
            );
        }
      }
    }
  });

  it('a fresh file, commented, with nothing from an example (no tutorial paths, no layout)', () => {
    const text = newTopologyYaml(base);
    assert.match(text, /^# lab: okd-upi cluster on 192\.168\.50\.0\/24\./);
    assert.doesNotMatch(text, /layout:|okd-hv|\/home\/okd|192\.168\.200\./);
    const doc = load(text) as { networks: { domain: string; dns: string[] }[] };
    assert.deepEqual([doc.networks[0].domain, doc.networks[0].dns], ['lab.example.com', ['192.168.50.254']]);
  });

  it('answers the plan cannot use are refused in words', () => {
    assert.equal(answerProblem('name', 'Lab'), 'lower-case letters, digits and "-", at most 63 characters');
    assert.equal(answerProblem('baseDomain', 'example..com'), 'a DNS name such as example.com');
    assert.match(answerProblem('cidr', '192.168.50.1/24')!, /did you mean 192\.168\.50\.0\/24/);
    assert.match(answerProblem('cidr', '10.0.0.0/26')!, /a \/16 to \/24 network/);
    assert.equal(answerProblem('cidr', 'fd00::/64'), 'an IPv4 network such as 192.168.200.0/24');
    assert.equal(
      answerProblem('gateway', '10.0.0.1', { cidr: '192.168.50.0/24' }),
      'a host address inside 192.168.50.0/24',
    );
    assert.equal(
      answerProblem('servicesIp', '192.168.50.1', { cidr: '192.168.50.0/24', gateway: '192.168.50.1' }),
      "not the gateway's address",
    );
    assert.match(
      answerProblem('servicesIp', '192.168.50.120', { cidr: '192.168.50.0/24' })!,
      /outside \.2-\.149 and \.200-\.229/,
    );
    assert.equal(answerProblem('masters', '0'), 'a number from 1 to 30');
    assert.equal(answerProblem('workers', '0'), undefined);
    for (const [f, v] of [
      ['name', 'lab'],
      ['baseDomain', 'example.com'],
      ['cidr', '10.1.0.0/16'],
      ['servicesIp', '10.1.0.254'],
    ] as const) {
      assert.equal(answerProblem(f, v, { cidr: '10.1.0.0/16', gateway: '10.1.0.1' }), undefined, `${f} ${v}`);
    }
  });
});
