import { buildBundle, launchChromium, startHarness, openEditor, waitForNodes } from '../test/webview/harness/server';
import { exampleYaml, snapshotFromYaml } from '../test/webview/fixtures';
async function main() {
  const b = await buildBundle(); const h = await startHarness(b); const br = await launchChromium();
  const ed = await openEditor(br, h, { width: Number(process.argv[2] ?? 800), height: 857 });
  await ed.push(snapshotFromYaml(exampleYaml('k3s-metallb')));
  await waitForNodes(ed.page, ['network:lan']);
  await ed.page.click('[data-testid="node-host:agent-0"] .okd-name');
  await ed.page.waitForTimeout(500);
  const els = await ed.page.locator('.okd-toolbar [data-testid], .okd-toolbar vscode-button, .okd-toolbar vscode-single-select, .okd-toolbar vscode-textfield').evaluateAll((es) => es.map((e) => { const r = (e as any).getBoundingClientRect(); return `${(e as any).getAttribute('data-testid')} x=${r.x|0} y=${r.y|0} w=${r.width|0} h=${r.height|0}`; }));
  console.log(els.join('\n'));
  const tb = await ed.page.locator('.okd-toolbar').boundingBox(); console.log('toolbar', tb);
  const ins = await ed.page.locator('.okd-inspector').boundingBox(); console.log('inspector', ins);
  await ed.page.screenshot({ path: '.scratch/tb.png' });
  await br.close(); await h.close(); b.dispose();
}
void main();
