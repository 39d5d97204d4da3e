// What a deploy run is told (options) and the two ways a host's run ends early.
import type { DeployEvent, HostResult } from '../core/deploy/events';
import type { RemoteRefresh } from '../core/deploy/zones';
import type { ConnectOptions } from './connect';
import type { StepSecrets } from './host-steps';

export interface DeployRunOptions extends Omit<ConnectOptions, 'signal' | 'log'> {
  /** Hosts deployed at the same time. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (e: DeployEvent) => void;
  /** Transcript lines (commands, exit codes, output), already redacted. */
  log?: (line: string) => void;
  /** Connect and compare only: nothing is uploaded. */
  dryRun?: boolean;
  /** Redeploy files that already match. */
  force?: boolean;
  /** How long one remote script may run before it is stopped (default 120 s). */
  commandTimeoutMs?: number;
  /** The user agreed to install the packages a host lacks (dnf or apt); without it such a host stops untouched. */
  installPackages?: boolean;
  /** Called as each host finishes, whatever the outcome. */
  onHostDone?: (r: HostResult) => void;
  /** Files rendered again from their copies on the host (zone serials), read in the same command as the probe. */
  refresh?: RemoteRefresh;
  /** Secrets host steps read on stdin (the registry password), by placeholder; redacted everywhere. */
  stepSecrets?: StepSecrets;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 120000;

export class Cancelled extends Error {}
/** The host's state is unknown (connection lost mid-swap): never reported as unchanged. */
export class InDoubt extends Error {}
