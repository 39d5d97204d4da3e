// The check registry: each check is a pure function from the model to problems.
import type { Topology } from '../model';
import type { Problem } from '../problems';
import {
  checkAddressPlacement,
  checkDuplicateAddresses,
  checkInterfaceAddresses,
  checkInvalidAddresses,
} from './addresses';
import { checkDhcpRanges, checkPools, checkRangeCollisions } from './ranges';
import { checkMacs, checkNames } from './identity';
import { checkHa, checkVips } from './vips';
import { checkReferences } from './refs';
import { checkNetworking } from './networking';
import { checkPorts } from './ports';
import { checkServiceCommands } from './commands';
import { checkBaremetalHosts } from './baremetal';
import { checkClusterDns } from './dns';
import { checkInstaller } from './installer';
import { checkMetallbInstall } from './metallb';
import { checkBringup } from './bringup';

export type Check = (t: Topology) => Problem[];

/**
 * Every check by its source name. The names are data, not Function.name, so an internal error names
 * the check even in the minified bundle.
 */
export const CHECKS: Record<string, Check> = {
  checkInvalidAddresses,
  checkDuplicateAddresses,
  checkAddressPlacement,
  checkInterfaceAddresses,
  checkDhcpRanges,
  checkPools,
  checkRangeCollisions,
  checkMacs,
  checkNames,
  checkVips,
  checkHa,
  checkReferences,
  checkNetworking,
  checkPorts,
  checkServiceCommands,
  checkBaremetalHosts,
  checkInstaller,
  checkMetallbInstall,
  checkClusterDns,
  checkBringup,
};

/** Runs every check. A check that throws is a bug; report it instead of losing all diagnostics. */
export function runChecks(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const [name, c] of Object.entries(CHECKS)) {
    try {
      // A loop, not push(...spread): a check may return more problems than the stack holds arguments.
      for (const p of c(t)) out.push(p);
    } catch (e) {
      out.push({
        code: 'internal',
        severity: 'error',
        message: `Internal error in check ${name}: ${(e as Error)?.message ?? String(e)}`,
        path: [],
      });
    }
  }
  return out;
}
