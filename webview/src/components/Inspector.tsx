// Side panel with a form for every field of the selected node. Values are checked as they are
// typed (format only) and written on Enter/blur as setField (or rename for names); the snapshot's
// problems for the field show under it.
import { useEffect, useRef, useState } from 'react';
import { VscodeButton, VscodeCheckbox, VscodeOption, VscodeTextfield } from '@vscode-elements/react-elements';
import { Select } from './Select';
import type { ProblemView, TopologyView } from '../protocol';
import { post, sendEdit } from '../bus';
import type { AnyView } from '../describe';
import { editFor, fieldError, fieldsFor, type FieldContext, type FieldSpec } from '../fields';
import { RenumberForm } from './RenumberForm';

export interface InspectorProps {
  node: AnyView;
  view: TopologyView;
  problems: ProblemView[];
  locked: boolean;
  focus?: { field?: string; seq: number };
  onClose: () => void;
  onDelete: (ids: string[]) => void;
}

const startsWith = (path: readonly (string | number)[], prefix: readonly (string | number)[]) =>
  prefix.every((k, i) => path[i] === k);

/** One labelled input; `node` is absent for the cluster block (its fields are plain setField edits). */
export function FieldRow({
  node,
  spec,
  problems,
  locked,
}: {
  node?: AnyView;
  spec: FieldSpec;
  problems: ProblemView[];
  locked: boolean;
}) {
  const [draft, setDraft] = useState(spec.value);
  // The value last sent and not yet in a snapshot: Enter then blur (Tab) must not send it twice (the
  // copy would wait behind the first and then be a no-op edit). Enter itself always sends, so a
  // refused edit can be retried.
  const sent = useRef<string | boolean | undefined>(undefined);
  useEffect(() => {
    setDraft(spec.value);
    sent.current = undefined;
  }, [spec.value]);
  const error = fieldError(spec, draft);
  const id = `f-${spec.key}`;
  const commit = (value: string | boolean, onBlur = false) => {
    if (onBlur && typeof value === 'string' && value.trim() === sent.current) return;
    const edit = editFor(node, spec, value);
    if (!edit) return;
    sent.current = typeof value === 'string' ? value.trim() : value;
    sendEdit(edit);
  };
  const own = problems.filter((p) => startsWith(p.path, spec.path));
  let input: React.ReactNode;
  if (spec.input === 'bool') {
    input = (
      <VscodeCheckbox
        id={id}
        data-field={spec.key}
        data-testid={`field-${spec.key}`}
        checked={spec.value === 'true'}
        disabled={locked}
        label={spec.label}
        onChange={(e) => commit((e.target as HTMLInputElement).checked)}
      />
    );
  } else if (spec.input === 'select') {
    input = (
      <Select
        id={id}
        data-field={spec.key}
        data-testid={`field-${spec.key}`}
        value={spec.value}
        disabled={locked}
        aria-label={spec.label}
        onChange={(e) => commit((e.target as HTMLSelectElement).value)}
      >
        {(spec.options ?? []).map((o) => (
          <VscodeOption key={o} value={o}>
            {o === '' ? '(none)' : o}
          </VscodeOption>
        ))}
      </Select>
    );
  } else {
    input = (
      <VscodeTextfield
        id={id}
        data-field={spec.key}
        data-testid={`field-${spec.key}`}
        value={draft}
        invalid={!!error}
        disabled={locked}
        label={spec.label}
        aria-invalid={!!error}
        placeholder={spec.help}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onBlur={() => commit(draft, true)}
        onKeyDown={(e: React.KeyboardEvent) => {
          if (e.key === 'Enter') commit(draft);
          if (e.key === 'Escape') setDraft(spec.value);
        }}
      />
    );
  }
  return (
    <div className="okd-field">
      {spec.input === 'bool' ? null : (
        <label htmlFor={id}>
          {spec.label}
          {spec.required ? ' *' : ''}
        </label>
      )}
      {input}
      {error ? (
        <div className="okd-field-error" role="alert" data-testid={`error-${spec.key}`}>
          {error}
        </div>
      ) : null}
      {own.map((p, i) => (
        <div key={i} className={`okd-field-problem okd-sev-${p.severity}`} data-testid={`problem-${spec.key}`}>
          {p.message}
        </div>
      ))}
    </div>
  );
}

export function Inspector({ node, view, problems, locked, focus, onClose, onDelete }: InspectorProps) {
  const root = useRef<HTMLDivElement>(null);
  const ctx: FieldContext = {
    networks: view.networks.map((n) => n.name),
    hosts: view.hosts.map((h) => h.name),
    hypervisors: view.hosts.filter((h) => h.role === 'hypervisor').map((h) => h.name),
    platform: view.cluster.platform,
  };
  const specs = fieldsFor(node, ctx);
  const groups = new Map<string, FieldSpec[]>();
  for (const s of specs) groups.set(s.group ?? '', [...(groups.get(s.group ?? '') ?? []), s]);
  const mine = problems.filter((p) => p.nodeId === node.id);
  const unplaced = mine.filter((p) => !specs.some((s) => startsWith(p.path, s.path)));
  const [connectTo, setConnectTo] = useState('');
  const [renumbering, setRenumbering] = useState<string>();

  useEffect(() => {
    if (!focus) return;
    const t = setTimeout(() => {
      // Requests come from the graph; a user already in a field (a quick click after a double-click)
      // stays there, or what they type next would land in another field.
      const now = document.activeElement;
      if (now && now !== root.current && root.current?.contains(now)) return;
      const el = root.current?.querySelector<HTMLElement>(
        focus.field ? `[data-field="${focus.field}"]` : '[data-field]',
      );
      el?.focus();
    }, 30);
    return () => clearTimeout(t);
  }, [focus]);

  return (
    <aside
      className="okd-inspector"
      ref={root}
      aria-label={`Inspector: ${node.kind} ${node.name}`}
      data-testid="inspector"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && (e.target as HTMLElement).tagName !== 'VSCODE-TEXTFIELD') onClose();
      }}
    >
      <div className="okd-inspector-head">
        <span className="okd-kind">{node.kind}</span>
        <span className="okd-name">{node.name}</span>
        <button type="button" className="okd-link" aria-label="Close inspector" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="okd-inspector-actions">
        <VscodeButton secondary onClick={() => post({ type: 'showInText', nodeId: node.id })}>
          Show in Text
        </VscodeButton>
        <VscodeButton secondary disabled={locked} data-testid="inspector-delete" onClick={() => onDelete([node.id])}>
          Delete
        </VscodeButton>
        {node.kind === 'network' ? (
          <VscodeButton
            secondary
            disabled={locked}
            data-testid="inspector-renumber"
            title="Move this network and every address in it to another prefix"
            onClick={() => setRenumbering(node.id)}
          >
            Renumber…
          </VscodeButton>
        ) : null}
      </div>
      {node.kind === 'network' && renumbering === node.id && !locked ? (
        <RenumberForm key={node.id} net={node} networks={view.networks} onDone={() => setRenumbering(undefined)} />
      ) : null}
      {unplaced.length ? (
        <ul className="okd-problem-list" aria-label="Problems">
          {unplaced.map((p, i) => (
            <li key={i} className={`okd-sev-${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {[...groups].map(([group, list]) => (
        <fieldset key={group || 'main'} className="okd-fieldset">
          {group ? <legend>{group}</legend> : null}
          {/* Text fields start afresh per node (a half-typed draft must not follow the selection);
              selects keep no draft, so they stay across nodes: each new one measures itself, which
              costs a layout of the whole page. */}
          {list.map((s) => (
            <FieldRow
              key={s.input === 'select' ? `select|${s.key}` : `${node.id}|${s.key}`}
              node={node}
              spec={s}
              problems={mine}
              locked={locked}
            />
          ))}
          {node.kind === 'host' && group.startsWith('interface ') ? (
            <VscodeButton
              secondary
              disabled={locked}
              onClick={() => {
                const index = Number(group.split(' ')[1]);
                const net = node.interfaces.find((i) => i.index === index)?.network;
                if (net) sendEdit({ kind: 'disconnect', host: node.name, network: net, index });
              }}
            >
              Disconnect
            </VscodeButton>
          ) : null}
        </fieldset>
      ))}
      {node.kind === 'host' ? (
        <div className="okd-field okd-connect">
          <label htmlFor="connect-to">Add interface on</label>
          <Select
            id="connect-to"
            data-testid="connect-to"
            value={connectTo}
            disabled={locked}
            onChange={(e) => setConnectTo((e.target as HTMLSelectElement).value)}
          >
            {['', ...ctx.networks].map((n) => (
              <VscodeOption key={n} value={n}>
                {n || '(network)'}
              </VscodeOption>
            ))}
          </Select>
          <VscodeButton
            secondary
            disabled={locked || !connectTo}
            onClick={() => connectTo && sendEdit({ kind: 'connect', host: node.name, network: connectTo })}
          >
            Connect
          </VscodeButton>
        </div>
      ) : null}
    </aside>
  );
}
