// Top bar: the palette (add host/VM/network/VIP/pool), delete, layout, fit, cluster settings,
// search and export.
import { useState } from 'react';
import { VscodeButton, VscodeOption, VscodeTextfield } from '@vscode-elements/react-elements';
import { Select } from './Select';
import type { Role } from '../protocol';
import { ROLES_LIST } from '../constants';
import { useCompact } from '../narrow';

export interface ToolbarProps {
  locked: boolean;
  selectionCount: number;
  query: string;
  matchCount?: number;
  onQuery: (q: string) => void;
  onFitMatches: () => void;
  onAdd: (what: 'host' | 'vm' | 'network' | 'vip' | 'pool', role: Role) => void;
  onDelete: () => void;
  onLayout: () => void;
  onFit: () => void;
  onExport: (format: 'svg' | 'png') => void;
  onCluster: () => void;
}

export function Toolbar(p: ToolbarProps) {
  const [role, setRole] = useState<Role>('worker');
  // The full hint would be cut in the compact toolbar's short field; the label still says it all.
  const compact = useCompact();
  const add = (what: 'host' | 'vm' | 'network' | 'vip' | 'pool') => () => p.onAdd(what, role);
  return (
    <div className="okd-toolbar" role="toolbar" aria-label="Topology editor">
      <div className="okd-group" role="group" aria-label="Add">
        <Select
          data-testid="palette-role"
          aria-label="Role of new hosts"
          value={role}
          disabled={p.locked}
          onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}
        >
          {ROLES_LIST.map((r) => (
            <VscodeOption key={r} value={r}>
              {r}
            </VscodeOption>
          ))}
        </Select>
        <VscodeButton
          data-testid="palette-host"
          secondary
          disabled={p.locked}
          title="Add a bare-metal host with the next free address"
          onClick={add('host')}
        >
          + Host
        </VscodeButton>
        <VscodeButton
          data-testid="palette-vm"
          secondary
          disabled={p.locked}
          title="Add a VM on the selected (or first) hypervisor"
          onClick={add('vm')}
        >
          + VM
        </VscodeButton>
        <VscodeButton
          data-testid="palette-network"
          secondary
          disabled={p.locked}
          title="Add a network on the next free /24"
          onClick={add('network')}
        >
          <span className="okd-long">+ Network</span>
          <span className="okd-short">+ Net</span>
        </VscodeButton>
        <VscodeButton
          data-testid="palette-vip"
          secondary
          disabled={p.locked}
          title="Add a VIP on the selected (or first) network"
          onClick={add('vip')}
        >
          + VIP
        </VscodeButton>
        <VscodeButton
          data-testid="palette-pool"
          secondary
          disabled={p.locked}
          title="Add a MetalLB pool on the selected (or first) network"
          onClick={add('pool')}
        >
          + Pool
        </VscodeButton>
      </div>
      <div className="okd-group" role="group" aria-label="Edit">
        <VscodeButton
          data-testid="action-delete"
          secondary
          disabled={p.locked || p.selectionCount === 0}
          title="Delete the selected nodes (Delete)"
          onClick={p.onDelete}
        >
          Delete
        </VscodeButton>
        <VscodeButton
          data-testid="action-layout"
          secondary
          disabled={p.locked}
          title="Arrange every node automatically: forgets the positions saved by dragging (nothing else is written)"
          onClick={p.onLayout}
        >
          <span className="okd-long">Auto layout</span>
          <span className="okd-short">Layout</span>
        </VscodeButton>
        <VscodeButton data-testid="action-fit" secondary title="Fit the whole graph in view" onClick={p.onFit}>
          Fit
        </VscodeButton>
        <VscodeButton
          data-testid="action-cluster"
          secondary
          title="Cluster name, base domain, platform and version"
          onClick={p.onCluster}
        >
          Cluster
        </VscodeButton>
      </div>
      <div className="okd-group okd-search" role="search">
        <VscodeTextfield
          data-testid="search"
          placeholder={compact ? 'Filter' : 'Filter: name, IP or role'}
          aria-label="Filter nodes by name, IP or role"
          label="Filter nodes by name, IP or role"
          value={p.query}
          onInput={(e) => p.onQuery((e.target as HTMLInputElement).value)}
          onKeyDown={(e: React.KeyboardEvent) => {
            if (e.key === 'Enter') p.onFitMatches();
            if (e.key === 'Escape') p.onQuery('');
          }}
        />
        {p.query ? (
          <span className="okd-dim-text" aria-live="polite" data-testid="match-count">
            {p.matchCount ?? 0} match{p.matchCount === 1 ? '' : 'es'}
          </span>
        ) : null}
      </div>
      <div className="okd-group" role="group" aria-label="Export">
        <VscodeButton
          data-testid="export-svg"
          secondary
          title="Export the diagram as SVG"
          onClick={() => p.onExport('svg')}
        >
          SVG
        </VscodeButton>
        <VscodeButton
          data-testid="export-png"
          secondary
          title="Export the diagram as PNG"
          onClick={() => p.onExport('png')}
        >
          PNG
        </VscodeButton>
      </div>
    </div>
  );
}
