import { buildBundle, launchChromium, startHarness, openEditor, waitForNodes } from '../test/webview/harness/server';
import { exampleYaml, snapshotFromYaml } from '../test/webview/fixtures';
async function main() {
  const b = await buildBundle(); const h = await startHarness(b); const br = await launchChromium();
  const ed = await openEditor(br, h, { width: Number(process.argv[2] ?? 800), height: 857 });
  await ed.push(snapshotFromYaml(exampleYaml((process.argv[3] ?? 'k3s-metallb') as 'okd-ipi').replace(/\nlayout:[\s\S]*$/, '\n')));
  await ed.page.waitForSelector('.react-flow__node'); await ed.page.click('[data-testid="action-fit"]');
  
  await ed.page.waitForTimeout(500);
  const els = await ed.page.locator('.okd-toolbar [data-testid], .okd-toolbar vscode-button, .okd-toolbar vscode-single-select, .okd-toolbar vscode-textfield').evaluateAll((es) => es.map((e) => { const r = (e as any).getBoundingClientRect(); return `${(e as any).getAttribute('data-testid')} x=${r.x|0} y=${r.y|0} w=${r.width|0} h=${r.height|0}`; }));
  console.log(els.join('\n'));
  const tb = await ed.page.locator('.okd-toolbar').boundingBox(); console.log('toolbar', tb);

  await ed.page.screenshot({ path: '.scratch/tb.png' });
  await br.close(); await h.close(); b.dispose();
}
void main();
