// Entry that @vscode/test-electron loads inside the extension host: runs every compiled *.vstest.js.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true, reporter: 'spec' });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.vstest.js')).sort()) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}
