// Moving VMs between hypervisors (a drop on another hypervisor's frame in the graph): one edit of
// each VM's `vm.on`, and its saved position forgotten, since it was a place in the old frame.
import type { Host, Topology } from '../model';
import type { GraphEdit } from './types';
import { emitScalar, emitLike, type TextEdit } from './format';
import { EditError, pairOf, replaceScalar, resolve, setAt, type Ctx } from './tree';
import { layoutKey } from './layout';
import { removeKeys } from './refs';
import type { Plan } from './add';

type MoveToHypervisor = Extract<GraphEdit, { kind: 'moveToHypervisor' }>;

function hypervisorNamed(t: Topology, name: string): Host {
  const hv = t.hosts.find((h) => h.name === name);
  if (!hv) throw new EditError(`There is no host "${name}"`);
  if (hv.role !== 'hypervisor')
    throw new EditError(`${name} is a ${hv.role}, not a hypervisor: VMs run only on a hypervisor`);
  return hv;
}

/** The VMs the edit names, each checked: it exists, is a VM (has `vm:`), and is not the hypervisor itself. */
function vmsNamed(t: Topology, names: readonly string[], on: string): Host[] {
  return [...new Set(names)].map((name) => {
    const h = t.hosts.find((x) => x.name === name);
    if (!h) throw new EditError(`There is no host "${name}"`);
    if (!h.vm) throw new EditError(`${name} is not a VM (it has no vm section), so it cannot move onto a hypervisor`);
    if (name === on) throw new EditError(`${name} cannot run on itself`);
    return h;
  });
}

function setOn(ctx: Ctx, vm: Host, on: string): TextEdit {
  const path = [...vm.vm!.path, 'on'];
  const { node, pair } = resolve(ctx.root, path);
  if (node?.kind === 'scalar' && !node.empty) return replaceScalar(ctx, node, pair?.key, emitLike(node, on));
  return setAt(ctx, path, { t: 'scalar', text: emitScalar(on) });
}

export function moveToHypervisor(ctx: Ctx, t: Topology, e: MoveToHypervisor): Plan {
  hypervisorNamed(t, e.on);
  const moving = vmsNamed(t, e.hosts, e.on).filter((vm) => vm.vm!.on !== e.on);
  if (!moving.length) return { edits: [], noop: `Already on ${e.on}` };
  const edits = moving.map((vm) => setOn(ctx, vm, e.on));
  const layout = pairOf(ctx.root ?? undefined, 'layout');
  if (layout?.value.kind === 'map') {
    const keys = new Set<string>();
    for (const vm of moving) {
      keys.add(`host:${vm.name}`);
      if (layoutKey(t, 'host', vm.name) === vm.name) keys.add(vm.name);
    }
    edits.push(...removeKeys(ctx, layout, keys));
  }
  return { edits, created: moving.map((vm) => `host:${vm.name}`) };
}
