// The contract between rendering and deploy: what was rendered, where it goes, how to check it.
// Written to DIR/MANIFEST.json by `okd-topology render`; read by deploy and the Ansible export.

/** A command as an argument vector; `{file}` stands for the path being validated. Never a shell string. */
export type Argv = string[];

export type HealthCheck =
  | { kind: 'service-active'; unit: string }
  | { kind: 'dns'; name: string; expect: string; server?: string }
  | { kind: 'tcp'; port: number; address?: string }
  /**
   * HAProxy runs the configuration now in `config`: its worker started after the file changed, read
   * from the stats socket. A reload whose new configuration fails to start (a bind refused) leaves
   * the old workers serving and `systemctl reload` reporting success; only this tells.
   */
  | { kind: 'haproxy-loaded'; socket: string; config: string };

export interface RenderedFile {
  /** Host name from the topology for host files, or `cluster` for cluster-level files. */
  target: string;
  /** Absolute path on the host for host files; a relative file name for cluster files. */
  path: string;
  content: string;
  /** Octal file mode, e.g. "0644". */
  mode: string;
  owner?: string;
  group?: string;
  /** Which service the file belongs to (dhcp, dns, loadBalancer, ntp, pxe, http, keepalived, firewall, metallb, ...). */
  service: string;
  /** Checks the file before it is swapped in (run on the host with `{file}` = the uploaded temp file). */
  validate?: Argv;
  /** Makes the service pick the file up. Files of one service share one reload. */
  reload?: Argv;
  /** Run after reload; a failure rolls the host back. */
  health?: HealthCheck[];
  /** Cluster manifests: applied with this tool (`oc` or `kubectl`) from the kube API host. */
  apply?: 'oc' | 'kubectl';
  /** A symlink instead of a regular file (pxelinux per-MAC entries); content is then the link target. */
  symlink?: boolean;
  /**
   * Placeholders in `content` that stand for secrets (pull secret, SSH key, BMC passwords). The
   * rendered text never holds the secret; whoever writes the real file fills them from `file`.
   */
  secrets?: { placeholder: string; kind: 'pullSecret' | 'sshKey' | 'bmcPassword'; file?: string; host?: string }[];
}

export interface ManifestEntry extends Omit<RenderedFile, 'content'> {
  /** Where the file was written, relative to the output folder. */
  local: string;
  sha256: string;
}

export interface Manifest {
  /** The topology file name the output was rendered from. */
  source: string;
  cluster: string;
  files: ManifestEntry[];
}
