#!/usr/bin/env node
// `npm run test:vscode`: runs test/vscode-electron/*.vstest.ts inside a real desktop VS Code's extension
// host with @vscode/test-electron. VS Code is downloaded (or taken from VSCODE_EXECUTABLE_PATH); when
// it cannot be obtained — e.g. no network — this says so and exits 0 WITHOUT having run any test.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const OUT = join(ROOT, 'out', 'vscode-electron');

function say(msg) {
  process.stdout.write(`[test:vscode] ${msg}\n`);
}

async function compileTests() {
  const entries = readdirSync(HERE).filter((f) => f.endsWith('.ts')).map((f) => join(HERE, f));
  rmSync(OUT, { recursive: true, force: true });
  // Not bundled: mocha adds each compiled *.vstest.js as its own file, and 'vscode' only exists in the host.
  await esbuild.build({ entryPoints: entries, outdir: OUT, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' });
}

async function getVSCode() {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? 'stable', cachePath: join(ROOT, '.vscode-test'), timeout: 20_000 });
}

async function main() {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await getVSCode();
  } catch (e) {
    say('VS Code could not be downloaded, so the in-editor suite was NOT run (0 tests executed).');
    say(`Reason: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    say('Run it where update.code.visualstudio.com is reachable, or set VSCODE_EXECUTABLE_PATH to a local VS Code.');
    say('The same behaviour is covered in a real workbench by the code-server end-to-end tests (test/e2e, part of npm test).');
    process.exit(0);
  }

  // Desktop VS Code needs a display; on a headless Linux box run under Xvfb.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.OKD_UNDER_XVFB) {
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
    if (!xvfb) {
      say('No DISPLAY and no xvfb-run: install Xvfb (apt-get install xvfb) or run from a desktop session.');
      process.exit(1);
    }
    const r = spawnSync(xvfb, ['-a', process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, OKD_UNDER_XVFB: '1', VSCODE_EXECUTABLE_PATH: vscodeExecutablePath } });
    process.exit(r.status ?? 1);
  }

  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  await compileTests();

  const workspace = mkdtempSync(join(tmpdir(), 'okd-vstest-ws-'));
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const userData = mkdtempSync(join(tmpdir(), 'okd-vstest-data-'));
  const { runTests } = await import('@vscode/test-electron');
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(OUT, 'index.js'),
      extensionTestsEnv: { OKD_VSTEST_WORKSPACE: workspace, OKD_ROOT: ROOT },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData],
    });
  } catch (e) {
    say(`In-editor tests failed: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
  process.exit(code);
}

if (!existsSync(join(ROOT, 'node_modules', '@vscode', 'test-electron'))) {
  say('@vscode/test-electron is not installed; run `npm ci`.');
  process.exit(1);
}
await main();
