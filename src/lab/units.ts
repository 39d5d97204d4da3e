// The units the lab's service runner knows: how the distribution's systemd unit starts each daemon
// (in the foreground, logging to stderr, so the runner can supervise and log it) and what its
// ExecReload does. Fedora-layout hosts run on this Debian machine with Debian's binaries at the
// Fedora paths (the layout stand-ins are made in services.ts).
import type { OsLayout } from '../core/render/layout';

export interface UnitDef {
  /** The unit's name (systemctl also accepts it with .service/.socket). */
  name: string;
  aliases?: string[];
  argv: string[];
  /** ExecReload: a config check first (its failure fails the reload), then a signal; or a restart. */
  reload: { check?: string[]; signal: NodeJS.Signals } | 'restart';
  /** A stand-in unit: reports active, runs nothing (the lab models no firewall). */
  standIn?: string;
}

export interface UnitContext {
  layout: OsLayout;
  tftpRoot: string;
}

/** ExecStart/ExecReload of each daemon as the distributions' units have them, in foreground mode. */
export function unitsFor(c: UnitContext): UnitDef[] {
  const { layout: l } = c;
  const debian = l.family === 'debian';
  const haproxyCfg = '/etc/haproxy/haproxy.cfg';
  const units: UnitDef[] = [
    {
      name: l.dhcpUnit,
      aliases: debian ? [] : ['dhcpd'],
      argv: ['dhcpd', '-f', '-d', '-4', '-cf', '/etc/dhcp/dhcpd.conf', '-lf', l.dhcpLeases, '--no-pid'],
      reload: 'restart',
    },
    {
      name: 'named',
      aliases: debian ? ['bind9'] : [],
      argv: ['named', '-g', '-u', debian ? 'bind' : 'named', '-c', l.namedConf],
      reload: { signal: 'SIGHUP' },
    },
    {
      // -Ws master-worker as the unit runs it; -db keeps the master in the foreground despite `daemon`.
      // -n: the global maxconn (20000) needs twice as many open files as this machine may have; systemd
      // gives a real host room for it, the lab lowers the connection limit instead.
      name: 'haproxy',
      argv: ['haproxy', '-Ws', '-db', '-n', '4096', '-f', haproxyCfg, '-p', '/run/haproxy.pid'],
      reload: { check: ['haproxy', '-c', '-q', '-f', haproxyCfg], signal: 'SIGUSR2' },
    },
    {
      // -x: never touch this machine's clock (the lab shares it); -d: foreground, log to stderr.
      name: l.chronyUnit,
      aliases: debian ? ['chronyd'] : [],
      argv: ['chronyd', '-d', '-x', '-f', l.chronyConf],
      reload: 'restart',
    },
    {
      name: l.httpUnit,
      argv: debian
        ? [
            'sh',
            '-c',
            '. /etc/apache2/envvars && mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" "$APACHE_LOG_DIR" && exec apache2 -DFOREGROUND -f /etc/apache2/apache2.conf',
          ]
        : ['apache2', '-DFOREGROUND', '-f', l.httpConf],
      // apachectl graceful
      reload: { signal: 'SIGUSR1' },
    },
    {
      name: l.tftpUnit.replace(/\.socket$/, ''),
      aliases: [l.tftpUnit],
      argv: ['in.tftpd', '-L', '-a', '0.0.0.0:69', ...(debian ? ['-u', 'tftp'] : []), '-s', c.tftpRoot],
      reload: 'restart',
    },
    {
      name: 'firewalld',
      argv: [],
      reload: 'restart',
      standIn:
        'the lab does not model a firewall: firewall-cmd is a stand-in that accepts the zone and filters nothing',
    },
    // The rendered registry.service runs podman with a registry image, neither of which this machine has.
    {
      name: 'registry',
      argv: [],
      reload: 'restart',
      standIn:
        'the lab has no podman or registry image: the registry unit is a stand-in that reports active and serves nothing',
    },
  ];
  return units;
}

/** The unit a systemctl argument names (`named`, `named.service`, `tftp.socket`), if the runner knows it. */
export function findUnit(units: UnitDef[], arg: string): UnitDef | undefined {
  const bare = arg.replace(/\.(service|socket)$/, '');
  return units.find(
    (u) =>
      u.name === arg ||
      u.name === bare ||
      (u.aliases ?? []).some((a) => a === arg || a === bare || a.replace(/\.(service|socket)$/, '') === bare),
  );
}
