// The one-line summary the status bar shows for a topology file.
import type { Analysis } from '../analyze';

export function summary(a: Analysis): { text: string; tooltip: string } {
  const count = (s: string) => a.problems.filter((p) => p.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const hosts = a.topology?.hosts.length ?? 0;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const hostText = a.topology ? ` · ${plural(hosts, 'host')}` : '';
  let text: string;
  if (errors) text = `$(error) OKD: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`;
  else if (warnings) text = `$(warning) OKD: ${plural(warnings, 'warning')}${hostText}`;
  else text = `$(check) OKD: 0 errors${hostText}`;
  const nets = a.topology?.networks.length ?? 0;
  const tooltip = a.topology
    ? `Topology: ${plural(hosts, 'host')}, ${plural(nets, 'network')}, ${plural(a.topology.vips.length, 'VIP')}, ${plural(a.topology.pools.length, 'pool')}. Click to open Problems.`
    : 'The file is not valid YAML yet. Click to open Problems.';
  return { text, tooltip };
}
