// Neutral problem records produced by the core; adapters (VS Code, CLI, webview) present them.
import type { Path } from './model';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RelatedPath {
  message: string;
  path: Path;
}

export interface Problem {
  /** Stable code, e.g. `ip-duplicate`. Documented in docs/checks.md. */
  code: string;
  severity: Severity;
  message: string;
  /** Where in the document: a model path (resolved to a range with the YAML tree). */
  path: Path;
  related?: RelatedPath[];
  /** Data a quick fix needs (e.g. the network to pick a free IP from). */
  data?: Record<string, string | number>;
}

/** A problem with its text position resolved. Lines and columns are 0-based. */
export interface LocatedProblem extends Omit<Problem, 'related'> {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { message: string; start: number; end: number; line: number; column: number }[];
}
