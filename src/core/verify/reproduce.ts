// The command an operator types to ask a probe's question by hand (shown beside every failure).
// Every value is quoted for a POSIX shell; the commands are the usual tools (dig, curl, nc, ssh).
import type { HostTarget } from '../deploy/plan';
import { shQuote } from '../deploy/quote';
import type { Probe } from './types';

function sshPrefix(t: HostTarget): string {
  const who = `${t.user ? `${t.user}@` : ''}${t.alias}`;
  return `ssh${t.port ? ` -p ${t.port}` : ''} ${shQuote(who)}`;
}

export function reproduce(p: Probe, detail?: { port?: number }): string {
  switch (p.kind) {
    case 'dns':
      return p.type === 'PTR'
        ? `dig +short @${shQuote(p.address)} -x ${shQuote(p.name)}`
        : `dig +short @${shQuote(p.address)} ${shQuote(p.name)} ${p.type}`;
    case 'tftp':
      return `curl -sS ${shQuote(`tftp://${bracket(p.address)}/${p.file}`)}`;
    case 'http':
      return `curl -sS -o /dev/null -w '%{http_code}\\n' ${shQuote(p.url)}`;
    case 'tcp':
      return `nc -vz -w 3 ${shQuote(p.address)} ${p.port}`;
    case 'lb-backends':
      return `${sshPrefix(p.ssh)} ${shQuote(`echo "show stat" | socat stdio ${shQuote(p.socket)}`)}`;
    case 'ntp':
      return `chronyd -Q ${shQuote(`server ${p.address} iburst`)}`;
    case 'dhcp-leases':
      return `${sshPrefix(p.ssh)} ${shQuote(`cat ${shQuote(p.leasesFile)}; journalctl -u ${shQuote(p.unit)} | grep DHCPACK`)}`;
    case 'dhcp-offer':
      return `sudo nmap --script broadcast-dhcp-discover --script-args ${shQuote(`broadcast-dhcp-discover.mac=${p.mac}`)}`;
    case 'vip':
      return detail?.port !== undefined
        ? `nc -vz -w 3 ${shQuote(p.address)} ${detail.port}`
        : `arping -c 2 ${shQuote(p.address)}`;
  }
}

function bracket(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}
