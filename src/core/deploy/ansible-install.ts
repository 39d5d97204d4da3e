// The install phase as an Ansible play (tag `install`). The export never carries install-config.yaml (it
// holds the pull secret): the play copies the one `okd-topology render --install-config PATH` wrote, named
// with `-e okd_install_config=PATH`, then runs what deploy's install phase runs (core/deploy/install.ts).
import { argvYaml, u } from './ansible-yaml';
import { IGNITION_FILES, installByHand, OPENSHIFT_INSTALL, type InstallPlan } from './install';
import type { HostTarget } from './target';

/** Where the export keeps the install-time manifests (`@` cannot start an inventory name). */
export const INSTALL_FILES = '@install';

export function installPlay(ip: InstallPlan): string[] {
  const h: HostTarget = ip.host;
  const when = (extra = ''): string => `        when: okd_installer.rc == 0${extra}`;
  const cmd = (what: string): string[] => [
    `      - name: ${u(`${OPENSHIFT_INSTALL} create ${what} --dir ${ip.dir}`)}`,
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml([OPENSHIFT_INSTALL, 'create', what, '--dir', ip.dir], '            '),
    when(),
  ];
  const L = [
    `- name: ${u(`okd-topology deploy (install phase): ${h.name}`)}`,
    `  hosts: ${u(h.name)}`,
    '  gather_facts: false',
    '  tags: [install, never]',
  ];
  if (h.user && h.user !== 'root') L.push('  become: true');
  L.push(
    '  tasks:',
    '  - name: "install assets (nothing to restore, each step only adds to the installer folder)"',
    '    block:',
    '      - name: "install-config.yaml with its secrets comes from -e okd_install_config=PATH (okd-topology render --install-config PATH)"',
    '        ansible.builtin.assert:',
    '          that: okd_install_config is defined',
    '          fail_msg: "run with -e okd_install_config=PATH, PATH written by: okd-topology render FILE --out DIR --install-config PATH"',
    '      - name: "the installer folder"',
    '        ansible.builtin.file:',
    `          path: ${u(ip.dir)}`,
    '          state: directory',
    '          mode: "0700"',
    `      - name: ${u(`${ip.dir}/install-config.yaml`)}`,
    '        ansible.builtin.copy:',
    '          src: "{{ okd_install_config }}"',
    `          dest: ${u(`${ip.dir}/install-config.yaml`)}`,
    '          mode: "0600"',
    '        no_log: true',
    `      - name: ${u(`is ${OPENSHIFT_INSTALL} on the PATH`)}`,
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml(['sh', '-c', `command -v ${OPENSHIFT_INSTALL}`], '            '),
    '        register: okd_installer',
    '        changed_when: false',
    '        failed_when: false',
    `      - name: ${u(`what to run on ${h.name}`)}`,
    '        ansible.builtin.debug:',
    `          msg: ${u(`run there: ${installByHand(ip).join(' && ')}`)}`,
    // okd-ipi: openshift-install create cluster is always the user's (it drives the BMCs).
    ...(ip.platform === 'okd-upi' ? ['        when: okd_installer.rc != 0'] : []),
  );
  if (ip.platform !== 'okd-upi') return L;
  L.push(...cmd('manifests'));
  for (const m of ip.manifests) {
    L.push(
      `      - name: ${u(m.remotePath)}`,
      '        ansible.builtin.copy:',
      `          src: ${u(`${INSTALL_FILES}/${h.name}/${m.file.path}`)}`,
      `          dest: ${u(m.remotePath)}`,
      '          mode: "0644"',
      when(),
    );
  }
  L.push(...cmd('ignition-configs'));
  if ('dir' in ip.ignition) {
    const to = ip.ignition.dir;
    L.push(
      `      - name: ${u(to)}`,
      '        ansible.builtin.file:',
      `          path: ${u(to)}`,
      '          state: directory',
      when(),
    );
    for (const f of IGNITION_FILES) {
      L.push(
        `      - name: ${u(`publish ${f}`)}`,
        '        ansible.builtin.copy:',
        `          src: ${u(`${ip.dir}/${f}`)}`,
        `          dest: ${u(`${to}/${f}`)}`,
        '          remote_src: true',
        '          mode: "0644"',
        when(),
      );
    }
  }
  return L;
}

/** The export's copies of the install-time manifests (never install-config.yaml). */
export function installFiles(ip: InstallPlan): { path: string; content: string; mode: string }[] {
  return ip.manifests.map((m) => ({
    path: `files/${INSTALL_FILES}/${ip.host.name}/${m.file.path}`,
    content: m.file.content,
    mode: '0644',
  }));
}
