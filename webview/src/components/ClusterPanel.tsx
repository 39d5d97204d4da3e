// Side panel for the cluster block (name, base domain, platform, version): opened from the
// toolbar, replaced by the node inspector as soon as a node is selected.
import { useEffect, useRef } from 'react';
import type { ProblemView, TopologyView } from '../protocol';
import { clusterFields } from '../fields';
import { FieldRow } from './Inspector';

export interface ClusterPanelProps {
  cluster: TopologyView['cluster'];
  problems: ProblemView[];
  locked: boolean;
  onClose: () => void;
}

export function ClusterPanel({ cluster, problems, locked, onClose }: ClusterPanelProps) {
  // Problems of the cluster block itself (name, domain, platform); networking ones show in Problems.
  const mine = problems.filter((p) => p.path[0] === 'cluster');
  const root = useRef<HTMLElement>(null);
  // Opened from the toolbar: keyboard users land in the first field (as Enter on a node does).
  useEffect(() => {
    const t = setTimeout(() => root.current?.querySelector<HTMLElement>('[data-field]')?.focus(), 30);
    return () => clearTimeout(t);
  }, []);
  return (
    <aside
      className="okd-inspector"
      ref={root}
      aria-label={`Cluster ${cluster.name}`}
      data-testid="cluster-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && (e.target as HTMLElement).tagName !== 'VSCODE-TEXTFIELD') onClose();
      }}
    >
      <div className="okd-inspector-head">
        <span className="okd-kind">cluster</span>
        <span className="okd-name">{cluster.name}</span>
        <button type="button" className="okd-link" aria-label="Close cluster settings" onClick={onClose}>
          ✕
        </button>
      </div>
      <fieldset className="okd-fieldset">
        {clusterFields(cluster).map((s) => (
          <FieldRow key={s.key} spec={s} problems={mine} locked={locked} />
        ))}
      </fieldset>
    </aside>
  );
}
