// The host steps in the Ansible export's hosts play: after the files, before the reloads, as in
// `okd-topology deploy`. Copies only when different (copy with remote_src), commands with `creates` skipped
// when the file exists, SELinux steps only when getenforce says Enforcing; the registry password comes
// from the extra variable okd_registry_password on stdin, never logged.
import type { CommandStep, HostStep } from '../render/manifest';
import { argvYaml, u } from './ansible-yaml';
import type { HostPlan } from './plan';
import { SELINUX_CONDITION } from './plan-steps';
import { stepLabel } from './step-script';

export const REGISTRY_PASSWORD_VAR = 'okd_registry_password';

/** The command; with a fallback, the first try may fail and the fallback runs then (semanage -a, else -m). */
function commandTask(st: CommandStep, name: string, i: number): string[] {
  const when =
    st.when === 'selinux-enforcing'
      ? [`        when: okd_getenforce.stdout | default('') == ${JSON.stringify(SELINUX_CONDITION.expect)}`]
      : [];
  const task = (argv: string[]): string[] => [
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml(argv, '            '),
    ...(st.creates ? [`          creates: ${u(st.creates)}`] : []),
    ...(st.stdin ? [`          stdin: "{{ ${REGISTRY_PASSWORD_VAR} }}"`, '        no_log: true'] : []),
  ];
  if (!st.orElse) return [`      - name: ${name}`, ...task(st.argv), ...when];
  return [
    `      - name: ${name}`,
    ...task(st.argv),
    ...when,
    `        register: okd_step${i}`,
    '        failed_when: false',
    `      - name: ${u('  (fallback when the first try failed)')}`,
    ...task(st.orElse),
    `        when: okd_step${i}.rc is defined and okd_step${i}.rc != 0`,
  ];
}

function stepTask(st: HostStep, name: string, i: number): string[] {
  if (st.kind === 'copy') {
    return [
      `      - name: ${name}`,
      '        ansible.builtin.copy:',
      `          src: ${u(st.from)}`,
      '          remote_src: true',
      `          dest: ${u(st.to)}`,
      `          mode: ${JSON.stringify(st.mode)}`,
    ];
  }
  if (st.kind === 'upload') {
    return [
      `      - name: ${name}`,
      '        ansible.builtin.copy:',
      `          src: ${u(st.local)}`,
      `          dest: ${u(st.to)}`,
      `          mode: ${JSON.stringify(st.mode)}`,
      '        no_log: true',
    ];
  }
  return commandTask(st, name, i);
}

export function stepTasks(hp: HostPlan): string[] {
  if (!hp.steps.length) return [];
  const L: string[] = [];
  if (hp.steps.some((ps) => ps.step.kind === 'command' && ps.step.when)) {
    L.push(
      '      - name: SELinux mode (the SELinux steps run only when it is Enforcing)',
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(SELINUX_CONDITION.argv, '            '),
      '        register: okd_getenforce',
      '        changed_when: false',
      '        failed_when: false',
    );
  }
  hp.steps.forEach((ps, i) => L.push(...stepTask(ps.step, u(`step ${stepLabel(ps)}`), i)));
  return L;
}
