// Verify badges: a round green/red mark on a host card after "Verify Lab" (red when any check about
// the host failed), and a dot on each service chip the host serves. Nothing before a run.
import { memo } from 'react';
import { useHostVerify, type HostVerify } from '../verifyStatus';

const MARK = { ok: '✓', failed: '✕', info: 'i' } as const;

function when(at?: string): string {
  const d = at ? new Date(at) : undefined;
  return d && !Number.isNaN(d.getTime()) ? ` (${d.toLocaleTimeString()})` : '';
}

export const VerifyBadge = memo(function VerifyBadge({ host }: { host: string }) {
  const { host: v, at } = useHostVerify(host);
  if (!v) return null;
  const text = `verify: ${v.passed} passed${v.failed ? `, ${v.failed} failed` : ''}${v.info ? `, ${v.info} info` : ''}${when(at)}`;
  return (
    <span
      className={`okd-verify okd-verify-${v.state}`}
      title={text}
      role="img"
      aria-label={text}
      data-testid="verify-badge"
      data-state={v.state}
    >
      {MARK[v.state]}
    </span>
  );
});

/** The state of `service` on `host`, as a dot for its chip (undefined: not verified). */
export function useServiceVerify(host: string): (service: string) => HostVerify['state'] | undefined {
  const { host: v } = useHostVerify(host);
  return (service) =>
    v && Object.prototype.hasOwnProperty.call(v.services, service) ? v.services[service] : undefined;
}

export function VerifyDot({ state }: { state?: HostVerify['state'] }) {
  if (!state) return null;
  return (
    <span
      className={`okd-verify-dot okd-verify-${state}`}
      data-testid="verify-dot"
      data-state={state}
      aria-label={`verify ${state}`}
    />
  );
}
