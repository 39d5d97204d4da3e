// Root: holds the last snapshot (and the last good graph while the YAML is broken), the
// selection and UI state, and wires the toolbar, canvas and inspector together.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { HostMessage, SnapshotMessage, TopologyView } from '../protocol';
import { getState, listen, patchState, setBaseVersion } from '../bus';
import { useGraphActions } from '../actions';
import { matches } from '../describe';
import { indexView } from '../toFlow';
import { Graph, type Reveal } from './Graph';
import { Inspector } from './Inspector';
import { ClusterPanel } from './ClusterPanel';
import { NoticeBanner, ParseErrorBanner, type Notice } from './Banner';
import { Toolbar } from './Toolbar';
import { ConfirmDelete } from './ConfirmDelete';
import { cascadeOf, needsConfirm, type Cascade } from '../cascade';
import { hueMap, NetHues } from '../netHues';

function Editor() {
  const saved = useMemo(() => getState(), []);
  const [snap, setSnap] = useState<SnapshotMessage | null>(null);
  const [view, setView] = useState<TopologyView | null>(null);
  const [selection, setSelectionState] = useState<string[]>(saved.selection ?? []);
  // The same ids keep the same array, so effects keyed on the selection do not re-run for nothing.
  const setSelection = useCallback(
    (ids: string[]) =>
      setSelectionState((prev) => (prev.length === ids.length && prev.every((id, i) => id === ids[i]) ? prev : ids)),
    [],
  );
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [inspectorOpen, setInspectorOpen] = useState(saved.inspectorOpen ?? true);
  const [focus, setFocus] = useState<{ field?: string; seq: number }>();
  const [reveal, setReveal] = useState<Reveal>();
  const [exporting, setExporting] = useState(false);
  const [clusterOpen, setClusterOpen] = useState(false);
  const [confirm, setConfirm] = useState<{ ids: string[]; cascade: Cascade } | null>(null);

  useEffect(
    () =>
      listen((m: HostMessage) => {
        switch (m.type) {
          case 'snapshot':
            setBaseVersion(m.version);
            setSnap(m);
            // While the YAML is broken the host resends the last good view (or null): keep ours.
            if (m.view && !m.parseError) {
              setView(m.view);
              // Nodes the file no longer has leave the selection (React Flow does not report those).
              const ids = new Set(indexView(m.view).keys());
              setSelectionState((prev) => (prev.every((id) => ids.has(id)) ? prev : prev.filter((id) => ids.has(id))));
            } else if (m.view) setView((v) => v ?? m.view);
            if (m.reason === 'stale')
              setNotice({
                kind: 'warning',
                text: 'The file changed before that edit arrived, so it was not applied. The graph is up to date now; please try again.',
              });
            document.title = m.fileName;
            break;
          case 'editResult':
            if (m.outcome === 'error' || m.outcome === 'stale')
              setNotice({
                kind: m.outcome === 'error' ? 'error' : 'warning',
                text: m.message ?? `The edit was not applied (${m.outcome}).`,
              });
            else if (m.outcome === 'noop' && m.message) setNotice({ kind: 'info', text: m.message });
            else setNotice(null);
            if (m.created?.length) {
              setSelection(m.created);
              // A big graph can leave no free room in view: the new card is then brought in.
              const id = m.created[0];
              setReveal((r) => ({ id, seq: (r?.seq ?? 0) + 1, panOnly: true }));
            }
            break;
          case 'reveal':
            setReveal((r) => ({ id: m.nodeId, seq: (r?.seq ?? 0) + 1 }));
            break;
          case 'theme':
            document.body.dataset.okdTheme = m.kind;
            break;
          case 'exportResult':
            if (m.outcome === 'error') setNotice({ kind: 'error', text: m.message ?? 'Export failed.' });
            else if (m.outcome === 'saved') setNotice({ kind: 'info', text: m.message ?? 'Diagram exported.' });
            break;
        }
      }),
    [setSelection],
  );

  const locked = !snap || !!snap.parseError || snap.readOnly || !view;
  const problems = snap?.problems ?? [];
  const actions = useGraphActions(view, selection, locked, setExporting, setNotice);
  const byId = useMemo(() => indexView(view), [view]);
  // Colour slots change only when networks are added, removed or reordered.
  const netKey = view?.networks.map((n) => n.id).join('\n') ?? '';
  const hues = useMemo(() => hueMap(netKey ? netKey.split('\n') : []), [netKey]);
  const matchIds = useMemo(
    () => (query.trim() ? [...byId.values()].filter((v) => matches(v, query)).map((v) => v.id) : []),
    [byId, query],
  );
  const selected = selection.length === 1 ? byId.get(selection[0]) : undefined;
  // Picking a node closes the cluster panel; the toolbar button opens it again.
  useEffect(() => {
    if (selection.length) setClusterOpen(false);
  }, [selection]);

  const openInspector = useCallback(
    (id: string, field?: string) => {
      setSelection([id]);
      setInspectorOpen(true);
      patchState({ inspectorOpen: true });
      setFocus((f) => ({ field, seq: (f?.seq ?? 0) + 1 }));
    },
    [setSelection],
  );
  const closeInspector = useCallback(() => {
    setInspectorOpen(false);
    patchState({ inspectorOpen: false });
    if (selection[0])
      document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(selection[0])}"]`)?.focus();
  }, [selection]);
  // A delete that takes other things along is listed and confirmed first.
  const remove = useCallback(
    (ids: readonly string[] = selection) => {
      if (locked || !ids.length || !view) return;
      const cascade = cascadeOf(view, ids);
      if (needsConfirm(cascade)) setConfirm({ ids: [...ids], cascade });
      else actions.remove(ids);
    },
    [actions, view, selection, locked],
  );
  const endConfirm = useCallback(
    (ok: boolean) => {
      if (ok && confirm) actions.remove(confirm.ids);
      setConfirm(null);
    },
    [actions, confirm],
  );

  return (
    <div className="okd-app">
      <Toolbar
        locked={locked}
        selectionCount={selection.length}
        query={query}
        matchCount={matchIds.length}
        onQuery={setQuery}
        onFitMatches={() => actions.fit(matchIds)}
        onAdd={actions.add}
        onDelete={() => remove()}
        onLayout={actions.layout}
        onFit={() => actions.fit()}
        onExport={(f) => void actions.exportAs(f)}
        onCluster={() => {
          setSelection([]);
          setClusterOpen(true);
        }}
      />
      {snap?.parseError ? <ParseErrorBanner error={snap.parseError} empty={snap.parseError.empty && !view} /> : null}
      {snap?.readOnly && !snap.parseError ? (
        <div className="okd-banner okd-banner-info" role="status">
          This document is read-only; the graph cannot be edited.
        </div>
      ) : null}
      {notice ? <NoticeBanner notice={notice} onClose={() => setNotice(null)} /> : null}
      {!view && snap && !snap.parseError ? <div className="okd-empty">Nothing to draw yet.</div> : null}
      <div className="okd-main">
        <NetHues.Provider value={hues}>
          <Graph
            view={view}
            problems={problems}
            query={query}
            locked={locked}
            exporting={exporting}
            selection={selection}
            savedViewport={saved.viewport}
            reveal={reveal}
            onSelection={setSelection}
            onOpenInspector={openInspector}
            onDelete={remove}
            onCommitMove={actions.commitMove}
          />
        </NetHues.Provider>
        {inspectorOpen && selected && view ? (
          <Inspector
            node={selected}
            view={view}
            problems={problems}
            locked={locked}
            focus={focus}
            onClose={closeInspector}
            onDelete={remove}
          />
        ) : selected && view ? (
          // The inspector folds to a tab at the edge, so the canvas gets the width back.
          <button
            type="button"
            className="okd-inspector-tab"
            data-testid="inspector-tab"
            aria-label={`Open the inspector on ${selected.name}`}
            onClick={() => openInspector(selected.id)}
          >
            Inspector ◂
          </button>
        ) : clusterOpen && !selected && view ? (
          <ClusterPanel
            cluster={view.cluster}
            problems={problems}
            locked={locked}
            onClose={() => {
              setClusterOpen(false);
              document.querySelector<HTMLElement>('[data-testid="action-cluster"]')?.focus();
            }}
          />
        ) : null}
      </div>
      {confirm ? (
        <ConfirmDelete
          names={confirm.ids.map((id) => byId.get(id)?.name ?? id)}
          cascade={confirm.cascade}
          onConfirm={() => endConfirm(true)}
          onCancel={() => endConfirm(false)}
        />
      ) : null}
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
