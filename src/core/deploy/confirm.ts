// The words of the editor's deploy confirmation and of its result notification. The whole plan is shown
// in a document beside; the dialog itself stays a few lines long, whatever the number of hosts.
import type { HostResult } from './events';
import { addressLine, type FormatOptions } from './format';
import type { DeployPlan } from './plan';

const MAX_HOSTS = 6;

export interface Confirmation {
  message: string;
  detail: string;
}

export function confirmation(plan: DeployPlan, resolve?: FormatOptions['resolve']): Confirmation {
  const files = plan.hosts.reduce((n, h) => n + h.files.length, 0);
  const manifests = plan.hosts.reduce((n, h) => n + h.applies.length, 0);
  const shown = plan.hosts.slice(0, MAX_HOSTS).map((h) => `${h.host.name}: ${addressLine(h.host, resolve)}`);
  if (plan.hosts.length > MAX_HOSTS) shown.push(`… and ${plan.hosts.length - MAX_HOSTS} more`);
  if (plan.install)
    shown.push(
      `${plan.install.host.name}: ${addressLine(plan.install.host, resolve)} (install assets in ${plan.install.dir})`,
    );
  const packages = plan.hosts.some((h) => h.packages.needs.length)
    ? ['Hosts missing a package the plan lists stop untouched, unless you choose to install the missing packages.']
    : [];
  return {
    message: plan.install
      ? `Make the install assets on ${plan.install.host.name} (install phase)?`
      : `Deploy ${files} file(s)${manifests ? ` and ${manifests} manifest(s)` : ''} to ${plan.hosts.length} host(s) (${plan.phase} phase)?`,
    detail: [
      ...shown,
      '',
      'The whole plan is open in the editor. Enter does not deploy: it goes back to the plan.',
      ...packages,
    ].join('\n'),
  };
}

const OK = new Set(['deployed', 'unchanged', 'would-change']);

/** One line that names every host that was not deployed and why (first line of each error, shortened). */
export function failureSummary(results: HostResult[], maxPerHost = 160): string {
  const bad = results.filter((r) => !OK.has(r.outcome));
  const each = bad.map((r) => {
    const why = (r.error ?? '').split('\n')[0];
    return `${r.host} (${r.outcome}${why ? `: ${why.length > maxPerHost ? `${why.slice(0, maxPerHost - 1)}…` : why}` : ''})`;
  });
  return `Deploy: ${bad.length} of ${results.length} host(s) not deployed: ${each.join('; ')}`;
}
