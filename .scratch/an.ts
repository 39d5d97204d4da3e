import { analyze } from '../src/core/analyze';
import { bigTopology } from '../bench/editor-edit.bench';
const text = bigTopology(1000);
for (let i = 0; i < 10; i++) analyze(text.replace('10.20.1.1,', `10.20.1.${9 + (i % 3)},`));
const { Session } = require('node:inspector') as typeof import('node:inspector');
const s = new Session(); s.connect();
s.post('Profiler.enable'); s.post('Profiler.setSamplingInterval', { interval: 100 });
s.post('Profiler.start', () => {
  const c = process.cpuUsage();
  for (let i = 0; i < 40; i++) analyze(text.replace('10.20.1.1,', `10.20.1.${9 + (i % 3)},`));
  const d = process.cpuUsage(c); console.log('cpu per analyze', ((d.user + d.system) / 1000 / 40).toFixed(1));
  s.post('Profiler.stop', (err, { profile }) => {
    type N = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
    const nodes = profile.nodes as N[];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
    const dt = new Map<number, number>();
    profile.samples!.forEach((x, i) => dt.set(x, (dt.get(x) ?? 0) + (profile.timeDeltas![i] ?? 0)));
    const self = new Map<string, number>(), incl = new Map<string, number>();
    const key = (n: N) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    for (const [id, us] of dt) {
      self.set(key(byId.get(id)!), (self.get(key(byId.get(id)!)) ?? 0) + us);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) { const k = key(byId.get(cur)!); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + us); } }
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000 / 40).toFixed(2).padStart(7)} ms  ${k}`).join('\n');
    console.log('--- self\n' + top(self, 30) + '\n--- incl\n' + top(incl, 45));
  });
});
