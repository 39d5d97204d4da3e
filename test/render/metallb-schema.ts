// A small schema of MetalLB's configuration, written from the CRD shapes and validation rules in
// shared/reference/metallb.md: the fields each version accepts and what the webhook rejects.
import { compareVersions } from '../../src/core/render/util';
import { parseRangeOrCidr, rangesOverlap, type IpRange } from '../../src/core/ip';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function poolFields(version: string): string[] {
  const base = ['addresses', 'autoAssign'];
  if (version === '' || compareVersions(version, '0.13.4') >= 0 || compareVersions(version, '0.13.2') < 0)
    base.push('avoidBuggyIPs');
  if (version === '' || compareVersions(version, '0.14') >= 0) base.push('serviceAllocation');
  return base;
}
const L2_FIELDS = [
  'ipAddressPools',
  'ipAddressPoolSelectors',
  'nodeSelectors',
  'interfaces',
  'serviceSelectors',
  'preferredNodeSelectors',
];
const BGP_FIELDS = [
  'aggregationLength',
  'aggregationLengthV6',
  'localPref',
  'communities',
  'ipAddressPools',
  'ipAddressPoolSelectors',
  'peers',
  'nodeSelectors',
];

function checkAddresses(
  pool: string,
  list: unknown,
  seen: { range: IpRange; text: string; pool: string }[],
  errors: string[],
): void {
  if (!Array.isArray(list) || list.length === 0) {
    errors.push(`pool ${pool}: pool has no prefixes defined`);
    return;
  }
  for (const a of list) {
    if (typeof a !== 'string') {
      errors.push(`pool ${pool}: address ${JSON.stringify(a)} is not a string`);
      continue;
    }
    const p = parseRangeOrCidr(a);
    if (!p.range || (!a.includes('/') && !a.includes('-'))) {
      errors.push(`pool ${pool}: invalid CIDR or range ${a}`);
      continue;
    }
    const clash = seen.find((s) => rangesOverlap(s.range, p.range!));
    if (clash)
      errors.push(`CIDR ${a} in pool ${pool} overlaps with already defined ${clash.text} (pool ${clash.pool})`);
    seen.push({ range: p.range, text: a, pool });
  }
}

/** Errors for a list of MetalLB v0.13+ custom resources (as `kubectl apply` plus the webhook would see them). */
export function validateMetallbCrs(docs: unknown[], version: string): string[] {
  const errors: string[] = [];
  const pools = new Set<string>();
  const seen: { range: IpRange; text: string; pool: string }[] = [];
  const advertised: string[] = [];
  for (const d of docs) {
    if (!isObj(d)) {
      errors.push('a document is not an object');
      continue;
    }
    const kind = d.kind as string;
    if (d.apiVersion !== 'metallb.io/v1beta1') errors.push(`${kind}: apiVersion must be metallb.io/v1beta1`);
    const meta = isObj(d.metadata) ? d.metadata : {};
    const name = meta.name;
    if (typeof name !== 'string' || name === '') errors.push(`${kind}: missing name`);
    if (meta.namespace !== 'metallb-system')
      errors.push(`${kind} ${name}: resource must be created in metallb-system namespace`);
    const spec = isObj(d.spec) ? d.spec : {};
    const allowed =
      kind === 'IPAddressPool'
        ? poolFields(version)
        : kind === 'L2Advertisement'
          ? L2_FIELDS
          : kind === 'BGPAdvertisement'
            ? BGP_FIELDS
            : undefined;
    if (!allowed) {
      errors.push(`unknown kind ${kind}`);
      continue;
    }
    for (const k of Object.keys(spec))
      if (!allowed.includes(k))
        errors.push(`${kind} ${name}: field spec.${k} does not exist in MetalLB ${version || 'HEAD'}`);
    if (kind === 'IPAddressPool') {
      if (pools.has(String(name))) errors.push(`duplicate definition of pool "${name}"`);
      pools.add(String(name));
      checkAddresses(String(name), spec.addresses, seen, errors);
      for (const b of ['autoAssign', 'avoidBuggyIPs'])
        if (b in spec && typeof spec[b] !== 'boolean') errors.push(`${name}: spec.${b} must be a boolean`);
    } else {
      const refs = spec.ipAddressPools;
      if (refs !== undefined) {
        if (!Array.isArray(refs) || refs.some((r) => typeof r !== 'string'))
          errors.push(`${kind} ${name}: ipAddressPools must be a list of names`);
        else {
          if (new Set(refs).size !== refs.length)
            errors.push(`${kind} ${name}: duplicate definition of ipAddressPools`);
          advertised.push(...(refs as string[]));
        }
      }
    }
  }
  // MetalLB ignores unknown names silently; for us a typo would mean a pool never announced.
  for (const r of advertised) if (!pools.has(r)) errors.push(`advertisement names pool ${r}, which is not defined`);
  return errors;
}

/** Errors for the legacy (before v0.13) ConfigMap and its embedded `config` document. */
export function validateLegacyConfig(cm: unknown, parseYaml: (s: string) => unknown): string[] {
  const errors: string[] = [];
  if (!isObj(cm) || cm.apiVersion !== 'v1' || cm.kind !== 'ConfigMap') return ['not a v1 ConfigMap'];
  const meta = isObj(cm.metadata) ? cm.metadata : {};
  if (meta.name !== 'config' || meta.namespace !== 'metallb-system')
    errors.push('the ConfigMap must be metallb-system/config');
  const data = isObj(cm.data) ? cm.data : {};
  if (typeof data.config !== 'string') return [...errors, 'data.config is missing'];
  const cfg = parseYaml(data.config);
  const list = isObj(cfg) ? cfg['address-pools'] : undefined;
  if (!Array.isArray(list) || list.length === 0) return [...errors, 'address-pools is empty'];
  const names = new Set<string>();
  const seen: { range: IpRange; text: string; pool: string }[] = [];
  for (const p of list) {
    if (!isObj(p)) {
      errors.push('an address pool is not a mapping');
      continue;
    }
    for (const k of Object.keys(p))
      if (!['name', 'protocol', 'addresses', 'auto-assign', 'avoid-buggy-ips', 'bgp-advertisements'].includes(k))
        errors.push(`unknown pool field ${k}`);
    if (typeof p.name !== 'string' || !p.name) errors.push('missing pool name');
    else if (names.has(p.name)) errors.push(`duplicate definition of pool "${p.name}"`);
    names.add(String(p.name));
    if (p.protocol !== 'layer2' && p.protocol !== 'bgp')
      errors.push(`pool ${p.name}: unknown protocol ${String(p.protocol)}`);
    checkAddresses(String(p.name), p.addresses, seen, errors);
  }
  return errors;
}
