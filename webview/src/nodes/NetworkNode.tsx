// A network hub: CIDR(s), gateway, DHCP range(s) and an address-utilization bar. Hosts attach
// to its bottom bar; dropping a host's handle there sends `connect`.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { NetworkView } from '../protocol';
import type { GraphNode } from '../toFlow';
import { Icon, Kv, LiteCard, ProblemBadge, ShowInText, UsageBar } from './common';
import { useLite } from './detail';
import { hueClass, useHue } from '../netHues';

function NetworkCard({ id, data, selected }: NodeProps<GraphNode>) {
  const n = data.view as NetworkView;
  const hue = hueClass(useHue(id));
  if (useLite()) {
    return (
      <LiteCard
        kind="network"
        extraClass={hue}
        name={n.name}
        sub={n.cidr}
        severity={data.severity}
        problems={data.problems}
        selected={selected}
      >
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
      className={`okd-card okd-network${hue}${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
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
      <Kv k="cidr" v={`${n.cidr}${n.cidr6 ? ` · ${n.cidr6}` : ''}`} />
      <Kv k="gateway" v={n.gateway ?? '—'} />
      <Kv k="dhcp" v={n.dhcpRanges.length ? n.dhcpRanges.map((r) => r.text).join(', ') : '—'} />
      <UsageBar used={n.usage.used} total={n.usage.total} label={`${n.name} address utilization`} />
      <div className="okd-usage-text" title={`${n.usage.used} / ${n.usage.total} used`}>
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
