// The editor's host session as users run it: bundled by esbuild the way dist/extension.js is
// (one scope, minified). Run from source under tsx, every read of an imported binding goes
// through an export getter, which the parser's hot loops pay on each character.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { applyEdits } from '../src/core/edit/index';
import type { EditorSession } from '../src/vscode/editor/session';

export interface HostBundle {
  EditorSession: typeof EditorSession;
  applyEdits: typeof applyEdits;
  dispose(): void;
}

export async function loadHostBundle(): Promise<HostBundle> {
  const root = join(__dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'okd-bench-host-'));
  try {
    const outfile = join(dir, 'session.js');
    await esbuild.build({
      stdin: {
        contents:
          "export { EditorSession } from './src/vscode/editor/session'; export { applyEdits } from './src/core/edit/index';",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    const mod = createRequire(__filename)(outfile) as Omit<HostBundle, 'dispose'>;
    return { ...mod, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
