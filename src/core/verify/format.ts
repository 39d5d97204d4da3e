// How verify results read: text grouped by serving host and service, or JSON for scripts.
import { failed, type Check, type VerifyReport } from './types';

const SERVICE_NAMES: Record<Check['service'], string> = {
  dhcp: 'DHCP',
  dns: 'DNS',
  loadBalancer: 'load balancer',
  ntp: 'NTP',
  pxe: 'PXE (TFTP)',
  http: 'HTTP',
  vip: 'VIP',
  pool: 'MetalLB pool',
};

export function serviceName(s: Check['service']): string {
  return SERVICE_NAMES[s];
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  info: number;
}

export function summarizeChecks(checks: Check[]): Summary {
  const failures = checks.filter(failed).length;
  const passed = checks.filter((c) => c.ok).length;
  return { total: checks.length, passed, failed: failures, info: checks.length - passed - failures };
}

/** Checks grouped by the host that serves them, then by service, in first-seen order. */
export function groupChecks(
  checks: Check[],
): { server: string; services: { service: Check['service']; checks: Check[] }[] }[] {
  const out: { server: string; services: { service: Check['service']; checks: Check[] }[] }[] = [];
  for (const c of checks) {
    let g = out.find((x) => x.server === c.server);
    if (!g) out.push((g = { server: c.server, services: [] }));
    let s = g.services.find((x) => x.service === c.service);
    if (!s) g.services.push((s = { service: c.service, checks: [] }));
    s.checks.push(c);
  }
  return out;
}

function mark(c: Check): string {
  if (c.ok) return 'ok  ';
  return c.severity === 'info' ? 'info' : 'FAIL';
}

export function formatText(report: VerifyReport): string {
  const lines: string[] = [];
  for (const g of groupChecks(report.checks)) {
    for (const s of g.services) {
      const bad = s.checks.filter(failed).length;
      lines.push(`${g.server} · ${serviceName(s.service)}${bad ? ` (${bad} failed)` : ''}`);
      for (const c of s.checks) {
        const seen = c.ok ? c.observed : `expected ${c.expected}, saw ${c.observed}`;
        lines.push(`  ${mark(c)} ${c.target}: ${seen}`);
        if (!c.ok) {
          if (c.detail) lines.push(`       ${c.detail}`);
          lines.push(`       try: ${c.reproduce}`);
        }
      }
    }
  }
  const sum = summarizeChecks(report.checks);
  lines.push('', `${sum.total} checks: ${sum.passed} passed, ${sum.failed} failed, ${sum.info} info`);
  return lines.join('\n') + '\n';
}

export function formatJson(report: VerifyReport): string {
  return (
    JSON.stringify(
      {
        file: report.file,
        checks: report.checks.map((c) => ({
          kind: c.kind,
          target: c.target,
          expected: c.expected,
          observed: c.observed,
          ok: c.ok,
          detail: c.detail,
          severity: c.severity,
          service: c.service,
          server: c.server,
          hosts: c.hosts,
          reproduce: c.reproduce,
        })),
        summary: summarizeChecks(report.checks),
      },
      null,
      2,
    ) + '\n'
  );
}

/** Per topology host: did every check about it pass? (graph badges and the tree view) */
export function statusByHost(
  checks: Check[],
): Map<string, { passed: number; failed: number; info: number; services: Map<string, 'ok' | 'failed' | 'info'> }> {
  const out = new Map<
    string,
    { passed: number; failed: number; info: number; services: Map<string, 'ok' | 'failed' | 'info'> }
  >();
  const rank = { ok: 0, info: 1, failed: 2 } as const;
  for (const c of checks) {
    const state: 'ok' | 'failed' | 'info' = c.ok ? 'ok' : failed(c) ? 'failed' : 'info';
    for (const h of c.hosts) {
      let s = out.get(h);
      if (!s) out.set(h, (s = { passed: 0, failed: 0, info: 0, services: new Map() }));
      if (state === 'ok') s.passed++;
      else if (state === 'failed') s.failed++;
      else s.info++;
      // A service's state on its serving host: the worst of its checks.
      if (h === c.server) {
        const prev = s.services.get(c.service);
        if (!prev || rank[state] > rank[prev]) s.services.set(c.service, state);
      }
    }
  }
  return out;
}
