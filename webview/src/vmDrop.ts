// What a drag of VMs means (issue 13): a VM dropped on another hypervisor's frame moves there (an
// edit of its vm.on), a VM dropped inside its own frame just moves, and a VM dragged out of its
// frame onto no hypervisor goes back where it was: a VM runs on some hypervisor, and bare metal is
// a different host. Anything else dragged along is an ordinary move. Pure, so Node tests it.
import type { HostView, TopologyView } from './protocol';
import type { Card } from './select';

export interface DropPlan {
  /** VMs to put on another hypervisor, in one edit. */
  reparent?: { hosts: string[]; on: string };
  /** Nodes whose drop is refused: they return to where the drag began. */
  snapBack: string[];
  /** Nodes whose new places are written as an ordinary move. */
  move: string[];
  /** Why something snapped back, for the user. */
  message?: string;
}

const inside = (p: { x: number; y: number }, c: Card) =>
  p.x >= c.x && p.x <= c.x + c.w && p.y >= c.y && p.y <= c.y + c.h;

/** The hypervisor card under the pointer, other than the dragged cards themselves. */
function hypervisorAt(
  hosts: Map<string, HostView>,
  cards: readonly Card[],
  dragged: ReadonlySet<string>,
  at: { x: number; y: number },
): HostView | undefined {
  // A frame drawn inside another (none today) would win: the innermost is the smallest.
  const hits = cards
    .filter((c) => !dragged.has(c.id) && hosts.get(c.id)?.role === 'hypervisor' && inside(at, c))
    .sort((a, b) => a.w * a.h - b.w * b.h);
  return hits.length ? hosts.get(hits[0].id) : undefined;
}

/** The VMs among the dragged nodes (a VM dragged along with its own hypervisor rides in its frame). */
function draggedVms(hosts: Map<string, HostView>, ids: readonly string[], dragged: ReadonlySet<string>): string[] {
  return ids.filter((id) => {
    const h = hosts.get(id);
    return !!h?.vm && !(h.vm.hypervisorId && dragged.has(h.vm.hypervisorId));
  });
}

/** While dragging: the hypervisor a drop here would move a dragged VM to, for highlighting its frame. */
export function dropTarget(
  view: TopologyView,
  ids: readonly string[],
  pointer: { x: number; y: number },
  cards: readonly Card[],
): string | undefined {
  const hosts = new Map(view.hosts.map((h) => [h.id as string, h]));
  const dragged = new Set(ids);
  const vms = draggedVms(hosts, ids, dragged);
  if (!vms.length) return undefined;
  const target = hypervisorAt(hosts, cards, dragged, pointer);
  return target && vms.some((id) => hosts.get(id)!.vm!.on !== target.name) ? target.id : undefined;
}

/**
 * `pointer` is where the drag ended, in flow coordinates (absent for keyboard moves, which never
 * change a hypervisor). `cards` are the absolute boxes of every drawn card.
 */
export function planDrop(
  view: TopologyView,
  ids: readonly string[],
  pointer: { x: number; y: number } | undefined,
  cards: readonly Card[],
): DropPlan {
  const hosts = new Map(view.hosts.map((h) => [h.id as string, h]));
  const dragged = new Set(ids);
  const framed = new Set(cards.filter((c) => c.parentId).map((c) => c.id));
  const vms = draggedVms(hosts, ids, dragged);
  if (!pointer || !vms.length) return { snapBack: [], move: [...ids] };
  const target = hypervisorAt(hosts, cards, dragged, pointer);
  const plan: DropPlan = { snapBack: [], move: ids.filter((id) => !vms.includes(id)) };
  const reparent: string[] = [];
  for (const id of vms) {
    const vm = hosts.get(id)!;
    if (target && target.name !== vm.vm!.on) reparent.push(vm.name);
    else if (target || !framed.has(id)) plan.move.push(id);
    else plan.snapBack.push(id);
  }
  if (target && reparent.length) plan.reparent = { hosts: reparent, on: target.name };
  if (plan.snapBack.length) {
    const names = plan.snapBack.map((id) => hosts.get(id)!.name).join(', ');
    plan.message = `${names} went back to ${plan.snapBack.length > 1 ? 'their hypervisors' : 'its hypervisor'}: a VM runs on a hypervisor. Drop it on another hypervisor's frame to move it there.`;
  }
  return plan;
}
