// What the cluster phase needs to install MetalLB, said while typing rather than at deploy time.
import type { Path, Topology } from '../model';
import type { Problem } from '../problems';
import { planMetallbInstall } from '../deploy/metallb';
import { problem } from './util';

export function checkMetallbInstall(t: Topology): Problem[] {
  const out: Problem[] = [];
  const src = t.cluster.metallbSource;
  if (src !== undefined) {
    const at: Path = ['cluster', 'metallbSource'];
    const ok = /^\/[^\s\0]*$/.test(src) || isHttpUrl(src);
    if (!ok)
      out.push(
        problem(
          'metallb-source',
          'error',
          `metallbSource "${src}" must be an http(s):// URL or an absolute path on the kube API host`,
          at,
        ),
      );
  }
  const plan = planMetallbInstall(t);
  if (!plan) return out;
  const at: Path = t.cluster.metallbInstall
    ? ['cluster', 'metallbInstall']
    : t.cluster.metallbVersion
      ? ['cluster', 'metallbVersion']
      : ['pools'];
  for (const e of plan.errors) out.push(problem('metallb-install', 'error', e, at));
  for (const e of plan.needs) out.push(problem('metallb-install-pending', 'info', e, at));
  return out;
}

function isHttpUrl(s: string): boolean {
  if (/\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}
