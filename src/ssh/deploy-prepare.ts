// Before anything changes on a host: compare the files with it (the probe), undo an interrupted earlier
// deploy from its journal, and install missing packages when the user agreed.
import { installHint, installScript, packageNames, type PackageNeed } from '../core/deploy/packages';
import { parseJournal } from '../core/deploy/journal';
import type { HostPlan } from '../core/deploy/plan';
import { probeParts, readProbe, type HostState } from '../core/deploy/probe';
import { describeMissing } from './deploy-files';
import type { DeployRunOptions } from './deploy-options';
import type { Reporter } from './deploy-report';
import { recoverJournal } from './deploy-undo';
import { briefStep, StepFailed, type HostSession } from './host-session';
import { ConnectionLostError } from './session';

/** What the steps before the deploy need of the host's run. */
export interface Prepare {
  hp: HostPlan;
  opts: DeployRunOptions;
  journal: string;
  rep: Reporter;
  s: HostSession;
}

export async function probeHost(c: Prepare): Promise<HostState> {
  const { hp, opts } = c;
  c.rep.emit('probe', `comparing ${hp.files.length} file(s) with the host`);
  const refresh = opts.refresh;
  const req = {
    hp,
    reread: refresh ? hp.files.filter((f) => !f.file.symlink && refresh.wants(f)) : [],
    mkdir: !opts.dryRun,
    journal: c.journal,
  };
  const { parts, scripts } = probeParts(req);
  const { done, cut } = await c.s.batch(scripts, false);
  if (cut) throw new ConnectionLostError(cut.message);
  const st = readProbe(req, parts, done, briefStep);
  if ('error' in st) throw new StepFailed(st.error);
  return st;
}

export async function recoverInterrupted(c: Prepare, text: string): Promise<void> {
  const j = parseJournal(text);
  if ('error' in j) {
    throw new StepFailed(
      `${c.journal} on the host is not a deploy journal this version can read (${j.error}); look at it, then remove it and deploy again`,
    );
  }
  c.rep.note(await recoverJournal(c.s, c.rep, j.header, j.ledger, c.journal));
}

/** Installs the packages of missing programs when the user agreed; otherwise stops the host before anything changes. */
export async function installMissing(c: Prepare, missing: PackageNeed[]): Promise<HostState | undefined> {
  const { manager } = c.hp.packages;
  const names = packageNames(missing);
  if (c.opts.dryRun) {
    c.rep.note(`missing packages: ${describeMissing(missing)}`);
    return undefined;
  }
  if (!c.opts.installPackages) {
    throw new StepFailed(
      `missing packages: ${describeMissing(missing)}. Install them (${installHint(manager, names)}), ` +
        'or let deploy install them (CLI: --install-packages; editor: "Deploy and Install Packages")',
    );
  }
  c.rep.emit('install', `${manager}: ${names.join(' ')}`);
  await c.s.mustRun(
    `installing ${names.join(', ')} with ${manager}`,
    installScript(manager, names),
    undefined,
    Math.max(c.s.timeoutMs, 600000),
  );
  c.rep.note(`installed ${names.join(', ')} with ${manager}`);
  // Packages may have put default configs where the files go: compare again, so those are backed up.
  const st = await probeHost(c);
  if (st.missing.length)
    throw new StepFailed(`after installing ${names.join(', ')}, still missing: ${describeMissing(st.missing)}`);
  return st;
}
