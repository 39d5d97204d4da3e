// Bundles the extension host, the CLI and the webview with esbuild.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
mkdirSync('dist', { recursive: true });

// ssh2 has optional native addons (cpu-features, sshcrypto); it falls back to pure JS without them.
const stubNative = {
  name: 'stub-native',
  setup(build) {
    build.onResolve({ filter: /\.node$/ }, (a) => ({ path: a.path, namespace: 'stub-native' }));
    build.onResolve({ filter: /^cpu-features$/ }, (a) => ({ path: a.path, namespace: 'stub-native' }));
    build.onLoad({ filter: /.*/, namespace: 'stub-native' }, () => ({
      contents: 'throw new Error("native addon not bundled")',
      loader: 'js',
    }));
  },
};

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };
const configs = [
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [stubNative],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [stubNative],
  },
  {
    ...common,
    entryPoints: ['webview/src/main.tsx'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    loader: { '.css': 'css' },
  },
];

const existing = [];
for (const c of configs) {
  const { existsSync } = await import('node:fs');
  if (existsSync(c.entryPoints[0])) existing.push(c);
}
if (watch) {
  for (const c of existing) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(existing.map((c) => esbuild.build(c)));
}
