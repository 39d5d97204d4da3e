// Text about a node for screen readers, tooltips and search. Pure.
import type { HostView, NetworkView, PoolView, ProblemView, VipView } from './protocol';

export type AnyView = HostView | NetworkView | VipView | PoolView;

export function hostAddresses(h: HostView): string[] {
  return h.interfaces.flatMap((i) => [i.ip, i.ip6].filter((a): a is string => !!a));
}

/** e.g. "host server-0, master, 10.0.0.10" — what a screen reader announces on focus. */
export function ariaLabel(v: AnyView, problems: readonly ProblemView[] = []): string {
  let parts: string[];
  switch (v.kind) {
    case 'host':
      parts = [`host ${v.name}`, v.vm ? `${v.role} VM${v.vm.on ? ` on ${v.vm.on}` : ''}` : v.role, ...hostAddresses(v)];
      break;
    case 'network':
      parts = [
        `network ${v.name}`,
        v.cidr,
        ...(v.cidr6 ? [v.cidr6] : []),
        `${v.usage.used} of ${v.usage.total} addresses used`,
      ];
      break;
    case 'vip':
      parts = [`vip ${v.name}`, v.purpose, v.ip, ...(v.ports.length ? [`ports ${v.ports.join(' ')}`] : [])];
      break;
    case 'pool':
      parts = [`pool ${v.name}`, ...v.addresses, `${v.size} addresses`];
      break;
  }
  if (problems.length) parts.push(`${problems.length} problem${problems.length > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/** Every string a search may match: name, kind, role/purpose, addresses, MACs, CIDRs. */
export function searchText(v: AnyView): string[] {
  switch (v.kind) {
    case 'host':
      return [
        v.name,
        'host',
        v.role,
        ...(v.vm ? ['vm'] : []),
        ...v.services,
        ...v.interfaces.flatMap((i) => [i.ip, i.ip6, i.mac, i.network].filter((s): s is string => !!s)),
      ];
    case 'network':
      return [v.name, 'network', v.cidr, ...[v.cidr6, v.gateway, v.gateway6, v.domain].filter((s): s is string => !!s)];
    case 'vip':
      return [v.name, 'vip', v.purpose, v.ip, ...(v.ip6 ? [v.ip6] : []), v.network];
    case 'pool':
      return [v.name, 'pool', v.protocol, ...v.addresses];
  }
}

/**
 * Space-separated terms; a node matches when every term is a substring of one of its strings
 * (case-insensitive). `role:master` style prefixes are accepted and the prefix ignored.
 */
export function matches(v: AnyView, query: string): boolean {
  const terms = query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/^(name|ip|role|kind):/, ''));
  if (terms.length === 0) return true;
  const hay = searchText(v).map((s) => s.toLowerCase());
  return terms.every((t) => hay.some((h) => h.includes(t)));
}

export function worstSeverity(problems: readonly ProblemView[]): ProblemView['severity'] | undefined {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return problems.length ? 'info' : undefined;
}
