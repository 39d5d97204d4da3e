// "New Cluster Topology…": writes one of the shipped example topologies as a starting point.
// The templates are the examples/ folder shipped in the VSIX, so they are the same files the tests validate.
import * as vscode from 'vscode';
import { isTopologyPath, TOPOLOGY_SUFFIXES } from '../core/topology-file';

interface TopologyTemplate {
  id: string;
  label: string;
  detail: string;
}

// Known examples get a friendly label; any other example folder still shows up under its own name.
const KNOWN: TopologyTemplate[] = [
  { id: 'okd-upi-lab', label: 'OKD UPI lab', detail: 'Services host (DHCP, DNS, HAProxy, NTP, PXE, HTTP, registry), bootstrap, 3 masters, workers' },
  { id: 'okd-ipi', label: 'OKD IPI (bare metal)', detail: 'Installer-provisioned cluster with API and ingress VIPs' },
  { id: 'k3s-metallb', label: 'k3s + MetalLB', detail: 'k3s lab with a MetalLB layer-2 address pool' },
];

export const TEMPLATE_FILE = 'cluster.okd.yaml';

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
      if (!/^[\w.\-/]+$/.test(n) || !isTopologyPath(n) || n.split('/').includes('..')) return 'Use a relative path ending in .okd.yaml (or .okd.yml), e.g. cluster.okd.yaml';
      if (await exists(vscode.Uri.joinPath(folder, n))) return `${n} already exists; choose another name`;
      return undefined;
    },
  });
  return name === undefined ? undefined : vscode.Uri.joinPath(folder, name.trim());
}

/** templateId and target are for scripted use (walkthrough links, tests); without them the user is asked. */
export async function newTopology(context: vscode.ExtensionContext, templateId?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const examples = vscode.Uri.joinPath(context.extensionUri, 'examples');
  const templates = await listTemplates(examples);
  if (templates.length === 0) {
    void vscode.window.showErrorMessage('OKD Topology: no topology templates were found in the extension (examples/ is missing).');
    return undefined;
  }
  let chosen = templates.find((t) => t.id === templateId);
  if (!chosen) {
    chosen = await vscode.window.showQuickPick(templates.map((t) => ({ ...t, description: t.id })), {
      title: 'New Cluster Topology: start from',
      placeHolder: 'Choose a template',
      matchOnDetail: true,
      // Launched from the walkthrough, the page re-renders (step done) and would steal focus and close the pick.
      ignoreFocusOut: true,
    });
  }
  if (!chosen) return undefined;
  target ??= await pickTarget();
  if (!target) return undefined;
  const content = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examples, chosen.id, TEMPLATE_FILE));
  await vscode.workspace.fs.writeFile(target, content);
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okdTopology.newTopology', (templateId?: unknown, target?: unknown) =>
      newTopology(context, typeof templateId === 'string' ? templateId : undefined, target instanceof vscode.Uri ? target : undefined),
    ),
  );
}
