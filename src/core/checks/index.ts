/**
 * Every check, in code order. The catalog test fails when a check file is
 * missing here, has no tests, or has no knowledge page.
 */
import { dockerNotRunning } from './docker-not-running.js';
import { engineInLinuxMode } from './engine-in-linux-mode.js';
import { gatewayOutsideSubnet } from './gateway-outside-subnet.js';
import { hnsNotRunning } from './hns-not-running.js';
import { ipv6Disabled } from './ipv6-disabled.js';
import { natDnsResolution } from './nat-dns-resolution.js';
import { natOutsideWinnatPrefix } from './nat-outside-winnat-prefix.js';
import { oobVswitchBlocksTransparent } from './oob-vswitch-blocks-transparent.js';
import { osBuildUnsupported } from './os-build-unsupported.js';
import { staleHnsState } from './stale-hns-state.js';
import type { Check } from './types.js';
import { vfpNotRunning } from './vfp-not-running.js';
import { winnatSlotTaken } from './winnat-slot-taken.js';
import { winnatStopped } from './winnat-stopped.js';

export const CHECKS: readonly Check[] = [
  ipv6Disabled,
  winnatSlotTaken,
  natOutsideWinnatPrefix,
  gatewayOutsideSubnet,
  oobVswitchBlocksTransparent,
  osBuildUnsupported,
  hnsNotRunning,
  winnatStopped,
  vfpNotRunning,
  dockerNotRunning,
  engineInLinuxMode,
  staleHnsState,
  natDnsResolution,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

export function findCheck(codeOrKnowledge: string): Check | undefined {
  const k = codeOrKnowledge.toLowerCase();
  return CHECKS.find((c) => c.meta.code.toLowerCase() === k || c.meta.knowledge === k);
}
