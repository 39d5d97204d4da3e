// Debounced, version-aware refresh per document. Free of the vscode API (timers are injected) so
// its ordering rules can be tested directly: only the latest version of a document is published.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Source<R> {
  /** Current version of the document (e.g. TextDocument.version). */
  version(): number;
  /** Computes a result for the document's current content. May be async. */
  compute(): R | Promise<R>;
}

export class Debouncer<R> {
  private readonly pending = new Map<string, unknown>();
  /** Highest version scheduled per key: results for older versions are dropped. */
  private readonly latest = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly publish: (key: string, result: R, version: number) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Schedules a refresh of `key`; a newer call within the delay replaces it. */
  schedule(key: string, src: Source<R>, delayMs = this.delayMs): void {
    const prev = this.pending.get(key);
    if (prev !== undefined) this.timers.clear(prev);
    this.latest.set(key, src.version());
    const handle = this.timers.set(() => {
      this.pending.delete(key);
      void this.run(key, src);
    }, delayMs);
    this.pending.set(key, handle);
  }

  private async run(key: string, src: Source<R>): Promise<void> {
    const version = src.version();
    let result: R;
    try {
      result = await src.compute();
    } catch {
      return;
    }
    // The document moved on (or was closed) while we computed: a newer run will publish.
    if (src.version() !== version || this.latest.get(key) === undefined || (this.latest.get(key) ?? -1) > version)
      return;
    this.publish(key, result, version);
  }

  /** Drops any pending refresh of `key` (document closed). */
  cancel(key: string): void {
    const prev = this.pending.get(key);
    if (prev !== undefined) this.timers.clear(prev);
    this.pending.delete(key);
    this.latest.delete(key);
  }

  dispose(): void {
    for (const h of this.pending.values()) this.timers.clear(h);
    this.pending.clear();
    this.latest.clear();
  }
}
