// The okd-topology command line: one binary, sub-commands on the same core as the extension.
import { validateCommand } from './validate';
import { renderCommand } from './render';
import { deployCommand } from './deploy';
import { exportAnsibleCommand } from './export-ansible';
import { verifyCommand } from './verify';
import { runnerMain } from '../lab/runner';
import { rehearseCommand } from './rehearse';
import pkg from '../../package.json';

const USAGE = `usage: okd-topology <command> [options]

commands:
  validate FILE [--format text|json]     check a topology; exit 0 clean, 1 errors, 2 unreadable
  render FILE --out DIR [--force] [--overwrite-edited] [--templates DIR] [--install-config PATH]
                                         render every config file plus DIR/MANIFEST.json;
                                         --force: despite semantic errors, never a value that fails its type
  deploy FILE [--phase hosts|install|post-bootstrap|cluster] [--host NAME]... [--dry-run] [--yes] [--accept-new]
         [--install-packages] [--remote-root DIR] [--rendered DIR] [--concurrency N] [--command-timeout SECONDS] [--log FILE]
                                         validate on each host, swap atomically, reload, check, roll back;
                                         one phase at a time (default hosts), the later ones listed with their command
  export-ansible FILE --out DIR [--overwrite-edited] [--rendered DIR] [--host NAME]... [--remote-root DIR]
                                         an Ansible inventory + playbook doing the same steps
  verify FILE [--host NAME]... [--format text|json] [--timeout MS] [--concurrency N] [--accept-new]
                                         ask the live lab what the topology says it serves;
                                         exit 0 all passed, 1 a check failed, 2 unreadable
  rehearse FILE [--host NAME]... [--by-hand] [--keep] [--format text|json]
                                         try the services host on this machine first: a lab of
                                         network namespaces (Linux, root), deploy, DHCP, verify
  rehearse --clean                       remove what an interrupted rehearsal left behind
`;

type Command = (args: string[]) => number | Promise<number>;
const commands: Record<string, Command> = {
  validate: validateCommand,
  render: (args) => renderCommand(args),
  deploy: (args) => deployCommand(args),
  'export-ansible': (args) => exportAnsibleCommand(args),
  verify: (args) => verifyCommand(args),
  rehearse: (args) => rehearseCommand(args),
  // Internal: the lab's service runner, started inside a services namespace by `rehearse` and the lab tests.
  '__lab-runner': (args) => runnerMain(args[0] ?? ''),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`okd-topology: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return cmd(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a user error: say so plainly, with the detail needed for a report.
    process.stderr.write(`okd-topology: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 3;
  },
);
