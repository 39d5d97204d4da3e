// Turns what the host posts into whole snapshots for the app: a delta is applied to the view the
// webview holds, and a full snapshot reuses the held objects of every entity that did not change.
// Either way unchanged hosts, networks, VIPs and pools keep their object identity, which is what
// lets the graph skip them on re-render.
import {
  applyDelta,
  reuseUnchanged,
  type SnapshotDeltaMessage,
  type SnapshotMessage,
  type TopologyView,
} from './protocol';

export interface Held {
  seq?: number;
  view: TopologyView | null;
}

export interface Received {
  /** The whole snapshot, or undefined when the delta does not fit what is held. */
  snapshot?: SnapshotMessage;
  held?: Held;
}

/** Pure step: the message applied to `held`. A delta that does not fit asks for a full snapshot. */
export function receive(held: Held | undefined, m: SnapshotMessage | SnapshotDeltaMessage): Received {
  if (m.type === 'snapshot') {
    const view = m.view ? reuseUnchanged(held?.view ?? null, m.view) : null;
    return { snapshot: view === m.view ? m : { ...m, view }, held: { seq: m.seq, view } };
  }
  const view = held?.view && held.seq === m.baseSeq ? applyDelta(held.view, m.delta) : undefined;
  if (!view) return { held: undefined };
  const { delta: _delta, baseSeq: _base, ...rest } = m;
  return { snapshot: { ...rest, type: 'snapshot', view }, held: { seq: m.seq, view } };
}
