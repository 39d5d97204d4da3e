// One user intent on the graph, as the core's edit planner takes it (src/core/edit turns each into
// minimal text edits). The webview sends these; src/protocol guards them on the way in.
import type { Path, Role, ServiceKind, VipPurpose } from '../model';
import type { NodeId, Position } from '../view/types';

/** A scalar the inspector can write. In setField, `null` removes the key. */
export type FieldValue = string | number | boolean | null;

/**
 * One user intent on the graph. Names (not ids) for hosts and networks in connect/disconnect;
 * ids (`kind:name`) where any node kind is allowed. The host turns each into minimal text edits.
 */
export type GraphEdit =
  /** New host or VM: unique name from the role (worker-3), next free IP in `network` + a generated MAC. */
  | { kind: 'addHost'; role: Role; network?: string; vm?: { on?: string }; name?: string; position?: Position }
  /** New network: the next free /24 that overlaps nothing, unless `cidr` is given. */
  | { kind: 'addNetwork'; cidr?: string; name?: string; position?: Position }
  /** New VIP with the next free address in `network`. */
  | { kind: 'addVip'; network: string; purpose?: VipPurpose; name?: string; position?: Position }
  /** New MetalLB pool: a free range at the top of `network`. */
  | { kind: 'addPool'; network: string; name?: string; position?: Position }
  /**
   * Removes the nodes and their layout entries, and the edges that belong to them: deleting a
   * host also removes it from lists that name it (vips.backends.hosts, vips.holders,
   * services.*.hosts); deleting a network removes the host interfaces, VIPs and pools on it (the
   * webview lists them and asks first). Single-valued references (services.*.host, vm.on of VMs
   * on a deleted hypervisor) stay, and the checks flag them.
   */
  | { kind: 'delete'; ids: NodeId[] }
  /** Renames a node and every reference to it (interfaces, vips, pools, services, vm.on, layout). */
  | { kind: 'rename'; id: NodeId; newName: string }
  /** Adds an interface on `network` to `host` with the next free IP and a generated MAC. */
  | { kind: 'connect'; host: string; network: string }
  /** Removes the host's interface on `network` (the one at `index` when given, else the last). */
  | { kind: 'disconnect'; host: string; network: string; index?: number }
  /**
   * Sets a value at a document path (e.g. ['hosts', 2, 'vm', 'cpus']), creating missing mappings.
   * `null` removes the key. A list value replaces the whole list. Setting the `name` of a host,
   * network, VIP or pool is a rename (references follow).
   */
  | { kind: 'setField'; path: Path; value: FieldValue | (string | number | boolean)[] }
  /**
   * The services `host` runs, all of them: each one added names the host (a service written with
   * one `host` moves here, a `hosts` list gains it), each one left out stops naming it.
   */
  | { kind: 'setServices'; host: string; services: ServiceKind[] }
  /**
   * Moves a network to `cidr` (its subnet of that family) and every address written in the old
   * one with it, keeping host parts. Refused when a host part does not fit or `cidr` overlaps
   * another network.
   */
  | { kind: 'renumber'; network: string; cidr: string }
  /**
   * Moves VMs onto another hypervisor: their `vm.on` names `on`, and their saved positions go (each
   * takes the next place in its new hypervisor's grid). Only hosts with a `vm` section move; `on`
   * must be a hypervisor.
   */
  | { kind: 'moveToHypervisor'; hosts: string[]; on: string }
  /** Writes positions into the `layout` section. */
  | { kind: 'move'; positions: NodePosition[] }
  /**
   * Auto layout: forgets the saved positions (the whole `layout` section, one undo step). The
   * file is the user's: automatic placement is computed by the webview, never written.
   */
  | { kind: 'autoLayout' };

export type GraphEditKind = GraphEdit['kind'];
export interface NodePosition extends Position {
  id: NodeId;
}
