// The cluster-wide proxy as the installer accepts it: http(s) URLs without credentials, and noProxy
// entries that are domains, addresses or CIDRs (a lone "*" bypasses everything).
import type { Path, Topology } from '../model';
import type { Problem } from '../problems';
import { parseAddr, parseCidr } from '../ip';
import { isDnsName, isOkd, problem } from './util';

export function checkProxy(t: Topology, out: Problem[]): void {
  const p = t.cluster.proxy;
  if (!p) return;
  if (!isOkd(t)) {
    out.push(
      problem(
        'proxy-unused',
        'warning',
        `proxy is written to install-config.yaml only (OKD); ${t.cluster.platform} reads proxy settings from its service environment`,
        p.path,
      ),
    );
  }
  if (p.httpProxy === undefined && p.httpsProxy === undefined) {
    out.push(problem('proxy-invalid', 'error', 'proxy needs httpProxy or httpsProxy', p.path));
  }
  proxyUrl(p.httpProxy, ['http'], [...p.path, 'httpProxy'], out);
  proxyUrl(p.httpsProxy, ['http', 'https'], [...p.path, 'httpsProxy'], out);
  const star = p.noProxy.find((e) => e.value.trim() === '*');
  for (const e of p.noProxy) {
    const v = e.value.trim();
    if (v === '*') {
      if (p.noProxy.length > 1)
        out.push(
          problem(
            'proxy-invalid',
            'error',
            'noProxy "*" bypasses the proxy for everything; it must be the only entry',
            e.path,
          ),
        );
      continue;
    }
    if (star) continue;
    const bare = v.startsWith('.') ? v.slice(1) : v;
    if (!bare || (!parseAddr(bare) && !parseCidr(bare) && !isDnsName(bare))) {
      out.push(
        problem(
          'proxy-invalid',
          'error',
          `noProxy entry "${e.value}" must be a domain (optionally with a leading "."), an IP address or a CIDR; wildcards other than a lone "*" are not accepted`,
          e.path,
        ),
      );
    }
  }
}

function proxyUrl(v: string | undefined, schemes: string[], at: Path, out: Problem[]): void {
  if (v === undefined) return;
  let u: URL | undefined;
  try {
    u = /\s/.test(v) ? undefined : new URL(v);
  } catch {
    u = undefined;
  }
  const name = at[at.length - 1];
  if (!u || !u.hostname) {
    out.push(problem('proxy-invalid', 'error', `${name} "${v}" is not a URL; write ${schemes[0]}://host:port`, at));
    return;
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    out.push(problem('proxy-invalid', 'error', `${name} must use ${schemes.join(' or ')}, not ${scheme}`, at));
  }
  if (u.username || u.password) {
    out.push(
      problem(
        'proxy-invalid',
        'error',
        `${name} carries credentials; the topology holds no secrets and they would be copied into install-config.yaml. Use a proxy that authorises the cluster's addresses`,
        at,
      ),
    );
  }
}
