// The okd-topology command line: one binary, sub-commands on the same core as the extension.
import { runCli } from './run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a user error: say so plainly, with the detail needed for a report.
    process.stderr.write(`okd-topology: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 3;
  },
);
