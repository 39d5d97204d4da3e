// verify: probes derived from the topology, compared with what the live lab answers.
export * from './types';
export { deriveProbes, ptrAddress, APPS_PROBE_LABEL, type DeriveOptions } from './derive';
export { addressBook, firstOf } from './util';
export { evaluate, settle } from './evaluate';
export {
  formatJson,
  formatText,
  groupChecks,
  serviceName,
  statusByHost,
  summarizeChecks,
  type Summary,
} from './format';
export { PXE_LOADERS } from './derive-services';
