// A planted duplicate IP becomes a Problems entry on the exact scalar, with the other owner as related
// information; the "next free address" quick fix removes it; edits to the unsaved buffer re-check.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, exampleText, lineOf, openNew, ours, waitFor } from './util';

const TAKEN = '192.168.200.12';

describe('diagnostics and quick fixes', () => {
  let editor: vscode.TextEditor;
  let line: number;

  before(async () => {
    const text = exampleText('okd-upi-lab').replace('ip: 192.168.200.23', `ip: ${TAKEN}`);
    line = lineOf(text, `ip: ${TAKEN}, mac: "f8:75:a4:ac:02:02"`);
    editor = await openNew('planted.okd.yaml', text);
  });

  it('reports the duplicate IP at the scalar with related information', async () => {
    const uri = editor.document.uri;
    const d = await waitFor('ip-duplicate', () =>
      ours(uri).find((x) => codeOf(x) === 'ip-duplicate' && x.range.start.line === line),
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.getText(d.range), TAKEN);
    assert.ok((d.relatedInformation ?? []).length > 0, 'names the other owner');
  });

  it('fixes it with the next free address', async () => {
    const uri = editor.document.uri;
    const d = ours(uri).find((x) => codeOf(x) === 'ip-duplicate' && x.range.start.line === line)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /next free address/.test(a.title));
    assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor(
      'no errors',
      () => ours(uri).every((x) => x.severity !== vscode.DiagnosticSeverity.Error) || undefined,
    );
    assert.notEqual(editor.document.lineAt(line).text.includes(TAKEN), true);
  });

  it('re-checks the unsaved buffer as it is edited', async () => {
    const uri = editor.document.uri;
    const l = lineOf(editor.document.getText(), 'ip: 192.168.200.22');
    const col = editor.document.lineAt(l).text.indexOf('192.168.200.22');
    await editor.edit((e) => e.replace(new vscode.Range(l, col, l, col + '192.168.200.22'.length), TAKEN));
    assert.ok(editor.document.isDirty);
    await waitFor(
      'typed collision',
      () => ours(uri).some((x) => codeOf(x) === 'ip-duplicate' && x.range.start.line === l) || undefined,
    );
    await vscode.commands.executeCommand('undo');
    await waitFor('collision gone after undo', () => !ours(uri).some((x) => codeOf(x) === 'ip-duplicate') || undefined);
  });
});
