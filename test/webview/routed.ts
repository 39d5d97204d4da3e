// The router's input as the EdgeLayer builds it, from toFlow's nodes and edges (absolute boxes).
import type { Card, Link } from '../../webview/src/routing';
import { toFlow } from '../../webview/src/toFlow';
import { snapshotFromYaml } from './fixtures';

/** Absolute card boxes and the links of a YAML text, as the EdgeLayer hands them to the router. */
export function cardsAndLinks(text: string): { cards: Card[]; links: Link[] } {
  const { nodes, edges } = toFlow(snapshotFromYaml(text).view!, []);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const abs = (id: string): { x: number; y: number } => {
    const n = byId.get(id)!;
    const p = n.parentId ? abs(n.parentId) : { x: 0, y: 0 };
    return { x: p.x + n.position.x, y: p.y + n.position.y };
  };
  const cards = nodes.map((n) => ({ id: n.id, ...abs(n.id), w: n.width!, h: n.height!, parent: n.parentId }));
  const links = edges
    .filter((e) => !e.data?.bulk)
    .map((e) => ({ id: e.id, kind: e.data!.kind, source: e.source, target: e.target }));
  return { cards, links };
}
