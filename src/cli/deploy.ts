// `okd-topology deploy FILE [--phase hosts|install|post-bootstrap|cluster] [--host NAME]... [--dry-run] [--yes] [--accept-new] [--install-packages] [--remote-root DIR]
//   [--rendered DIR] [--concurrency N] [--command-timeout SECONDS] [--log FILE]`
// Exit codes: 0 every host deployed or already up to date, 1 a host failed (restored), 2 usage or input errors.
import { appendFileSync } from 'node:fs';
import { deploySucceeded, summarize, type HostResult } from '../core/deploy/events';
import { formatPlan } from '../core/deploy/format';
import { isPhase, phaseError, type PhaseName } from '../core/deploy/phases';
import { ArgError, flag, oneFile, positiveInt, readArgs, str, strs } from './args';
import { usageLine } from './help';
import { buildDeployPlan, type DeployPlan } from '../core/deploy/plan';
import { loadSshConfig } from '../ssh/config';
import { resolveAddress } from '../ssh/connect';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../ssh/deploy';
import { runPhase, type FilledInstallConfig } from '../ssh/install-phase';
import { loadDeployInput } from './deploy-input';
import { fillInstallConfig } from './install-config';
import { ask, isInteractive } from './prompt';
import { readStepSecrets } from './step-secrets';
import { processIo, type CliIo } from './validate';

export interface DeployArgs {
  file?: string;
  /** Which deploy phase (default hosts). */
  phase: PhaseName;
  hosts: string[];
  dryRun: boolean;
  yes: boolean;
  acceptNew: boolean;
  /** Install the packages a host lacks (dnf/apt) before its files are validated. */
  installPackages: boolean;
  remoteRoot?: string;
  rendered?: string;
  concurrency: number;
  /** How long one remote script may run, in milliseconds. */
  commandTimeoutMs: number;
  log?: string;
}

export function parseDeployArgs(argv: string[]): DeployArgs | string {
  return readArgs('deploy', argv, (p) => {
    const phase = str(p, 'phase') ?? 'hosts';
    if (!isPhase(phase)) throw new ArgError(phaseError(phase));
    return {
      file: oneFile(p),
      phase,
      hosts: strs(p, 'host'),
      dryRun: flag(p, 'dry-run'),
      yes: flag(p, 'yes'),
      acceptNew: flag(p, 'accept-new'),
      installPackages: flag(p, 'install-packages'),
      remoteRoot: str(p, 'remote-root'),
      rendered: str(p, 'rendered'),
      log: str(p, 'log'),
      concurrency: positiveInt(p, 'concurrency', 10),
      commandTimeoutMs: positiveInt(p, 'command-timeout', DEFAULT_COMMAND_TIMEOUT_MS / 1000) * 1000,
    };
  });
}

export async function deployCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseDeployArgs(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology deploy: ${args}\n${usageLine('deploy')}`);
    return 2;
  }
  const input = await loadDeployInput(args.file!, args.rendered);
  if ('error' in input) {
    io.err(`okd-topology deploy: ${input.error}\n`);
    return input.code;
  }
  const { plan, errors } = buildDeployPlan(input.files, input.topology, {
    hosts: args.hosts,
    remoteRoot: args.remoteRoot,
    phase: args.phase,
    source: args.file,
    steps: input.steps,
  });
  if (errors.length) {
    io.err(`okd-topology deploy: the ${args.phase} phase cannot run:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  // Filled (and so checked) in a dry run too; only a real run sends it.
  const installConfig = plan.install
    ? await fillInstallConfig(input.files, args.file!, '--phase install', plan.install.host.name)
    : undefined;
  if (installConfig && 'error' in installConfig) {
    io.err(`okd-topology deploy: ${installConfig.error}\n`);
    return 2;
  }
  if (plan.hosts.length === 0 && !plan.install) return nothingToDo(plan, io);
  const sshConfig = loadSshConfig();
  io.out(formatPlan(plan, { resolve: (t) => resolveAddress(t, sshConfig), installPackages: args.installPackages }));
  const refused = await confirm(args, plan.hosts.length + (plan.install ? 1 : 0), io);
  if (refused !== undefined) return refused;
  const stepSecrets = args.dryRun ? {} : await readStepSecrets(plan);
  if ('error' in stepSecrets) {
    io.err(`okd-topology deploy: ${stepSecrets.error}\n`);
    return 2;
  }

  const ac = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      io.err('\ncancelling: each host is finished or restored before exit (Ctrl+C again to abandon)\n');
      ac.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const logLine = (line: string): void => {
    if (args.log) appendFileSync(args.log, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
  };
  try {
    const results = await runPhase(plan, {
      installConfig: args.dryRun ? undefined : (installConfig as FilledInstallConfig | undefined),
      sshConfig,
      concurrency: args.concurrency,
      commandTimeoutMs: args.commandTimeoutMs,
      installPackages: args.installPackages,
      dryRun: args.dryRun,
      refresh: input.refresh,
      stepSecrets: stepSecrets as Record<string, string>,
      signal: ac.signal,
      log: logLine,
      onEvent: (e) => io.err(`[${e.host}] ${e.phase}: ${e.message}\n`),
      onUnknownHost: async (info) => {
        if (!args.acceptNew) return false;
        io.err(`accepting new host key for ${info.host}:${info.port}: ${info.keyType} ${info.fingerprint}\n`);
        return true;
      },
      passphrase: async (keyFile) => (isInteractive() ? ask(`passphrase for ${keyFile}: `, true) : undefined),
    });
    if (args.dryRun) io.out(dryRunLines(results));
    io.out(`\n${summarize(results)}\n`);
    return deploySucceeded(results) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Asks before a real deploy; the exit code when it must not go on. */
async function confirm(args: DeployArgs, hosts: number, io: CliIo): Promise<number | undefined> {
  if (args.dryRun || args.yes) return undefined;
  if (!isInteractive()) {
    io.err(
      'okd-topology deploy: not a terminal; pass --yes to deploy without confirmation (or --dry-run to compare only)\n',
    );
    return 2;
  }
  const answer = await ask(`\nDeploy to ${hosts} host(s)? [y/N] `);
  if (/^y(es)?$/i.test(answer.trim())) return undefined;
  io.err('not deployed\n');
  return 1;
}

/** An empty phase is not a failure: the plan says why, and what later phases remain. */
function nothingToDo(plan: DeployPlan, io: CliIo): number {
  io.out(formatPlan(plan));
  io.err(
    `okd-topology deploy: nothing to deploy in the ${plan.phase} phase${plan.phase === 'hosts' ? ' (no rendered file targets a host)' : ''}\n`,
  );
  return 0;
}

function dryRunLines(results: HostResult[]): string {
  return results
    .map((r) => {
      if (r.outcome === 'would-change')
        return `${r.host}: would change\n${r.changed.map((p) => `  ${p}`).join('\n')}\n`;
      return r.outcome === 'unchanged' ? `${r.host}: up to date\n` : '';
    })
    .join('');
}
