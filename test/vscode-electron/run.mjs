#!/usr/bin/env node
// `npm run test:vscode`: runs test/vscode-electron/*.vstest.ts inside a real desktop VS Code's extension
// host with @vscode/test-electron. VS Code is downloaded (or taken from VSCODE_EXECUTABLE_PATH). When it
// cannot be obtained — e.g. no network — this says so; it then runs the same suite in code-server's
// extension host if code-server is installed (scripts/setup-code-server.sh), and otherwise exits 0
// WITHOUT having run any test. `--code-server` skips the desktop attempt; `--compile-only` only builds
// the extension and the suite (for the F5 launch in .vscode/launch.json).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const OUT = join(ROOT, 'out', 'vscode-electron');

function say(msg) {
  process.stdout.write(`[test:vscode] ${msg}\n`);
}

async function compileTests() {
  const entries = readdirSync(HERE)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(HERE, f));
  rmSync(OUT, { recursive: true, force: true });
  // Not bundled: mocha adds each compiled *.vstest.js as its own file, and 'vscode' only exists in the host.
  await esbuild.build({
    entryPoints: entries,
    outdir: OUT,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function getVSCode() {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode({
    version: process.env.VSCODE_VERSION ?? 'stable',
    cachePath: join(ROOT, '.vscode-test'),
    timeout: 20_000,
  });
}

function compileAll() {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  return compileTests();
}

function exampleWorkspace() {
  const workspace = mkdtempSync(join(tmpdir(), 'okd-vstest-ws-'));
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  return workspace;
}

/**
 * The same suite in code-server's (remote) extension host: the browser workbench accepts
 * extensionDevelopmentPath/extensionTestsPath in its `payload` URL parameter, and the extension host
 * inherits code-server's environment. index.ts writes the outcome to OKD_VSTEST_RESULT.
 */
async function runInCodeServer() {
  const cs = await import('../../scripts/code-server.mjs');
  try {
    cs.assertCodeServerInstalled();
  } catch (e) {
    say(`${e.message}`);
    say('No desktop VS Code and no code-server: the in-editor suite was NOT run (0 tests executed).');
    process.exit(0);
  }
  say("Running the suite in code-server's extension host instead (a real VS Code 1.100 server).");
  await compileAll();
  const { chromium } = await import('playwright-core');
  const workspace = exampleWorkspace();
  const result = join(workspace, '..', `${basename(workspace)}-result.json`);
  const server = await cs.startCodeServer({
    folder: workspace,
    env: { OKD_VSTEST_WORKSPACE: workspace, OKD_ROOT: ROOT, OKD_VSTEST_RESULT: result },
  });
  const remote = (p) => `vscode-remote://${server.url.slice('http://'.length, -1)}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(join(OUT, 'index.js'))],
  ];
  const browser = await chromium.launch({
    executablePath: process.env.OKD_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  let code = 1;
  try {
    const page = await browser.newPage();
    await page.goto(`${server.folderUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeoutMs = Number(process.env.OKD_VSTEST_TIMEOUT ?? 180_000);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(result) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(result)) {
      say(`No test result after ${timeoutMs / 1000} s; code-server output:\n${server.output().slice(-3000)}`);
    } else {
      const { passed, failed } = JSON.parse(readFileSync(result, 'utf8'));
      for (const t of passed) say(`  ✔ ${t}`);
      for (const f of failed) say(`  ✘ ${f.title}\n${f.error}`);
      say(`${passed.length} passing, ${failed.length} failing (in code-server's extension host)`);
      code = failed.length === 0 && passed.length > 0 ? 0 : 1;
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(result, { force: true });
  }
  process.exit(code);
}

async function main() {
  // The F5 "Extension Tests" launch (.vscode/launch.json) lets VS Code itself run the compiled suite.
  if (process.argv.includes('--compile-only')) return compileAll();
  if (process.argv.includes('--code-server')) return runInCodeServer();
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await getVSCode();
  } catch (e) {
    say('Desktop VS Code could not be downloaded, so the suite did NOT run in desktop VS Code.');
    say(`Reason: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    say('Run it where update.code.visualstudio.com is reachable, or set VSCODE_EXECUTABLE_PATH to a local VS Code.');
    return runInCodeServer();
  }

  // Desktop VS Code needs a display; on a headless Linux box run under Xvfb.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.OKD_UNDER_XVFB) {
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
    if (!xvfb) {
      say('No DISPLAY and no xvfb-run: install Xvfb (apt-get install xvfb) or run from a desktop session.');
      process.exit(1);
    }
    const r = spawnSync(xvfb, ['-a', process.execPath, fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, OKD_UNDER_XVFB: '1', VSCODE_EXECUTABLE_PATH: vscodeExecutablePath },
    });
    process.exit(r.status ?? 1);
  }

  await compileAll();
  const workspace = exampleWorkspace();
  const userData = mkdtempSync(join(tmpdir(), 'okd-vstest-data-'));
  const { runTests } = await import('@vscode/test-electron');
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(OUT, 'index.js'),
      extensionTestsEnv: { OKD_VSTEST_WORKSPACE: workspace, OKD_ROOT: ROOT },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        userData,
      ],
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
