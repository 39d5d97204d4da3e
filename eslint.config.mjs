// Lint: TypeScript rules plus the architecture boundaries from DEVELOPERS.md. Import cycles are
// found by dpdm (`npm run cycles`, part of `npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = ['fs', 'fs/*', 'node:*', 'child_process', 'os', 'path', 'net', 'crypto'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.okd-cache/**', 'test-results/**', '.vscode-test/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is pure: no editor, transport or file system.
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode', 'ssh2', ...nodeOnly], message: 'src/core is pure TypeScript: no vscode, ssh2 or node built-ins.' },
        { group: ['**/vscode/**', '**/ssh/**', '**/cli/**', '**/webview/**'], message: 'src/core must not depend on adapters.' },
      ] }],
    },
  },
  {
    files: ['src/ssh/**/*.ts', 'src/cli/**/*.ts', 'src/verify/**/*.ts', 'src/lab/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', '**/vscode/**'], message: 'Only src/vscode may import vscode.' }] }] },
  },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      { group: ['vscode', 'ssh2', ...nodeOnly], message: 'The webview runs in a browser sandbox.' },
      { group: ['**/src/vscode/**', '**/src/ssh/**', '**/src/cli/**'], message: 'The webview talks to the host only through src/protocol.' },
    ] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 600 }], '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
