// Test helpers: documents with a `|` cursor marker, and the example topologies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

export function example(name: 'k3s-metallb' | 'okd-upi-lab' | 'okd-ipi'): string {
  return readFileSync(join(__dirname, '..', '..', 'examples', name, 'cluster.okd.yaml'), 'utf8');
}

/** Replaces exactly one occurrence of `find` (fails loudly when the fixture changed). */
export function edit(text: string, find: string, replace: string): string {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`fixture text not found exactly once: ${find}`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

/** A small lab used by most tests (block and flow styles mixed on purpose). */
export const LAB = `version: 1
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
  - name: storage
    cidr: 10.1.0.0/24
hosts:
  - name: svc
    role: services
    interfaces:
      - { network: lan, ip: 10.0.0.2, mac: "52:54:00:aa:00:02" }
  - name: hv-0
    role: hypervisor
    interfaces:
      - network: lan
        ip: 10.0.0.3
        mac: "52:54:00:aa:00:03"
  - name: server-0
    role: master
    vm: { cpus: 4, memoryGiB: 16, diskGiB: 120, on: hv-0 }
    interfaces:
      - network: lan
        ip: 10.0.0.10
        mac: "52:54:00:aa:00:10"
      - { network: storage, ip: 10.1.0.10, mac: "52:54:00:bb:00:10" }
vips:
  - name: api
    network: lan
    ip: 10.0.0.5
    purpose: api
    ports: [6443]
    backends: { roles: [master], hosts: [server-0] }
    holders:
      - svc
pools:
  - name: default
    network: lan
    addresses: [10.0.0.100-10.0.0.200]
services:
  dhcp: { host: svc }
  dns:
    host: svc
layout:
  server-0: { x: 240, y: 120 }
  lan: { x: 0, y: 0 }
`;
