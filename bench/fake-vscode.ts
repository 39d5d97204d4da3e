// A stand-in `vscode` module that accepts any API call and records registrations, so the shipped
// dist/extension.js can be loaded and activated in plain Node to time activation without an editor.
// Compiled to plain JS by activation.bench.ts and run as a child process (fresh module cache per sample,
// no TypeScript loader hooks in the timing): prints one JSON line.
import Module from 'node:module';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

const calls: string[] = [];

// Every property is another stub; calls and `new` return stubs; not thenable, iterable as empty.
function stub(path: string): unknown {
  const target = function () {
    /* stub */
  };
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator)
        return function* () {
          /* empty */
        };
      if (prop === Symbol.toPrimitive) return () => 0;
      if (prop === 'length') return 0;
      if (prop === 'dispose') return () => undefined;
      return stub(`${path}.${String(prop)}`);
    },
    // Extensions set fields on what they create (item.text = …); accept and forget.
    set: () => true,
    defineProperty: () => true,
    apply() {
      calls.push(path);
      return stub(`${path}()`);
    },
    construct() {
      calls.push(`new ${path}`);
      return stub(`new ${path}`) as object;
    },
  });
}

export async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? 'dist/extension.js');
  // An object whose prototype is the stub: esbuild's ESM interop copies own properties into a
  // namespace that inherits the module's prototype, so lookups still reach the stub.
  const fake = Object.create(stub('vscode') as object) as object;
  const resolver = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = resolver._load;
  resolver._load = (req: string, ...rest: unknown[]) => (req === 'vscode' ? fake : original(req, ...rest));
  const context = new Proxy(
    { subscriptions: [] as unknown[], extensionPath: resolve('.'), extensionMode: 1 },
    { get: (t, p) => (p in t ? t[p as keyof typeof t] : stub(`context.${String(p)}`)) },
  );
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the CommonJS load VS Code itself does
  const ext = require(file) as { activate: (c: unknown) => unknown };
  const t1 = performance.now();
  let error: string | undefined;
  try {
    await ext.activate(context);
  } catch (e) {
    error = (e as Error).message;
  }
  const t2 = performance.now();
  const registrations = calls.filter((c) => /\.(register\w*|create\w*)$/.test(c)).length;
  process.stdout.write(
    `${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, registrations, subscriptions: context.subscriptions.length, error })}\n`,
  );
}

if (require.main === module) void main();
