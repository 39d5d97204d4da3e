// What the cluster phase does about MetalLB given what the probe found installed: install, upgrade,
// skip (same version) or refuse (a downgrade, or the ConfigMap-to-CRD step that is the user's).
import { compareVersions } from '../render/util';

export interface MetallbDecision {
  action: 'install' | 'upgrade' | 'skip' | 'refuse';
  installed?: string;
  reason: string;
}

/** The installed MetalLB version from the probe's output (controller image tag), if any. */
export function installedMetallb(probeOutput: string): string | undefined {
  for (const line of probeOutput.split(/\s+/)) {
    const m =
      /metallb\/controller:(v?\d+\.\d+\.\d+)/.exec(line) ?? /metallb-operator[^:]*:(v?\d+\.\d+\.\d+)/.exec(line);
    if (m) return m[1].startsWith('v') ? m[1] : `v${m[1]}`;
  }
  return undefined;
}

/** Idempotent and ordered upgrades: same version does nothing; the ConfigMap-to-CRD step is the user's. */
export function decideMetallb(installed: string | undefined, wanted: string): MetallbDecision {
  if (!installed) return { action: 'install', reason: 'MetalLB is not installed' };
  if (!wanted)
    return {
      action: 'skip',
      installed,
      reason: `MetalLB ${installed} is installed and no metallbVersion asks for another`,
    };
  const c = compareVersions(installed, wanted);
  if (c === 0) return { action: 'skip', installed, reason: `MetalLB ${installed} is already installed` };
  if (c > 0)
    return {
      action: 'refuse',
      installed,
      reason: `MetalLB ${installed} is installed, newer than ${wanted}; downgrades are not supported by MetalLB. Set metallbVersion to ${installed} or uninstall it first`,
    };
  if (compareVersions(installed, '0.13') < 0 && compareVersions(wanted, '0.13') >= 0) {
    return {
      action: 'refuse',
      installed,
      reason: `MetalLB ${installed} reads its pools from a ConfigMap, ${wanted} from IPAddressPool objects: convert the ConfigMap with MetalLB's configmaptocrs tool, delete it, then deploy the cluster phase again (or stay below v0.13)`,
    };
  }
  return { action: 'upgrade', installed, reason: `upgrading MetalLB ${installed} to ${wanted}` };
}
