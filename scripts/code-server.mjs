#!/usr/bin/env node
// Starts code-server (installed by scripts/setup-code-server.sh) on 127.0.0.1 with throw-away profile
// folders, so `npm start` and the end-to-end tests get a clean VS Code with our extension loaded.
// Library: import { startCodeServer } from './code-server.mjs'. CLI: see usage() below.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const SETUP_HINT = 'run `bash scripts/setup-code-server.sh` (or `bash scripts/setup.sh`)';

/** Folder the setup script installs into (same rule as scripts/setup-code-server.sh). */
export function codeServerDir() {
  if (process.env.OKD_CODE_SERVER_DIR) return process.env.OKD_CODE_SERVER_DIR;
  const cache = process.env.OKD_CACHE || join(homedir(), '.cache', 'okd-topology');
  return join(cache, 'code-server');
}

export function codeServerEntry() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Throws an Error whose message says how to install code-server when it is missing or half-installed. */
export function assertCodeServerInstalled() {
  const dir = codeServerDir();
  const entry = codeServerEntry();
  if (!existsSync(entry) || !existsSync(join(dir, `.installed-${CODE_SERVER_VERSION}`))) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dir}; ${SETUP_HINT}.`);
  }
  return entry;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// Quiet, predictable workbench: no welcome page, trust prompt, tips, update checks or telemetry.
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'files.simpleDialog.enable': true,
};

// An empty gallery switches the marketplace off: code-server would otherwise query open-vsx.org, and
// tests may only talk to 127.0.0.1.
function codeServerEnv(extra = {}) {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', VSCODE_PROXY_URI: '', ...extra };
}

function run(entry, args) {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: codeServerEnv() });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Installs a .vsix into extensionsDir with code-server's own installer (what users do). */
export function installVsix(vsix, { extensionsDir, userDataDir }) {
  const entry = assertCodeServerInstalled();
  if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix}; run \`npm run package\` first.`);
  const r = run(entry, [
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userDataDir,
    '--install-extension',
    resolve(vsix),
    '--force',
  ]);
  if (r.code !== 0 || !/successfully installed/i.test(r.out)) {
    throw new Error(`code-server could not install ${vsix} (exit ${r.code}):\n${r.out.trim()}`);
  }
  return r.out;
}

/** Links an unpacked extension folder (with package.json) into extensionsDir; loads like an installed one. */
export function linkExtensionFolder(folder, extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const link = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  rmSync(link, { recursive: true, force: true });
  symlinkSync(resolve(folder), link, 'dir');
  return link;
}

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(`${url}healthz`);
      if (r.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/**
 * Starts code-server. Options: folder (opened in the workbench), vsix or extensionFolder (loaded),
 * port, userDataDir/extensionsDir (temp folders by default, removed on stop), settings (merged into
 * DEFAULT_SETTINGS), env (extra variables; the extension host inherits them), timeoutMs, logFile (code-server's output is also appended there).
 * Returns { url, folderUrl, port, userDataDir, extensionsDir, output(), stop() }.
 */
export async function startCodeServer(opts = {}) {
  const entry = assertCodeServerInstalled();
  const port = opts.port ?? (await freePort());
  const owned = [];
  const tmp = (name) => {
    const d = mkdtempSync(join(tmpdir(), `okd-cs-${name}-`));
    owned.push(d);
    return d;
  };
  const userDataDir = opts.userDataDir ?? tmp('data');
  const extensionsDir = opts.extensionsDir ?? tmp('ext');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
  );
  if (opts.vsix) installVsix(opts.vsix, { extensionsDir, userDataDir });
  if (opts.extensionFolder) linkExtensionFolder(opts.extensionFolder, extensionsDir);

  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (opts.folder) args.push(resolve(opts.folder));
  let output = '';
  // Own process group so stop() also ends the extension host and other children.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: codeServerEnv(opts.env),
  });
  const onData = (d) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (opts.logFile) writeFileSync(opts.logFile, d, { flag: 'a' });
    if (opts.echo) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const url = `http://127.0.0.1:${port}/`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(t);
    }
    if (!opts.keep) for (const d of owned) rmSync(d, { recursive: true, force: true });
  };
  if (!(await waitReady(url, child, opts.timeoutMs ?? 120_000))) {
    await stop();
    throw new Error(
      `code-server did not become ready on ${url} (exit ${child.exitCode}). Output:\n${output.slice(-4000)}`,
    );
  }
  const folderUrl = opts.folder ? `${url}?folder=${encodeURIComponent(resolve(opts.folder))}` : url;
  return { url, folderUrl, port, userDataDir, extensionsDir, pid: child.pid, output: () => output, stop };
}

function usage() {
  return `Usage: node scripts/code-server.mjs [--vsix FILE | --extension DIR] [--port N] [--open FILE] FOLDER
Starts code-server on 127.0.0.1 with a fresh profile, loads the extension, opens FOLDER and prints the URL.
Stops on Ctrl+C. code-server comes from scripts/setup-code-server.sh.`;
}

async function main(argv) {
  const o = { echo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') o.vsix = argv[++i];
    else if (a === '--extension') o.extensionFolder = argv[++i];
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--open') o.open = argv[++i];
    else if (a === '--verbose') o.echo = true;
    else if (a === '-h' || a === '--help') {
      console.log(usage());
      return;
    } else if (!a.startsWith('-') && !o.folder) o.folder = a;
    else {
      console.error(`Unknown argument: ${a}\n${usage()}`);
      process.exit(2);
    }
  }
  let cs;
  try {
    cs = await startCodeServer(o);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  // A `?payload=` of openFile asks the workbench to open one file on load.
  let url = cs.folderUrl;
  if (o.open && o.folder)
    url += `&payload=${encodeURIComponent(JSON.stringify([['openFile', `vscode-remote://${cs.url.slice(7, -1)}${resolve(o.open)}`]]))}`;
  console.log(
    `\nVS Code (code-server) is running at:\n\n  ${url}\n\nOpen it in a browser on this machine. Press Ctrl+C to stop.`,
  );
  const quit = async () => {
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2));
}
