// The shared life cycle of an e2e suite: a fresh copy of the examples, a workbench on it (optionally
// with a file open), a screenshot and log bundle for every failed test, and cleanup at the end.
import { Workbench, copyExamples, removeWorkspace, type OpenOptions } from './workbench';

export interface SessionSetup {
  /** Runs on the fresh workspace before the workbench opens (read originals, plant mistakes). */
  prepare?: (ws: string) => void;
  /** Workbench options other than the workspace. */
  open?: Omit<OpenOptions, 'workspace'>;
  /** Workspace-relative file to open once the workbench is up. */
  file?: string;
  /** Extra steps once the file is open (split editors, open the graph…). */
  ready?: (wb: Workbench) => Promise<void>;
}

export interface Session {
  readonly wb: Workbench;
  readonly ws: string;
}

/** Registers the suite's before/afterEach/after hooks; the returned session is live inside tests. */
export function useWorkbench(setup: SessionSetup = {}): Session {
  let wb: Workbench | undefined;
  let ws: string | undefined;
  before(async () => {
    ws = copyExamples();
    setup.prepare?.(ws);
    wb = await Workbench.open({ workspace: ws, ...setup.open });
    if (setup.file) await wb.openFile(setup.file);
    await setup.ready?.(wb);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.recordFailure(this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
    if (ws) removeWorkspace(ws);
  });
  return {
    get wb() {
      if (!wb) throw new Error('the workbench is not open (did its before hook fail?)');
      return wb;
    },
    get ws() {
      if (!ws) throw new Error('no workspace yet');
      return ws;
    },
  };
}
