// The cluster phase's MetalLB install in the Ansible export, as deploy runs it: ask which MetalLB runs, refuse
// what MetalLB cannot do (a downgrade, the jump from the ConfigMap era across v0.13), run the preflight and
// install steps in order (each `unless` as a check first, its time limit, quiet steps under no_log) unless the
// wanted version already runs; MetalLB's objects are applied after these tasks.
import { argvYaml, u } from './ansible-yaml';
import type { MetallbDeploy } from './cluster-phase';
import type { KubeStep, MetallbInstallPlan } from './metallb';
import { compareVersions } from '../render/util';

const GO = 'okd_metallb_go | bool';

function probeTasks(plan: MetallbInstallPlan): string[] {
  return [
    `      - name: ${u('MetalLB: which version runs in the cluster')}`,
    '        ansible.builtin.command:',
    '          argv:',
    argvYaml(plan.probe, '            '),
    '        register: okd_metallb',
    '        changed_when: false',
    '      - name: "MetalLB: the installed version (empty: none)"',
    '        ansible.builtin.set_fact:',
    `          okd_metallb_v: "{{ (okd_metallb.stdout | regex_findall('metallb/controller:v?([0-9]+[.][0-9]+[.][0-9]+)') + ['']) | first }}"`,
  ];
}

/** What deploy's decideMetallb refuses, and whether to install at all; `bare` is the checked version without its v. */
function decisionTasks(plan: MetallbInstallPlan, bare: string): string[] {
  const L: string[] = [];
  if (plan.install.length === 0) {
    L.push(
      '      - name: "MetalLB: refuse without a way to install it"',
      '        ansible.builtin.fail:',
      `          msg: ${u(`MetalLB is not installed, and ${plan.needs.join('; ') || 'the plan cannot install it'}`)}`,
      "        when: okd_metallb_v == ''",
    );
  }
  if (bare) {
    const crossing = compareVersions(bare, '0.13') >= 0 ? ` or okd_metallb_v is version('0.13', '<')` : '';
    L.push(
      '      - name: "MetalLB: refuse a downgrade or the jump across v0.13 (convert the ConfigMap with configmaptocrs first)"',
      '        ansible.builtin.fail:',
      `          msg: "MetalLB {{ okd_metallb_v }} is installed; ${plan.version} cannot be installed over it (see okd-topology deploy for the reason)"`,
      `        when: okd_metallb_v != '' and (okd_metallb_v is version('${bare}', '>')${crossing})`,
    );
  }
  L.push(
    '      - name: "MetalLB: install or upgrade?"',
    '        ansible.builtin.set_fact:',
    `          okd_metallb_go: "{{ ${bare ? `okd_metallb_v != '${bare}'` : "okd_metallb_v == ''"} }}"`,
  );
  return L;
}

function stepTasks(m: MetallbDeploy, st: KubeStep, i: number): string[] {
  const L: string[] = [];
  const quiet = st.quiet ? ['        no_log: true'] : [];
  let when = GO;
  if (st.unless) {
    L.push(
      `      - name: ${u(`MetalLB: is it there already (${st.id})`)}`,
      '        ansible.builtin.command:',
      '          argv:',
      argvYaml(st.unless, '            '),
      `        register: okd_mu${i}`,
      '        failed_when: false',
      '        changed_when: false',
      ...quiet,
      `        when: ${GO}`,
    );
    when = `${GO} and okd_mu${i}.rc != 0`;
  }
  const body = st.argv
    ? ['        ansible.builtin.command:', '          argv:', argvYaml(st.argv, '            ')]
    : ['        ansible.builtin.shell:', `          cmd: ${u(st.script ?? 'false')}`];
  const stdin = st.stdin === undefined ? [] : [`          stdin: ${u(m.inputs[st.stdin] ?? '')}`];
  L.push(
    `      - name: ${u(`MetalLB: ${st.title}`)}`,
    ...body,
    ...stdin,
    `        timeout: ${Math.trunc(st.timeout)}`,
    ...quiet,
    `        when: ${when}`,
  );
  return L;
}

/** The tasks before MetalLB's objects; none when MetalLB is installed some other way. */
export function metallbTasks(m: MetallbDeploy): string[] {
  const { plan } = m;
  if (plan.method === 'none' || plan.errors.length) return [];
  // Only a plain version goes into a Jinja expression (it is typed; this keeps the export safe regardless).
  const bare = plan.version.replace(/^v/, '');
  if (bare && !/^\d+(\.\d+)*$/.test(bare)) {
    return [
      `      - name: ${u('MetalLB: cannot compare versions here')}`,
      '        ansible.builtin.fail:',
      `          msg: ${u(`metallbVersion ${plan.version} is not a plain version; use okd-topology deploy for the cluster phase`)}`,
    ];
  }
  return [
    ...probeTasks(plan),
    ...decisionTasks(plan, bare),
    ...[...plan.preflight, ...plan.install].flatMap((st, i) => stepTasks(m, st, i)),
  ];
}
