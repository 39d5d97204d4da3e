// One open topology editor: keeps the webview in sync with the TextDocument (the only model)
// and turns webview intents into edits. Free of the vscode API (the document, webview and
// timers are ports) so the sync rules — stale rejection, broken YAML, dropped messages — are
// unit-tested directly; provider.ts adapts it to VS Code.
import { analyze, type Analysis } from '../../core/analyze';
import { planGraphEdit, type TextEdit } from '../../core/edit/index';
import { buildView, problemViews } from '../../core/view/snapshot';
import { diffView } from '../../protocol/delta';
import { skeletonText } from '../../core/lang/skeleton';
import { nodeAt } from '../../core/yaml/ast';
import {
  PROTOCOL_VERSION,
  isWebviewMessage,
  parseNodeId,
  type HostMessage,
  type NodeId,
  type ProblemView,
  type SnapshotDeltaMessage,
  type SnapshotMessage,
  type SnapshotReason,
  type ThemeKind,
  type TopologyView,
  type WebviewMessage,
} from '../../protocol/messages';
import type { Path } from '../../core/model';

export interface DocPort {
  version(): number;
  text(): string;
  fileName(): string;
  readOnly(): boolean;
  /** The analysis of the current version from a cache shared with other features, when there is one. */
  analysis?(): Analysis;
  /** Applies the edits (offsets into text() at `version`) as one undoable change. */
  apply(edits: TextEdit[], version: number): PromiseLike<boolean>;
}

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface SessionPorts {
  doc: DocPort;
  post(message: HostMessage): PromiseLike<boolean> | void;
  log: LogFn;
  /** Reveal [start, end) of the document in a text editor beside the graph. */
  showRange(start: number, end: number): void;
  exportImage(
    format: 'svg' | 'png',
    data: string,
    suggestedName: string | undefined,
  ): PromiseLike<'saved' | 'cancelled'>;
  openAsText(): void;
  theme(): ThemeKind;
  timers?: { set(fn: () => void, ms: number): unknown; clear(h: unknown): void };
}

/** Coalesces keystroke bursts; small enough to keep text -> graph well under 100 ms. */
export const SNAPSHOT_DELAY_MS = 15;

interface Good {
  view: TopologyView;
  problems: ProblemView[];
}

/** Sanitises text from the webview before it goes into a log line. */
function clean(s: string, max = 2000): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export class EditorSession {
  private cache?: { version: number; analysis: Analysis };
  private lastGood?: Good;
  private lastSent?: number;
  private ready = false;
  /** The webview applies deltas (said so in `ready`). */
  private deltas = false;
  private seq = 0;
  /** What the webview holds now: the seq and view of the last snapshot posted since `ready`. */
  private held?: { seq: number; view: TopologyView | null };
  private timer: unknown;
  private queue: Promise<void> = Promise.resolve();
  private pendingReveal?: NodeId;
  private readonly timers: NonNullable<SessionPorts['timers']>;

  constructor(private readonly ports: SessionPorts) {
    this.timers = ports.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  /** The analysis of the document as it is now (one per version). */
  analysis(): Analysis {
    const v = this.ports.doc.version();
    if (this.cache?.version !== v)
      this.cache = { version: v, analysis: this.ports.doc.analysis?.() ?? analyze(this.ports.doc.text()) };
    return this.cache.analysis;
  }

  /** Called for every change of the document; no-op events (no content change) are skipped by the caller. */
  documentChanged(): void {
    if (!this.ready) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.sendSnapshot('change');
    }, SNAPSHOT_DELAY_MS);
  }

  themeChanged(): void {
    if (this.ready) void this.ports.post({ type: 'theme', kind: this.ports.theme() });
  }

  /** Select a node in the graph (e.g. from a problem); remembered until the webview is ready. */
  reveal(id: NodeId): void {
    if (!this.ready) this.pendingReveal = id;
    else void this.ports.post({ type: 'reveal', nodeId: id });
  }

  /** Builds and posts a snapshot; unchanged content is not re-sent unless forced. */
  sendSnapshot(reason: SnapshotReason, force = false): void {
    // Same version means same text, so the same snapshot: an echo of our own edit or a no-op event.
    const key = this.ports.doc.version();
    if (!force && key === this.lastSent) return;
    const msg = this.snapshot(reason);
    this.lastSent = key;
    void this.ports.post(this.toPost(msg));
  }

  /**
   * Numbers the snapshot and, for a change the webview can apply as a delta on what it holds,
   * sends only what changed. init/refresh/stale and parse errors always go whole.
   */
  private toPost(msg: SnapshotMessage): SnapshotMessage | SnapshotDeltaMessage {
    const seq = ++this.seq;
    const base = this.held;
    this.held = { seq, view: msg.view };
    if (!this.deltas || msg.reason !== 'change' || msg.parseError || !msg.view || !base?.view) return { ...msg, seq };
    const { view, parseError: _, ...rest } = msg;
    return { ...rest, type: 'snapshotDelta', seq, baseSeq: base.seq, delta: diffView(base.view, view) };
  }

  snapshot(reason: SnapshotReason): SnapshotMessage {
    const a = this.analysis();
    const version = this.ports.doc.version();
    const base = {
      type: 'snapshot' as const,
      protocolVersion: PROTOCOL_VERSION,
      version,
      reason,
      fileName: this.ports.doc.fileName(),
      readOnly: this.ports.doc.readOnly(),
    };
    const syntax = a.problems.find((p) => p.code === 'yaml-syntax');
    if (!a.topology || syntax) {
      // Broken YAML: keep drawing the last good graph and say what is wrong and where.
      const p = syntax ?? a.problems[0];
      const empty = !this.lastGood && this.ports.doc.text().trim() === '';
      const parseError = {
        message: p?.message ?? 'The file is not a topology (its top level must be a mapping)',
        line: p?.line ?? 0,
        column: p?.column ?? 0,
        ...(empty ? { empty } : {}),
      };
      return { ...base, view: this.lastGood?.view ?? null, problems: this.lastGood?.problems ?? [], parseError };
    }
    const problems = problemViews(a.topology, a.problems);
    const view = buildView(a.topology, problems);
    this.lastGood = { view, problems };
    return { ...base, view, problems };
  }

  /** Entry point for every message from the webview. Invalid ones are logged and dropped. */
  receive(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      const type =
        typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
          ? clean((raw as { type: string }).type, 40)
          : typeof raw;
      this.ports.log('warn', `Dropped an invalid message from the topology webview (type: ${type})`);
      return Promise.resolve();
    }
    // Edits run one at a time so each one's version check sees the result of the previous.
    const run = this.queue
      .then(() => this.handle(raw))
      .catch((e: unknown) => this.ports.log('error', `Editor message failed: ${(e as Error).message}`));
    this.queue = run;
    return run;
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (m.protocolVersion !== PROTOCOL_VERSION)
          this.ports.log('warn', `Webview speaks protocol ${m.protocolVersion}, host ${PROTOCOL_VERSION}`);
        this.ready = true;
        this.deltas = m.deltas === true;
        this.held = undefined;
        void this.ports.post({ type: 'theme', kind: this.ports.theme() });
        this.sendSnapshot('init', true);
        if (this.pendingReveal) {
          // Right behind the init snapshot: the webview holds it until the node is drawn.
          void this.ports.post({ type: 'reveal', nodeId: this.pendingReveal });
          this.pendingReveal = undefined;
        }
        return;
      case 'refresh':
        this.sendSnapshot('refresh', true);
        return;
      case 'edit':
        return this.edit(m);
      case 'showInText':
        return this.showInText(m.nodeId, m.path);
      case 'export': {
        try {
          const outcome = await this.ports.exportImage(m.format, m.data, m.suggestedName);
          void this.ports.post({ type: 'exportResult', outcome });
        } catch (e) {
          void this.ports.post({ type: 'exportResult', outcome: 'error', message: (e as Error).message });
        }
        return;
      }
      case 'log':
        this.ports.log(m.level, `webview: ${clean(m.message)}`);
        return;
      case 'openAsText':
        this.ports.openAsText();
        return;
      case 'scaffold':
        await this.scaffold();
        return;
    }
  }

  /** A blank file gets the starting topology; anything else is the user's text and stays. */
  private async scaffold(): Promise<void> {
    const { doc } = this.ports;
    const text = doc.text();
    if (doc.readOnly() || text.trim() !== '') {
      this.ports.log('info', 'scaffold: the file is not empty; nothing written');
      return;
    }
    const ok = await doc.apply([{ start: 0, end: text.length, newText: skeletonText() }], doc.version());
    if (ok) this.sendSnapshot('change');
  }

  private async edit(m: Extract<WebviewMessage, { type: 'edit' }>): Promise<void> {
    const { doc } = this.ports;
    const reply = (
      outcome: 'applied' | 'stale' | 'error' | 'noop',
      message?: string,
      created?: string[],
      version?: number,
    ) =>
      void this.ports.post({
        type: 'editResult',
        requestId: m.requestId,
        outcome,
        ...(message ? { message } : {}),
        ...(created ? { created } : {}),
        ...(version !== undefined ? { version } : {}),
      });
    if (doc.readOnly()) return reply('error', 'This document is read-only');
    const version = doc.version();
    if (m.baseVersion !== version) {
      // Built on an older text: never apply it; repaint so the user can redo it on the current graph.
      reply(
        'stale',
        `The file changed (version ${m.baseVersion} -> ${version}); the graph was refreshed, please try again`,
      );
      this.sendSnapshot('stale', true);
      return;
    }
    const a = this.analysis();
    const plan = planGraphEdit({ text: doc.text(), doc: a.doc, topology: a.topology }, m.edit);
    if (plan.outcome !== 'applied') return reply(plan.outcome, plan.message);
    let ok = false;
    try {
      ok = await doc.apply(plan.edits, version);
    } catch (e) {
      this.ports.log('error', `Applying ${m.edit.kind} failed: ${(e as Error).message}`);
    }
    if (!ok) {
      reply('error', 'VS Code did not apply the edit (the file may have changed or be read-only)');
      this.sendSnapshot('refresh', true);
      return;
    }
    this.ports.log(
      'debug',
      `${m.edit.kind}: ${plan.edits.length} text edit(s), version ${version} -> ${doc.version()}`,
    );
    reply('applied', undefined, plan.created, doc.version());
    // Post at once rather than waiting for the debounced change event: this is the round trip.
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.sendSnapshot('change');
  }

  /** The text range of a node (its whole list item) or of a path. */
  rangeOf(nodeId?: NodeId, path?: Path): { start: number; end: number } | undefined {
    const a = this.analysis();
    let p = path;
    if (nodeId) {
      const id = parseNodeId(nodeId);
      const node =
        id && this.lastGood
          ? [
              ...this.lastGood.view.hosts,
              ...this.lastGood.view.networks,
              ...this.lastGood.view.vips,
              ...this.lastGood.view.pools,
            ].find((n) => n.id === nodeId)
          : undefined;
      p = node?.path ?? p;
    }
    if (!p) return undefined;
    const n = nodeAt(a.doc.root, p);
    return n ? { start: n.start, end: Math.max(n.start, n.end) } : undefined;
  }

  private showInText(nodeId?: NodeId, path?: Path): void {
    const r = this.rangeOf(nodeId, path);
    if (r) this.ports.showRange(r.start, r.end);
    else this.ports.log('info', `Show in Text: ${nodeId ?? JSON.stringify(path)} is not in the file (any more)`);
  }

  /** The webview was hidden: its page is gone until it posts `ready` again. */
  hidden(): void {
    this.ready = false;
    this.lastSent = undefined;
    this.held = undefined;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.ready = false;
  }
}
