// The host steps in the Ansible export's hosts play: after the files, before the reloads, as in
// `okd-topology deploy`. Copies only when different (copy with remote_src), commands with `creates` skipped
// when the file exists, SELinux steps only when getenforce says Enforcing; the registry password comes
// from the extra variable okd_registry_password on stdin, never logged. Copies and uploads keep a backup
// of a file they replace; the rescue puts it back (or removes a file they made) and runs the commands that
// rebuild state from such files (the trust store) again.
import type { CommandStep, HostStep } from '../render/manifest';
import { argvYaml, u } from './ansible-yaml';
import type { HostPlan } from './plan';
import { SELINUX_CONDITION } from './plan-steps';
import { stepLabel } from './step-script';

export const REGISTRY_PASSWORD_VAR = 'okd_registry_password';

const reg = (i: number): string => `okd_st${i}`;

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
      '          backup: true',
      `        register: ${reg(i)}`,
    ];
  }
  if (st.kind === 'upload') {
    return [
      `      - name: ${name}`,
      '        ansible.builtin.copy:',
      `          src: ${u(st.local)}`,
      `          dest: ${u(st.to)}`,
      `          mode: ${JSON.stringify(st.mode)}`,
      '          backup: true',
      `        register: ${reg(i)}`,
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

/** The rescue's half for host steps (before the files': the steps ran after them), latest step first. */
export function stepRescueTasks(hp: HostPlan): string[] {
  const L: string[] = [];
  const files = hp.steps.flatMap((ps, i) => (ps.step.kind === 'command' ? [] : [{ to: ps.step.to, r: reg(i) }]));
  for (const { to, r } of [...files].reverse())
    L.push(...restoreTasks(to, r, ['restore', '(a host step replaced it)'], ['remove', '(a host step made it)']));
  const changed = files.map(({ r }) => `(${r} is defined and ${r} is changed)`).join(' or ');
  hp.steps.forEach((ps) => {
    const st = ps.step;
    if (st.kind !== 'command' || !st.rerunOnUndo || !changed) return;
    L.push(
      `      - name: ${u(`${st.title} (again, after the restore)`)}`,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(st.argv, '            '),
      `        when: ${changed}`,
      '        ignore_errors: true',
    );
  });
  return L;
}

/**
 * A copy's half of the rescue: the backup Ansible kept goes back in place, or, when there was no file
 * before, the new one is removed. `put`/`drop`: the words before and after the path in the task names.
 */
export function restoreTasks(path: string, r: string, put: [string, string], drop: [string, string]): string[] {
  const name = ([a, b]: [string, string]) => u(`${a} ${path}${b ? ` ${b}` : ''}`);
  return [
    `      - name: ${name(put)}`,
    '        ansible.builtin.command:',
    '          argv:',
    '            - mv',
    '            - -f',
    '            - -T',
    `            - "{{ ${r}.backup_file }}"`,
    `            - ${u(path)}`,
    `        when: ${r} is defined and ${r}.backup_file is defined`,
    `      - name: ${name(drop)}`,
    '        ansible.builtin.file:',
    `          path: ${u(path)}`,
    '          state: absent',
    `        when: ${r} is defined and ${r} is changed and ${r}.backup_file is not defined`,
  ];
}
