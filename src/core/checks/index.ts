/**
 * Every check, in code order. The catalog test fails when a check file is
 * missing here, has no tests, or has no knowledge page.
 */
import { defaultNatMissing } from './default-nat-missing.js';
import { gatewayOutsideSubnet } from './gateway-outside-subnet.js';
import { ipv6Disabled } from './ipv6-disabled.js';
import { natMissingWinnat } from './nat-missing-winnat.js';
import { natOutsideWinnatPrefix } from './nat-outside-winnat-prefix.js';
import { natOverlapsHostNetwork } from './nat-overlaps-host-network.js';
import { natSubnetUnset } from './nat-subnet-unset.js';
import { natSwitchNotInternal } from './nat-switch-not-internal.js';
import { networksLostAfterReboot } from './networks-lost-after-reboot.js';
import { oobVswitchBlocksTransparent } from './oob-vswitch-blocks-transparent.js';
import { portConflict } from './port-conflict.js';
import type { Check } from './types.js';
import { winnatSlotTaken } from './winnat-slot-taken.js';

export const CHECKS: readonly Check[] = [
  ipv6Disabled,
  winnatSlotTaken,
  natOutsideWinnatPrefix,
  gatewayOutsideSubnet,
  natOverlapsHostNetwork,
  natSwitchNotInternal,
  natMissingWinnat,
  defaultNatMissing,
  networksLostAfterReboot,
  natSubnetUnset,
  portConflict,
  oobVswitchBlocksTransparent,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

export function findCheck(codeOrKnowledge: string): Check | undefined {
  const k = codeOrKnowledge.toLowerCase();
  return CHECKS.find((c) => c.meta.code.toLowerCase() === k || c.meta.knowledge === k);
}
