// `okd-topology rehearse FILE`: try the services host on this machine before touching real ones. Builds
// a lab of network namespaces from the topology (Linux, root, the daemons installed), deploys the
// services host into it over SSH, lets the nodes lease by DHCP, starts node stand-ins and runs verify
// from a node's namespace. Everything is removed at the end, also on Ctrl+C; `--clean` sweeps what a
// crashed run left. Exit: 0 verify passed, 1 a step or check failed, 2 usage, topology or machine problems.
import { resolve } from 'node:path';
import { ArgError, flag, oneFile, oneOf, readArgs, strs } from './args';
import { usageLine } from './help';
import { analyze } from '../core/analyze';
import { formatText } from '../core/verify/format';
import { bringUpServices, leaseAll, operatorFiles, startStandins, verifyFromNode } from '../lab/bringup';
import { Lab } from '../lab/lab';
import { PlanError } from '../lab/plan';
import { describeMissing, labRequirements } from '../lab/requirements';
import { sweep } from '../lab/sweep';
import { LabError } from '../lab/sys';
import { processIo, readTopologyFile, type CliIo } from './validate';

interface RehearseArgs {
  file?: string;
  hosts: string[];
  byHand: boolean;
  keep: boolean;
  clean: boolean;
  format: 'text' | 'json';
}

function parse(argv: string[]): RehearseArgs | string {
  return readArgs('rehearse', argv, (p) => {
    const clean = flag(p, 'clean');
    if (clean && p.positionals.length > 0) throw new ArgError('--clean takes no FILE');
    return {
      file: clean ? undefined : oneFile(p),
      hosts: strs(p, 'host'),
      byHand: flag(p, 'by-hand'),
      keep: flag(p, 'keep'),
      clean,
      format: oneOf(p, 'format', ['text', 'json'] as const, 'text'),
    };
  });
}

/** How this very program is started again inside the lab (the service runner is one of its commands). */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, resolve(process.argv[1])];
}

export async function rehearseCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`okd-topology rehearse: ${args}\n${usageLine('rehearse')}`);
    return 2;
  }
  const missing = labRequirements();
  if (missing.length) {
    io.err(`okd-topology rehearse: this machine cannot run the lab; missing:\n${describeMissing(missing)}\n`);
    return 2;
  }
  if (args.clean) {
    const removed = await sweep();
    io.out(
      removed.length
        ? `${removed.map((r) => `removed ${r}`).join('\n')}\n`
        : 'nothing left over from earlier rehearsals\n',
    );
    return 0;
  }
  const file = resolve(args.file!);
  const read = await readTopologyFile(file);
  if (read.text === undefined) {
    io.err(`${read.error}\n`);
    return 2;
  }
  const analysis = analyze(read.text);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (!analysis.topology || errors.length) {
    io.err(`okd-topology rehearse: ${file} has errors; run okd-topology validate ${args.file}\n`);
    return 2;
  }
  const t = analysis.topology;
  const say = (line: string): void => io.err(`rehearse: ${line}\n`);
  let lab: Lab | undefined;
  const onSignal = (): void => {
    say('interrupted: removing the lab');
    lab?.destroySync();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    lab = await Lab.create(t, { cli: selfCommand(), hosts: args.hosts, log: say });
    const deploys = await bringUpServices(lab, { file, byHand: args.byHand, say });
    const bad = deploys.filter((d) => d.result.code !== 0);
    for (const d of bad) io.err(d.result.stdout.split('\n').slice(-12).join('\n'));
    if (bad.length) {
      say(`deploy failed on ${bad.map((d) => d.host).join(', ')}`);
      return 1;
    }
    await operatorFiles(lab, t, say);
    await leaseAll(lab, say);
    await startStandins(lab, t, say);
    const v = await verifyFromNode(lab, file, { tries: 4 });
    if (!v.report) {
      io.err(v.stderr);
      return 1;
    }
    io.out(args.format === 'json' ? `${JSON.stringify(v.report, null, 2)}\n` : formatText(v.report));
    if (args.keep) {
      say(`kept: ${lab.plan.hosts.map((h) => `${h.name} = ip netns exec ${h.ns} …`).join('; ')}`);
      say('press Ctrl+C to remove the lab');
      await new Promise<never>(() => undefined);
    }
    return v.code === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof LabError || e instanceof PlanError) {
      io.err(`okd-topology rehearse: ${e.message}\n`);
      return e instanceof PlanError ? 2 : 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await lab?.destroy();
  }
}
