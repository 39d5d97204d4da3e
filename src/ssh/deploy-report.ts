// One host's transcript, events, notes and result, secrets redacted.
import type { DeployEvent, DeployPhase, HostOutcome, HostResult } from '../core/deploy/events';
import { redact } from '../core/deploy/redact';

export interface ReportSink {
  onEvent?: (e: DeployEvent) => void;
  log?: (line: string) => void;
}

export class Reporter {
  readonly secrets: string[] = [];
  readonly notes: string[] = [];
  private readonly t0 = Date.now();
  constructor(
    readonly host: string,
    private readonly sink: ReportSink,
  ) {}

  log = (line: string): void => this.sink.log?.(`[${this.host}] ${redact(line, this.secrets)}`);

  emit(phase: DeployPhase, message: string): void {
    this.log(`${phase}: ${message}`);
    this.sink.onEvent?.({ host: this.host, phase, message });
  }

  note(text: string): void {
    this.log(`note: ${text}`);
    this.notes.push(text);
  }

  result(outcome: HostOutcome, changed: string[], error?: string): HostResult {
    return {
      host: this.host,
      outcome,
      changed,
      error: error === undefined ? undefined : redact(error, this.secrets),
      ...(this.notes.length ? { notes: this.notes.map((n) => redact(n, this.secrets)) } : {}),
      ms: Date.now() - this.t0,
    };
  }
}
