// The mirror registry (seed 001): podman runs the registry image from a systemd unit, with TLS from a CA
// made on the host (or files you give) and htpasswd auth. Everything here is data for the unit template,
// the install-config mirrors and the deploy steps that make the certificates (host-steps.ts).
import type { Host } from '../model';
import type { SecretRef } from './manifest';
import type { Lookup } from './lookup';
import { numberSetting } from './view-net';
import { REGISTRY_DEFAULTS, REGISTRY_RULES } from '../rules';
import { SECRET_PLACEHOLDER } from './placeholders';

export interface RegistryView {
  host: string;
  fqdn: string;
  /** The host's first address, also put in the certificate (clients that use the IP). */
  ip?: string;
  port: number;
  image: string;
  user: string;
  repository: string;
  /** `<fqdn>:<port>/<repository>`: where `oc adm release mirror --to=` put the release. */
  mirror: string;
  dir: string;
  paths: {
    ca: string;
    caKey: string;
    caCert: string;
    csr: string;
    ext: string;
    certs: string;
    cert: string;
    key: string;
    auth: string;
    htpasswd: string;
    data: string;
  };
  /** Certificate files given in the topology (uploaded by deploy instead of generated). */
  given: { caFile?: string; certFile?: string; keyFile?: string };
  /** Deploy makes the CA and certificate on the host (no certFile/keyFile given). */
  generate: boolean;
  /** install-config needs the CA as additionalTrustBundle (a CA of ours or the given caFile). */
  trustBundle: boolean;
}

function setting(l: Lookup, key: keyof typeof REGISTRY_RULES): string {
  const v = l.t.services.registry?.settings[key];
  return typeof v === 'string' && REGISTRY_RULES[key].test(v) ? v : REGISTRY_DEFAULTS[key];
}

function fileSetting(l: Lookup, key: 'caFile' | 'certFile' | 'keyFile'): string | undefined {
  const v = l.t.services.registry?.settings[key];
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' && v.trim() !== '' && !/[\x00-\x1f\x7f]/.test(v) ? v : undefined;
}

export function buildRegistry(l: Lookup, h: Host): RegistryView {
  const fqdn = `${h.name}.${l.domain}`;
  const port = numberSetting(l.t.services.registry?.settings.port, REGISTRY_DEFAULTS.port);
  const repository = setting(l, 'repository');
  const dir = setting(l, 'dir').replace(/\/+$/, '');
  const given = {
    caFile: fileSetting(l, 'caFile'),
    certFile: fileSetting(l, 'certFile'),
    keyFile: fileSetting(l, 'keyFile'),
  };
  const generate = !(given.certFile && given.keyFile);
  return {
    host: h.name,
    fqdn,
    ip: l.primaryIp(h, 4) ?? l.primaryIp(h, 6),
    port,
    image: setting(l, 'image'),
    user: setting(l, 'user'),
    repository,
    mirror: `${fqdn}:${port}/${repository}`,
    dir,
    paths: {
      ca: `${dir}/ca`,
      caKey: `${dir}/ca/ca.key`,
      caCert: `${dir}/ca/ca.crt`,
      csr: `${dir}/ca/registry.csr`,
      ext: `${dir}/ca/registry.ext`,
      certs: `${dir}/certs`,
      cert: `${dir}/certs/registry.crt`,
      key: `${dir}/certs/registry.key`,
      auth: `${dir}/auth`,
      htpasswd: `${dir}/auth/htpasswd`,
      data: `${dir}/data`,
    },
    given,
    generate,
    trustBundle: generate || given.caFile !== undefined,
  };
}

/** The registry views, one per registry host (the first one is the mirror install-config names). */
export function buildRegistries(l: Lookup): RegistryView[] {
  return l.serviceHosts('registry').map((h) => buildRegistry(l, h));
}

/**
 * Where install-config's additionalTrustBundle comes from: the caFile on this machine, else the CA deploy
 * made on the registry host (read from there by whoever writes the real install-config).
 */
export function trustBundleRef(r: RegistryView | undefined): SecretRef | undefined {
  if (!r?.trustBundle) return undefined;
  const placeholder = SECRET_PLACEHOLDER.trustBundle;
  return r.given.caFile
    ? { placeholder, kind: 'trustBundle', file: r.given.caFile }
    : { placeholder, kind: 'trustBundle', host: r.host, path: r.paths.caCert };
}

/** The htpasswd password, asked for at deploy time (never in the topology or the output). */
export function registryPasswordRef(r: RegistryView): SecretRef {
  return { placeholder: SECRET_PLACEHOLDER.registryPassword(r.host), kind: 'registryPassword', host: r.host };
}
