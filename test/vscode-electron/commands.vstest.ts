// Commands run from code: New Cluster Topology from a template into a given file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { WORKSPACE, exampleText } from './util';

describe('commands', () => {
  for (const id of ['okd-upi-lab', 'okd-ipi', 'k3s-metallb']) {
    it(`New Cluster Topology writes the ${id} template and opens it`, async () => {
      const target = vscode.Uri.file(join(WORKSPACE, `new-${id}.okd.yaml`));
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>(
        'okdTopology.newTopology',
        id,
        target,
      );
      assert.equal(result?.fsPath, target.fsPath);
      assert.equal(readFileSync(target.fsPath, 'utf8'), exampleText(id));
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target.fsPath);
    });
  }
});
