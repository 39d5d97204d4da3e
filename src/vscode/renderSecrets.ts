// "Write install-config.yaml with Secrets…": the one place the extension puts real secrets into a
// file, and only where the user chooses. Rendered output keeps placeholders (see core/render/secrets.ts).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployPlan } from '../core/deploy/plan';
import { stepSecretRefs } from '../core/deploy/step-script';
import { fillSecrets } from '../core/render/index';
import type { RenderedFile } from '../core/render/manifest';
import { readSecretFile, readTrustBundle } from '../node/secret-files';
import { pickTopology } from './renderSupport';
import { writePrivateFile } from '../node/private-file';
import type { Services } from './services';

/** A BMC password: from SecretStorage when remembered, else asked for (and remembered only if the user says so). */
async function bmcPassword(
  context: vscode.ExtensionContext,
  cluster: string,
  host: string,
): Promise<string | undefined> {
  const key = `okdTopology.bmcPassword.${cluster}.${host}`;
  const stored = await context.secrets.get(key);
  if (stored !== undefined) return stored;
  const value = await vscode.window.showInputBox({
    prompt: `BMC password of ${host}`,
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return undefined;
  const keep = await vscode.window.showQuickPick(['Use once', 'Remember in VS Code secret storage'], {
    placeHolder: `Remember the BMC password of ${host}?`,
  });
  if (keep === 'Remember in VS Code secret storage') await context.secrets.store(key, value);
  return value;
}

/** The mirror registry's htpasswd password: from SecretStorage, else asked for and kept there (deploy needs it again on every run). */
async function registryPassword(
  context: vscode.ExtensionContext,
  cluster: string,
  host: string,
): Promise<string | undefined> {
  const key = `okdTopology.registryPassword.${cluster}.${host}`;
  const stored = await context.secrets.get(key);
  if (stored) return stored;
  const value = await vscode.window.showInputBox({
    prompt: `Password for the mirror registry's htpasswd on ${host} (kept in VS Code secret storage)`,
    password: true,
    ignoreFocusOut: true,
  });
  if (!value) return undefined;
  await context.secrets.store(key, value);
  return value;
}

/** The secrets the plan's host steps read on stdin (the registry password), or undefined when the user gave none. */
export async function hostStepSecrets(
  context: vscode.ExtensionContext,
  cluster: string,
  plan: DeployPlan,
): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const ref of stepSecretRefs(plan)) {
    const v = ref.kind === 'registryPassword' ? await registryPassword(context, cluster, ref.host ?? '') : undefined;
    if (v === undefined) return undefined;
    out[ref.placeholder] = v;
  }
  return out;
}

/**
 * install-config.yaml with its secrets filled in (pull secret and SSH key from the files the topology names,
 * BMC passwords from SecretStorage or asked for), or undefined after telling the user what is missing.
 * Also used by the deploy's install phase (`onHost`: its host, which reads the registry CA deploy made there).
 */
export async function fillInstallConfigSecrets(
  context: vscode.ExtensionContext,
  cluster: string,
  f: RenderedFile,
  topologyFile: string,
  onHost?: string,
): Promise<{ content: string; secrets: string[] } | undefined> {
  const values: Record<string, string> = {};
  for (const ref of f.secrets ?? []) {
    if (ref.kind === 'bmcPassword') {
      const v = await bmcPassword(context, cluster, ref.host ?? '');
      if (v === undefined) return undefined;
      values[ref.placeholder] = v;
      continue;
    }
    // The install phase reads the CA deploy made on its own host there.
    if (!ref.file && ref.kind === 'trustBundle' && onHost !== undefined && ref.host === onHost) continue;
    if (!ref.file && ref.kind === 'trustBundle') {
      void vscode.window.showErrorMessage(
        `install-config.yaml needs the mirror registry's CA, which deploy keeps on ${ref.host} at ${ref.path}: copy it to this machine and set services.registry.caFile.`,
      );
      return undefined;
    }
    if (!ref.file) {
      void vscode.window.showErrorMessage(
        `Set cluster.${ref.kind}File in the topology: the ${ref.kind === 'pullSecret' ? 'pull secret' : 'SSH public key'} is read from that file.`,
      );
      return undefined;
    }
    if (ref.kind === 'registryPassword') continue; // only deploy's htpasswd step asks for it
    // Checked before anything is written: a private key or a file that is not one public key line is refused.
    const read = await (ref.kind === 'trustBundle'
      ? readTrustBundle(ref.file, topologyFile)
      : readSecretFile(ref.kind, ref.file, topologyFile));
    if ('error' in read) {
      void vscode.window.showErrorMessage(`${read.error[0].toUpperCase()}${read.error.slice(1)}. Nothing was written.`);
      return undefined;
    }
    values[ref.placeholder] = read.value;
  }
  return { content: fillSecrets(f.content, f.secrets ?? [], values).content, secrets: Object.values(values) };
}

export async function writeInstallConfig({ context, renders }: Services, arg?: unknown): Promise<void> {
  const doc = await pickTopology(arg);
  if (!doc) return;
  const r = await renders.render(doc, false);
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error);
    return;
  }
  if (r.result.errors.length > 0) {
    void vscode.window.showErrorMessage(r.result.errors[0].message);
    return;
  }
  const f = r.result.files.find((x) => x.target === 'cluster' && x.path === 'install-config.yaml');
  if (!f) {
    void vscode.window.showErrorMessage(
      'This topology renders no install-config.yaml (only okd-upi and okd-ipi platforms have one).',
    );
    return;
  }
  const filled = await fillInstallConfigSecrets(context, r.cluster, f, doc.uri.fsPath);
  if (!filled) return;
  const dest = await vscode.window.showSaveDialog({
    title: 'Write install-config.yaml with secrets (keep it out of version control)',
    defaultUri: vscode.Uri.file(path.join(os.homedir(), `${r.cluster || 'okd'}-install`, 'install-config.yaml')),
    filters: { YAML: ['yaml'] },
  });
  if (!dest) return;
  if (vscode.workspace.getWorkspaceFolder(dest)) {
    const ok = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(dest)} is inside the workspace, and this file holds the pull secret. Write it anyway?`,
      { modal: true },
      'Write',
    );
    if (ok !== 'Write') return;
  }
  const failed = await writePrivateFile(dest.fsPath, filled.content);
  if (failed !== undefined) {
    void vscode.window.showErrorMessage(`Cannot write ${dest.fsPath}: ${failed}`);
    return;
  }
  void vscode.window.showInformationMessage(
    `Wrote ${dest.fsPath} (mode 0600). openshift-install consumes it: keep a copy elsewhere if you need it again.`,
  );
}
