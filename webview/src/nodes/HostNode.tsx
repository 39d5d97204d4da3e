// A host or VM card: role icon, name, role, one line per interface (network, IP, MAC), service chips.
// Also used as the header of a hypervisor container (type 'hypervisor'), whose VMs are child nodes.
import { memo, useContext } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { HostView } from '../protocol';
import type { GraphNode } from '../toFlow';
import { Icon, LiteCard, ProblemBadge, ShowInText, roleIcon } from './common';
import { useLite } from './detail';
import { hueClass, NetHues } from '../netHues';
import { useServiceVerify, VerifyBadge, VerifyDot } from './VerifyBadge';

function HostCard({ id, data, selected, type }: NodeProps<GraphNode>) {
  const h = data.view as HostView;
  const container = type === 'hypervisor';
  const serviceState = useServiceVerify(h.name);
  const hues = useContext(NetHues);
  const handles = (
    <>
      <Handle
        type="source"
        id="net"
        position={Position.Top}
        className={`okd-handle-bar${container ? ' okd-handle-frame' : ''}`}
        isConnectable={!data.locked}
        title="Drag to a network to add an interface"
      />
      <Handle type="target" id="in" position={Position.Top} className="okd-handle-hidden" isConnectable={false} />
    </>
  );
  const lite = useLite();
  if (lite && !container)
    return (
      <LiteCard
        kind="host"
        name={h.name}
        sub={h.role}
        role={h.role}
        severity={data.severity}
        problems={data.problems}
        selected={selected}
      >
        {handles}
      </LiteCard>
    );
  if (lite) {
    // A zoomed-out hypervisor frame: its name and role large at the top, the VMs below.
    return (
      <div
        className={`okd-card okd-host okd-hypervisor okd-lite-frame okd-r-${h.role}${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
      >
        {handles}
        <div className="okd-lite-head">
          <span className="okd-name" title={h.name}>
            {h.name}
          </span>
          <ProblemBadge problems={data.problems} severity={data.severity} />
        </div>
        <span className="okd-lite-sub" title={h.role}>
          {h.role}
        </span>
      </div>
    );
  }
  return (
    <div
      className={`okd-card okd-host okd-r-${h.role}${container ? ' okd-hypervisor' : ''}${selected ? ' okd-selected' : ''}${data.severity ? ` okd-has-${data.severity}` : ''}`}
    >
      {handles}
      <div className="okd-head">
        <Icon name={roleIcon(h.role, !!h.vm)} />
        <span className="okd-name" title={h.name}>
          {h.name}
        </span>
        <ProblemBadge problems={data.problems} severity={data.severity} />
        <VerifyBadge host={h.name} />
        <ShowInText nodeId={id} />
      </div>
      <div className="okd-sub">
        <span className={`okd-role okd-r-${h.role}`}>{h.role}</span>
        {h.vm ? (
          <span className="okd-dim-text okd-cut" title={vmText(h)}>
            {vmText(h)}
          </span>
        ) : null}
      </div>
      {h.interfaces.length === 0 ? <div className="okd-iface okd-dim-text">no interfaces</div> : null}
      {h.interfaces.map((i) => (
        <div className={`okd-iface${i.ip && i.ip6 ? ' okd-iface-dual' : ''}`} key={i.index}>
          <span
            className={`okd-iface-net${i.networkId ? ` okd-iface-on${hueClass(hues.get(i.networkId))}` : ''}`}
            title={i.name ? `${i.name} on ${i.network}` : i.network}
          >
            {i.name ?? i.network}
          </span>
          <span className="okd-mono" title={i.ip ?? i.ip6}>
            {i.ip ?? i.ip6 ?? '—'}
          </span>
          {i.ip && i.ip6 ? (
            <span className="okd-mono okd-ip6" title={i.ip6}>
              {i.ip6}
            </span>
          ) : null}
          {i.mac ? (
            <span className="okd-mono okd-mac" title={i.mac}>
              {i.mac}
            </span>
          ) : null}
        </div>
      ))}
      {h.services.length ? (
        <div className="okd-chips">
          {h.services.map((s) => (
            <span key={s} className="okd-chip">
              <VerifyDot state={serviceState(s)} />
              {s}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

const vmText = (h: HostView) =>
  `VM${h.vm?.cpus ? ` · ${h.vm.cpus} vCPU` : ''}${h.vm?.memoryGiB ? ` · ${h.vm.memoryGiB} GiB` : ''}`;

export const HostNode = memo(HostCard);
