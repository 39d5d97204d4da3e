// Test helpers: run analyze() on YAML text and find problems by code and by the position of a needle.
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import type { LocatedProblem } from '../../src/core/problems';

export const BASE = `version: 1
cluster:
  name: lab
  baseDomain: home.arpa
  platform: k3s
  metallbVersion: v0.14.8
networks:
  - name: lan
    cidr: 10.0.0.0/24
    gateway: 10.0.0.1
    dns: [10.0.0.2]
    dhcp:
      range: 10.0.0.50-10.0.0.99
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }
  - name: server-0
    role: master
    interfaces:
      - { network: lan, ip: 10.0.0.10, mac: "52:54:00:aa:00:10" }
  - name: server-1
    role: master
    interfaces:
      - { network: lan, ip: 10.0.0.11, mac: "52:54:00:aa:00:11" }
  - name: server-2
    role: master
    interfaces:
      - { network: lan, ip: 10.0.0.12, mac: "52:54:00:aa:00:12" }
vips:
  - name: api
    network: lan
    ip: 10.0.0.5
    purpose: api
    backends: { roles: [master] }
pools:
  - name: default
    network: lan
    addresses: [10.0.0.100-10.0.0.200]
services:
  dns: { host: svc }
`;

/** BASE as an OKD UPI cluster: a bootstrap node and a load balancer on the services host. */
export function okdUpi(): string {
  return edit(
    BASE,
    ['platform: k3s', 'platform: okd-upi'],
    ['dns: { host: svc }', 'dns: { host: svc }\n  loadBalancer: { host: svc }'],
    [
      '  - name: server-0\n',
      '  - name: bootstrap\n    role: bootstrap\n    interfaces:\n      - { network: lan, ip: 10.0.0.9, mac: "52:54:00:aa:00:09" }\n  - name: server-0\n',
    ],
  );
}

/** BASE with each [from, to] replacement applied once (each `from` must occur). */
export function edit(base: string, ...subs: [string, string][]): string {
  let s = base;
  for (const [from, to] of subs) {
    assert.ok(s.includes(from), `fixture does not contain ${JSON.stringify(from)}`);
    s = s.replace(from, to);
  }
  return s;
}

export function problems(yaml: string): LocatedProblem[] {
  return analyze(yaml).problems;
}

/** 0-based line and column of the nth occurrence of `needle`. */
export function pos(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `needle ${JSON.stringify(needle)} #${nth} not in text`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
}

function show(ps: LocatedProblem[]): string {
  return (
    ps.map((p) => `  ${p.line + 1}:${p.column + 1} ${p.severity} ${p.code}: ${p.message}`).join('\n') || '  (none)'
  );
}

/** Asserts exactly `count` problems with `code` (default 1) and that one starts at `needle`. Returns it. */
export function expectAt(
  yaml: string,
  code: string,
  needle: string,
  opts: { nth?: number; count?: number; severity?: string } = {},
): LocatedProblem {
  const all = problems(yaml);
  const hits = all.filter((p) => p.code === code);
  const want = pos(yaml, needle, opts.nth ?? 0);
  const p = hits.find((h) => h.line === want.line && h.column === want.column);
  assert.ok(p, `expected ${code} at ${want.line + 1}:${want.column + 1} (${needle}); got:\n${show(all)}`);
  assert.equal(hits.length, opts.count ?? 1, `expected ${opts.count ?? 1} × ${code}; got:\n${show(all)}`);
  assert.equal(p.endColumn - p.column >= 1 || p.endLine > p.line, true, 'range must not be empty');
  if (opts.severity) assert.equal(p.severity, opts.severity);
  return p;
}

export function expectNone(yaml: string, code: string): void {
  const all = problems(yaml);
  assert.deepEqual(
    all.filter((p) => p.code === code).map((p) => p.message),
    [],
    `unexpected ${code}:\n${show(all)}`,
  );
}

/** No errors or warnings (info allowed). */
export function expectClean(yaml: string): void {
  const bad = problems(yaml).filter((p) => p.severity !== 'info');
  assert.equal(bad.length, 0, `expected no errors/warnings:\n${show(bad)}`);
}

/** Line/column of a related location, for asserting the "other side". */
export function relatedAt(p: LocatedProblem, yaml: string, needle: string, nth = 0): void {
  const want = pos(yaml, needle, nth);
  assert.ok(
    p.related.some((r) => r.line === want.line && r.column === want.column),
    `expected a related location at ${want.line + 1}:${want.column + 1} (${needle}); got ${JSON.stringify(p.related)}`,
  );
}
