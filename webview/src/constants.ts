// Enumerations from the model (pure constants; the webview never imports core logic).
import { HOST_OS, PLATFORMS, POOL_PROTOCOLS, ROLES, SERVICE_KINDS, VIP_PURPOSES } from '../../src/core/model';

export const ROLES_LIST: readonly string[] = ROLES;
export const PLATFORMS_LIST: readonly string[] = PLATFORMS;
export const HOST_OS_LIST: readonly string[] = HOST_OS;
export const VIP_PURPOSES_LIST: readonly string[] = VIP_PURPOSES;
export const POOL_PROTOCOLS_LIST: readonly string[] = POOL_PROTOCOLS;
export const SERVICE_KINDS_LIST: readonly string[] = SERVICE_KINDS;
