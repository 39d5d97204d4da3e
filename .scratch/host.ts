import { analyze } from '../src/core/analyze';
import { applyTextEdits, planGraphEdit } from '../src/core/edit/index';
import { buildView, problemViews } from '../src/core/view/snapshot';
import { diffView } from '../src/protocol/messages';
import { bigTopology } from '../bench/editor-edit.bench';
const text = bigTopology(1000);
const base = analyze(text);
const held = buildView(base.topology!, problemViews(base.topology, base.problems));
const T: Record<string, number[]> = {};
const t = <X>(k: string, f: () => X): X => { const c = process.cpuUsage(); const x = f(); const d = process.cpuUsage(c); (T[k] ??= []).push((d.user + d.system) / 1000); return x; };
for (let i = 0; i < 15; i++) {
  const out = t('plan', () => planGraphEdit({ text, doc: base.doc, topology: base.topology }, { kind: 'addHost', role: 'worker' }));
  if (out.outcome !== 'applied') throw new Error('x');
  const nt = t('apply', () => applyTextEdits(text, out.edits));
  const a = t('analyze', () => analyze(nt));
  const pv = t('problemViews', () => problemViews(a.topology, a.problems));
  const v = t('buildView', () => buildView(a.topology!, pv));
  const d = t('diff', () => diffView(held, v));
  t('json', () => JSON.stringify({ type: 'snapshotDelta', delta: d, problems: pv }));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, v] of Object.entries(T)) console.log(k.padEnd(14), med(v.slice(3)).toFixed(2), 'ms');
