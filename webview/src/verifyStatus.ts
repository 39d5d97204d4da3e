// The last "Verify Lab" result the host sent (verifyStatus), outside React state so that only the
// badges re-render when it changes. Kept across snapshots: it is about the lab, not the file.
import { useSyncExternalStore } from 'react';
import type { VerifyStatusMessage } from './protocol';

export type HostVerify = NonNullable<VerifyStatusMessage['hosts']>[string];

let current: VerifyStatusMessage | undefined;
const listeners = new Set<() => void>();

export function setVerifyStatus(m: VerifyStatusMessage): void {
  current = m.hosts ? m : undefined;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** A host's verify state (undefined: not verified, or the host took part in no check). */
export function useHostVerify(name: string): { host?: HostVerify; at?: string } {
  const m = useSyncExternalStore(subscribe, () => current);
  const hosts = m?.hosts;
  const host = hosts && Object.prototype.hasOwnProperty.call(hosts, name) ? hosts[name] : undefined;
  return { host, at: m?.at };
}
