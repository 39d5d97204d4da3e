// The one place the webview talks to the extension host: posting typed messages, receiving
// host messages, and the webview's persisted UI state (viewport, selection).
import { flushSync } from 'react-dom';
import type { GraphEdit, HostMessage, LogLevel, WebviewMessage } from './protocol';
import { PROTOCOL_VERSION, isHostMessage } from './protocol';
import { receive, type Held } from './snapshots';
import { setVerifyStatus } from './verifyStatus';

type Api = ReturnType<typeof acquireVsCodeApi>;

/** UI state VS Code keeps while the webview is hidden or reloaded. Never cluster data. */
export interface PersistedState {
  viewport?: { x: number; y: number; zoom: number };
  selection?: string[];
  inspectorOpen?: boolean;
}

let api: Api | undefined;
function vscodeApi(): Api {
  // acquireVsCodeApi() throws when called twice, so it is cached here.
  if (!api) api = acquireVsCodeApi();
  return api;
}

let baseVersion = -1;
let nextRequest = 1;

export function post(message: WebviewMessage): void {
  vscodeApi().postMessage(message);
}

/** Every edit carries the document version the graph was built from, so the host can refuse stale ones. */
export function setBaseVersion(version: number): void {
  baseVersion = version;
}

// One edit in flight: the next one must carry the version the previous one produced, or the host
// (rightly) refuses it as stale — two quick drags would otherwise lose the second.
const queue: { requestId: string; edit: GraphEdit }[] = [];
let inFlight: { requestId: string; timer: ReturnType<typeof setTimeout> } | undefined;
const IN_FLIGHT_TIMEOUT_MS = 5000;

function pump(): void {
  if (inFlight) return;
  const next = queue.shift();
  if (!next) return;
  // A host that never answers must not freeze editing for good.
  inFlight = { requestId: next.requestId, timer: setTimeout(() => settle(next.requestId), IN_FLIGHT_TIMEOUT_MS) };
  post({ type: 'edit', requestId: next.requestId, baseVersion, edit: next.edit });
}

function settle(requestId: string, outcome?: string, version?: number): void {
  if (!inFlight || inFlight.requestId !== requestId) return;
  clearTimeout(inFlight.timer);
  inFlight = undefined;
  if (outcome === 'applied' && version !== undefined) baseVersion = version;
  // After a stale or failed edit the document moved under us: queued gestures were planned on the
  // old graph, so drop them rather than apply them to something the user has not seen.
  if (outcome === 'stale' || outcome === 'error') queue.length = 0;
  pump();
}

export function sendEdit(edit: GraphEdit): string {
  const requestId = `w${nextRequest++}`;
  queue.push({ requestId, edit });
  pump();
  return requestId;
}

export function log(level: LogLevel, message: string): void {
  post({ type: 'log', level, message });
}

export function getState(): PersistedState {
  const s = vscodeApi().getState();
  return s && typeof s === 'object' ? (s as PersistedState) : {};
}

export function patchState(patch: Partial<PersistedState>): void {
  vscodeApi().setState({ ...getState(), ...patch });
}

// The snapshot the graph shows, which the host's next delta builds on.
let held: Held | undefined;
let refreshAsked = false;

// An applied edit's result, held for the snapshot of its version that the host posts right
// behind it, so both show in one pass (selection and graph together).
let heldResult: { m: Extract<HostMessage, { type: 'editResult' }>; timer: ReturnType<typeof setTimeout> } | undefined;
const RESULT_WAIT_MS = 250;

/**
 * Subscribes to host messages; returns the unsubscribe function. Announces `ready` once subscribed.
 * Deltas reach the handler as whole snapshots.
 */
export function listen(
  handler: (m: Exclude<HostMessage, { type: 'snapshotDelta' | 'verifyStatus' }>) => void,
): () => void {
  const takeResult = () => {
    const r = heldResult;
    heldResult = undefined;
    if (r) clearTimeout(r.timer);
    return r?.m;
  };
  const onMessage = (e: MessageEvent) => {
    // A malformed message is a host bug: say so in the host's log instead of drawing garbage.
    if (isHostMessage(e.data)) {
      const m = e.data;
      // Verify badges live in their own store: no graph re-render.
      if (m.type === 'verifyStatus') return setVerifyStatus(m);
      if (m.type === 'editResult') {
        settle(m.requestId, m.outcome, m.version);
        const earlier = takeResult();
        if (earlier) handler(earlier);
        if (m.outcome !== 'applied' || m.version === undefined) return handler(m);
        // (Should its snapshot not come, the result still shows a moment later.)
        heldResult = {
          m,
          timer: setTimeout(() => {
            const r = takeResult();
            if (r) handler(r);
          }, RESULT_WAIT_MS),
        };
        return;
      }
      if (m.type !== 'snapshot' && m.type !== 'snapshotDelta') return handler(m);
      const r = receive(held, m);
      held = r.held;
      if (r.snapshot) {
        refreshAsked = false;
        // One synchronous pass: render, commit, then the effects that hand the new nodes to React
        // Flow and its re-render, all before the next frame, rather than painting a frame with
        // the new inspector but the old graph in between.
        const snapshot = r.snapshot;
        const result = takeResult();
        flushSync(() => {
          if (result) handler(result);
          handler(snapshot);
        });
        return;
      }
      // A delta on a snapshot we do not hold (one was lost): ask once for the whole graph.
      if (!refreshAsked) {
        refreshAsked = true;
        log('info', `snapshot ${m.seq ?? ''} does not fit the graph; asking for a full snapshot`);
        post({ type: 'refresh' });
      }
    } else
      log(
        'warn',
        `webview dropped a malformed host message (${typeof e.data === 'object' && e.data ? String((e.data as { type?: unknown }).type) : typeof e.data})`,
      );
  };
  window.addEventListener('message', onMessage);
  held = undefined;
  takeResult();
  post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, deltas: true });
  return () => window.removeEventListener('message', onMessage);
}
