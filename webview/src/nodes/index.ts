// Node registry: a module-level constant so React Flow never sees a new object per render.
import type { NodeTypes } from '@xyflow/react';
import { HostNode } from './HostNode';
import { NetworkNode } from './NetworkNode';
import { PoolNode, VipNode } from './VipNode';

export const nodeTypes: NodeTypes = {
  host: HostNode,
  hypervisor: HostNode,
  network: NetworkNode,
  vip: VipNode,
  pool: PoolNode,
};
