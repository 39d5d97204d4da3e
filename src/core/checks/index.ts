// The check registry: each check is a pure function from the model to problems.
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { checkAddressPlacement, checkDuplicateAddresses, checkInterfaceAddresses, checkInvalidAddresses } from './addresses';
import { checkDhcpRanges, checkPools, checkRangeCollisions } from './ranges';
import { checkMacs, checkNames } from './identity';
import { checkHa, checkVips } from './vips';
import { checkReferences } from './refs';
import { checkNetworking } from './networking';
import { checkPorts } from './ports';
import { checkFreeAddresses } from './info';
import { checkServiceCommands } from './commands';
import { checkBaremetalHosts } from './baremetal';
import { checkClusterDns } from './dns';
import { checkBringup } from './bringup';

export type Check = (t: Topology) => Problem[];

const checks: Check[] = [
  checkInvalidAddresses, checkDuplicateAddresses, checkAddressPlacement, checkInterfaceAddresses,
  checkDhcpRanges, checkPools, checkRangeCollisions,
  checkMacs, checkNames, checkVips, checkHa, checkReferences, checkNetworking, checkPorts, checkServiceCommands, checkBaremetalHosts, checkClusterDns, checkBringup, checkFreeAddresses,
];

/** Runs every check. A check that throws is a bug; report it instead of losing all diagnostics. */
export function runChecks(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const c of checks) {
    try {
      out.push(...c(t));
    } catch (e) {
      out.push({ code: 'internal', severity: 'error', message: `Internal error in check ${c.name || '?'}: ${(e as Error).message}`, path: [] });
    }
  }
  return out;
}
