/**
 * Every check, in code order. The catalog test fails when a check file is
 * missing here, has no tests, or has no knowledge page.
 */
import { gatewayOutsideSubnet } from './gateway-outside-subnet.js';
import { ipv6Disabled } from './ipv6-disabled.js';
import { natOutsideWinnatPrefix } from './nat-outside-winnat-prefix.js';
import { noServiceDiscovery } from './no-service-discovery.js';
import { oobVswitchBlocksTransparent } from './oob-vswitch-blocks-transparent.js';
import { overlayAllowAll } from './overlay-allow-all.js';
import { overlayBuildUnsupported } from './overlay-build-unsupported.js';
import { overlayRequiresSwarm } from './overlay-requires-swarm.js';
import { swarmRoutingMeshUnsupported } from './swarm-routing-mesh-unsupported.js';
import { swarmVxlanId } from './swarm-vxlan-id.js';
import type { Check } from './types.js';
import { unsupportedOption } from './unsupported-option.js';
import { winnatSlotTaken } from './winnat-slot-taken.js';

export const CHECKS: readonly Check[] = [
  ipv6Disabled,
  winnatSlotTaken,
  natOutsideWinnatPrefix,
  gatewayOutsideSubnet,
  oobVswitchBlocksTransparent,
  unsupportedOption,
  noServiceDiscovery,
  overlayRequiresSwarm,
  overlayBuildUnsupported,
  swarmRoutingMeshUnsupported,
  swarmVxlanId,
  overlayAllowAll,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

export function findCheck(codeOrKnowledge: string): Check | undefined {
  const k = codeOrKnowledge.toLowerCase();
  return CHECKS.find((c) => c.meta.code.toLowerCase() === k || c.meta.knowledge === k);
}
