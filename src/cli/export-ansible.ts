// `okd-topology export-ansible FILE --out DIR [--rendered DIR] [--host NAME]... [--remote-root DIR]`
// Writes inventory.yml, site.yml and files/<host>/<path> for fleets driven by Ansible instead of the editor.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportAnsible } from '../core/deploy/ansible';
import { buildDeployPlan } from '../core/deploy/plan';
import { loadDeployInput } from './deploy-input';
import { processIo, type CliIo } from './validate';

export const EXPORT_USAGE = 'usage: okd-topology export-ansible FILE --out DIR [--rendered DIR] [--host NAME]... [--remote-root DIR]\n';

export async function exportAnsibleCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  let rendered: string | undefined;
  let remoteRoot: string | undefined;
  const hosts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    if (a === '--out' || a === '-o') out = next();
    else if (a === '--rendered') rendered = next();
    else if (a === '--remote-root') remoteRoot = next();
    else if (a === '--host') hosts.push(next() ?? '');
    else if (a.startsWith('-')) {
      io.err(`okd-topology export-ansible: unknown option ${a}\n${EXPORT_USAGE}`);
      return 2;
    } else if (!file) file = a;
    else {
      io.err(`okd-topology export-ansible: unexpected argument ${a}\n${EXPORT_USAGE}`);
      return 2;
    }
  }
  if (!file || !out) {
    io.err(`okd-topology export-ansible: FILE and --out DIR are required\n${EXPORT_USAGE}`);
    return 2;
  }
  const input = loadDeployInput(file, rendered);
  if ('error' in input) {
    io.err(`okd-topology export-ansible: ${input.error}\n`);
    return input.code;
  }
  const { plan, errors } = buildDeployPlan(input.files, input.topology, { hosts, remoteRoot });
  const exp = exportAnsible(plan, { source: path.basename(file) });
  const all = [...errors, ...exp.errors];
  if (all.length) {
    io.err(`okd-topology export-ansible: cannot export:\n${all.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(path.join(out, 'site.yml'))) {
    io.err(`okd-topology export-ansible: ${out} is not empty and holds no site.yml; choose a new or empty folder\n`);
    return 2;
  }
  for (const f of exp.files) {
    const full = path.join(out, ...f.path.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, f.content, { mode: f.mode ? parseInt(f.mode, 8) & 0o777 : 0o644 });
  }
  io.err(`wrote ${exp.files.length} files to ${out}; run: ansible-playbook -i ${path.join(out, 'inventory.yml')} ${path.join(out, 'site.yml')}\n`);
  return 0;
}
