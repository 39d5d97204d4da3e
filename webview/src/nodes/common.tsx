// Pieces every node card shares: kind icon, problem badge, "Show in Text" button.
import { memo } from 'react';
import type { ProblemView } from '../protocol';
import { post } from '../bus';

const ICONS: Record<string, string> = {
  // 16x16 outline glyphs drawn with currentColor so they follow the theme.
  server: 'M2 2h12v5H2zM2 9h12v5H2zM4 4.5h1M4 11.5h1',
  vm: 'M1.5 2.5h13v9h-13zM5 14h6M8 11.5V14',
  hypervisor: 'M2 1.5h12v4H2zM2 6h12v4H2zM2 10.5h12v4H2z',
  storage: 'M2.5 3.5c0-1 11-1 11 0v9c0 1-11 1-11 0zM2.5 3.5c0 1 11 1 11 0M2.5 8c0 1 11 1 11 0',
  network: 'M8 1.5v13M1.5 8h13M3 3.5h10v9H3z',
  vip: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13zM8 5a3 3 0 1 0 0 6a3 3 0 1 0 0-6z',
  pool: 'M2 2h4v4H2zM10 2h4v4h-4zM2 10h4v4H2zM10 10h4v4h-4z',
};

export const Icon = memo(function Icon({ name }: { name: string }) {
  return (
    <svg className="okd-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d={ICONS[name] ?? ICONS.server} fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
});

export function roleIcon(role: string, isVm: boolean): string {
  if (role === 'hypervisor') return 'hypervisor';
  if (role === 'storage') return 'storage';
  return isVm ? 'vm' : 'server';
}

/** Badge with the count of problems; the tooltip lists them (same text as the Problems panel). */
export const ProblemBadge = memo(function ProblemBadge({
  problems,
  severity,
}: {
  problems: ProblemView[];
  severity?: string;
}) {
  if (!problems.length || !severity) return null;
  const title = problems.map((p) => `${p.severity}: ${p.message} (line ${p.line + 1})`).join('\n');
  return (
    <span
      className={`okd-badge okd-badge-${severity}`}
      title={title}
      role="img"
      aria-label={`${problems.length} ${severity === 'error' ? 'error' : 'problem'}${problems.length > 1 ? 's' : ''}`}
      data-testid="problem-badge"
    >
      {severity === 'error' ? '✕' : severity === 'warning' ? '!' : 'i'} {problems.length}
    </span>
  );
});

/**
 * The zoomed-out card: kind colour, name and one more line (a host's role, a network's CIDR, a
 * VIP's address), same box as the full card. Either may be cut to the box: its title gives it whole.
 */
export function LiteCard({
  kind,
  name,
  sub,
  role,
  severity,
  problems = [],
  selected,
  children,
  extraClass = '',
}: {
  kind: string;
  /** More classes for the card (a network's colour). */
  extraClass?: string;
  name: string;
  sub?: string;
  role?: string;
  severity?: string;
  /** Shown as the same badge as on the full card: a problem must not vanish when zooming out. */
  problems?: ProblemView[];
  selected: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div
      className={`okd-card okd-lite okd-${kind}${extraClass}${role ? ` okd-r-${role}` : ''}${selected ? ' okd-selected' : ''}${severity ? ` okd-has-${severity}` : ''}`}
    >
      {children}
      <div className="okd-lite-head">
        <span className="okd-name" title={name}>
          {name}
        </span>
        <ProblemBadge problems={problems} severity={severity} />
      </div>
      {sub ? (
        <span className="okd-lite-sub" title={sub}>
          {sub}
        </span>
      ) : null}
    </div>
  );
}

export function ShowInText({ nodeId }: { nodeId: string }) {
  return (
    <button
      type="button"
      className="okd-link nodrag"
      title="Show this node's YAML in the text editor"
      aria-label="Show in Text"
      tabIndex={-1}
      // The click goes on to the card, which selects the node: the inspector follows the text.
      onClick={() => post({ type: 'showInText', nodeId })}
    >
      {'{ }'}
    </button>
  );
}

/** A key and its value on one line; the value may be cut to the card, its title gives it whole. */
export function Kv({ k, v, mono = true }: { k: string; v: string; mono?: boolean }) {
  return (
    <div className="okd-kv">
      <span>{k}</span>
      <span className={mono ? 'okd-mono' : undefined} title={v}>
        {v}
      </span>
    </div>
  );
}

export function UsageBar({ used, total, label }: { used: number; total: number; label: string }) {
  const ratio = total > 0 ? Math.min(1, used / total) : 0;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.7 ? 'mid' : 'low';
  return (
    <div
      className="okd-usage"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={used}
      title={`${used} of ${total} used (${Math.round(ratio * 100)}%)`}
    >
      <div className={`okd-usage-fill okd-usage-${level}`} style={{ width: `${Math.round(ratio * 1000) / 10}%` }} />
    </div>
  );
}
