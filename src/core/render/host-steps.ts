// What deploy does on a host besides writing rendered files: copy the boot loaders from the host's own
// packages into the TFTP root, make (or upload) the registry's certificates and htpasswd, trust the
// registry's CA, and on enforcing SELinux label HAProxy's ports and the served folders. Pure data:
// each step is argv or a copy, never a shell string, and names the service it belongs to and the package
// that ships its program (or copied file) on the host's distribution.
import type { Host } from '../model';
import type { CommandStep, HostStep } from './manifest';
import { biosBootFiles, needsHttpLoader, uefiBootFiles } from './boot';
import { layoutOf } from './layout';
import type { View } from './view';
import { buildRegistries, registryPasswordRef, type RegistryView } from './view-registry';

export function planHostSteps(v: View): HostStep[] {
  const steps: HostStep[] = [];
  const l = v.lookup;
  for (const h of l.serviceHosts('pxe')) pxeSteps(v, h, steps);
  for (const r of buildRegistries(l)) registrySteps(v, l.hosts.get(r.host)!, r, steps);
  for (const h of l.t.hosts) {
    if (l.hosts.get(h.name) === h && layoutOf(h).family === 'redhat') selinuxSteps(v, h, steps);
  }
  return steps;
}

function pxeSteps(v: View, h: Host, steps: HostStep[]): void {
  if (!v.pxe) return;
  const http = v.lookup.nodes().some((n) => needsHttpLoader(v.lookup, n));
  const files = [...biosBootFiles(h.os, http), ...(v.pxe.uefi ? uefiBootFiles(h.os) : [])];
  for (const f of files) {
    steps.push({
      kind: 'copy',
      target: h.name,
      service: 'pxe',
      title: `boot loader ${f.name} into the TFTP root, from the host's ${f.package} package`,
      from: f.from,
      to: `${v.pxe.tftpRoot}/${f.name}`,
      mode: '0644',
      package: f.package,
    });
  }
}

/** An OpenSSL `-subj` value: `/`, `+`, `=`, `,` and `\` are syntax there and are escaped. */
export function subjectValue(s: string): string {
  return s.replace(/[\\/+=,]/g, (c) => `\\${c}`);
}

function registrySteps(v: View, h: Host, r: RegistryView, steps: HostStep[]): void {
  const p = r.paths;
  const base = { target: h.name, service: 'registry' };
  const cmd = (title: string, argv: string[], paths: string[], extra: Partial<CommandStep> = {}): CommandStep => ({
    kind: 'command',
    ...base,
    title,
    argv,
    paths,
    ...extra,
  });
  // ca/, certs/ and auth/ hold keys and password hashes: root only. data/ is the image store.
  const privateDirs = r.generate || r.given.caFile ? [p.ca, p.certs, p.auth] : [p.certs, p.auth];
  steps.push(
    cmd(
      'registry folders (keys and htpasswd readable by root only)',
      ['install', '-d', '-m', '0700', ...privateDirs],
      privateDirs,
    ),
  );
  steps.push(cmd('registry image store', ['mkdir', '-p', p.data], [p.data]));
  if (r.generate) {
    const openssl = { package: 'openssl' };
    steps.push(
      cmd(
        `registry CA (${v.cluster.domain})`,
        [
          'openssl',
          'req',
          '-x509',
          '-newkey',
          'rsa:4096',
          '-nodes',
          '-sha256',
          '-days',
          '1825',
          '-subj',
          `/CN=${subjectValue(`${v.cluster.domain} mirror registry CA`)}`,
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
          '-keyout',
          p.caKey,
          '-out',
          p.caCert,
        ],
        [p.caKey, p.caCert],
        { creates: p.caCert, ...openssl },
      ),
    );
    steps.push(
      cmd(
        `registry key and signing request for ${r.fqdn}`,
        [
          'openssl',
          'req',
          '-new',
          '-newkey',
          'rsa:4096',
          '-nodes',
          '-sha256',
          '-subj',
          `/CN=${subjectValue(r.fqdn)}`,
          '-keyout',
          p.key,
          '-out',
          p.csr,
        ],
        [p.key, p.csr, p.cert],
        { creates: p.cert, ...openssl },
      ),
    );
    steps.push(
      cmd(
        `registry certificate for ${r.fqdn}, signed by the registry CA`,
        [
          'openssl',
          'x509',
          '-req',
          '-sha256',
          '-days',
          '730',
          '-in',
          p.csr,
          '-CA',
          p.caCert,
          '-CAkey',
          p.caKey,
          '-CAcreateserial',
          '-extfile',
          p.ext,
          '-out',
          p.cert,
        ],
        [p.csr, p.caCert, p.caKey, p.ext, p.cert],
        { creates: p.cert, ...openssl },
      ),
    );
  } else {
    const up = (local: string, to: string, mode: string, what: string): HostStep => ({
      kind: 'upload',
      ...base,
      title: `registry ${what} from ${local}`,
      local,
      to,
      mode,
    });
    if (r.given.caFile) steps.push(up(r.given.caFile, p.caCert, '0644', 'CA'));
    steps.push(up(r.given.certFile!, p.cert, '0644', 'certificate'));
    steps.push(up(r.given.keyFile!, p.key, '0600', 'key'));
  }
  // -i: the password comes on stdin, asked for at deploy time; it never appears on a command line.
  steps.push(
    cmd(`registry htpasswd for user ${r.user}`, ['htpasswd', '-iBc', p.htpasswd, r.user], [p.htpasswd], {
      creates: p.htpasswd,
      stdin: registryPasswordRef(r),
      package: layoutOf(h).family === 'debian' ? 'apache2-utils' : 'httpd-tools',
    }),
  );
  if (r.trustBundle) trustSteps(h, r, steps);
}

/** The services host trusts the registry's CA too (the seed does), so `oc adm release mirror` there can push. */
function trustSteps(h: Host, r: RegistryView, steps: HostStep[]): void {
  const debian = layoutOf(h).family === 'debian';
  const anchor = debian
    ? `/usr/local/share/ca-certificates/okd-topology-registry-${r.host}.crt`
    : `/etc/pki/ca-trust/source/anchors/okd-topology-registry-${r.host}.crt`;
  const base = { target: h.name, service: 'registry' };
  steps.push({
    kind: 'copy',
    ...base,
    title: "registry CA into the host's trust store",
    from: r.paths.caCert,
    to: anchor,
    mode: '0644',
  });
  steps.push({
    kind: 'command',
    ...base,
    title: "update the host's trusted CAs",
    argv: debian ? ['update-ca-certificates'] : ['update-ca-trust', 'extract'],
    system: true,
    rerunOnUndo: true,
    package: 'ca-certificates',
  });
}

// Ports SELinux's policy already labels http_port_t (HAProxy and httpd may bind them). httpd may also
// bind http_cache_port_t, which holds 8080: the seed's httpd listens there without a label.
const HTTP_PORT_T = new Set([80, 81, 443, 488, 8008, 8009, 8443, 9000]);
const SELINUX = { when: 'selinux-enforcing' as const, package: 'policycoreutils-python-utils' };

function portLabel(h: Host, service: string, port: number, why: string): CommandStep {
  const argv = (op: '-a' | '-m') => ['semanage', 'port', op, '-t', 'http_port_t', '-p', 'tcp', String(port)];
  return {
    kind: 'command',
    target: h.name,
    service,
    title: `SELinux: let ${why} use port ${port}/tcp`,
    argv: argv('-a'),
    orElse: argv('-m'),
    // Only a label this step added goes on rollback; one it changed with -m stays (its old type is not known).
    undo: ['semanage', 'port', '-d', '-t', 'http_port_t', '-p', 'tcp', String(port)],
    system: true,
    ...SELINUX,
  };
}

/** `/srv/tftp` as a semanage fcontext pattern for the folder and everything in it. */
export function fcontextPattern(dir: string): string {
  return `${dir.replace(/[.^$*+?()[\]{}|\\]/g, '\\$&')}(/.*)?`;
}

function folderLabel(
  h: Host,
  service: string,
  dir: string,
  standard: string,
  type: string,
  why: string,
  steps: HostStep[],
): void {
  const base = { kind: 'command' as const, target: h.name, service, ...SELINUX };
  if (dir !== standard) {
    const argv = (op: '-a' | '-m') => ['semanage', 'fcontext', op, '-t', type, fcontextPattern(dir)];
    steps.push({
      ...base,
      title: `SELinux: label ${dir} as ${type} (${why} outside ${standard})`,
      argv: argv('-a'),
      orElse: argv('-m'),
      undo: ['semanage', 'fcontext', '-d', fcontextPattern(dir)],
      system: true,
    });
  }
  steps.push({
    ...base,
    title: `SELinux: restore the file contexts under ${dir}`,
    argv: ['restorecon', '-RF', dir],
    paths: [dir],
    package: 'policycoreutils',
    // After a rollback took a file context away, the files get their default labels back.
    rerunOnUndo: true,
  });
}

function selinuxSteps(v: View, h: Host, steps: HostStep[]): void {
  const l = v.lookup;
  if (v.lb && l.runs(h, 'loadBalancer')) {
    const ports = new Map<number, string>();
    for (const fe of v.lb.frontends) ports.set(fe.port, `HAProxy (${fe.name})`);
    if (v.lb.stats) ports.set(v.lb.stats.port, 'HAProxy (stats)');
    // The ingress health checks connect to the routers' port 1936.
    if (v.lb.frontends.some((fe) => fe.backend.check === 'ingress')) ports.set(1936, 'HAProxy (router health checks)');
    for (const [port, why] of [...ports].sort((a, b) => a[0] - b[0]))
      if (!HTTP_PORT_T.has(port)) steps.push(portLabel(h, 'loadBalancer', port, why));
  }
  if (v.http && l.runs(h, 'http') && !HTTP_PORT_T.has(v.http.port) && v.http.port !== 8080)
    steps.push(portLabel(h, 'http', v.http.port, 'httpd'));
  if (v.pxe && l.runs(h, 'pxe'))
    folderLabel(h, 'pxe', v.pxe.tftpRoot, layoutOf(h).tftpRoot, 'tftpdir_t', 'the TFTP root', steps);
  if (v.http && l.runs(h, 'http'))
    folderLabel(
      h,
      'http',
      v.http.root.replace(/\/+$/, '') || '/',
      '/var/www/html',
      'httpd_sys_content_t',
      'the HTTP root',
      steps,
    );
}
