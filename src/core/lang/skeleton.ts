// An empty *.okd.yaml: completion offers a whole starting topology, commented, that checks clean
// apart from advice (one master is not highly available).
import type { Completion } from './types';

const SKELETON = [
  '# One file for the cluster: its networks, hosts, VIPs and pools. Every config is rendered from it.',
  'version: 1',
  'cluster:',
  '  name: ${1:lab}',
  '  baseDomain: ${2:home.arpa}',
  '  platform: ${3|k3s,okd-upi,okd-ipi,kubernetes|}',
  'networks:',
  '  - name: lan',
  '    cidr: ${4:10.0.0.0/24}',
  '    gateway: ${5:10.0.0.1}',
  'hosts:',
  '  # Add a host per machine (or VM); the graph editor adds them with the next free address and MAC.',
  '  - name: server-0',
  '    role: master',
  '    interfaces:',
  '      - { network: lan, ip: ${6:10.0.0.10}, mac: "52:54:00:00:00:10" }',
  '',
].join('\n');

/** The only item on a blank document: the skeleton above. */
export function skeletonItems(text: string): Completion[] | undefined {
  if (text.trim() !== '') return undefined;
  return [
    {
      label: 'OKD topology skeleton',
      kind: 'item',
      detail: 'cluster, one network and one host',
      documentation:
        'A starting `cluster.okd.yaml`: fill in the name, base domain, platform and addresses; then add hosts from the graph editor or with completion.',
      insertText: SKELETON,
      snippet: true,
      start: 0,
      end: text.length,
      preselect: true,
    },
  ];
}

/** The skeleton as plain text (each placeholder's default), for writing into a blank file. */
export function skeletonText(): string {
  return SKELETON.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1');
}
