// The command table of okd-topology: each name to its command, `--help` from the spec.
import { validateCommand, processIo, type CliIo } from './validate';
import { renderCommand } from './render';
import { deployCommand } from './deploy';
import { exportAnsibleCommand } from './export-ansible';
import { verifyCommand } from './verify';
import { runnerMain } from '../lab/runner';
import { rehearseCommand } from './rehearse';
import pkg from '../../package.json';
import { commandHelp, overview, wantsHelp } from './help';
import { COMMANDS } from './spec';

type Command = (args: string[], io: CliIo) => number | Promise<number>;
const commands: Record<string, Command> = {
  validate: validateCommand,
  render: renderCommand,
  deploy: deployCommand,
  'export-ansible': exportAnsibleCommand,
  verify: verifyCommand,
  rehearse: rehearseCommand,
  // Internal: the lab's service runner, started inside a services namespace by `rehearse` and the lab tests.
  '__lab-runner': (args) => runnerMain(args[0] ?? ''),
};

/** Runs one command line; the exit code. Kept apart from main.ts so tests run it in-process. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // `help deploy` is `deploy --help`.
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) io.out(commandHelp(rest[0]));
    else (name ? io.out : io.err)(overview());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(`${pkg.version}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.err(`okd-topology: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (COMMANDS[name] && wantsHelp(rest)) {
    io.out(commandHelp(name));
    return 0;
  }
  return cmd(rest, io);
}
