// Nodes in the lab: they lease their address by DHCP with their MAC (ISC dhclient with a script
// that only configures the namespace's interface: this machine's resolv.conf is never touched),
// and stand-ins answer where the cluster would (standin.ts). Also what the operator would have put
// on the services host by hand: stand-in boot artifacts under the HTTP root.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../core/model';
import { buildRenderView } from '../core/render/view';
import type { Lab } from './lab';
import { standinScript } from './standin';
import { inNetns, LabError, must, waitFor } from './sys';

export interface LeaseFacts {
  ip: string;
  mask?: string;
  hostName?: string;
  dns?: string;
  filename?: string;
  nextServer?: string;
  domain?: string;
}

/** dhclient's script, per node: configure the address in this namespace and record the lease. */
function dhclientScript(facts: string): string {
  return `#!/bin/sh
# okd-topology lab: dhclient script for a node namespace (addresses only; no resolv.conf, no routes out).
case "$reason" in
  PREINIT) ip link set dev "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    ip -4 addr flush dev "$interface"
    ip -4 addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
    {
      echo "ip=$new_ip_address"; echo "mask=$new_subnet_mask"; echo "hostName=$new_host_name"
      echo "dns=$new_domain_name_servers"; echo "filename=$new_filename"; echo "nextServer=$new_next_server"
      echo "domain=$new_domain_name"
    } > '${facts.replace(/'/g, `'\\''`)}.tmp' && mv '${facts.replace(/'/g, `'\\''`)}.tmp' '${facts.replace(/'/g, `'\\''`)}'
    ;;
  EXPIRE|FAIL|RELEASE|STOP) ip -4 addr flush dev "$interface" ;;
esac
exit 0
`;
}

function nodeDir(lab: Lab, host: string): string {
  const d = join(lab.dir, 'nodes', lab.host(host).ns);
  mkdirSync(d, { recursive: true });
  return d;
}

function readFacts(file: string): LeaseFacts | undefined {
  if (!existsSync(file)) return undefined;
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && line.slice(i + 1) !== '') out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out.ip ? (out as unknown as LeaseFacts) : undefined;
}

/** Asks for an address the way a PXE-booting node does (a fresh DISCOVER with its MAC); resolves with what it got. */
export async function lease(lab: Lab, host: string, timeoutS = 15): Promise<LeaseFacts> {
  const h = lab.host(host);
  const iface = h.ifaces[0];
  const dir = nodeDir(lab, host);
  await release(lab, host);
  const facts = join(dir, 'lease.facts');
  const script = join(dir, 'dhclient-script');
  writeFileSync(script, dhclientScript(facts), { mode: 0o755 });
  writeFileSync(
    join(dir, 'dhclient.conf'),
    `timeout ${timeoutS};\nretry 1;\nrequest subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name, ntp-servers;\n`,
  );
  const r = await lab.exec(
    host,
    [
      'dhclient',
      '-4',
      '-1',
      '-v',
      '-sf',
      script,
      '-lf',
      join(dir, 'dhclient.leases'),
      '-pf',
      join(dir, 'dhclient.pid'),
      '-cf',
      join(dir, 'dhclient.conf'),
      iface.name,
    ],
    { timeoutMs: (timeoutS + 10) * 1000 },
  );
  const got = readFacts(facts);
  if (r.code !== 0 || !got)
    throw new LabError(
      `${host} (${iface.mac}) got no DHCP lease: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
    );
  return got;
}

/** Gives the lease back and stops the node's dhclient (a node powering off). */
export async function release(lab: Lab, host: string): Promise<void> {
  const dir = nodeDir(lab, host);
  const pidFile = join(dir, 'dhclient.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 1) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  writeFileSync(pidFile, '');
  const iface = lab.host(host).ifaces[0];
  await lab.exec(host, ['ip', '-4', 'addr', 'flush', 'dev', iface.name]);
  writeFileSync(join(dir, 'lease.facts'), '');
}

/** A self-signed certificate for the TLS stand-ins (made once per lab). */
function standinCert(lab: Lab): { cert: string; key: string } {
  const cert = join(lab.dir, 'standin.crt');
  const key = join(lab.dir, 'standin.key');
  if (!existsSync(cert)) {
    must([
      'openssl',
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=okd-topology-lab-stand-in',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
  }
  return { cert, key };
}

/** Starts a node stand-in in the host's namespace and waits until it listens. */
export async function startStandin(lab: Lab, host: string, kind: 'api' | 'router'): Promise<void> {
  const { cert, key } = standinCert(lab);
  const script = join(lab.dir, 'standin.js');
  if (!existsSync(script)) writeFileSync(script, standinScript());
  const log = join(nodeDir(lab, host), `standin-${kind}.log`);
  const out = openSync(log, 'a');
  const p = spawn('ip', inNetns(lab.host(host).ns, [process.execPath, script, kind, cert, key]).slice(1), {
    stdio: ['ignore', out, out],
  });
  p.unref();
  await waitFor(`the ${kind} stand-in on ${host} did not start (${log})`, 30000, () => {
    if (p.exitCode !== null)
      throw new LabError(
        `the ${kind} stand-in on ${host} exited: ${readFileSync(log, 'utf8').trim().split('\n').pop()}`,
      );
    return readFileSync(log, 'utf8').includes('listening') ? true : undefined;
  });
}

/** A MetalLB speaker stand-in: the node answers ARP for a pool address (the kernel does, once it holds it). */
export async function announce(lab: Lab, host: string, address: string): Promise<void> {
  const iface = lab.host(host).ifaces[0];
  const r = await lab.exec(host, ['ip', 'addr', 'add', `${address}/32`, 'dev', iface.name]);
  if (r.code !== 0) throw new LabError(`${host} cannot announce ${address}: ${r.stderr.trim()}`);
}

/**
 * Stand-in boot artifacts: the files an operator downloads (kernel, initramfs, rootfs) and the
 * ignition files openshift-install makes, each a few bytes naming what it stands for.
 */
export async function placeArtifacts(lab: Lab, t: Topology): Promise<string[]> {
  const v = buildRenderView(t);
  if (!v.pxe || !v.http) return [];
  const server = v.lookup.serviceHosts('http')[0]?.name;
  if (!server || !lab.services.has(server)) return [];
  const urls = [
    ...new Set([...v.pxe.roles, ...v.pxe.own].flatMap((r) => [r.kernel, r.initramfs, r.rootfs, r.ignition])),
  ];
  const placed: string[] = [];
  for (const url of urls) {
    const path = new URL(url).pathname;
    const file = `${v.http.root.replace(/\/+$/, '')}${decodeURIComponent(path)}`;
    const r = await lab.inServices(server, ['sh', '-c', 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"', 'sh', file], {
      input: `okd-topology lab stand-in for ${url}\n`,
    });
    if (r.code !== 0) throw new LabError(`cannot place ${file} on ${server}: ${r.stderr.trim()}`);
    placed.push(file);
  }
  return placed;
}
