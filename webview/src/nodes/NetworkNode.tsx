// A network hub: CIDR(s), gateway, DHCP range(s) and an address-utilization bar. Hosts attach
// to its bottom bar; dropping a host's handle there sends `connect`.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { NetworkView } from '../protocol';
import type { GraphNode } from '../toFlow';
import { Icon, LiteCard, ProblemBadge, ShowInText, UsageBar } from './common';
import { useLite } from './detail';

function NetworkCard({ id, data, selected }: NodeProps<GraphNode>) {
  const n = data.view as NetworkView;
  if (useLite()) {
    return (
      <LiteCard kind="network" name={`${n.name} ${n.cidr}`} severity={data.severity} selected={selected}>
        <Handle type="target" id="top" position={Position.Top} className="okd-handle-hidden" isConnectable={false} />
        <Handle
          type="target"
          id="hosts"
          position={Position.Bottom}
          className="okd-handle-bar"
          isConnectable={!data.locked}
        />
      </LiteCard>
    );
  }
  return (
    <div
      className={`okd-card okd-network${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
    >
      <Handle type="target" id="top" position={Position.Top} className="okd-handle-hidden" isConnectable={false} />
      <div className="okd-head">
        <Icon name="network" />
        <span className="okd-name" title={n.name}>
          {n.name}
        </span>
        {n.vlan !== undefined ? <span className="okd-chip">vlan {n.vlan}</span> : null}
        <ProblemBadge problems={data.problems} severity={data.severity} />
        <ShowInText nodeId={id} />
      </div>
      <div className="okd-kv">
        <span>cidr</span>
        <span className="okd-mono">
          {n.cidr}
          {n.cidr6 ? ` · ${n.cidr6}` : ''}
        </span>
      </div>
      <div className="okd-kv">
        <span>gateway</span>
        <span className="okd-mono">{n.gateway ?? '—'}</span>
      </div>
      <div className="okd-kv">
        <span>dhcp</span>
        <span className="okd-mono">{n.dhcpRanges.length ? n.dhcpRanges.map((r) => r.text).join(', ') : '—'}</span>
      </div>
      <UsageBar used={n.usage.used} total={n.usage.total} label={`${n.name} address utilization`} />
      <div className="okd-usage-text">
        {n.usage.used} / {n.usage.total} used
      </div>
      <Handle
        type="target"
        id="hosts"
        position={Position.Bottom}
        className="okd-handle-bar"
        isConnectable={!data.locked}
      />
    </div>
  );
}

export const NetworkNode = memo(NetworkCard);
