// The command table is the one source for parsing and help: every command answers --help with its
// options, exit codes and examples; what help lists is what the parser accepts, and nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import { parseCommand } from '../../src/cli/args';
import { commandHelp, overview, usageLine } from '../../src/cli/help';
import { COMMANDS } from '../../src/cli/spec';

const ROOT = join(__dirname, '..', '..');
const spawned = (...args: string[]) =>
  spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/cli/main.ts'), ...args], {
    encoding: 'utf8',
    timeout: 20000,
  });

/** In-process, as the binary runs it (main.ts only calls runCli and sets the exit code). */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (x) => void (stdout += x), err: (x) => void (stderr += x) });
  return { status, stdout, stderr };
}

describe('okd-topology --help', () => {
  it('every command: `<command> --help` and `help <command>` print its options, exit codes and examples, exit 0', async () => {
    for (const name of Object.keys(COMMANDS)) {
      for (const args of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await cli(...args);
        assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, commandHelp(name));
      }
      const text = commandHelp(name);
      for (const opt of Object.keys(COMMANDS[name].options))
        assert.match(text, new RegExp(`--${opt}\\b`), `${name} help lacks --${opt}`);
      assert.match(text, /^exit: /m);
      assert.match(text, /^examples:\n {2}(sudo )?okd-topology /m);
    }
  });

  it('the overview lists every command; without a command it goes to stderr with exit 2 (the real binary)', () => {
    const r = spawned('--help');
    assert.equal(r.status, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
    const none = spawned();
    assert.equal(none.status, 2);
    assert.equal(none.stderr, overview());
    const unknown = spawned('frobnicate');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^okd-topology: unknown command "frobnicate"/);
  });

  it('the parser accepts exactly the options help lists, in both --opt value and --opt=value forms', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      for (const [opt, o] of Object.entries(spec.options)) {
        const forms = o.type === 'boolean' ? [[`--${opt}`]] : [[`--${opt}`, 'v'], [`--${opt}=v`]];
        for (const f of forms)
          assert.notEqual(typeof parseCommand(name, ['f.okd.yaml', ...f]), 'string', `${name} ${f.join(' ')}`);
        if (o.short)
          assert.notEqual(
            typeof parseCommand(name, ['f.okd.yaml', `-${o.short}`, ...(o.type === 'string' ? ['v'] : [])]),
            'string',
          );
      }
      assert.equal(parseCommand(name, ['f.okd.yaml', '--no-such-option']), 'unknown option --no-such-option');
    }
  });

  it('mistakes say what is wrong in one line, then the usage, exit 2', async () => {
    const cases: [string[], string][] = [
      [['render', 'a.okd.yaml'], '--out DIR is required'],
      [['render', 'a.okd.yaml', '--out'], '--out needs a value (DIR)'],
      [['render', 'a.okd.yaml', '-o'], '--out needs a value (DIR)'],
      [['render', 'a.okd.yaml', '--out', '--force'], '--out needs a value (DIR)'],
      [['render', 'a.okd.yaml', '--out', 'r', '--force=yes'], '--force takes no value'],
      [['verify', 'a.okd.yaml', '--timeout', '0'], '--timeout must be a positive whole number, not "0"'],
      [['verify', 'a.okd.yaml', '--format', 'xml'], '--format must be text or json, not "xml"'],
      [['verify', 'a.okd.yaml', 'b.okd.yaml'], 'unexpected argument b.okd.yaml'],
      [['validate'], 'FILE is required'],
      [['rehearse', '--clean', 'a.okd.yaml'], '--clean takes no FILE'],
      [['export-ansible', 'a.okd.yaml', '--host'], '--host needs a value (NAME)'],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr, `okd-topology ${args[0]}: ${msg}\n${usageLine(args[0])}`, args.join(' '));
    }
  });
});
