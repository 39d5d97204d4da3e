// Host steps in the pure deploy plan: grouped per host after its files, placed under --remote-root,
// checked before anything connects, system changes left out when files are only staged.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { SELINUX_CONDITION } from '../../src/core/deploy/plan-steps';
import type { HostStep } from '../../src/core/render/manifest';
import { exampleFile, renderFile } from '../render/helpers';
import { readFileSync } from 'node:fs';

const LAB = exampleFile('okd-upi-lab');

function labPlan(opts: { remoteRoot?: string; hosts?: string[]; steps?: HostStep[] } = {}) {
  const r = renderFile(LAB);
  const topology = analyze(readFileSync(LAB, 'utf8')).topology!;
  return {
    r,
    ...buildDeployPlan(r.files, topology, {
      hosts: opts.hosts ?? ['services'],
      remoteRoot: opts.remoteRoot,
      steps: opts.steps ?? r.steps,
    }),
  };
}

describe('deploy plan: host steps', () => {
  it('carries every step of the host in order, with the SELinux condition in words', () => {
    const { r, plan, errors } = labPlan();
    assert.deepEqual(errors, []);
    const hp = plan.hosts.find((h) => h.host.name === 'services')!;
    assert.deepEqual(
      hp.steps.map((s) => s.step.title),
      r.steps.filter((s) => s.target === 'services').map((s) => s.title),
    );
    assert.deepEqual(hp.skippedSteps, []);
    const sel = hp.steps.filter((s) => s.condition);
    assert.ok(sel.length >= 5);
    assert.ok(
      sel.every(
        (s) =>
          s.condition === SELINUX_CONDITION.text && s.step.kind === 'command' && s.step.when === 'selinux-enforcing',
      ),
    );
    assert.deepEqual(SELINUX_CONDITION.argv, ['getenforce']);
  });

  it('under --remote-root: copies (package files too: the root stands for the host), uploads and the paths a command names move under it; system changes do not', () => {
    const root = '/srv/stage';
    const { plan, errors } = labPlan({ remoteRoot: root });
    assert.deepEqual(errors, []);
    const hp = plan.hosts.find((h) => h.host.name === 'services')!;
    const copy = hp.steps.find((s) => s.step.kind === 'copy' && s.step.package === 'syslinux')!.step;
    assert.ok(
      copy.kind === 'copy' &&
        copy.to === '/srv/stage/var/lib/tftpboot/pxelinux.0' &&
        copy.from === '/srv/stage/usr/share/syslinux/pxelinux.0',
    );
    const trust = hp.steps.find((s) => s.step.kind === 'copy' && !s.step.package)!.step;
    assert.ok(
      trust.kind === 'copy' &&
        trust.from === '/srv/stage/opt/registry/ca/ca.crt' &&
        trust.to.startsWith('/srv/stage/etc/pki/'),
    );
    const ca = hp.steps.find((s) => s.step.kind === 'command' && s.step.argv.includes('-x509'))!.step;
    assert.ok(ca.kind === 'command');
    assert.equal(ca.creates, '/srv/stage/opt/registry/ca/ca.crt');
    assert.deepEqual(ca.argv.slice(-4), [
      '-keyout',
      '/srv/stage/opt/registry/ca/ca.key',
      '-out',
      '/srv/stage/opt/registry/ca/ca.crt',
    ]);
    assert.ok(ca.argv.includes('/CN=okd.example.com mirror registry CA'), 'the subject is not a path');
    assert.deepEqual(
      hp.skippedSteps.map((s) => s.step.kind === 'command' && s.step.argv[0]),
      ['update-ca-trust', 'semanage', 'semanage', 'semanage'],
    );
    assert.ok(hp.skippedSteps.every((s) => /remote-root/.test(s.why)));
  });

  it('a step with a bad path, mode or program stops the plan with a message naming host and step', () => {
    const base = { target: 'services', service: 'pxe', title: 'evil' };
    const bad: HostStep[] = [
      {
        ...base,
        kind: 'copy',
        from: '/usr/share/syslinux/pxelinux.0',
        to: '/var/lib/tftpboot/../../etc/passwd',
        mode: '0644',
        package: 'syslinux',
      },
      { ...base, kind: 'command', argv: ['$(id)', 'x'] },
      { ...base, kind: 'upload', local: 'a\nb', to: '/etc/x', mode: '0600' },
      { ...base, kind: 'copy', from: '/a', to: '/b', mode: 'rwx' },
    ];
    const { errors } = labPlan({ steps: bad });
    assert.equal(errors.length, 4, errors.join('\n'));
    assert.ok(
      errors.every((e) => e.startsWith('services: step "evil": ')),
      errors.join('\n'),
    );
  });

  it("--host leaves other hosts' steps out; a step for an unknown host is an error", () => {
    const { plan } = labPlan({ hosts: ['okd-hv'] });
    assert.ok(plan.hosts.every((h) => h.steps.length === 0));
    const { errors } = labPlan({
      hosts: [],
      steps: [{ kind: 'command', target: 'nobody', service: 'x', title: 't', argv: ['true'] }],
    });
    assert.ok(
      errors.some((e) => /nobody/.test(e)),
      errors.join('\n'),
    );
  });
});
