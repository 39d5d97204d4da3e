// Source of schemas/cluster.okd.schema.json. Kept as code so descriptions stay next to the shapes;
// run `node scripts/gen/schema.mjs` after editing (a test checks the JSON is up to date).
import { writeFileSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

// The value types are defined once, in core; each field names one (`x-okd-type`), and editors that
// only read JSON schema get its pattern or bounds and a sentence naming it.
const { VALUE_TYPES } = await tsImport('../../src/core/format/types.ts', import.meta.url);
// Enumerations come from the model, so the schema and the checks can never disagree on a value.
const { PLATFORMS, ROLES, VIP_PURPOSES, POOL_PROTOCOLS, HOST_OS, FIRMWARES, PROVISIONING_MODES } = await tsImport(
  '../../src/core/model.ts',
  import.meta.url,
);
const { METALLB_METHODS } = await tsImport('../../src/core/deploy/metallb.ts', import.meta.url);

const d = (markdownDescription, extra = {}) => ({
  markdownDescription,
  description: markdownDescription.replace(/[`*]/g, ''),
  ...extra,
});
/** The schema keywords of value type `name`, and its sentence for the description. */
function typed(name) {
  const t = VALUE_TYPES[name];
  if (!t) throw new Error(`unknown value type ${name}`);
  const k = { 'x-okd-type': name };
  if (t.pattern) Object.assign(k, { pattern: t.pattern, patternErrorMessage: `Expected ${t.words}.` });
  if (t.minimum !== undefined) k.minimum = t.minimum;
  if (t.maximum !== undefined) k.maximum = t.maximum;
  return { keywords: k, sentence: `Type: ${t.words}.` };
}
const withType = (md, extra = {}) => {
  const { type: vt, ...rest } = extra;
  if (!vt) return d(md, rest);
  const { keywords, sentence } = typed(vt);
  return { ...d(`${md}\n\n${sentence}`, rest), ...keywords };
};
/** A string of value type `extra.type`; enums are their own type. */
const str = (md, extra = {}) => ({ type: 'string', ...withType(md, extra) });
const int = (md, extra = {}) => ({ type: 'integer', ...withType(md, extra) });
const num = (md, extra = {}) => ({ type: 'number', ...withType(md, extra) });
/** An array item of value type `vt`, described by its type (hover on an item shows it). */
const item = (type, vt, extra = {}) => ({ type, ...d(typed(vt).sentence), ...typed(vt).keywords, ...extra });
const bool = (md, extra) => ({ type: 'boolean', ...d(md, extra) });
const obj = (md, properties, required = [], extra = {}) => ({
  type: 'object',
  ...d(md),
  properties,
  required,
  additionalProperties: false,
  ...extra,
});
const arr = (md, items, extra) => ({ type: 'array', ...d(md), items, ...extra });
const ref = (name, md) => ({ $ref: `#/$defs/${name}`, ...(md ? d(md) : {}) });

const serviceCommon = {
  host: str('Name of the host that runs this service.', { type: 'reference', examples: ['svc'] }),
  hosts: arr('Several hosts run this service (an HA pair). Use instead of `host`.', item('string', 'reference')),
  validate: str(
    'Deploy override: command that checks an uploaded file before it is swapped in. `{file}` is replaced by the uploaded file. Split on spaces; no shell.',
    { type: 'command', examples: ['dhcpd -t -cf {file}'] },
  ),
  reload: str('Deploy override: command that makes the service pick up new files. Split on spaces; no shell.', {
    type: 'command',
    examples: ['systemctl restart dhcpd'],
  }),
};
const service = (md, extra = {}) => obj(md, { ...serviceCommon, ...extra });

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://okd-topology.dev/schemas/cluster.okd.schema.json',
  title: 'OKD Topology cluster file',
  ...d(
    'One file describing a bare-metal cluster network: hosts and VMs, networks, VIPs, MetalLB pools and the services that support the cluster.',
  ),
  type: 'object',
  additionalProperties: false,
  required: ['version', 'cluster', 'networks', 'hosts'],
  properties: {
    version: int('Format version of this file. Always `1`.', { enum: [1], default: 1 }),
    cluster: ref('cluster', 'The cluster: name, DNS domain, platform and cluster-internal networks.'),
    networks: arr(
      'Layer-2 networks the hosts sit on. Each gets a DHCP subnet, zones and (for VMs) a libvirt network.',
      ref('network'),
    ),
    hosts: arr('Machines: bare metal or VMs, cluster nodes and support hosts.', ref('host')),
    vips: arr('Virtual IPs: addresses served by a load balancer or keepalived rather than one host.', ref('vip')),
    pools: arr('MetalLB address pools for Services of type LoadBalancer.', ref('pool')),
    services: ref('services', 'Which host runs which support service, with its settings.'),
    layout: {
      type: 'object',
      ...d('Graph positions written by the topology editor. Keys are host, network, VIP or pool names.'),
      additionalProperties: ref('position'),
    },
  },
  $defs: {
    position: obj(
      'A node position in the topology editor.',
      { x: num('Horizontal position.', { type: 'coordinate' }), y: num('Vertical position.', { type: 'coordinate' }) },
      ['x', 'y'],
    ),
    cluster: obj(
      'The cluster.',
      {
        name: str('Cluster name: a DNS label. Hosts resolve as `<host>.<name>.<baseDomain>`.', {
          type: 'clusterName',
          examples: ['okd'],
        }),
        baseDomain: str('Base DNS domain. The cluster domain is `<name>.<baseDomain>`.', {
          type: 'domain',
          examples: ['example.com'],
        }),
        platform: str(
          'How the cluster is installed.\n\n- `okd-upi`: OKD, user-provisioned (external load balancer, `platform: none`)\n- `okd-ipi`: OKD bare-metal IPI (keepalived VIPs, `platform: baremetal`)\n- `k3s`\n- `kubernetes`: kubeadm or similar',
          { enum: [...PLATFORMS], default: 'okd-upi' },
        ),
        version: str(
          'Version of the platform or MetalLB target. Drives version-specific output, e.g. MetalLB CRDs (v0.13+) versus the legacy ConfigMap.',
          { type: 'platformVersion', examples: ['4.15.0-0.okd-2024-03-10-010116', 'v1.30.4+k3s1'] },
        ),
        metallbVersion: str(
          'MetalLB version to render for and to install. `v0.13` and later use IPAddressPool CRDs; older use the ConfigMap.',
          { type: 'semver', examples: ['v0.14.8', 'v0.12.1'] },
        ),
        metallbInstall: str(
          "How the cluster phase installs MetalLB on the `kubeApi` host before it applies the pools.\n\n- `manifests`: MetalLB's own manifests for `metallbVersion` (with the memberlist secret before v0.13, and the SCCs OpenShift needs); the default on OKD and kubernetes\n- `helm`: the metallb/metallb chart with the rendered values; the default on k3s\n- `operator`: the MetalLB operator from OperatorHub (OKD)\n- `none`: MetalLB is installed some other way; only the pools are applied",
          { enum: [...METALLB_METHODS] },
        ),
        metallbSource: str(
          'A mirror for disconnected labs: the URL that replaces `https://raw.githubusercontent.com/metallb/metallb/<version>` for manifests (it must hold the same paths), the Helm repository URL, or an absolute path of a chart archive on the `kubeApi` host.',
          {
            type: 'urlOrPath',
            examples: ['http://services.okd.example.com:8080/metallb/v0.14.8', '/root/charts/metallb-0.14.8.tgz'],
          },
        ),
        loadBalancer: str(
          '`managed` (default): the platform or our HAProxy balances the API and ingress. `user-managed`: you run your own; the installer then allows API = ingress VIP and VIPs outside the machine network.',
          { enum: ['managed', 'user-managed'], default: 'managed' },
        ),
        sshKeyFile: str(
          'Path to the SSH public key put into install-config. Only the path is stored; the file is read when rendering.',
          { type: 'localPath', examples: ['~/.ssh/okd.pub'] },
        ),
        pullSecretFile: str(
          'Path to the pull secret JSON. Only the path is stored; rendering references it and never writes it into the workspace.',
          { type: 'localPath', examples: ['~/pull-secret.txt'] },
        ),
        kubeconfig: str('Path of the kubeconfig on the kube API host, used when deploy applies cluster manifests.', {
          type: 'absPath',
          examples: ['/root/installer/auth/kubeconfig'],
        }),
        provisioning: obj(
          'The provisioning network of bare-metal IPI (`okd-ipi`): where the installer PXE-boots and inspects hosts before they join the machine network. Left out: `Managed` on 172.22.0.0/24, or `Disabled` when every BMC uses virtual media.',
          {
            network: str(
              '`Managed`: the installer runs DHCP and PXE on a dedicated network. `Unmanaged`: a dedicated network with your own DHCP. `Disabled`: no provisioning network; hosts boot from virtual media over the machine network.',
              { enum: [...PROVISIONING_MODES], default: 'Managed' },
            ),
            cidr: str(
              'Subnet of the provisioning network. It must not overlap the machine network; an IPv6 one must be /64 or longer when Managed.',
              { type: 'cidr', examples: ['172.22.0.0/24'], default: '172.22.0.0/24' },
            ),
            dhcpRange: str(
              "Addresses the installer's DHCP hands out on the provisioning network (Managed), `start-end`. Default: the 10th address to the last before broadcast.",
              { type: 'dhcpRange', examples: ['172.22.0.10-172.22.0.254'] },
            ),
            bootstrapIP: str(
              'Address of the bootstrap VM on the provisioning network (with `Disabled`: on the machine network). Default: the 2nd address.',
              { type: 'ip', examples: ['172.22.0.2'] },
            ),
            clusterIP: str(
              "Address the cluster's provisioning services keep on that network (with `Disabled`: on the machine network). Default: the 3rd address.",
              { type: 'ip', examples: ['172.22.0.3'] },
            ),
            interface: str("Name of the masters' NIC on the provisioning network, e.g. `enp1s0`.", {
              type: 'interfaceName',
              examples: ['enp1s0'],
            }),
          },
        ),
        proxy: obj(
          'Cluster-wide egress proxy, written to install-config (`proxy`). The installer needs `httpProxy` or `httpsProxy`.',
          {
            httpProxy: str('Proxy for HTTP traffic, an `http://` URL.', {
              type: 'url',
              examples: ['http://proxy.example.com:3128'],
            }),
            httpsProxy: str('Proxy for HTTPS traffic, an `http://` or `https://` URL.', {
              type: 'url',
              examples: ['http://proxy.example.com:3128'],
            }),
            noProxy: arr(
              'Destinations that bypass the proxy: domain names (a leading `.` matches subdomains), IP addresses, CIDRs, or `*` alone for everything. Written comma-separated.',
              item('string', 'noProxyEntry', { examples: ['.example.com'] }),
            ),
          },
        ),
        networking: obj('Cluster-internal networks. Platform defaults apply to what is left out.', {
          networkType: str('CNI plugin (OKD).', {
            enum: ['OVNKubernetes', 'OpenShiftSDN', 'Flannel', 'Calico', 'Cilium'],
            default: 'OVNKubernetes',
          }),
          clusterNetwork: arr(
            'Pod networks. Defaults: OKD `10.128.0.0/14` hostPrefix 23, k3s `10.42.0.0/16` hostPrefix 24, kubernetes `10.244.0.0/16`.',
            obj(
              'A pod network.',
              {
                cidr: str('Pod network CIDR.', { type: 'cidr', examples: ['10.128.0.0/14'] }),
                hostPrefix: int('Prefix length of the per-node pod subnet.', { type: 'prefixLength', default: 23 }),
              },
              ['cidr'],
            ),
          ),
          serviceNetwork: arr(
            'Service networks (one per IP family). Defaults: OKD `172.30.0.0/16`, k3s `10.43.0.0/16`, kubernetes `10.96.0.0/12`.',
            item('string', 'cidr', { examples: ['172.30.0.0/16'] }),
          ),
          machineNetwork: arr(
            'Node networks. Derived from the networks the nodes sit on unless given.',
            item('string', 'cidr'),
          ),
          clusterNetworkMTU: int(
            "MTU of the pod network (OKD, OVNKubernetes or OpenShiftSDN). Set at install time through a network operator manifest, since install-config takes it only on AWS. Must leave room for the overlay header below the node networks' MTU (100 bytes for OVN-Kubernetes, 50 for OpenShiftSDN).",
            { type: 'mtu', examples: [1400] },
          ),
        }),
      },
      ['name', 'baseDomain', 'platform'],
    ),
    network: obj(
      'A layer-2 network.',
      {
        name: str('Network name, referenced by interfaces, VIPs and pools.', { type: 'name', examples: ['lan'] }),
        cidr: str('IPv4 (or IPv6-only) subnet in CIDR form.', { type: 'cidr', examples: ['192.168.200.0/24'] }),
        cidr6: str('IPv6 subnet for a dual-stack network.', { type: 'cidr6', examples: ['fd00:200::/64'] }),
        gateway: str('Default router handed out by DHCP.', { type: 'ip', examples: ['192.168.200.1'] }),
        gateway6: str('IPv6 default router.', { type: 'ipv6' }),
        dns: arr('Name servers handed out by DHCP. Usually the DNS service host.', item('string', 'ip')),
        domain: str('DNS search domain handed out by DHCP. Defaults to the cluster domain.', { type: 'domain' }),
        vlan: int('802.1Q VLAN id (informational; used in libvirt output).', { type: 'vlan' }),
        mtu: int('MTU for the network.', { type: 'mtu', default: 1500 }),
        bridge: str('Host bridge the libvirt network uses (VM hosts).', {
          type: 'interfaceName',
          examples: ['virbr-okd'],
        }),
        dhcp: obj('DHCP for this network. Reservations come from the host interfaces with a MAC.', {
          range: str(
            'Dynamic range `start-end`, for hosts without a reservation. IPv6 ranges go to `dhcpd6.conf` (DHCPv6; the router must advertise the managed flag).',
            { type: 'dhcpRange', examples: ['192.168.200.50-192.168.200.99'] },
          ),
          ranges: arr(
            'Several dynamic ranges, IPv4 and IPv6 (IPv6 ones are served by DHCPv6 from `dhcpd6.conf`).',
            item('string', 'dhcpRange'),
          ),
          leaseTime: int('Default lease time in seconds.', { type: 'leaseTime', default: 86400 }),
        }),
      },
      ['name', 'cidr'],
    ),
    interface: obj(
      'A network interface of a host.',
      {
        network: str('Network this interface is on.', { type: 'reference' }),
        name: str('Interface name on the host, e.g. `enp1s0`.', { type: 'interfaceName' }),
        ip: str('Static (reserved) IPv4 address.', { type: 'ip', examples: ['192.168.200.10'] }),
        ip6: str('Static IPv6 address.', { type: 'ipv6' }),
        mac: str(
          'MAC address. Used for the DHCP reservation and PXE entry. Any common notation (`52-54-00-aa-00-10`, `5254.00aa.0010`, `525400aa0010`) is read as `52:54:00:aa:00:10`, the form every rendered file uses.',
          { type: 'mac', examples: ['52:54:00:aa:00:10'] },
        ),
        pxe: bool('PXE-boot from this interface. Default: the first interface with a MAC, for cluster nodes.'),
      },
      ['network'],
    ),
    host: obj(
      'A machine.',
      {
        name: str('Host name: a DNS label, unique.', { type: 'hostName' }),
        role: str('What the host does.', { enum: [...ROLES] }),
        interfaces: arr('Network interfaces.', ref('interface')),
        ssh: obj(
          'How deploy reaches the host. Authentication comes from ssh-agent or ~/.ssh/config, never from this file.',
          {
            host: str('Address or ~/.ssh/config alias. Defaults to the first interface IP.', { type: 'sshHost' }),
            user: str('Login user. Non-root users need passwordless sudo (`sudo -n`).', {
              type: 'userName',
              default: 'root',
            }),
            port: int('SSH port.', { type: 'port', default: 22 }),
          },
        ),
        vm: obj('Present when the host is a VM.', {
          cpus: int('Virtual CPUs.', { type: 'cpus' }),
          memoryGiB: num('Memory in GiB.', { type: 'memoryGiB' }),
          diskGiB: num('Disk size in GiB.', { type: 'diskGiB' }),
          on: str('Hypervisor host the VM runs on.', { type: 'reference' }),
        }),
        bmc: obj(
          'Baseboard management controller. `okd-ipi` needs one, with address and user name, on every master, worker, infra and storage host (for VMs: an emulator such as sushy-tools or VirtualBMC). The password is never stored here: it is asked for when install-config.yaml is written.',
          {
            address: str(
              'BMC address, e.g. `ipmi://10.0.1.10` or `redfish-virtualmedia://…`. Several hosts may share an IP when the URLs differ by port or path (one chassis manager or emulator).',
              { type: 'url' },
            ),
            username: str('BMC user name.', { type: 'bmcUser' }),
          },
          ['address'],
        ),
        installDisk: str('Disk to install to, e.g. `/dev/sda`.', { type: 'devicePath', default: '/dev/sda' }),
        os: str(
          'Distribution of a services host or hypervisor. Rendered files follow its layout: the Red Hat family keeps `/etc/named.conf`, `/var/named`, `/etc/chrony.conf`, httpd and `/var/lib/tftpboot`; Debian and Ubuntu use `/etc/bind`, `/etc/chrony/chrony.conf`, apache2, `/srv/tftp` and the units `isc-dhcp-server`, `chrony` and `tftpd-hpa`.',
          { enum: [...HOST_OS], default: 'fedora' },
        ),
        ingress: bool(
          'Runs the ingress router. When no host says `ingress: true`, the routers run on every worker and infra host, or on the masters of a compact cluster; `ingress: false` leaves a host out of that default.',
        ),
        firmware: str(
          "How the machine PXE-boots. `bios` gets `pxelinux.0` and its menu (bare metal gets `lpxelinux.0`, which fetches the HTTP kernel without iPXE); `uefi` gets a GRUB network boot loader (shim and GRUB copied from the PXE host's packages) and its own `grub.cfg-01-<mac>` with the same kernel, initramfs, rootfs and ignition arguments. dhcpd hands out the loader by the client's architecture (DHCP option 93).",
          { enum: [...FIRMWARES], default: 'bios' },
        ),
      },
      ['name', 'role'],
    ),
    vip: obj(
      'A virtual IP.',
      {
        name: str('VIP name.', { type: 'name' }),
        network: str('Network the VIP lives on.', { type: 'reference' }),
        ip: str('The virtual address.', { type: 'ip' }),
        ip6: str('IPv6 address of the same VIP (dual stack).', { type: 'ipv6' }),
        purpose: str('`api` and `ingress` feed install-config and DNS; `api-int` resolves the internal API name.', {
          enum: [...VIP_PURPOSES],
          default: 'custom',
        }),
        ports: arr('TCP ports served.', item('integer', 'port')),
        backends: obj('Hosts behind the VIP.', {
          roles: arr('Every host with one of these roles.', { type: 'string', enum: [...ROLES] }),
          hosts: arr('These hosts.', item('string', 'reference')),
        }),
        holders: arr(
          'Hosts that hold the address with keepalived (two or more make an HA pair).',
          item('string', 'reference'),
        ),
      },
      ['name', 'network', 'ip'],
    ),
    pool: obj(
      'A MetalLB address pool.',
      {
        name: str('Pool name (a Kubernetes object name).', { type: 'name' }),
        network: str('Network the pool is announced on (layer2).', { type: 'reference' }),
        addresses: arr(
          'Ranges `start-end` and/or CIDRs.',
          item('string', 'poolRange', { examples: ['10.0.0.100-10.0.0.200'] }),
          { minItems: 1 },
        ),
        protocol: str('How addresses are announced.', { enum: [...POOL_PROTOCOLS], default: 'layer2' }),
        autoAssign: bool('Hand out addresses automatically.', { default: true }),
        avoidBuggyIPs: bool('Skip IPv4 addresses ending in .0 and .255.', { default: false }),
      },
      ['name', 'addresses'],
    ),
    services: obj('Support services.', {
      dhcp: service('ISC DHCP server.', {
        authoritative: bool('Answer as the authoritative server.', { default: true }),
        unknownClients: str(
          'Machines without a reservation in this file: `allow` gives them addresses from the dynamic ranges; `deny` puts the ranges in a pool with `deny unknown-clients`, so only the hosts listed here get an address (and PXE-boot).',
          { enum: ['allow', 'deny'], default: 'allow' },
        ),
      }),
      dns: service('BIND name server: forward and reverse zones for the cluster.', {
        forwarders: arr('Upstream resolvers.', item('string', 'ip')),
        ttl: int('Record TTL in seconds.', { type: 'ttl', default: 300 }),
      }),
      loadBalancer: service('HAProxy for API (6443), machine config (22623) and ingress (80/443).', {
        stats: obj('HAProxy statistics page.', { port: int('Stats port.', { type: 'port', default: 9000 }) }),
        bootstrap: bool('Include the bootstrap host in API backends (turn off after bootstrap completes).', {
          default: true,
        }),
      }),
      ntp: service('chrony time server for the nodes.', {
        upstream: arr(
          "Upstream NTP servers or pools: host names or addresses. Default: the pool of the NTP host's distribution (`2.fedora.pool.ntp.org`, `2.debian.pool.ntp.org`, ...), so the server always follows one. An empty list serves the local clock only (disconnected labs).",
          item('string', 'hostOrIp', { examples: ['0.fedora.pool.ntp.org', '192.168.1.1'] }),
        ),
      }),
      pxe: service('TFTP + pxelinux boot menus per role and per MAC.', {
        tftpRoot: str('TFTP root.', { type: 'absPath', default: '/var/lib/tftpboot' }),
        kernel: str('Kernel path under the HTTP root, or a URL.', {
          type: 'urlOrPath',
          default: 'okd/kernel/fedora-coreos-live-kernel-x86_64',
        }),
        initramfs: str('Initramfs path under the HTTP root, or a URL.', {
          type: 'urlOrPath',
          default: 'okd/initramfs/fedora-coreos-live-initramfs.x86_64.img',
        }),
        rootfs: str('Root filesystem image path under the HTTP root, or a URL.', {
          type: 'urlOrPath',
          default: 'okd/rootfs/fedora-coreos-live-rootfs.x86_64.img',
        }),
        ignitionPath: str('Path of the ignition files under the HTTP root.', {
          type: 'urlOrPath',
          default: 'okd/ignitions',
        }),
        kernelArgs: arr(
          'Extra kernel arguments on every pxelinux `APPEND` and GRUB `linux` line, one argument per item (no spaces). Default: `console=tty0` and `console=ttyS0,115200n8` for VMs, so `virsh console` shows an install started with `--graphics none`; none for bare metal. A list written here applies to every node.',
          item('string', 'kernelArg', { examples: ['console=ttyS0,115200n8', 'nomodeset'] }),
        ),
      }),
      http: service('HTTP server for PXE artifacts and ignition files.', {
        port: int('Listen port.', { type: 'port', default: 8080 }),
        root: str('Document root.', { type: 'absPath', default: '/var/www/html' }),
      }),
      registry: service(
        'Mirror container registry: podman runs the registry image from a systemd unit (`registry.service`), with TLS and htpasswd auth. Deploy generates a CA and a certificate for `<host>.<cluster domain>` on the host unless `certFile` and `keyFile` are given; the htpasswd password is asked at deploy time and never stored in this file.',
        {
          port: int('Registry port.', { type: 'port', default: 5000 }),
          repository: str(
            'Repository of the OKD release mirror: install-config mirrors `quay.io/openshift/okd` and `quay.io/openshift/okd-content` to `<registry host>.<cluster domain>:<port>/<repository>` (what `oc adm release mirror --to=` was given).',
            { type: 'repoPath', default: 'openshift/okd' },
          ),
          dir: str(
            "Folder on the registry host for the registry's `ca/`, `certs/`, `auth/htpasswd` and `data/` (the image store).",
            { type: 'absPath', default: '/opt/registry' },
          ),
          image: str(
            'The registry container image, fully qualified. In a disconnected lab load it into podman first.',
            { type: 'imageRef', default: 'docker.io/library/registry:2' },
          ),
          user: str("User name in the registry's htpasswd file (its password is asked at deploy time).", {
            type: 'registryUser',
            default: 'okd',
          }),
          caFile: str(
            "PEM file on this machine with the registry's CA, for install-config's `additionalTrustBundle`: the CA that signed your `certFile`, or a copy of the CA deploy made on the registry host (`<dir>/ca/ca.crt`). Without it the install-config is completed from the CA on the registry host.",
            { type: 'localPath', examples: ['~/registry/ca.crt'] },
          ),
          certFile: str(
            'PEM certificate of the registry (on this machine), signed by `caFile` (or by a CA the nodes already trust, then without `caFile`); deploy uploads it instead of generating one.',
            { type: 'localPath', examples: ['~/registry/services.okd.example.com.crt'] },
          ),
          keyFile: str(
            'Private key of `certFile` (on this machine); deploy uploads it with mode 0600. Only the path is stored here.',
            { type: 'localPath', examples: ['~/registry/services.okd.example.com.key'] },
          ),
        },
      ),
      kubeApi: service(
        'Host where the cluster phase (`deploy --phase cluster`) runs `oc`/`kubectl apply` for cluster manifests (MetalLB, MachineConfigs). Deploying the hosts does not need it.',
        { tool: str('CLI to use.', { enum: ['oc', 'kubectl'] }) },
      ),
    }),
  },
};

// --stdout: print instead of writing, so the freshness test compares without touching the tree.
const text = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  writeFileSync(new URL('../../schemas/cluster.okd.schema.json', import.meta.url), text);
  console.log('wrote schemas/cluster.okd.schema.json');
}
