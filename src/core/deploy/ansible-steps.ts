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

/** SELinux steps run only where getenforce said Enforcing (the hosts play registers it first). */
const ENFORCING = `okd_getenforce.stdout | default('') == ${JSON.stringify(SELINUX_CONDITION.expect)}`;

/** The command; with a fallback, the first try may fail and the fallback runs then (semanage -a, else -m). */
function commandTask(st: CommandStep, name: string, i: number): string[] {
  const when = st.when === 'selinux-enforcing' ? [`        when: ${ENFORCING}`] : [];
  const task = (argv: string[]): string[] => [
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml(argv, '            '),
    ...(st.creates ? [`          creates: ${u(st.creates)}`] : []),
    ...(st.stdin ? [`          stdin: "{{ ${REGISTRY_PASSWORD_VAR} }}"`, '        no_log: true'] : []),
  ];
  // A step with an undo is registered, so the rescue knows whether the command itself succeeded.
  if (!st.orElse)
    return [`      - name: ${name}`, ...task(st.argv), ...when, ...(st.undo ? [`        register: okd_step${i}`] : [])];
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

/**
 * The rescue's half for host steps (before the files': the steps ran after them), latest step first:
 * copies put back or removed, what a command itself added taken back by its undo, then the commands that
 * rebuild state from those (the trust store, file labels) run again.
 */
export function stepRescueTasks(hp: HostPlan): string[] {
  const L: string[] = [];
  const changes: string[] = [];
  [...hp.steps.entries()].reverse().forEach(([i, { step: st }]) => {
    if (st.kind !== 'command') {
      L.push(
        ...restoreTasks(
          st.to,
          reg(i),
          `restore ${st.to} (a host step replaced it)`,
          `remove ${st.to} (a host step made it)`,
        ),
      );
      changes.push(`(${reg(i)} is defined and ${reg(i)} is changed)`);
      return;
    }
    if (!st.undo) return;
    const ran = `okd_step${i} is defined and okd_step${i}.rc is defined and okd_step${i}.rc == 0`;
    L.push(
      `      - name: ${u(`take back: ${st.title}`)}`,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(st.undo, '            '),
      `        when: ${ran}`,
      '        ignore_errors: true',
    );
    changes.push(`(${ran})`);
  });
  if (!changes.length) return L;
  for (const { step: st } of hp.steps) {
    if (st.kind !== 'command' || !st.rerunOnUndo) continue;
    const when = `(${changes.join(' or ')})${st.when === 'selinux-enforcing' ? ` and ${ENFORCING}` : ''}`;
    L.push(
      `      - name: ${u(`${st.title} (again, after the restore)`)}`,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(st.argv, '            '),
      `        when: ${when}`,
      '        ignore_errors: true',
    );
  }
  return L;
}

/**
 * A copy's half of the rescue: the backup Ansible kept goes back in place, or, when there was no file
 * before, the new one is removed. `put`/`drop`: the two tasks' names.
 */
export function restoreTasks(path: string, r: string, put: string, drop: string): string[] {
  return [
    `      - name: ${u(put)}`,
    '        ansible.builtin.command:',
    '          argv:',
    '            - mv',
    '            - -f',
    '            - -T',
    `            - "{{ ${r}.backup_file }}"`,
    `            - ${u(path)}`,
    `        when: ${r} is defined and ${r}.backup_file is defined`,
    `      - name: ${u(drop)}`,
    '        ansible.builtin.file:',
    `          path: ${u(path)}`,
    '          state: absent',
    `        when: ${r} is defined and ${r} is changed and ${r}.backup_file is not defined`,
  ];
}
