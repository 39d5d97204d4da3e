// Asks before a delete that takes other things along (issue 13: deleting a network silently took
// every interface on it). Cancel has the focus, so Enter or Escape never deletes by accident.
import { useEffect, useRef } from 'react';
import type { Cascade } from '../cascade';

const SHOWN = 12;

function Lines({ items, label }: { items: string[]; label: string }) {
  if (!items.length) return null;
  const more = items.length - SHOWN;
  return (
    <>
      <p className="okd-confirm-label">{label}</p>
      <ul className="okd-confirm-list" data-testid={`confirm-${label.startsWith('Also') ? 'goes' : 'stays'}`}>
        {items.slice(0, SHOWN).map((l, i) => (
          <li key={i}>{l}</li>
        ))}
        {more > 0 ? <li className="okd-dim-text">and {more} more</li> : null}
      </ul>
    </>
  );
}

export function ConfirmDelete({
  names,
  cascade,
  onConfirm,
  onCancel,
}: {
  names: string[];
  cascade: Cascade;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const what = names.length === 1 ? names[0] : `${names.length} nodes`;
  return (
    <div
      className="okd-confirm-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onCancel();
      }}
    >
      <div
        className="okd-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="okd-confirm-title"
        data-testid="confirm-delete"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id="okd-confirm-title">Delete {what}?</h2>
        <Lines items={cascade.goes} label={`Also deleted (${cascade.goes.length}):`} />
        <Lines items={cascade.stays} label="Left in the file, reported as problems:" />
        <p className="okd-dim-text">Undo (Ctrl+Z) brings everything back.</p>
        <div className="okd-confirm-buttons">
          <button type="button" ref={cancel} className="okd-btn" data-testid="confirm-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="okd-btn okd-btn-danger" data-testid="confirm-ok" onClick={onConfirm}>
            Delete all
          </button>
        </div>
      </div>
    </div>
  );
}
