// Ansible export: an inventory and a playbook that deploy the same rendered files with the same steps
// (validate on the host, back up, replace, reload once per service, check, restore on any failure).
// Every value from the topology is emitted as a JSON string tagged `!unsafe`, so Jinja never evaluates it.
import type { Argv, HealthCheck } from '../render/manifest';
import { installFiles, installPlay } from './ansible-install';
import { REGISTRY_PASSWORD_VAR, restoreTasks, stepRescueTasks, stepTasks } from './ansible-steps';
import { metallbTasks } from './ansible-metallb';
import { argvYaml, u } from './ansible-yaml';
import { splitManifests } from './cluster-phase';
import type { PhaseName } from './phases';
import type { ApplyStep, DeployPlan, HostPlan } from './plan';
import type { HostTarget } from './target';
import { dirname } from './paths';
import { shQuote } from './quote';
import { healthLabel } from './script';

export interface AnsibleOptions {
  /** Topology file name, for the header comment. */
  source?: string;
  /** Passed as ansible_ssh_common_args (e.g. -o UserKnownHostsFile=...). */
  sshCommonArgs?: string;
  privateKeyFile?: string;
}

export interface AnsibleFile {
  /** Relative to the export folder. */
  path: string;
  content: string;
  mode?: string;
}

/** Ansible's `validate` is split like a shell line (shlex) with `%s` for the file; `%` itself is doubled. */
export function ansibleValidate(argv: Argv): string {
  return argv
    .map((a) => {
      const parts = a.split('{file}').map((p) => p.replace(/%/g, '%%'));
      return parts.length === 1 ? shQuote(parts[0]) : parts.map((p) => (p ? shQuote(p) : '')).join('%s');
    })
    .join(' ');
}

/** Exit 0 when HAProxy's worker started after the config file last changed (or there is no stats socket to ask). */
const HAPROXY_LOADED_PY = [
  'import os, socket, sys, time',
  'if not os.path.exists(sys.argv[1]): sys.exit(0)',
  's = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show info\\n"); d = b""',
  'while True:',
  '    c = s.recv(65536)',
  '    if not c: break',
  '    d += c',
  'up = [int(l.split(":")[1]) for l in d.decode().splitlines() if l.startswith("Uptime_sec:")][0]',
  'sys.exit(0 if time.time() - up >= os.stat(sys.argv[2]).st_mtime - 1 else 1)',
].join('\n');

function healthTasks(h: HealthCheck, i: number, when: string, hostAddr: string): string[] {
  const name = `      - name: ${u(`check: ${healthLabel(h)}`)}`;
  if (h.kind === 'tcp') {
    return [
      name,
      '        ansible.builtin.wait_for:',
      `          host: ${u(h.address ?? hostAddr)}`,
      `          port: ${h.port}`,
      '          timeout: 10',
      `        when: ${when}`,
    ];
  }
  if (h.kind === 'service-active') {
    return [
      name,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(['systemctl', 'is-active', '--quiet', '--', h.unit], '            '),
      '        changed_when: false',
      `        when: ${when}`,
    ];
  }
  if (h.kind === 'haproxy-loaded') {
    // Ansible needs Python on the host anyway: ask the stats socket when the worker started.
    return [
      name,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(['python3', '-c', HAPROXY_LOADED_PY, h.socket, h.config], '            '),
      `        register: okd_h${i}`,
      `        until: okd_h${i}.rc == 0`,
      '        retries: 10',
      '        delay: 1',
      '        changed_when: false',
      `        when: ${when}`,
    ];
  }
  const argv = h.server
    ? ['dig', '+short', '+time=2', '+tries=2', `@${h.server}`, h.name, h.expect.includes(':') ? 'AAAA' : 'A']
    : ['getent', h.expect.includes(':') ? 'ahostsv6' : 'ahostsv4', h.name];
  // expect is a checked address (digits, dots, colons): safe inside the Jinja expression.
  return [
    name,
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml(argv, '            '),
    `        register: okd_h${i}`,
    '        changed_when: false',
    `        failed_when: okd_h${i}.rc != 0 or ${JSON.stringify(h.expect)} not in okd_h${i}.stdout.split()`,
    `        when: ${when}`,
  ];
}

function applyTasks(a: ApplyStep): string[] {
  const base = [a.tool, ...(a.kubeconfig ? ['--kubeconfig', a.kubeconfig] : []), 'apply'];
  return [true, false].flatMap((dry) => [
    `      - name: ${u(`${a.tool} apply ${a.file.path}${dry ? ' (server-side dry run)' : ''}`)}`,
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml([...base, ...(dry ? ['--dry-run=server'] : []), '-f', '-'], '            '),
    `          stdin: ${u(a.file.content)}`,
    ...(dry ? ['        changed_when: false'] : []),
  ]);
}

/**
 * Where a phase's copies of the files live in the export (post-bootstrap's haproxy.cfg differs from the hosts
 * phase's); `@` cannot start an inventory name, so no host folder can clash with it.
 */
function localPrefix(phase: PhaseName): string {
  return phase === 'hosts' ? '' : `@${phase}/`;
}

/** Plays of later phases run only when asked for by tag (`--tags cluster`): `never` keeps them out of a plain run. */
function playHead(hp: HostPlan, phase: PhaseName): string[] {
  const L = [
    `- name: ${u(`okd-topology deploy (${phase} phase): ${hp.host.name}`)}`,
    `  hosts: ${u(hp.host.name)}`,
    '  gather_facts: false',
    `  tags: [${phase === 'hosts' ? 'hosts' : `${phase}, never`}]`,
  ];
  if (hp.host.user && hp.host.user !== 'root') L.push('  become: true');
  return L;
}

/**
 * The cluster phase: each manifest dry-run on the server, then applied. No rescue restores any host file:
 * a manifest the cluster refuses says so and leaves the hosts as they are.
 */
function clusterPlay(hp: HostPlan): string[] {
  // Other manifests, MetalLB installed (unless that version runs), MetalLB's objects last.
  const { first, last } = splitManifests(hp.applies);
  return [
    ...playHead(hp, 'cluster'),
    '  tasks:',
    '  - name: cluster phase (a failure leaves every host file as it is)',
    '    block:',
    ...first.flatMap(applyTasks),
    ...(hp.metallb ? metallbTasks(hp.metallb) : []),
    ...last.flatMap(applyTasks),
  ];
}

function play(hp: HostPlan, phase: PhaseName): string[] {
  if (phase === 'cluster') return clusterPlay(hp);
  const L: string[] = playHead(hp, phase);
  const name = hp.host.name;
  L.push('  tasks:', '  - name: deploy, restoring every file of the host on any failure', '    block:');
  const reg = (i: number): string => `okd_f${i}`;
  const dirs = [...new Set(hp.files.map((f) => dirname(f.remotePath)))];
  if (dirs.length) {
    L.push(
      '      - name: parent directories',
      '        ansible.builtin.file:',
      '          path: "{{ item }}"',
      '          state: directory',
      '        loop:',
      ...dirs.map((d) => `          - ${u(d)}`),
    );
  }
  hp.files.forEach((f, i) => {
    const tpl = f.validateTemplate;
    if (f.file.symlink) {
      L.push(
        `      - name: ${u(`remember ${f.remotePath}`)}`,
        '        ansible.builtin.stat:',
        `          path: ${u(f.remotePath)}`,
        `        register: okd_s${i}`,
      );
      L.push(
        `      - name: ${u(`link ${f.remotePath} -> ${f.file.content}`)}`,
        '        ansible.builtin.file:',
        `          src: ${u(f.file.content)}`,
        `          dest: ${u(f.remotePath)}`,
        '          state: link',
        '          force: true',
        `        register: ${reg(i)}`,
      );
      return;
    }
    if (tpl && !tpl.some((a) => a.includes('{file}'))) {
      L.push(
        `      - name: ${u(`validate for ${f.remotePath}`)}`,
        '        ansible.builtin.command:',
        '          argv:',
        argvYaml(tpl, '            '),
        '        changed_when: false',
      );
    }
    L.push(
      `      - name: ${u(f.remotePath)}`,
      '        ansible.builtin.copy:',
      `          src: ${u(`${localPrefix(phase)}${name}${f.file.path}`)}`,
      `          dest: ${u(f.remotePath)}`,
      `          mode: ${JSON.stringify(f.file.mode)}`,
    );
    if (f.file.owner) L.push(`          owner: ${u(f.file.owner)}`);
    if (f.file.group) L.push(`          group: ${u(f.file.group)}`);
    L.push('          backup: true');
    if (tpl && tpl.some((a) => a.includes('{file}'))) L.push(`          validate: ${u(ansibleValidate(tpl))}`);
    L.push(`        register: ${reg(i)}`);
  });
  const changedOf = (svc: string): string => {
    const idx = hp.files.map((f, i) => (f.file.service === svc ? i : -1)).filter((i) => i >= 0);
    return idx.length ? `(${idx.map((i) => `(${reg(i)} is changed)`).join(' or ')})` : 'false';
  };
  L.push(...stepTasks(hp));
  let hi = 0;
  for (const s of hp.services) {
    if (s.reload) {
      L.push(
        `      - name: ${u(`reload ${s.service}`)}`,
        '        ansible.builtin.command:',
        '          argv:',
        argvYaml(s.reload, '            '),
        `        when: ${changedOf(s.service)}`,
      );
    }
  }
  for (const s of hp.services)
    for (const h of s.health) L.push(...healthTasks(h, hi++, changedOf(s.service), hp.host.hostname));
  L.push('    rescue:', ...stepRescueTasks(hp));
  hp.files.forEach((f, i) => {
    const r = reg(i);
    if (f.file.symlink) {
      L.push(
        `      - name: ${u(`restore link ${f.remotePath}`)}`,
        '        ansible.builtin.file:',
        `          src: "{{ okd_s${i}.stat.lnk_target }}"`,
        `          dest: ${u(f.remotePath)}`,
        '          state: link',
        '          force: true',
        `        when: ${r} is defined and ${r} is changed and okd_s${i}.stat.islnk | default(false)`,
      );
      L.push(
        `      - name: ${u(`remove new link ${f.remotePath}`)}`,
        '        ansible.builtin.file:',
        `          path: ${u(f.remotePath)}`,
        '          state: absent',
        `        when: ${r} is defined and ${r} is changed and not (okd_s${i}.stat.exists | default(false))`,
      );
      return;
    }
    L.push(...restoreTasks(f.remotePath, r, `restore ${f.remotePath}`, `remove new ${f.remotePath}`));
  });
  for (const s of hp.services) {
    if (!s.reload) continue;
    const idx = hp.files.map((f, i) => (f.file.service === s.service ? i : -1)).filter((i) => i >= 0);
    const when = idx.map((i) => `(${reg(i)} is defined and ${reg(i)} is changed)`).join(' or ') || 'false';
    L.push(
      `      - name: ${u(`reload ${s.service} after the restore`)}`,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(s.reload, '            '),
      `        when: ${when}`,
      '        ignore_errors: true',
    );
  }
  L.push(
    '      - name: report',
    '        ansible.builtin.fail:',
    '          msg: "deploy failed on {{ inventory_hostname }}: {{ ansible_failed_task.name }}; every file of the host was restored"',
  );
  return L;
}

/** The phases after hosts, each run by its tag, or named with its command when it could not be exported. */
function phaseComments(plans: DeployPlan[]): string[] {
  const shown = new Set(plans.map((p) => p.phase));
  const pending = plans.find((p) => p.phase === 'hosts')?.pending ?? [];
  const out = ['# Phases: a plain run deploys the hosts (tag hosts); later phases run only by tag, in this order:'];
  for (const p of pending) {
    const how =
      p.phase === 'install' ? ' (with -e okd_install_config=PATH from okd-topology render --install-config PATH)' : '';
    out.push(
      shown.has(p.phase)
        ? `#   --tags ${p.phase}${how}: ${p.what}`
        : `#   ${p.phase}: ${p.what} (not exported; run: ${p.command})`,
    );
    for (const n of p.needs) out.push(`#       needs ${n}`);
  }
  return out;
}

/** Each host once, as the first plan naming it has it (for the inventory). */
function inventoryHosts(list: DeployPlan[]): HostTarget[] {
  const hosts = new Map<string, HostTarget>();
  for (const t of list.flatMap((p) => [...p.hosts.map((hp) => hp.host), ...(p.install ? [p.install.host] : [])]))
    if (!hosts.has(t.name)) hosts.set(t.name, t);
  return [...hosts.values()];
}

/**
 * One play per host and phase, tagged with the phase. `plans`: the hosts phase first, then any later phases
 * to export; install-config.yaml itself is never exported (it holds the pull secret; see ansible-install.ts).
 */
export function exportAnsible(
  plans: DeployPlan | DeployPlan[],
  opts: AnsibleOptions = {},
): { files: AnsibleFile[]; errors: string[] } {
  const list = Array.isArray(plans) ? plans : [plans];
  const errors: string[] = [];
  const hosts = inventoryHosts(list);
  for (const h of hosts) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(h.name))
      errors.push(`host ${JSON.stringify(h.name)}: not usable as an Ansible inventory name`);
  }
  const inv = [
    '# Generated by okd-topology export-ansible' + (opts.source ? ` from ${opts.source}` : '') + '.',
    'all:',
    '  vars:',
  ];
  inv.push('    ansible_python_interpreter: auto_silent');
  if (opts.sshCommonArgs) inv.push(`    ansible_ssh_common_args: ${u(opts.sshCommonArgs)}`);
  if (opts.privateKeyFile) inv.push(`    ansible_ssh_private_key_file: ${u(opts.privateKeyFile)}`);
  inv.push('  hosts:');
  for (const h of hosts) {
    inv.push(`    ${JSON.stringify(h.name)}:`, `      ansible_host: ${u(h.hostname)}`);
    if (h.port) inv.push(`      ansible_port: ${h.port}`);
    if (h.user) inv.push(`      ansible_user: ${u(h.user)}`);
  }
  const head = [
    `# Generated by okd-topology export-ansible${opts.source ? ` from ${opts.source}` : ''}; run: ansible-playbook -i inventory.yml site.yml`,
    '# Same steps as `okd-topology deploy`: each file is validated on the host before it replaces the old one',
    '# (with a backup), services reload once, checks run, and any failure restores every file of that host.',
    ...(list.some((p) => p.hosts.some((hp) => hp.steps.some((ps) => ps.step.kind === 'command' && ps.step.stdin)))
      ? [
          `# The registry's htpasswd reads its password from the variable ${REGISTRY_PASSWORD_VAR} (e.g. -e @secrets.yml; never logged).`,
        ]
      : []),
    ...phaseComments(list),
    '---',
  ];
  const plays = list.flatMap((p) => [
    ...p.hosts.flatMap((hp) => play(hp, p.phase)),
    ...(p.install ? installPlay(p.install) : []),
  ]);
  const files: AnsibleFile[] = [
    { path: 'inventory.yml', content: inv.join('\n') + '\n' },
    // An empty play list is not a playbook: a plan with nothing to do still gives a valid one.
    { path: 'site.yml', content: [...head, ...(plays.length ? plays : ['[]'])].join('\n') + '\n' },
  ];
  for (const p of list) {
    if (p.install) files.push(...installFiles(p.install));
    for (const hp of p.hosts) {
      for (const f of hp.files)
        if (!f.file.symlink)
          files.push({
            path: `files/${localPrefix(p.phase)}${hp.host.name}${f.file.path}`,
            content: f.file.content,
            mode: f.file.mode,
          });
    }
  }
  return { files, errors };
}
