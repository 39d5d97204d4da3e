// Messages above the canvas: the YAML is broken (graph frozen), read-only, or an edit was refused.
import { VscodeButton } from '@vscode-elements/react-elements';
import { post } from '../bus';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
}

export function ParseErrorBanner({ error, empty }: { error: { message: string; line: number }; empty?: boolean }) {
  if (empty) {
    // A blank file (no graph ever drawn): offer a start instead of an error.
    return (
      <div className="okd-banner okd-banner-info" role="status" data-testid="empty-file">
        <strong>This file is empty.</strong>
        <span className="okd-dim-text">
          {' '}
          Start from a cluster with one network and one host, or write it as text (completion offers the same skeleton).
        </span>
        <VscodeButton data-testid="scaffold" onClick={() => post({ type: 'scaffold' })}>
          Create a Starting Topology
        </VscodeButton>
        <VscodeButton secondary onClick={() => post({ type: 'openAsText' })}>
          Open as Text
        </VscodeButton>
      </div>
    );
  }
  return (
    <div className="okd-banner okd-banner-error" role="alert" data-testid="parse-error">
      <strong>The YAML has an error on line {error.line + 1}:</strong> {error.message}
      <span className="okd-dim-text">
        {' '}
        The graph shows the last valid version; editing is off until the text is fixed.
      </span>
      <VscodeButton secondary onClick={() => post({ type: 'openAsText' })}>
        Open as Text
      </VscodeButton>
    </div>
  );
}

export function NoticeBanner({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  return (
    <div
      className={`okd-banner okd-banner-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      {notice.text}
      <button type="button" className="okd-link" aria-label="Dismiss" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
