// The contract between rendering and deploy: what was rendered, where it goes, how to check it.
// Written to DIR/MANIFEST.json by `okd-topology render`; read by deploy and the Ansible export.
import type { KubeTool } from '../model';

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
  apply?: KubeTool;
  /** A symlink instead of a regular file (pxelinux per-MAC entries); content is then the link target. */
  symlink?: boolean;
  /** A systemd unit file: `systemctl daemon-reload` must run after it is swapped in and before the reload. */
  systemdUnit?: boolean;
  /**
   * Placeholders in `content` that stand for secrets or file contents (pull secret, SSH key, BMC
   * passwords, the registry's CA). The rendered text never holds them; whoever writes the real file fills them in.
   */
  secrets?: SecretRef[];
}

export type SecretKind = 'pullSecret' | 'sshKey' | 'bmcPassword' | 'registryPassword' | 'trustBundle';

export interface SecretRef {
  placeholder: string;
  kind: SecretKind;
  /** File on this machine to read it from (as written in the topology, `~` not expanded). */
  file?: string;
  /** The host it belongs to (BMC password), or the host that holds `path` (a CA generated there by deploy). */
  host?: string;
  /** Absolute path on `host` to read it from when there is no local `file` (trustBundle). */
  path?: string;
}

interface StepBase {
  /** Host name from the topology. */
  target: string;
  /** The service the step belongs to, as in RenderedFile.service (so a phase can pick it). */
  service: string;
  /** What the step is for, one line for the plan and the transcript. */
  title: string;
}

/** Copies a file that already exists on the host (from one of its packages, or made by an earlier step) into place. */
export interface CopyStep extends StepBase {
  kind: 'copy';
  from: string;
  to: string;
  mode: string;
  /** The package that installs `from` (to name in the error when `from` is missing); absent when an earlier step makes it. */
  package?: string;
}

/** Uploads a file the topology names on this machine (a certificate or key you provide); its content never enters the output. */
export interface UploadStep extends StepBase {
  kind: 'upload';
  /** As written in the topology (`~` not expanded, relative to the topology file). */
  local: string;
  to: string;
  mode: string;
}

/** Runs a program on the host as root. Never a shell string: argv only. */
export interface CommandStep extends StepBase {
  kind: 'command';
  argv: Argv;
  /** Run when `argv` fails (semanage port -a refuses a port that already has a label; -m then changes it). */
  orElse?: Argv;
  /** Skip the step when this path exists on the host: never replace a CA, key or htpasswd the host already has. */
  creates?: string;
  /** Only when SELinux is enforcing (`getenforce` prints `Enforcing`); skipped elsewhere. */
  when?: 'selinux-enforcing';
  /** Absolute host paths used in argv/creates, so deploy can place them under --remote-root. */
  paths?: string[];
  /** A secret written to the program's standard input (never on its command line); asked for at deploy time. */
  stdin?: SecretRef;
  /** Changes the system beyond files (port labels, the CA trust store): not run when files are only staged (--remote-root). */
  system?: boolean;
  /** Rebuilds state from files earlier steps write (the trust store from its anchors): runs again after a rollback undid them. */
  rerunOnUndo?: boolean;
  /** Takes back what `argv` added (semanage … -d), run by a rollback when `argv` itself, not `orElse`, succeeded. */
  undo?: Argv;
  /** The package that ships `argv[0]` on this host's distribution (deploy looks for the program with `command -v`). */
  package?: string;
}

/**
 * Something deploy does on a host besides writing a rendered file. A host's steps run in their listed
 * order, after every rendered file of the host is in place and before services are reloaded or started.
 */
export type HostStep = CopyStep | UploadStep | CommandStep;

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
  /** Host steps besides the files (boot loader copies, SELinux labels, the registry's certificates); absent when none. */
  steps?: HostStep[];
}
