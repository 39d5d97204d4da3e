// Entry that @vscode/test-electron loads inside the extension host: runs every compiled *.vstest.js.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true, reporter: 'spec' });
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.vstest.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  const passed: string[] = [];
  const failed: { title: string; error: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // When run in code-server (run.mjs --code-server) the runner reads the outcome from this file.
      if (process.env.OKD_VSTEST_RESULT)
        writeFileSync(process.env.OKD_VSTEST_RESULT, JSON.stringify({ passed, failed }));
      if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => passed.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => failed.push({ title: t.fullTitle(), error: err?.stack ?? String(err) }));
  });
}
