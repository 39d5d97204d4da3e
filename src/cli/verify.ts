// `okd-topology verify FILE [--host NAME]... [--format text|json]`: asks the live lab what the topology
// says it should answer (DNS, TFTP, HTTP, load balancer, NTP, DHCP leases, VIPs) from this machine.
// Exit codes: 0 every check passed (info allowed), 1 a check failed, 2 the file cannot be read or used.
import { analyze } from '../core/analyze';
import { deriveProbes, formatJson, formatText, failed } from '../core/verify/index';
import { loadSshConfig } from '../ssh/config';
import { runVerify } from '../verify/run';
import { ask, isInteractive } from './prompt';
import { processIo, readTopologyFile, type CliIo } from './validate';

export const VERIFY_USAGE = 'usage: okd-topology verify FILE [--host NAME]... [--format text|json] [--timeout MS] [--concurrency N] [--accept-new] [--dhcp-discover]\n';

export interface VerifyArgs {
  file?: string;
  hosts: string[];
  format: 'text' | 'json';
  timeoutMs: number;
  concurrency: number;
  acceptNew: boolean;
  dhcpDiscover: boolean;
}

export function parseVerifyArgs(argv: string[]): VerifyArgs | string {
  const a: VerifyArgs = { hosts: [], format: 'text', timeoutMs: 3000, concurrency: 16, acceptNew: false, dhcpDiscover: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    const positive = (what: string): number | string => {
      const n = Number(value());
      return Number.isInteger(n) && n > 0 ? n : `${what} must be a positive whole number`;
    };
    if (flag === '--host') {
      const v = value();
      if (!v) return '--host needs a host name';
      a.hosts.push(v);
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, not "${v ?? ''}"`;
      a.format = v;
    } else if (flag === '--timeout') {
      const n = positive('--timeout');
      if (typeof n === 'string') return n;
      a.timeoutMs = n;
    } else if (flag === '--concurrency') {
      const n = positive('--concurrency');
      if (typeof n === 'string') return n;
      a.concurrency = n;
    } else if (flag === '--accept-new') a.acceptNew = true;
    else if (flag === '--dhcp-discover') a.dhcpDiscover = true;
    else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else if (a.file === undefined) a.file = arg;
    else return `unexpected argument ${arg}`;
  }
  return a.file ? a : 'FILE is required';
}

export async function verifyCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology verify: ${args}\n${VERIFY_USAGE}`);
    return 2;
  }
  const file = args.file!;
  const read = readTopologyFile(file);
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
    const list = errors.slice(0, 5).map((p) => `  ${file}:${p.line + 1}:${p.column + 1}: ${p.code}: ${p.message}`).join('\n');
    io.err(`okd-topology verify: ${file} has ${errors.length} error(s), so what the lab should answer is not known; fix them first:\n${list}\n`);
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
    io.err(`okd-topology verify: nothing to verify: ${args.hosts.length ? 'no service of the topology involves those hosts' : 'the topology declares no service, VIP or pool'}\n`);
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
