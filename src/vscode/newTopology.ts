// "New Cluster Topology…": a fresh file from a few answers (core/scaffold), or one of the shipped examples
// (the examples/ folder in the VSIX, the same files the tests validate).
import * as vscode from 'vscode';
import { PLATFORMS, type Platform } from '../core/model';
import {
  answerProblem,
  newTopologyYaml,
  type AnswerField,
  type NewTopologyAnswers,
} from '../core/scaffold/new-topology';
import { isTopologyPath, TOPOLOGY_SUFFIXES } from '../core/topology-file';

interface TopologyTemplate {
  id: string;
  label: string;
  detail: string;
}

// Known examples get a friendly label; any other example folder still shows up under its own name.
const KNOWN: TopologyTemplate[] = [
  {
    id: 'okd-upi-lab',
    label: 'OKD UPI lab',
    detail: 'Services host (DHCP, DNS, HAProxy, NTP, PXE, HTTP, registry), bootstrap, 3 masters, workers',
  },
  { id: 'okd-ipi', label: 'OKD IPI (bare metal)', detail: 'Installer-provisioned cluster with API and ingress VIPs' },
  { id: 'k3s-metallb', label: 'k3s + MetalLB', detail: 'k3s lab with a MetalLB layer-2 address pool' },
];

export const TEMPLATE_FILE = 'cluster.okd.yaml';
const ASK = '__ask';

const PLATFORM_DETAIL: Record<Platform, string> = {
  'okd-upi': 'OKD, user-provisioned: a services host with DHCP, DNS, HAProxy, PXE and HTTP; bootstrap node',
  'okd-ipi': 'OKD bare-metal IPI: API and ingress VIPs held by the nodes, BMCs',
  k3s: 'k3s with an API VIP and a MetalLB pool',
  kubernetes: 'kubeadm or similar, with an API VIP and a MetalLB pool',
};

/** One input box, checked as typed by the same rule the file generator relies on. */
async function askField(
  field: AnswerField,
  prompt: string,
  value: string,
  a: Partial<NewTopologyAnswers>,
): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: 'New Cluster Topology',
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (x) => answerProblem(field, x, a),
  });
  return v?.trim();
}

/** Platform, names, the machine network and the node counts; undefined when the user cancels. */
async function askAnswers(): Promise<NewTopologyAnswers | undefined> {
  const p = await vscode.window.showQuickPick(
    PLATFORMS.map((id) => ({ label: id, detail: PLATFORM_DETAIL[id] })),
    { title: 'New Cluster Topology: platform', ignoreFocusOut: true },
  );
  if (!p) return undefined;
  const a: Partial<NewTopologyAnswers> = { platform: p.label };
  const steps: [AnswerField, string, (x: Partial<NewTopologyAnswers>) => string][] = [
    ['name', 'Cluster name (a DNS label)', () => 'lab'],
    ['baseDomain', 'Base domain: the cluster answers under <name>.<base domain>', () => 'example.com'],
    ['cidr', 'Machine network (IPv4, /16 to /24)', () => '192.168.200.0/24'],
    ['gateway', 'Gateway of the machine network', (x) => x.cidr!.replace(/\.0\/\d+$/, '.1')],
    ['servicesIp', 'Address of the services host (DNS, DHCP, NTP)', (x) => x.cidr!.replace(/\.0\/\d+$/, '.254')],
    ['masters', 'How many masters (control plane)?', () => '3'],
    ['workers', 'How many workers?', () => '2'],
    ['infra', 'How many infra nodes?', () => '0'],
  ];
  for (const [field, prompt, fallback] of steps) {
    const v = await askField(field, prompt, fallback(a), a);
    if (v === undefined) return undefined;
    Object.assign(a, { [field]: ['masters', 'workers', 'infra'].includes(field) ? Number(v) : v });
  }
  const kind = await vscode.window.showQuickPick(['VMs on one hypervisor', 'Bare metal'], {
    title: 'New Cluster Topology: the nodes are',
    ignoreFocusOut: true,
  });
  if (!kind) return undefined;
  return { ...(a as NewTopologyAnswers), vms: kind.startsWith('VMs') };
}

async function listTemplates(examples: vscode.Uri): Promise<TopologyTemplate[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(examples);
  } catch {
    return [];
  }
  const present = new Set<string>();
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory) continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(examples, name, TEMPLATE_FILE));
      present.add(name);
    } catch {
      /* a folder without a topology is not a template */
    }
  }
  const known = KNOWN.filter((t) => present.has(t.id));
  const others = [...present].filter((n) => !KNOWN.some((k) => k.id === n)).sort();
  return [...known, ...others.map((id) => ({ id, label: id, detail: `examples/${id}` }))];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** cluster.okd.yaml, or cluster-2.okd.yaml … when taken. */
async function freeName(folder: vscode.Uri): Promise<string> {
  for (let i = 1; ; i++) {
    const name = i === 1 ? TEMPLATE_FILE : `cluster-${i}.okd.yaml`;
    if (!(await exists(vscode.Uri.joinPath(folder, name)))) return name;
  }
}

async function pickTarget(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    return vscode.window.showSaveDialog({
      title: 'Save the new cluster topology',
      saveLabel: 'Create',
      filters: { 'Cluster topology': TOPOLOGY_SUFFIXES.map((s) => s.slice(1)) },
    });
  }
  const name = await vscode.window.showInputBox({
    title: 'New Cluster Topology: file name',
    prompt: `Created in ${folder.fsPath}`,
    value: await freeName(folder),
    ignoreFocusOut: true,
    validateInput: async (v) => {
      const n = v.trim();
      if (!/^[\w.\-/]+$/.test(n) || !isTopologyPath(n) || n.split('/').includes('..'))
        return 'Use a relative path ending in .okd.yaml (or .okd.yml), e.g. cluster.okd.yaml';
      if (await exists(vscode.Uri.joinPath(folder, n))) return `${n} already exists; choose another name`;
      return undefined;
    },
  });
  return name === undefined ? undefined : vscode.Uri.joinPath(folder, name.trim());
}

/** templateId and target are for scripted use (walkthrough links, tests); without them the user is asked. */
export async function newTopology(
  context: vscode.ExtensionContext,
  templateId?: string,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const examples = vscode.Uri.joinPath(context.extensionUri, 'examples');
  const templates = await listTemplates(examples);
  if (templates.length === 0) {
    void vscode.window.showErrorMessage(
      'OKD Topology: no topology templates were found in the extension (examples/ is missing).',
    );
    return undefined;
  }
  let chosen = templates.find((t) => t.id === templateId);
  if (!chosen) {
    const ask = {
      id: ASK,
      label: 'Answer a few questions…',
      detail: 'Platform, names, the machine network and how many nodes: a fresh file for your lab',
    };
    chosen = await vscode.window.showQuickPick(
      [ask, ...templates.map((t) => ({ ...t, label: `Example: ${t.label}`, description: t.id }))],
      {
        title: 'New Cluster Topology: start from',
        placeHolder: 'Choose a template',
        matchOnDetail: true,
        // Launched from the walkthrough, the page re-renders (step done) and would steal focus and close the pick.
        ignoreFocusOut: true,
      },
    );
  }
  if (!chosen) return undefined;
  const answers = chosen.id === ASK ? await askAnswers() : undefined;
  if (chosen.id === ASK && !answers) return undefined;
  target ??= await pickTarget();
  if (!target) return undefined;
  const content = answers
    ? new TextEncoder().encode(newTopologyYaml(answers))
    : await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examples, chosen.id, TEMPLATE_FILE));
  await vscode.workspace.fs.writeFile(target, content);
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okdTopology.newTopology', (templateId?: unknown, target?: unknown) =>
      newTopology(
        context,
        typeof templateId === 'string' ? templateId : undefined,
        target instanceof vscode.Uri ? target : undefined,
      ),
    ),
  );
}
