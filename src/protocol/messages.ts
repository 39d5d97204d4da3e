// The typed protocol between the topology editor's host (src/vscode/editor) and its webview.
// The TextDocument is the only model: the host posts snapshots, the webview sends intents
// (GraphEdit) tagged with the document version they were built on. Imported by both bundles,
// so it holds types, constants and pure guards only.
import { ROLES, SERVICE_KINDS, VIP_PURPOSES, type Path } from '../core/model';
import type { GraphEdit, GraphEditKind, NodePosition } from '../core/edit/types';
import { isArr, isInt, isNum, isObj, isOneOf, isPath, isPosition, isStr, optPosition, optStr, type Obj } from './check';
import { parseNodeId, type NodeId, type ProblemView, type TopologyView } from './view';
import { isTopologyView, isViewDelta } from './viewGuard';
import type { ViewDelta } from './delta';

export * from './view';
export * from './delta';

/** Bumped on incompatible changes; additive changes keep it. */
export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------- graph edits (webview -> host)

export type { FieldValue, GraphEdit, GraphEditKind, NodePosition } from '../core/edit/types';

// ---------------------------------------------------------------- host -> webview

export type SnapshotReason = 'init' | 'change' | 'stale' | 'refresh';

export interface SnapshotMessage {
  type: 'snapshot';
  protocolVersion: number;
  /** document.version the snapshot was built from; send it back as an edit's baseVersion. */
  version: number;
  reason: SnapshotReason;
  /** The last good graph; null only if the file never parsed since the editor opened. */
  view: TopologyView | null;
  /** Problems of the current text (of the last good text while parseError is set). */
  problems: ProblemView[];
  /** Set while the YAML is broken: show a banner; edits are refused until it is fixed. Line and column are 0-based. */
  parseError?: { message: string; line: number; column: number; empty?: boolean };
  /** File name for titles and export defaults. */
  fileName: string;
  /** True when the document cannot be edited (e.g. a git: diff side). */
  readOnly: boolean;
  /** Counts the snapshots (and deltas) posted to this webview; a delta names the one it builds on. */
  seq?: number;
}

/**
 * A snapshot as the changes since the one numbered `baseSeq` (sent only to a webview that said
 * `deltas` in `ready`). A webview whose last snapshot is not `baseSeq` asks for `refresh`.
 */
export interface SnapshotDeltaMessage extends Omit<SnapshotMessage, 'type' | 'view' | 'parseError' | 'seq'> {
  type: 'snapshotDelta';
  seq: number;
  baseSeq: number;
  delta: ViewDelta;
}

export type EditOutcome = 'applied' | 'stale' | 'error' | 'noop';

export interface EditResultMessage {
  type: 'editResult';
  requestId: string;
  outcome: EditOutcome;
  /** Human-readable reason for stale/error/noop. */
  message?: string;
  /** Nodes created by the edit (e.g. the new host), so the webview can select them. */
  created?: NodeId[];
  /** For 'applied': the document version after the edit (a snapshot of it follows at once). */
  version?: number;
}

/**
 * Select and center a node (e.g. the user picked a problem in the Problems panel). It can come
 * soon after the init snapshot of a reloaded webview: keep it until the node has been drawn.
 */
export interface RevealMessage {
  type: 'reveal';
  nodeId: NodeId;
}

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';
export interface ThemeMessage {
  type: 'theme';
  kind: ThemeKind;
}

export interface ExportResultMessage {
  type: 'exportResult';
  outcome: 'saved' | 'cancelled' | 'error';
  message?: string;
}

export type VerifyState = 'ok' | 'failed' | 'info';

/**
 * The last "Verify Lab" result for this document, per topology host: its badge state (failed when any
 * check about it failed), counts, and the state of each service it serves. `hosts: null` clears.
 */
export interface VerifyStatusMessage {
  type: 'verifyStatus';
  hosts: Record<
    string,
    { state: VerifyState; passed: number; failed: number; info: number; services: Record<string, VerifyState> }
  > | null;
  /** ISO time of the run. */
  at: string;
}

/** Host -> webview. */
export type HostMessage =
  | SnapshotMessage
  | SnapshotDeltaMessage
  | EditResultMessage
  | RevealMessage
  | ThemeMessage
  | ExportResultMessage
  | VerifyStatusMessage;

// ---------------------------------------------------------------- webview -> host

/**
 * Webview -> host. `ready` must come first; the host answers with a snapshot. Keep one `edit` in
 * flight: an edit sent before the previous one's editResult (and version) arrived carries an old
 * baseVersion and is rejected as stale.
 */
export type WebviewMessage =
  /** `deltas`: the webview applies snapshotDelta messages. */
  | { type: 'ready'; protocolVersion: number; deltas?: boolean }
  | { type: 'edit'; requestId: string; baseVersion: number; edit: GraphEdit }
  /** Reveal a node's (or a path's) YAML range in a text editor beside. */
  | { type: 'showInText'; nodeId?: NodeId; path?: Path }
  /** Save the diagram: svg is the SVG text, png is base64 (no data: prefix). */
  | { type: 'export'; format: 'svg' | 'png'; data: string; suggestedName?: string }
  | { type: 'log'; level: LogLevel; message: string }
  /** Ask for a fresh snapshot (e.g. after an error in the webview). */
  | { type: 'refresh' }
  /** Reopen the file in the text editor. */
  | { type: 'openAsText' }
  /** The file is blank: write the starting topology into it (one undoable edit). */
  | { type: 'scaffold' };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

// ---------------------------------------------------------------- guards

const NAME_MAX = 253;
const MAX_IDS = 10_000;
/** 50 MB of base64/SVG text is far beyond any real diagram of this size. */
export const MAX_EXPORT_CHARS = 50 * 1024 * 1024;
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function isNodeId(v: unknown): v is NodeId {
  return isStr(v, NAME_MAX + 10, 3) && parseNodeId(v) !== undefined;
}
function isName(v: unknown): v is string {
  return isStr(v, NAME_MAX, 1);
}
function isNodePosition(v: unknown): v is NodePosition {
  return isObj(v, ['id', 'x', 'y']) && isNodeId(v.id) && isPosition({ x: v.x, y: v.y });
}
function isScalarValue(v: unknown): v is string | number | boolean {
  return isStr(v, 4096) || isNum(v) || typeof v === 'boolean';
}

const EDIT_KEYS: Record<GraphEditKind, readonly string[]> = {
  addHost: ['kind', 'role', 'network', 'vm', 'name', 'position'],
  addNetwork: ['kind', 'cidr', 'name', 'position'],
  addVip: ['kind', 'network', 'purpose', 'name', 'position'],
  addPool: ['kind', 'network', 'name', 'position'],
  delete: ['kind', 'ids'],
  rename: ['kind', 'id', 'newName'],
  connect: ['kind', 'host', 'network'],
  disconnect: ['kind', 'host', 'network', 'index'],
  setField: ['kind', 'path', 'value'],
  setServices: ['kind', 'host', 'services'],
  renumber: ['kind', 'network', 'cidr'],
  move: ['kind', 'positions'],
  autoLayout: ['kind'],
};

const optName = (x: unknown) => x === undefined || isName(x);

/** Each edit's fields, by kind (the keys are checked first). */
const EDIT_CHECKS: Record<GraphEditKind, (e: Obj) => boolean> = {
  addHost: (e) =>
    isOneOf(e.role, ROLES) &&
    optName(e.network) &&
    optName(e.name) &&
    optPosition(e.position) &&
    (e.vm === undefined || (isObj(e.vm, ['on']) && optName(e.vm.on))),
  addNetwork: (e) => optStr(e.cidr, 64) && optName(e.name) && optPosition(e.position),
  addVip: (e) =>
    isName(e.network) &&
    (e.purpose === undefined || isOneOf(e.purpose, VIP_PURPOSES)) &&
    optName(e.name) &&
    optPosition(e.position),
  addPool: (e) => isName(e.network) && optName(e.name) && optPosition(e.position),
  delete: (e) => isArr(e.ids, isNodeId, MAX_IDS) && e.ids.length > 0,
  rename: (e) => isNodeId(e.id) && isName(e.newName),
  connect: (e) => isName(e.host) && isName(e.network),
  disconnect: (e) => isName(e.host) && isName(e.network) && (e.index === undefined || isInt(e.index, 0, 100_000)),
  setServices: (e) =>
    isName(e.host) &&
    isArr(e.services, (x) => isOneOf(x, SERVICE_KINDS), SERVICE_KINDS.length) &&
    new Set(e.services).size === e.services.length,
  setField: (e) =>
    isPath(e.path) &&
    e.path.length > 0 &&
    (e.value === null || isScalarValue(e.value) || isArr(e.value, isScalarValue, 10_000)),
  renumber: (e) => isName(e.network) && isStr(e.cidr, 64, 1),
  move: (e) => isArr(e.positions, isNodePosition, MAX_IDS * 4) && e.positions.length > 0,
  autoLayout: () => true,
};

export function isGraphEdit(v: unknown): v is GraphEdit {
  if (!isObj(v) || !isOneOf(v.kind, Object.keys(EDIT_KEYS) as GraphEditKind[])) return false;
  return isObj(v, EDIT_KEYS[v.kind]) && EDIT_CHECKS[v.kind](v);
}

/** Validates every field of a message from the webview. Anything else is dropped by the host. */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isObj(v) || typeof v.type !== 'string') return false;
  switch (v.type) {
    case 'ready':
      return (
        isObj(v, ['type', 'protocolVersion', 'deltas']) &&
        isInt(v.protocolVersion, 0, 1_000_000) &&
        (v.deltas === undefined || typeof v.deltas === 'boolean')
      );
    case 'edit':
      return (
        isObj(v, ['type', 'requestId', 'baseVersion', 'edit']) &&
        isStr(v.requestId, 128, 1) &&
        isInt(v.baseVersion, 0) &&
        isGraphEdit(v.edit)
      );
    case 'showInText':
      return (
        isObj(v, ['type', 'nodeId', 'path']) &&
        (v.nodeId === undefined || isNodeId(v.nodeId)) &&
        (v.path === undefined || isPath(v.path)) &&
        (v.nodeId !== undefined || v.path !== undefined)
      );
    case 'export':
      return (
        isObj(v, ['type', 'format', 'data', 'suggestedName']) &&
        isOneOf(v.format, ['svg', 'png'] as const) &&
        isStr(v.data, MAX_EXPORT_CHARS, 1) &&
        optStr(v.suggestedName, 255) &&
        (v.format === 'svg' || /^[A-Za-z0-9+/=\r\n]+$/.test(v.data as string))
      );
    case 'log':
      return isObj(v, ['type', 'level', 'message']) && isOneOf(v.level, LOG_LEVELS) && isStr(v.message, 10_000);
    case 'refresh':
    case 'openAsText':
    case 'scaffold':
      return isObj(v, ['type']);
    default:
      return false;
  }
}

// Host messages are trusted more, but the webview checks them too so a host bug shows as a log
// line rather than a broken graph.
function isProblemView(v: unknown): v is ProblemView {
  return (
    isObj(v) &&
    isStr(v.code, 200) &&
    isOneOf(v.severity, ['error', 'warning', 'info'] as const) &&
    isStr(v.message, 10_000) &&
    isPath(v.path, 64) &&
    isInt(v.line) &&
    isInt(v.column) &&
    isInt(v.endLine) &&
    isInt(v.endColumn) &&
    (v.nodeId === undefined || isNodeId(v.nodeId))
  );
}

function isSnapshotCommon(v: Obj): boolean {
  return (
    isInt(v.protocolVersion) &&
    isInt(v.version) &&
    isOneOf(v.reason, ['init', 'change', 'stale', 'refresh'] as const) &&
    isArr(v.problems, isProblemView) &&
    isStr(v.fileName) &&
    typeof v.readOnly === 'boolean'
  );
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v) || typeof v.type !== 'string') return false;
  switch (v.type) {
    case 'snapshot':
      return (
        isSnapshotCommon(v) &&
        (v.view === null || isTopologyView(v.view)) &&
        (v.seq === undefined || isInt(v.seq)) &&
        (v.parseError === undefined ||
          (isObj(v.parseError) &&
            isStr(v.parseError.message, 10_000) &&
            isInt(v.parseError.line) &&
            isInt(v.parseError.column) &&
            (v.parseError.empty === undefined || typeof v.parseError.empty === 'boolean')))
      );
    case 'snapshotDelta':
      return isSnapshotCommon(v) && isInt(v.seq) && isInt(v.baseSeq) && isViewDelta(v.delta);
    case 'editResult':
      return (
        isStr(v.requestId, 128, 1) &&
        isOneOf(v.outcome, ['applied', 'stale', 'error', 'noop'] as const) &&
        optStr(v.message, 10_000) &&
        (v.created === undefined || isArr(v.created, isNodeId)) &&
        (v.version === undefined || isInt(v.version))
      );
    case 'reveal':
      return isNodeId(v.nodeId);
    case 'theme':
      return isOneOf(v.kind, ['light', 'dark', 'highContrast', 'highContrastLight'] as const);
    case 'exportResult':
      return isOneOf(v.outcome, ['saved', 'cancelled', 'error'] as const) && optStr(v.message, 10_000);
    case 'verifyStatus':
      return isStr(v.at, 64) && (v.hosts === null || isVerifyHosts(v.hosts));
    default:
      return false;
  }
}

const VERIFY_STATES: readonly VerifyState[] = ['ok', 'failed', 'info'];

function isVerifyHosts(v: unknown): boolean {
  if (!isObj(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length <= MAX_IDS &&
    entries.every(
      ([name, h]) =>
        isName(name) &&
        isObj(h, ['state', 'passed', 'failed', 'info', 'services']) &&
        isOneOf(h.state, VERIFY_STATES) &&
        isInt(h.passed, 0) &&
        isInt(h.failed, 0) &&
        isInt(h.info, 0) &&
        isObj(h.services) &&
        Object.entries(h.services).every(([k, s]) => isStr(k, 64, 1) && isOneOf(s, VERIFY_STATES)),
    )
  );
}
