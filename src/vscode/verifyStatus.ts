// The last verify result per topology document, for the graph's badges: "Verify Lab" sets it, the
// topology editor posts it to every open graph of that document (again when a graph reloads).
import type { Check } from '../core/verify/types';
import { statusByHost } from '../core/verify/format';
import type { VerifyStatusMessage } from '../protocol/messages';

type Listener = (uri: string, msg: VerifyStatusMessage) => void;

const last = new Map<string, VerifyStatusMessage>();
const listeners = new Set<Listener>();

export function verifyStatusMessage(checks: Check[], at = new Date()): VerifyStatusMessage {
  const hosts: VerifyStatusMessage['hosts'] = {};
  for (const [name, s] of statusByHost(checks)) {
    hosts[name] = {
      state: s.failed ? 'failed' : s.passed ? 'ok' : 'info',
      passed: s.passed,
      failed: s.failed,
      info: s.info,
      services: Object.fromEntries(s.services),
    };
  }
  return { type: 'verifyStatus', hosts, at: at.toISOString() };
}

export function setVerifyStatus(uri: string, msg: VerifyStatusMessage): void {
  last.set(uri, msg);
  for (const l of listeners) l(uri, msg);
}

export function verifyStatusOf(uri: string): VerifyStatusMessage | undefined {
  return last.get(uri);
}

export function onVerifyStatus(l: Listener): { dispose: () => void } {
  listeners.add(l);
  return { dispose: () => listeners.delete(l) };
}
