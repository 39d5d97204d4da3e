// What to render, where it goes and how deploy treats it: one job per output file, each only
// when the topology calls for it (a service is assigned, a VIP has holders, pools exist, ...).
import type { Host } from '../model';
import type { HealthCheck } from './manifest';
import { DEFAULT_COMMANDS, withOverrides, type Commands } from './commands';
import type { View } from './view';
import { layoutOf, zoneFileRef } from './layout';
import { defaultNtpUpstream } from './view-net';
import { buildRegistries } from './view-registry';
import { hostCtx, type Job } from './job';

export { TEMPLATE_NAMES, type Job } from './job';

/** What every job builder needs: the view, the list, the service hosts and the override-aware commands. */
interface Ctx {
  v: View;
  jobs: Job[];
  on: (kind: Parameters<View['lookup']['serviceHosts']>[0]) => Host[];
  cmd: (service: string, main: boolean, c: Commands) => Commands;
}

export function planJobs(v: View): Job[] {
  const l = v.lookup;
  const jobs: Job[] = [];
  const ctx: Ctx = {
    v,
    jobs,
    on: (kind) => l.serviceHosts(kind),
    cmd: (service, main, c) => withOverrides(l.t, service, main, c),
  };
  for (const build of [dhcpJobs, dnsJobs, lbJobs, ntpJobs, httpJobs, pxeJobs]) build(ctx);
  registryJobs(v, jobs);
  nodeJobs(v, jobs);
  clusterJobs(v, jobs);
  return jobs;
}

function dhcpJobs({ v, jobs, on, cmd }: Ctx): void {
  if (!v.dhcp) return;
  const v6 = v.dhcp.subnets6.length > 0;
  for (const h of on('dhcp')) {
    const os = layoutOf(h);
    const units = [...new Set([os.dhcpUnit, ...(v6 ? [os.dhcp6Unit] : [])])];
    jobs.push({
      template: 'dhcpd.conf.liquid',
      ctx: hostCtx(v, h),
      target: h.name,
      path: '/etc/dhcp/dhcpd.conf',
      mode: '0644',
      service: 'dhcp',
      commands: cmd('dhcp', true, DEFAULT_COMMANDS.dhcp(units)),
    });
    // Not a main file: a validate override written for dhcpd.conf would not read a -6 config.
    if (v6)
      jobs.push({
        template: 'dhcpd6.conf.liquid',
        ctx: hostCtx(v, h),
        target: h.name,
        path: '/etc/dhcp/dhcpd6.conf',
        mode: '0644',
        service: 'dhcp',
        commands: cmd('dhcp', false, DEFAULT_COMMANDS.dhcp(units, true)),
      });
  }
}

function dnsJobs({ v, jobs, on, cmd }: Ctx): void {
  if (!v.dns) return;
  const l = v.lookup;
  const api = v.dns.zones[0]?.records.find((r) => r.name === 'api' && r.type === 'A');
  for (const h of on('dns')) {
    const server = l.primaryIp(h);
    const os = layoutOf(h);
    const health: HealthCheck[] = [...DEFAULT_COMMANDS.namedConf.health];
    if (api)
      health.push({ kind: 'dns', name: `api.${v.cluster.domain}`, expect: api.data, ...(server ? { server } : {}) });
    // named.conf sees this host's directory and zone file names; templates keep reading `dns`.
    const dns = {
      ...v.dns,
      directory: os.bindDirectory,
      zones: v.dns.zones.map((z) => ({ ...z, file: zoneFileRef(os, z.file), path: `${os.zoneDir}/${z.file}` })),
    };
    const owner = { mode: '0640', owner: 'root', group: os.namedGroup };
    jobs.push({
      template: 'named.conf.liquid',
      ctx: { ...hostCtx(v, h), dns },
      target: h.name,
      path: os.namedConf,
      ...owner,
      service: 'dns',
      commands: cmd('dns', true, { ...DEFAULT_COMMANDS.namedConf, health }),
    });
    for (const z of dns.zones) {
      jobs.push({
        template: z.kind === 'forward' ? 'zone-forward.liquid' : 'zone-reverse.liquid',
        ctx: { ...hostCtx(v, h), dns, zone: z },
        zone: z,
        target: h.name,
        path: z.path,
        ...owner,
        service: 'dns',
        commands: cmd('dns', false, DEFAULT_COMMANDS.zone(z.name)),
      });
    }
  }
}

function lbJobs({ v, jobs, on, cmd }: Ctx): void {
  if (!v.lb) return;
  const tcp: HealthCheck[] = v.lb.frontends.map((f) => ({ kind: 'tcp', port: f.port }));
  for (const h of on('loadBalancer')) {
    // `os` gives the stats socket path, which deploy's last check and verify read.
    const os = layoutOf(h);
    const loaded: HealthCheck = {
      kind: 'haproxy-loaded',
      socket: os.haproxyStatsSocket,
      config: '/etc/haproxy/haproxy.cfg',
    };
    const c = cmd('loadBalancer', true, {
      ...DEFAULT_COMMANDS.haproxy,
      health: [...DEFAULT_COMMANDS.haproxy.health, ...tcp, loaded],
    });
    jobs.push({
      template: 'haproxy.cfg.liquid',
      ctx: { ...hostCtx(v, h), os, lb: v.lb },
      target: h.name,
      path: '/etc/haproxy/haproxy.cfg',
      mode: '0644',
      service: 'loadBalancer',
      commands: c,
    });
    if (v.lbNoBootstrap) {
      // Kept beside the live file for the switch after bootstrap (or set loadBalancer.bootstrap: false).
      jobs.push({
        template: 'haproxy.cfg.liquid',
        ctx: { ...hostCtx(v, h), os, lb: v.lbNoBootstrap },
        target: h.name,
        path: '/etc/haproxy/haproxy-no-bootstrap.cfg',
        mode: '0644',
        service: 'loadBalancer',
        commands: { validate: c.validate },
      });
    }
  }
}

function ntpJobs({ v, jobs, on, cmd }: Ctx): void {
  if (!v.ntp) return;
  for (const h of on('ntp')) {
    const os = layoutOf(h);
    // Without upstream servers in the file each NTP host follows its distribution's pool, as it did before.
    const ntp = { ...v.ntp, upstream: v.ntp.upstream ?? defaultNtpUpstream(h.os) };
    jobs.push({
      template: 'chrony-server.conf.liquid',
      ctx: { ...hostCtx(v, h), os, ntp },
      target: h.name,
      path: os.chronyConf,
      mode: '0644',
      service: 'ntp',
      commands: cmd('ntp', true, DEFAULT_COMMANDS.chrony(os.chronyUnit)),
    });
  }
}

function httpJobs({ v, jobs, on, cmd }: Ctx): void {
  if (!v.http) return;
  for (const h of on('http')) {
    const os = layoutOf(h);
    const c = DEFAULT_COMMANDS.httpd(os.httpUnit, os.httpValidate);
    jobs.push({
      template: os.family === 'debian' ? 'apache2.conf.liquid' : 'httpd.conf.liquid',
      ctx: hostCtx(v, h),
      target: h.name,
      path: os.httpConf,
      mode: '0644',
      service: 'http',
      commands: cmd('http', true, { ...c, health: [...(c.health ?? []), { kind: 'tcp', port: v.http.port }] }),
    });
  }
}

function pxeJobs({ v, jobs, on, cmd }: Ctx): void {
  const p = v.pxe;
  if (!p) return;
  for (const h of on('pxe')) {
    const c = cmd('pxe', false, DEFAULT_COMMANDS.pxe(layoutOf(h).tftpUnit));
    const base = { target: h.name, mode: '0644', service: 'pxe', commands: c };
    jobs.push({ ...base, template: 'pxelinux-default.liquid', ctx: hostCtx(v, h), path: `${p.dir}/default` });
    for (const r of [...p.roles, ...p.own])
      jobs.push({
        ...base,
        template: 'pxelinux-role.liquid',
        ctx: { ...hostCtx(v, h), role: r },
        path: `${p.dir}/${r.file}`,
      });
    for (const e of p.entries)
      if (e.link) jobs.push({ ...base, ctx: {}, mode: '0777', path: `${p.dir}/${e.file}`, link: e.link });
    if (p.uefi) {
      const uefi = p.uefi;
      jobs.push({
        ...base,
        template: 'grub-default.cfg.liquid',
        ctx: { ...hostCtx(v, h), uefi },
        path: `${uefi.dir}/grub.cfg`,
      });
      for (const e of uefi.entries)
        jobs.push({
          ...base,
          template: 'grub-node.cfg.liquid',
          ctx: { ...hostCtx(v, h), uefi, entry: e },
          path: `${uefi.dir}/${e.file}`,
        });
    }
  }
}

/** Files of single hosts: keepalived holders, firewalld zones, k3s nodes, hypervisors. */
function nodeJobs(v: View, jobs: Job[]): void {
  const l = v.lookup;
  for (const [name, kv] of v.keepalived) {
    const h = l.hosts.get(name)!;
    jobs.push({
      template: 'keepalived.conf.liquid',
      ctx: { ...hostCtx(v, h), keepalived: kv },
      target: name,
      path: '/etc/keepalived/keepalived.conf',
      mode: '0644',
      service: 'keepalived',
      commands: DEFAULT_COMMANDS.keepalived,
    });
  }
  for (const [name, fw] of v.firewalls) {
    const h = l.hosts.get(name)!;
    // Debian and Ubuntu ship ufw, not firewalld: a zone file there would only fail its reload.
    if (layoutOf(h).family === 'debian') continue;
    jobs.push({
      template: 'firewalld-zone.xml.liquid',
      ctx: { ...hostCtx(v, h), firewall: fw },
      target: name,
      path: `/etc/firewalld/zones/${fw.zone}.xml`,
      mode: '0644',
      service: 'firewall',
      commands: DEFAULT_COMMANDS.firewalld,
    });
  }
  for (const [name, k] of v.k3s) {
    const h = l.hosts.get(name)!;
    jobs.push({
      template: 'k3s-config.yaml.liquid',
      ctx: { ...hostCtx(v, h), k3s: k },
      target: name,
      path: '/etc/rancher/k3s/config.yaml',
      mode: '0600',
      service: 'k3s',
      commands: k.server ? DEFAULT_COMMANDS.k3sServer : DEFAULT_COMMANDS.k3sAgent,
    });
  }
  for (const [name, hv] of v.hypervisors) {
    const h = l.hosts.get(name)!;
    for (const n of hv.networks) {
      const path = `/etc/okd-topology/libvirt/network-${n.name}.xml`;
      jobs.push({
        template: 'libvirt-network.xml.liquid',
        ctx: { ...hostCtx(v, h), network: n },
        target: name,
        path,
        mode: '0644',
        service: 'libvirt',
        commands: DEFAULT_COMMANDS.libvirtNet(path),
      });
    }
    jobs.push({
      template: 'virt-install.sh.liquid',
      ctx: { ...hostCtx(v, h), hypervisor: hv },
      target: name,
      path: '/etc/okd-topology/libvirt/create-vms.sh',
      mode: '0755',
      service: 'libvirt',
      commands: {},
    });
  }
}

function registryJobs(v: View, jobs: Job[]): void {
  for (const r of buildRegistries(v.lookup)) {
    const h = v.lookup.hosts.get(r.host)!;
    // Named like the other units deploy manages (`named`, `haproxy`): systemctl adds `.service`.
    const unit = 'registry';
    jobs.push({
      template: 'registry.service.liquid',
      ctx: { ...hostCtx(v, h), registry: r },
      target: r.host,
      path: `/etc/systemd/system/${unit}.service`,
      mode: '0644',
      service: 'registry',
      commands: withOverrides(v.lookup.t, 'registry', true, DEFAULT_COMMANDS.systemdService(unit)),
      systemdUnit: true,
    });
    // The certificate's extensions (its names): read by the openssl step deploy runs on the host.
    if (r.generate)
      jobs.push({
        template: 'registry-cert.ext.liquid',
        ctx: { ...hostCtx(v, h), registry: r },
        target: r.host,
        path: r.paths.ext,
        mode: '0644',
        service: 'registry',
        commands: {},
      });
  }
}

function clusterJobs(v: View, jobs: Job[]): void {
  const cluster = { target: 'cluster', mode: '0644', commands: {} };
  if (v.install) {
    // 0600: once the adapters fill in the pull secret this file is a credential.
    jobs.push({
      ...cluster,
      template: 'install-config.yaml.liquid',
      ctx: {},
      path: 'install-config.yaml',
      mode: '0600',
      service: 'install',
      secrets: true,
    });
    // An install-time manifest: it goes into the installer's manifests/ folder, never through `oc apply`.
    if (v.install.clusterNetworkMTU !== undefined)
      jobs.push({
        ...cluster,
        template: 'network-mtu.yaml.liquid',
        ctx: {},
        path: 'manifests/cluster-network-03-config.yml',
        service: 'install',
      });
  }
  if (v.nodeChrony) {
    jobs.push({
      ...cluster,
      template: 'chrony-node.conf.liquid',
      ctx: {},
      path: 'chrony/chrony.conf',
      service: 'ntp-node',
    });
    if (v.cluster.okd) {
      for (const role of v.nodeChrony.roles) {
        jobs.push({
          ...cluster,
          template: 'machineconfig-chrony.yaml.liquid',
          ctx: { role },
          path: `machineconfigs/90-${role}-chrony.yaml`,
          service: 'machineconfig',
          apply: 'oc',
          embedChrony: true,
        });
      }
    }
  }
  if (v.metallb) {
    const m = v.metallb;
    if (m.mode === 'crd')
      jobs.push({
        ...cluster,
        template: 'metallb-crs.yaml.liquid',
        ctx: {},
        path: 'metallb/metallb.yaml',
        service: 'metallb',
        apply: v.cluster.applyTool,
      });
    else
      jobs.push({
        ...cluster,
        template: 'metallb-configmap.yaml.liquid',
        ctx: {},
        path: 'metallb/metallb-config.yaml',
        service: 'metallb',
        apply: v.cluster.applyTool,
      });
    if (m.helm)
      jobs.push({
        ...cluster,
        template: 'metallb-values.yaml.liquid',
        ctx: {},
        path: 'metallb/values.yaml',
        service: 'metallb',
      });
  }
}
