// The fields every check takes from its probe.
import { reproduce } from './reproduce';
import type { Check, Probe } from './types';

export function baseOf(p: Probe): Omit<Check, 'target' | 'expected' | 'observed' | 'ok' | 'detail'> {
  return {
    kind: p.kind,
    severity: 'error',
    service: p.service,
    server: p.server,
    hosts: p.hosts,
    reproduce: reproduce(p),
    probe: p.id,
  };
}
