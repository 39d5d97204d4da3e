// Types for scripts/code-server.mjs (used from the TypeScript end-to-end tests).
export const CODE_SERVER_VERSION: string;
export const DEFAULT_SETTINGS: Record<string, unknown>;
export function codeServerDir(): string;
export function codeServerEntry(): string;
export function assertCodeServerInstalled(): string;
export function freePort(): Promise<number>;
export function installVsix(vsix: string, dirs: { extensionsDir: string; userDataDir: string }): string;
export function linkExtensionFolder(folder: string, extensionsDir: string): string;

export interface StartOptions {
  folder?: string;
  vsix?: string;
  extensionFolder?: string;
  port?: number;
  userDataDir?: string;
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server; its extension host inherits it. */
  env?: Record<string, string>;
  timeoutMs?: number;
  logFile?: string;
  echo?: boolean;
  keep?: boolean;
}

export interface CodeServer {
  url: string;
  folderUrl: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function startCodeServer(opts?: StartOptions): Promise<CodeServer>;
