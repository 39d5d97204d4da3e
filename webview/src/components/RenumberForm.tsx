// "Renumber…" in a network's inspector: the network and every address written in it move to the
// typed prefix, keeping host parts, in one edit (the same planner as the Renumber Network command).
import { useState } from 'react';
import { VscodeButton, VscodeTextfield } from '@vscode-elements/react-elements';
import type { NetworkView } from '../protocol';
import { sendEdit } from '../bus';
import { renumberError } from '../renumber';

export function RenumberForm({
  net,
  networks,
  onDone,
}: {
  net: NetworkView;
  networks: readonly NetworkView[];
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(net.cidr);
  const error = renumberError(networks, net, draft);
  const submit = () => {
    if (error) return;
    sendEdit({ kind: 'renumber', network: net.name, cidr: draft.trim() });
    onDone();
  };
  return (
    <div className="okd-field okd-renumber" data-testid="renumber-form">
      <label htmlFor="renumber-cidr">Move {net.name} and every address in it to</label>
      <VscodeTextfield
        id="renumber-cidr"
        data-testid="renumber-cidr"
        value={draft}
        invalid={!!error}
        aria-invalid={!!error}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onKeyDown={(e: React.KeyboardEvent) => {
          if (e.key === 'Enter') submit();
          if (e.key === 'Escape') onDone();
        }}
      />
      {error ? (
        <div className="okd-field-error" role="alert" data-testid="renumber-error">
          {error}
        </div>
      ) : null}
      <div className="okd-inspector-actions">
        <VscodeButton data-testid="renumber-apply" disabled={!!error} onClick={submit}>
          Renumber
        </VscodeButton>
        <VscodeButton secondary onClick={onDone}>
          Cancel
        </VscodeButton>
      </div>
    </div>
  );
}
