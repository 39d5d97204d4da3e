// Text position -> graph node: which host, network, VIP or pool a cursor or problem sits in.
import type { Path, Topology } from '../model';
import { nodeAt, type YNode } from '../yaml/ast';
import { nodeId, type NodeId } from './types';
import { nodeOfPath } from './snapshot';

/** The node whose YAML item contains `offset`, or the host of a service block it is in. */
export function nodeAtOffset(t: Topology, root: YNode | null, offset: number): NodeId | undefined {
  const lists: ['host' | 'network' | 'vip' | 'pool', { name: string; path: Path }[]][] = [
    ['host', t.hosts],
    ['network', t.networks],
    ['vip', t.vips],
    ['pool', t.pools],
  ];
  for (const [kind, list] of lists) {
    for (const e of list) {
      const n = nodeAt(root, e.path);
      // Include the line's "- " before the item's first key.
      if (n && e.name && offset >= n.start - 2 && offset <= n.end) return nodeId(kind, e.name);
    }
  }
  for (const s of Object.values(t.services)) {
    const n = s ? nodeAt(root, s.path) : undefined;
    if (s && n && offset >= n.start && offset <= n.end) return nodeOfPath(t, s.path);
  }
  const layout = root && root.kind === 'map' ? root.items.find((p) => p.key.text === 'layout')?.value : undefined;
  if (layout?.kind === 'map') {
    for (const p of layout.items)
      if (offset >= p.key.start && offset <= p.value.end) return nodeOfPath(t, ['layout', p.key.text]);
  }
  return undefined;
}
