// Activation on a *.okd.yaml, and every command the manifest contributes is actually registered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, ROOT, WORKSPACE, waitFor } from './util';

describe('activation', () => {
  it('activates when a cluster.okd.yaml is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const doc = await vscode.workspace.openTextDocument(join(WORKSPACE, 'okd-upi-lab', 'cluster.okd.yaml'));
    await vscode.window.showTextDocument(doc);
    await waitFor('activation', () => ext.isActive, 20_000);
  });

  it('registers every command listed in package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { commands?: { command: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (pkg.contributes.commands ?? []).map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });
});
