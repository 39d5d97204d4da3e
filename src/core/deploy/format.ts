// The plan as text: shown before a deploy is confirmed (CLI and editor), and by "Show Deploy Plan".
import type { DeployPlan, FileStep, HostPlan } from './plan';
import { displayCommand } from './quote';
import { healthLabel } from './script';

function fileLines(f: FileStep): string[] {
  const owner = f.file.owner || f.file.group ? ` ${f.file.owner ?? ''}${f.file.group ? `:${f.file.group}` : ''}` : '';
  const kind = f.file.symlink ? `-> ${f.file.content}` : `${f.file.mode}${owner}`;
  const out = [`  ${f.remotePath}  [${f.file.service}] ${kind}`];
  if (f.validateTemplate) out.push(`      validate: ${displayCommand(f.validateTemplate)}`);
  return out;
}

function hostLines(hp: HostPlan): string[] {
  const t = hp.host;
  const out = ['', `${t.name}  (${t.user ? `${t.user}@` : ''}${t.alias}${t.port ? `:${t.port}` : ''})`];
  for (const f of hp.files) out.push(...fileLines(f));
  for (const s of hp.services) {
    if (s.reload) out.push(`  reload ${s.service}: ${displayCommand(s.reload)}`);
    for (const h of s.health) out.push(`  check: ${healthLabel(h)}`);
  }
  for (const a of hp.applies) {
    out.push(`  ${a.tool} apply -f ${a.file.path}${a.kubeconfig ? ` (kubeconfig ${a.kubeconfig})` : ''}, after a server-side dry run`);
  }
  return out;
}

export function formatPlan(plan: DeployPlan): string {
  const files = plan.hosts.reduce((n, h) => n + h.files.length, 0);
  const out = [`Deploy plan: ${plan.hosts.length} host(s), ${files} file(s)${plan.remoteRoot ? `, every remote path under ${plan.remoteRoot}` : ''}`];
  for (const hp of plan.hosts) out.push(...hostLines(hp));
  out.push('', 'Each host: upload beside the target, validate, back up, rename into place, reload, check; any failure restores every file of that host.');
  return out.join('\n') + '\n';
}
