// How deploy reaches a topology host (shared by the plan of every phase).
import type { Host } from '../model';

/** Where to connect: `alias` is what ~/.ssh/config is matched against; the rest are fallbacks/overrides. */
export interface HostTarget {
  name: string;
  alias: string;
  /** Used when ~/.ssh/config gives no HostName: the topology's ssh.host or the first interface address. */
  hostname: string;
  user?: string;
  port?: number;
}

/** How deploy reaches a topology host. */
export function hostTarget(h: Host): HostTarget {
  const ip = h.interfaces.find((i) => i.ip)?.ip ?? h.interfaces.find((i) => i.ip6)?.ip6;
  return {
    name: h.name,
    alias: h.ssh?.host ?? h.name,
    hostname: h.ssh?.host ?? ip ?? h.name,
    user: h.ssh?.user,
    port: h.ssh?.port,
  };
}
