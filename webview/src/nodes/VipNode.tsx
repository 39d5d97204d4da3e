// A virtual IP: address, purpose and ports; edges go to its network and its backends.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PoolView, VipView } from '../protocol';
import type { GraphNode } from '../toFlow';
import { Icon, Kv, LiteCard, ProblemBadge, ShowInText, UsageBar } from './common';
import { useLite } from './detail';

const out = (
  <Handle type="source" id="out" position={Position.Bottom} className="okd-handle-hidden" isConnectable={false} />
);

function VipCard({ id, data, selected }: NodeProps<GraphNode>) {
  const v = data.view as VipView;
  if (useLite())
    return (
      <LiteCard
        kind="vip"
        name={v.name}
        sub={v.ip}
        severity={data.severity}
        problems={data.problems}
        selected={selected}
      >
        {out}
      </LiteCard>
    );
  return (
    <div
      className={`okd-card okd-vip${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
    >
      <div className="okd-head">
        <Icon name="vip" />
        <span className="okd-name" title={v.name}>
          {v.name}
        </span>
        <span className="okd-chip">{v.purpose}</span>
        <ProblemBadge problems={data.problems} severity={data.severity} />
        <ShowInText nodeId={id} />
      </div>
      <Kv k="address" v={`${v.ip}${v.ip6 ? ` · ${v.ip6}` : ''}`} />
      <div
        className="okd-kv"
        title={`ports ${v.ports.join(', ') || '—'} · ${v.backendIds.length} backend${v.backendIds.length === 1 ? '' : 's'}`}
      >
        <span>ports</span>
        <span className="okd-mono">{v.ports.length ? v.ports.join(', ') : '—'}</span>
        <span className="okd-dim-text">
          · {v.backendIds.length} backend{v.backendIds.length === 1 ? '' : 's'}
        </span>
      </div>
      {out}
    </div>
  );
}

function PoolCard({ id, data, selected }: NodeProps<GraphNode>) {
  const p = data.view as PoolView;
  if (useLite())
    return (
      <LiteCard
        kind="pool"
        name={p.name}
        sub={p.addresses[0]}
        severity={data.severity}
        problems={data.problems}
        selected={selected}
      >
        {out}
      </LiteCard>
    );
  return (
    <div
      className={`okd-card okd-pool${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
    >
      <div className="okd-head">
        <Icon name="pool" />
        <span className="okd-name" title={p.name}>
          {p.name}
        </span>
        <ProblemBadge problems={data.problems} severity={data.severity} />
        <ShowInText nodeId={id} />
      </div>
      <Kv k="range" v={p.addresses.join(', ') || '—'} />
      <Kv k="mode" v={`${p.protocol}${p.autoAssign ? '' : ' · manual'}`} mono={false} />
      <UsageBar used={p.used} total={p.size} label={`${p.name}: addresses also used elsewhere`} />
      <div className="okd-usage-text" title={`${p.size} addresses · ${p.used} used elsewhere`}>
        {p.size} addresses · {p.used} used elsewhere
      </div>
      {out}
    </div>
  );
}

export const VipNode = memo(VipCard);
export const PoolNode = memo(PoolCard);
