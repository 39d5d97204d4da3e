// Every command's arguments in one table: the parser (args.ts, on node:util parseArgs), `--help` and the
// overview all read it, so what is accepted and what is documented cannot drift apart.

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. NAME (string options only). */
  arg?: string;
  multiple?: boolean;
  short?: string;
  help: string;
}

export interface CommandSpec {
  /** One line for the overview. */
  summary: string;
  /** Positional arguments as shown in the usage line (`FILE`), or none. */
  positional?: string;
  /** Extra usage lines (another form of the command). */
  alsoUsage?: string[];
  description: string;
  options: Record<string, OptionSpec>;
  exit: string;
  examples: string[];
}

const host: OptionSpec = { type: 'string', arg: 'NAME', multiple: true, help: 'only this topology host (repeatable)' };
const format: OptionSpec = { type: 'string', arg: 'text|json', help: 'output format (default text)' };
const acceptNew: OptionSpec = {
  type: 'boolean',
  help: 'record the key of a host not yet in ~/.ssh/known_hosts (a changed key is always refused)',
};
const overwriteEdited: OptionSpec = {
  type: 'boolean',
  help: 'replace files in DIR that were edited since the last run (otherwise refused, listed)',
};
const rendered: OptionSpec = {
  type: 'string',
  arg: 'DIR',
  help: 'use the files of a `render --out DIR` folder instead of rendering now',
};
const remoteRoot: OptionSpec = {
  type: 'string',
  arg: 'DIR',
  help: 'put every file under DIR on the hosts (a staging tree; system changes are skipped)',
};

export const COMMANDS: Record<string, CommandSpec> = {
  validate: {
    summary: 'check a topology; exit 0 clean, 1 errors, 2 unreadable',
    positional: 'FILE',
    description:
      'Runs every check the editor shows (structure, value types, collisions, installer and MetalLB rules) and prints each problem as FILE:LINE:COLUMN. With --usage it also prints the free addresses of each network and pool.',
    options: {
      format,
      usage: { type: 'boolean', help: 'also print the free addresses of each network and pool (JSON: a "usage" list)' },
    },
    exit: '0 no errors (warnings allowed), 1 errors, 2 the file cannot be read',
    examples: [
      'okd-topology validate cluster.okd.yaml',
      'okd-topology validate cluster.okd.yaml --format json',
      'okd-topology validate cluster.okd.yaml --usage',
    ],
  },
  render: {
    summary: 'render every config file plus DIR/MANIFEST.json',
    positional: 'FILE',
    description:
      'Writes DIR/<host>/<path on host> for every host file, DIR/cluster/ for cluster manifests, and MANIFEST.json. DIR is ours only when its MANIFEST.json says so: files it did not write are never removed.',
    options: {
      out: { type: 'string', arg: 'DIR', short: 'o', help: 'output folder (required)' },
      force: { type: 'boolean', help: 'render despite semantic errors; a value that fails its type is never rendered' },
      'overwrite-edited': overwriteEdited,
      templates: { type: 'string', arg: 'DIR', help: 'template overrides (default .okd/templates beside FILE)' },
      'install-config': {
        type: 'string',
        arg: 'PATH',
        help: 'also write install-config.yaml with the pull secret and SSH key filled in (mode 0600)',
      },
    },
    exit: '0 written, 1 errors (nothing written), 2 bad arguments or unreadable file',
    examples: ['okd-topology render cluster.okd.yaml --out rendered'],
  },
  deploy: {
    summary: 'validate on each host, swap atomically, reload, check, roll back',
    positional: 'FILE',
    description:
      'Plans per host, shows the plan and asks before changing anything. On each host: upload to temp files, validate there, back up, swap atomically, reload or start the units, run health checks; any failure restores that host. ' +
      "One phase at a time: hosts (default; every host's files, never waiting for a cluster), install (install-config.yaml and the ignition configs on the services host), " +
      'post-bootstrap (HAProxy without the bootstrap node), cluster (manifests and MetalLB through oc/kubectl on services.kubeApi). The plan ends with the later phases and the command that runs each.',
    options: {
      phase: {
        type: 'string',
        arg: 'hosts|install|post-bootstrap|cluster',
        help: 'which phase to deploy (default hosts)',
      },
      host,
      'dry-run': { type: 'boolean', help: 'print the plan and exit' },
      yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation' },
      'accept-new': acceptNew,
      'install-packages': { type: 'boolean', help: 'install the dnf/apt packages a host lacks first' },
      'remote-root': remoteRoot,
      rendered,
      concurrency: { type: 'string', arg: 'N', help: 'hosts at a time (default 10)' },
      'command-timeout': { type: 'string', arg: 'SECONDS', help: 'how long one remote step may run (default 120)' },
      log: { type: 'string', arg: 'FILE', help: 'append a transcript of every remote step (secrets redacted)' },
    },
    exit: '0 deployed (or nothing to do), 1 a host failed and was rolled back, 2 bad arguments or plan errors',
    examples: [
      'okd-topology deploy cluster.okd.yaml --dry-run',
      'okd-topology deploy cluster.okd.yaml --host services --install-packages',
      'okd-topology deploy cluster.okd.yaml --phase cluster',
    ],
  },
  'export-ansible': {
    summary: 'an Ansible inventory + playbook doing the same steps',
    positional: 'FILE',
    description:
      'Writes DIR/inventory.yml, DIR/site.yml and DIR/files/<host>/<path>, for fleets driven by Ansible. The playbook validates, backs up, swaps, reloads and restores on failure like deploy.',
    options: {
      out: { type: 'string', arg: 'DIR', short: 'o', help: 'output folder (required)' },
      'overwrite-edited': overwriteEdited,
      rendered,
      host,
      'remote-root': remoteRoot,
    },
    exit: '0 written, 2 bad arguments, plan errors or a folder that is not ours',
    examples: [
      'okd-topology export-ansible cluster.okd.yaml --out ansible && ansible-playbook -i ansible/inventory.yml ansible/site.yml',
    ],
  },
  verify: {
    summary: 'ask the live lab what the topology says it serves; exit 0 all passed, 1 a check failed, 2 unreadable',
    positional: 'FILE',
    description:
      'Probes DNS, TFTP, HTTP, the load balancer, NTP, DHCP leases, VIPs and pools from this machine, only at addresses the topology names, each under a timeout, and compares the answers with the topology.',
    options: {
      host,
      format,
      timeout: { type: 'string', arg: 'MS', help: 'per network probe (default 3000)' },
      concurrency: { type: 'string', arg: 'N', help: 'probes at a time (default 16)' },
      'accept-new': acceptNew,
      'dhcp-discover': {
        type: 'boolean',
        help: 'as root: ask the DHCP servers what they offer every reserved MAC (DISCOVER only, nothing is leased)',
      },
    },
    exit: '0 every check passed (info allowed), 1 a check failed, 2 the file cannot be read or has errors',
    examples: [
      'okd-topology verify cluster.okd.yaml',
      'sudo okd-topology verify cluster.okd.yaml --dhcp-discover --host master-0',
    ],
  },
  rehearse: {
    summary:
      'try the services host on this machine first: a lab of network namespaces (Linux, root), deploy, DHCP, verify',
    positional: 'FILE',
    alsoUsage: ['--clean'],
    description:
      "Builds the topology's networks as bridges in network namespaces, deploys the services host into one over SSH, leases the nodes by DHCP with their MACs and runs verify from a node. Everything it makes is removed at the end; --clean removes what an interrupted run left.",
    options: {
      host,
      'by-hand': {
        type: 'boolean',
        help: 'bring the services host up the way the seed does by hand, then let deploy take it over',
      },
      keep: { type: 'boolean', help: 'leave the lab running (remove it later with --clean)' },
      clean: { type: 'boolean', help: 'remove what an interrupted rehearsal left behind' },
      format,
    },
    exit: '0 the rehearsal passed, 1 a step or check failed, 2 bad arguments or missing requirements (listed)',
    examples: ['sudo okd-topology rehearse cluster.okd.yaml', 'sudo okd-topology rehearse --clean'],
  },
};
