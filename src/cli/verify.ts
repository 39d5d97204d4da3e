// `okd-topology verify FILE [--host NAME]... [--format text|json]`: asks the live lab what the topology
// says it should answer (DNS, TFTP, HTTP, load balancer, NTP, DHCP leases, VIPs) from this machine.
// Exit codes: 0 every check passed (info allowed), 1 a check failed, 2 the file cannot be read or used.
import { analyze } from '../core/analyze';
import { flag, oneFile, oneOf, positiveInt, readArgs, strs } from './args';
import { usageLine } from './help';
import { deriveProbes, formatJson, formatText, failed } from '../core/verify/index';
import { loadSshConfig } from '../ssh/config';
import { runVerify } from '../verify/run';
import { ask, isInteractive } from './prompt';
import { processIo, readTopologyFile, type CliIo } from './validate';

export interface VerifyArgs {
  file: string;
  hosts: string[];
  format: 'text' | 'json';
  timeoutMs: number;
  concurrency: number;
  acceptNew: boolean;
  dhcpDiscover: boolean;
}

export function parseVerifyArgs(argv: string[]): VerifyArgs | string {
  return readArgs('verify', argv, (p) => ({
    file: oneFile(p),
    hosts: strs(p, 'host'),
    format: oneOf(p, 'format', ['text', 'json'] as const, 'text'),
    timeoutMs: positiveInt(p, 'timeout', 3000),
    concurrency: positiveInt(p, 'concurrency', 16),
    acceptNew: flag(p, 'accept-new'),
    dhcpDiscover: flag(p, 'dhcp-discover'),
  }));
}

export async function verifyCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology verify: ${args}\n${usageLine('verify')}`);
    return 2;
  }
  const file = args.file;
  const read = await readTopologyFile(file);
  if (read.text === undefined) {
    io.err(`${read.error}\n`);
    return 2;
  }
  const analysis = analyze(read.text);
  if (!analysis.topology) {
    io.err(`okd-topology verify: ${file} is not a topology (run okd-topology validate ${file})\n`);
    return 2;
  }
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const list = errors
      .slice(0, 5)
      .map((p) => `  ${file}:${p.line + 1}:${p.column + 1}: ${p.code}: ${p.message}`)
      .join('\n');
    io.err(
      `okd-topology verify: ${file} has ${errors.length} error(s), so what the lab should answer is not known; fix them first:\n${list}\n`,
    );
    return 2;
  }
  const t = analysis.topology;
  for (const h of args.hosts) {
    if (!t.hosts.some((x) => x.name === h)) {
      io.err(`okd-topology verify: --host ${h}: no such host in ${file}\n`);
      return 2;
    }
  }
  const probes = deriveProbes(t, { hosts: args.hosts, dhcpDiscover: args.dhcpDiscover });
  if (probes.length === 0) {
    io.err(
      `okd-topology verify: nothing to verify: ${args.hosts.length ? 'no service of the topology involves those hosts' : 'the topology declares no service, VIP or pool'}\n`,
    );
    return 0;
  }
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const checks = await runVerify(probes, {
      concurrency: args.concurrency,
      timeoutMs: args.timeoutMs,
      signal: ac.signal,
      ssh: {
        sshConfig: loadSshConfig(),
        onUnknownHost: async (info) => {
          if (!args.acceptNew) return false;
          io.err(`accepting new host key for ${info.host}:${info.port}: ${info.keyType} ${info.fingerprint}\n`);
          return true;
        },
        passphrase: async (keyFile) => (isInteractive() ? ask(`passphrase for ${keyFile}: `, true) : undefined),
      },
    });
    const report = { file, checks };
    io.out(args.format === 'json' ? formatJson(report) : formatText(report));
    return checks.some(failed) ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
