// Per-service command overrides: render splits them with the same parser deploy checks them with, so
// quoted arguments survive as one word and what render writes is what deploy would run (or refuse).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCommand } from '../../src/core/argv';
import { buildDeployPlan } from '../../src/core/deploy/plan';
import { parseCommandTemplate } from '../../src/core/deploy/quote';
import { splitArgv } from '../../src/core/render/util';
import { exampleFile, renderText, topologyOf } from './helpers';

const UPI = readFileSync(exampleFile('okd-upi-lab'), 'utf8');
const withDns = (lines: string): string =>
  UPI.replace('  dns:\n    host: services\n', `  dns:\n    host: services\n${lines}`);

describe("render: command overrides share deploy's parser", () => {
  it('splits on blanks, groups quoted words and keeps {file}', () => {
    assert.deepEqual(splitArgv('rndc  reload'), ['rndc', 'reload']);
    assert.deepEqual(splitArgv("\tnamed-checkconf -t '/var/named/my chroot' {file} "), [
      'named-checkconf',
      '-t',
      '/var/named/my chroot',
      '{file}',
    ]);
    assert.deepEqual(splitArgv('rndc -s "dns one" reload'), ['rndc', '-s', 'dns one', 'reload']);
    assert.deepEqual(splitArgv("keepalived -t -f {file} --log-detail=''"), [
      'keepalived',
      '-t',
      '-f',
      '{file}',
      '--log-detail=',
    ]);
    assert.deepEqual(
      splitArgv("sh -c 'a && b'"),
      ['sh', '-c', 'a && b'],
      'metacharacters inside single quotes are literal text',
    );
  });

  it('shell syntax is refused by the parser, and render keeps it as literal words', () => {
    for (const [text, why] of [
      ['systemctl reload named; rm -rf /', /shell syntax ";" at column 23/],
      ['rndc reload $(id)', /shell syntax "\$"/],
      ['rndc reload `id`', /shell syntax "`"/],
      ['rndc reload > /tmp/x', /shell syntax ">"/],
      ['rndc reload | tee', /shell syntax "\|"/],
      ['rndc reload && true', /shell syntax "&"/],
      ['rndc reload *', /shell syntax "\*"/],
      ['rndc "$HOME"', /inside double quotes/],
      ["rndc 'unclosed", /unclosed ' quote/],
      ['-rf /', /not a valid program name/],
      ['   ', /empty command/],
    ] as const) {
      assert.match(parseCommand(text).error ?? '', why, text);
      assert.equal(parseCommandTemplate(text).error, parseCommand(text).error, 'deploy reports the same');
    }
    assert.deepEqual(splitArgv('systemctl reload named; rm -rf /'), [
      'systemctl',
      'reload',
      'named;',
      'rm',
      '-rf',
      '/',
    ]);
  });

  it('a quoted override renders as one argument and deploy plans exactly that', () => {
    const text = withDns(
      '    validate: named-checkconf -t \'/var/named/my chroot\' {file}\n    reload: rndc -s "dns one" reload\n',
    );
    const { files } = renderText(text);
    const conf = files.find((f) => f.path === '/etc/named.conf')!;
    assert.deepEqual(conf.validate, ['named-checkconf', '-t', '/var/named/my chroot', '{file}']);
    assert.deepEqual(conf.reload, ['rndc', '-s', 'dns one', 'reload']);
    const { plan, errors } = buildDeployPlan(files, topologyOf(text), { hosts: ['services'] });
    assert.deepEqual(errors, []);
    const step = plan.hosts[0].files.find((f) => f.file.path === '/etc/named.conf')!;
    assert.deepEqual(step.validate, ['named-checkconf', '-t', '/var/named/my chroot', '/etc/.named.conf.okd-tmp']);
    assert.deepEqual(plan.hosts[0].services.find((s) => s.service === 'dns')!.reload, [
      'rndc',
      '-s',
      'dns one',
      'reload',
    ]);
  });

  it('an override with shell syntax is an error at the command that --force does not override; deploy refuses it too and says where', () => {
    const text = withDns('    reload: systemctl reload named; touch /tmp/okd-pwned\n');
    const refused = renderText(text);
    assert.equal(refused.refused, true);
    assert.match(refused.errors[0].message, /service-command-invalid|services\.dns\.reload/);
    const forced = renderText(text, { force: true });
    assert.equal(forced.refused, true);
    assert.equal(forced.untyped, true);
    // Deploy checks the topology's overrides itself, whatever files it is handed.
    const { files } = renderText(withDns(''));
    const { errors } = buildDeployPlan(files, topologyOf(text));
    assert.ok(
      errors.some((e) => /^services\.dns\.reload: shell syntax ";" at column 23/.test(e)),
      errors.join('\n'),
    );
  });
});
