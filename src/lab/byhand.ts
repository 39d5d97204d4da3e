// The seed's way of bringing up a services host, before any tool manages it: copy each config into
// place (`\cp … /etc/dhcp/dhcpd.conf`) and `systemctl enable --now` the services. `rehearse --by-hand`
// uses it to rehearse taking over a host brought up that way: the files are the ones
// `okd-topology render --out DIR` wrote, so the deploy after it finds the host up to date.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../core/render/manifest';
import type { Lab } from './lab';
import { LabError } from './sys';

const PUT =
  'set -e; mkdir -p -- "$(dirname -- "$1")"; cat > "$1.lab-tmp"; chmod "$2" "$1.lab-tmp"; chown "$3" "$1.lab-tmp"; mv -f -- "$1.lab-tmp" "$1"';
const LINK = 'set -e; mkdir -p -- "$(dirname -- "$1")"; ln -sfn -- "$2" "$1"';

export async function installByHand(lab: Lab, host: string, renderedDir: string): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(join(renderedDir, 'MANIFEST.json'), 'utf8')) as Manifest;
  const units: string[] = [];
  for (const f of manifest.files.filter((x) => x.target === host)) {
    const local = join(renderedDir, f.local);
    const r =
      f.symlink || lstatSync(local).isSymbolicLink()
        ? await lab.inServices(host, ['sh', '-c', LINK, 'sh', f.path, readlinkSync(local)])
        : await lab.inServices(
            host,
            ['sh', '-c', PUT, 'sh', f.path, f.mode, `${f.owner ?? 'root'}:${f.group ?? f.owner ?? 'root'}`],
            { input: readFileSync(local, 'utf8') },
          );
    if (r.code !== 0) throw new LabError(`cannot put ${f.path} on ${host}: ${r.stderr.trim()}`);
    for (const h of f.health ?? []) if (h.kind === 'service-active' && !units.includes(h.unit)) units.push(h.unit);
  }
  for (const unit of units) {
    const r = await lab.inServices(host, ['/usr/local/sbin/systemctl', 'enable', '--now', unit]);
    if (r.code !== 0)
      throw new LabError(`systemctl enable --now ${unit} failed on ${host}: ${(r.stderr || r.stdout).trim()}`);
  }
  return units;
}
