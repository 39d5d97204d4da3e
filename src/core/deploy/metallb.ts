// Installing MetalLB itself in the cluster phase, before its pools are applied, the way the seeds do it:
// MetalLB's own manifests (seed 004: v0.8.3; seed 000 on OKD: namespace, manifests, memberlist secret and
// the SCCs OpenShift needs), the Helm chart (seed 003, k3s) or, on OKD, the operator from OperatorHub.
// Pure: the runner on the kube API host executes these steps, reads the probe and asks decideMetallb.
import type { Topology } from '../model';
import type { Argv } from '../render/manifest';
import { compareVersions } from '../render/util';
import { shQuote } from './quote';

export const METALLB_METHODS = ['manifests', 'helm', 'operator', 'none'] as const;
export type MetallbMethod = (typeof METALLB_METHODS)[number];

export const METALLB_NAMESPACE = 'metallb-system';
const UPSTREAM = 'https://raw.githubusercontent.com/metallb/metallb';
// Before v0.9 the project lived under google/ (seed 004 applies google/metallb v0.8.3).
const UPSTREAM_OLD = 'https://raw.githubusercontent.com/google/metallb';
export const HELM_REPO = 'https://metallb.github.io/metallb';
/** Rollouts get this long, per workload; a slow image pull on a lab network is normal. */
export const ROLLOUT_SECONDS = 300;

/** One command on the kube API host. */
export interface KubeStep {
  /** Stable name, for the plan, the transcript and tests. */
  id: string;
  title: string;
  /** A plain command, or `script` when a pipe is needed (built only from quoted words). */
  argv?: Argv;
  script?: string;
  /** Seconds the runner allows. */
  timeout: number;
  /** Its output may hold a generated secret: never logged or shown. */
  quiet?: boolean;
  /** Skipped when this command succeeds (the object is already there). */
  unless?: Argv;
  /** What to tell the user when the step fails. */
  failure?: string;
  /** A rendered cluster file (relative path) given to the command on stdin (Helm's values: `-f -`). */
  stdin?: string;
}

export interface MetallbInstallPlan {
  method: MetallbMethod;
  /** Empty for Helm without metallbVersion (the chart's latest). */
  version: string;
  tool: 'oc' | 'kubectl';
  /** Objects and sources the plan names, so the user sees what will be created and fetched. */
  objects: string[];
  sources: string[];
  /** Prints the installed controller images, one per line (empty: MetalLB is not installed). */
  probe: Argv;
  /** Checks that must pass before anything is installed (k3s: servicelb is off). */
  preflight: KubeStep[];
  /** Install or upgrade, in order, ending with the waits for the controller and the speakers. */
  install: KubeStep[];
  /** Combinations that cannot work. */
  errors: string[];
  /** Inputs the install still needs (the cluster phase waits for them; validate says so as info). */
  needs: string[];
}

export { decideMetallb, installedMetallb, type MetallbDecision } from './metallb-decide';

/** Manifests and Helm on k3s/kubernetes (the seeds' routes), the seed's manifests on OKD. */
export function defaultMetallbMethod(t: Topology): MetallbMethod {
  return t.cluster.platform === 'k3s' ? 'helm' : 'manifests';
}

export interface MetallbPlanOptions {
  /** The kubeconfig path the tools are given (deploy maps it under --remote-root); default cluster.kubeconfig. */
  kubeconfig?: string;
}

export function planMetallbInstall(t: Topology, opts: MetallbPlanOptions = {}): MetallbInstallPlan | undefined {
  if (!t.pools.some((p) => p.name && p.addresses.length)) return undefined;
  const method = t.cluster.metallbInstall ?? defaultMetallbMethod(t);
  const okd = t.cluster.platform === 'okd-upi' || t.cluster.platform === 'okd-ipi';
  const tool: 'oc' | 'kubectl' =
    t.services.kubeApi?.settings.tool === 'kubectl'
      ? 'kubectl'
      : t.services.kubeApi?.settings.tool === 'oc' || okd
        ? 'oc'
        : 'kubectl';
  const version = (t.cluster.metallbVersion ?? '').trim();
  const kubeconfig = opts.kubeconfig ?? t.cluster.kubeconfig;
  const kc = kubeconfig ? ['--kubeconfig', kubeconfig] : [];
  const k = (...args: string[]): Argv => [tool, ...kc, ...args];
  const plan: MetallbInstallPlan = {
    method,
    version,
    tool,
    objects: [],
    sources: [],
    errors: [],
    needs: [],
    preflight: [],
    install: [],
    probe: k(
      'get',
      'deployments',
      '-n',
      METALLB_NAMESPACE,
      '-o',
      'jsonpath={range .items[*]}{.spec.template.spec.containers[*].image}{"\\n"}{end}',
      '--ignore-not-found',
    ),
  };
  if (t.cluster.platform === 'k3s') plan.preflight.push(servicelbOff(k));
  const ctx = { t, plan, k, okd, kc };
  if (method === 'none') return plan;
  if (method === 'operator') operatorRoute(ctx);
  else if (method === 'helm') helmRoute(ctx);
  else manifestsRoute(ctx);
  return plan;
}

interface Ctx {
  t: Topology;
  plan: MetallbInstallPlan;
  k: (...args: string[]) => Argv;
  okd: boolean;
  kc: string[];
}

function servicelbOff(k: Ctx['k']): KubeStep {
  // Klipper creates one svclb DaemonSet per LoadBalancer service, labelled with the service name.
  const list = k('get', 'daemonsets', '-n', 'kube-system', '-l', 'svccontroller.k3s.cattle.io/svcname', '-o', 'name');
  return {
    id: 'servicelb-off',
    title: 'check that k3s runs without servicelb (Klipper)',
    timeout: 60,
    script: `test -z "$(${list.map(shQuote).join(' ')})"`,
    failure:
      'k3s still runs servicelb (svclb DaemonSets in kube-system), which would answer for the same addresses as MetalLB: the rendered /etc/rancher/k3s/config.yaml disables it; restart k3s on every server with it, then deploy the cluster phase again',
  };
}

function waits(ctx: Ctx, controller: string, speaker: string): KubeStep[] {
  const ns = ['-n', METALLB_NAMESPACE];
  return [
    {
      id: 'wait-controller',
      title: `wait until deployment/${controller} is rolled out`,
      argv: ctx.k('rollout', 'status', ...ns, `deployment/${controller}`, `--timeout=${ROLLOUT_SECONDS}s`),
      timeout: ROLLOUT_SECONDS + 30,
      failure: `the MetalLB controller did not become ready within ${ROLLOUT_SECONDS} s. Look at \`${ctx.plan.tool} -n ${METALLB_NAMESPACE} get pods\``,
    },
    {
      id: 'wait-speaker',
      title: `wait until daemonset/${speaker} runs on every node`,
      argv: ctx.k('rollout', 'status', ...ns, `daemonset/${speaker}`, `--timeout=${ROLLOUT_SECONDS}s`),
      timeout: ROLLOUT_SECONDS + 30,
      failure: `the MetalLB speakers did not become ready within ${ROLLOUT_SECONDS} s (they run on every node: one that cannot pull the image keeps the rollout waiting)`,
    },
  ];
}

function manifestBase(ctx: Ctx): string {
  const src = ctx.t.cluster.metallbSource?.trim().replace(/\/+$/, '');
  if (src) return src;
  return `${compareVersions(ctx.plan.version, '0.9') < 0 ? UPSTREAM_OLD : UPSTREAM}/${ctx.plan.version}`;
}

function applyUrl(ctx: Ctx, id: string, url: string, what: string): KubeStep {
  ctx.plan.sources.push(url);
  return {
    id,
    title: `apply ${what} from ${url}`,
    argv: ctx.k('apply', '-f', url),
    timeout: 120,
    failure: `could not apply ${url}: is it reachable from the kube API host? (disconnected labs: set cluster.metallbSource to a mirror)`,
  };
}

function manifestsRoute(ctx: Ctx): void {
  const { plan } = ctx;
  const v = plan.version;
  if (!v) {
    plan.needs.push(
      'the cluster phase installs MetalLB from its manifests for cluster.metallbVersion, which is not set (e.g. v0.14.8, or v0.12.1 for the ConfigMap era); until then it can only apply the pools to a MetalLB installed some other way',
    );
    return;
  }
  const base = manifestBase(ctx);
  const ns = METALLB_NAMESPACE;
  if (compareVersions(v, '0.13') >= 0) {
    // FRR mode only when native BGP cannot serve the pools (IPv6 over BGP).
    const frr = ctx.t.pools.some((p) => p.protocol === 'bgp' && p.addresses.some((a) => a.text.includes(':')));
    plan.install.push(
      applyUrl(
        ctx,
        'manifests',
        `${base}/config/manifests/metallb-${frr ? 'frr' : 'native'}.yaml`,
        `MetalLB ${v} (${frr ? 'FRR' : 'native'} mode, namespace included)`,
      ),
    );
    plan.objects.push(`Namespace ${ns}`, 'MetalLB CRDs, controller Deployment, speaker DaemonSet, webhook');
  } else if (compareVersions(v, '0.9') >= 0) {
    plan.install.push(applyUrl(ctx, 'namespace', `${base}/manifests/namespace.yaml`, `namespace ${ns}`));
    plan.install.push(applyUrl(ctx, 'manifests', `${base}/manifests/metallb.yaml`, `MetalLB ${v}`));
    plan.install.push(memberlist(ctx));
    plan.objects.push(
      `Namespace ${ns}`,
      'controller Deployment, speaker DaemonSet',
      `Secret ${ns}/memberlist (generated on the host, never shown)`,
    );
  } else {
    plan.install.push(
      applyUrl(ctx, 'manifests', `${base}/manifests/metallb.yaml`, `MetalLB ${v} (namespace included)`),
    );
    plan.objects.push(`Namespace ${ns}`, 'controller Deployment, speaker DaemonSet');
  }
  if (ctx.okd) plan.install.push(...sccs(ctx));
  plan.install.push(...waits(ctx, 'controller', 'speaker'));
}

/** Speakers use the host network and raw sockets; the controller runs as a fixed non-root user. */
function sccs(ctx: Ctx): KubeStep[] {
  const scc = (sa: string, name: string): KubeStep => ({
    id: `scc-${sa}`,
    title: `allow serviceaccount ${sa} the ${name} SCC`,
    timeout: 60,
    argv: ['oc', ...ctx.kc, 'adm', 'policy', 'add-scc-to-user', name, '-n', METALLB_NAMESPACE, '-z', sa],
  });
  ctx.plan.objects.push('SCC grants: privileged to speaker, nonroot to controller');
  return [scc('speaker', 'privileged'), scc('controller', 'nonroot')];
}

function memberlist(ctx: Ctx): KubeStep {
  const ns = METALLB_NAMESPACE;
  // The key goes from openssl to kubectl through a pipe: never an argument, never in the transcript.
  const create = ctx.k('create', 'secret', 'generic', 'memberlist', '-n', ns, '--from-file=secretkey=/dev/stdin');
  return {
    id: 'memberlist',
    title: `create Secret ${ns}/memberlist with a random key (once)`,
    timeout: 60,
    quiet: true,
    failure: 'could not create the memberlist secret (openssl on the kube API host generates its key)',
    unless: ctx.k('get', 'secret', 'memberlist', '-n', ns),
    script: `openssl rand -base64 128 | tr -d '\\n' | ${create.map(shQuote).join(' ')}`,
  };
}

function helmRoute(ctx: Ctx): void {
  const { plan } = ctx;
  const v = plan.version;
  if (v && compareVersions(v, '0.10') < 0) {
    plan.errors.push(
      `MetalLB's Helm chart starts at v0.10; ${v} installs from its manifests (set cluster.metallbInstall: manifests)`,
    );
    return;
  }
  const src = ctx.t.cluster.metallbSource?.trim();
  const chartPath = src?.startsWith('/');
  const helm = (...a: string[]): Argv => ['helm', ...ctx.kc, ...a];
  if (!chartPath) {
    const repo = src || HELM_REPO;
    plan.sources.push(repo);
    plan.install.push({
      id: 'helm-repo',
      title: `add the Helm repository ${repo} as "metallb"`,
      argv: helm('repo', 'add', '--force-update', 'metallb', repo),
      timeout: 120,
      failure: `could not add the Helm repository ${repo}: is it reachable from the kube API host? (disconnected labs: set cluster.metallbSource to a mirror or a chart archive on the host)`,
    });
  } else plan.sources.push(src!);
  const chart = chartPath ? src! : 'metallb/metallb';
  const values = 'metallb/values.yaml';
  // The rendered values go on stdin: nothing of the render folder has to be on the kube API host.
  plan.install.push({
    id: 'helm-install',
    title: `helm upgrade --install metallb ${chart}${v && !chartPath ? ` --version ${v.replace(/^v/, '')}` : ''} with the rendered values (${values} on stdin)`,
    argv: helm(
      'upgrade',
      '--install',
      'metallb',
      chart,
      '--namespace',
      METALLB_NAMESPACE,
      '--create-namespace',
      ...(v && !chartPath ? ['--version', v.replace(/^v/, '')] : []),
      '-f',
      '-',
    ),
    stdin: values,
    timeout: 300,
    failure: `helm could not install the chart ${chart}${chartPath ? ' (is the chart archive on the kube API host?)' : ' (is the repository reachable from the kube API host? disconnected labs: set cluster.metallbSource)'}`,
  });
  plan.objects.push(
    `Namespace ${METALLB_NAMESPACE}`,
    'Helm release metallb (controller Deployment metallb-controller, speaker DaemonSet metallb-speaker)',
  );
  if (ctx.okd) plan.install.push(...sccs(ctx));
  plan.install.push(...waits(ctx, 'metallb-controller', 'metallb-speaker'));
}

function operatorRoute(ctx: Ctx): void {
  const { plan } = ctx;
  if (!ctx.okd) {
    plan.errors.push(
      'cluster.metallbInstall: operator needs OperatorHub, which OKD has; on k3s or kubernetes use helm or manifests',
    );
    return;
  }
  const v = plan.version;
  const ns = METALLB_NAMESPACE;
  const doc = (yaml: string) => `printf '%s\\n' ${shQuote(yaml)} | ${ctx.k('apply', '-f', '-').map(shQuote).join(' ')}`;
  const sub = [
    'apiVersion: operators.coreos.com/v1alpha1',
    'kind: Subscription',
    `metadata: {name: metallb-operator, namespace: ${ns}}`,
    `spec: {channel: stable, name: metallb-operator, source: community-operators, sourceNamespace: openshift-marketplace${v ? `, startingCSV: metallb-operator.${v}` : ''}}`,
  ].join('\n');
  plan.install.push(
    {
      id: 'namespace',
      title: `create namespace ${ns}`,
      timeout: 60,
      script: doc(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`),
    },
    {
      id: 'operatorgroup',
      title: 'create the OperatorGroup metallb-operator',
      timeout: 60,
      script: doc(
        `apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata: {name: metallb-operator, namespace: ${ns}}`,
      ),
    },
    {
      id: 'subscription',
      title: `subscribe to metallb-operator (community-operators, channel stable${v ? `, ${v}` : ''})`,
      timeout: 60,
      script: doc(sub),
    },
    {
      id: 'wait-operator',
      title: 'wait until the operator is installed',
      timeout: ROLLOUT_SECONDS + 30,
      argv: ctx.k(
        'wait',
        '-n',
        ns,
        '--for=condition=Available',
        'deployment',
        '-l',
        'control-plane=controller-manager',
        `--timeout=${ROLLOUT_SECONDS}s`,
      ),
      failure:
        'the MetalLB operator did not become available; check the Subscription and InstallPlan in metallb-system',
    },
    {
      id: 'metallb-cr',
      title: 'create the MetalLB resource that deploys controller and speakers',
      timeout: 60,
      script: doc(`apiVersion: metallb.io/v1beta1\nkind: MetalLB\nmetadata: {name: metallb, namespace: ${ns}}`),
    },
    ...waits(ctx, 'controller', 'speaker'),
  );
  plan.sources.push('OperatorHub: community-operators/metallb-operator');
  plan.objects.push(
    `Namespace ${ns}`,
    'OperatorGroup and Subscription metallb-operator',
    'MetalLB metallb (controller, speakers)',
  );
}
