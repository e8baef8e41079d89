/**
 * Every check, in code order. The catalog test fails when a check file is
 * missing here, has no tests, or has no knowledge page.
 */
import { containerdNotRunning } from './containerd-not-running.js';
import { defaultNatMissing } from './default-nat-missing.js';
import { defaultSwitchIcs } from './default-switch-ics.js';
import { dockerNotRunning } from './docker-not-running.js';
import { dockernatSwitch } from './dockernat-switch.js';
import { engineInLinuxMode } from './engine-in-linux-mode.js';
import { externalNetworksShareAdapter } from './external-networks-share-adapter.js';
import { gatewayOutsideSubnet } from './gateway-outside-subnet.js';
import { hnsNotRunning } from './hns-not-running.js';
import { interfaceOptionInvalid } from './interface-option-invalid.js';
import { ipv6Disabled } from './ipv6-disabled.js';
import { kubeproxyNotRunning } from './kubeproxy-not-running.js';
import { l2bridgeDhcpUnsupported } from './l2bridge-dhcp-unsupported.js';
import { l2bridgeOutboundNat } from './l2bridge-outbound-nat.js';
import { l2tunnelCloudOnly } from './l2tunnel-cloud-only.js';
import { macSpoofingRequired } from './mac-spoofing-required.js';
import { natDnsResolution } from './nat-dns-resolution.js';
import { natMissingWinnat } from './nat-missing-winnat.js';
import { natOutsideWinnatPrefix } from './nat-outside-winnat-prefix.js';
import { natOverlapsHostNetwork } from './nat-overlaps-host-network.js';
import { natSubnetUnset } from './nat-subnet-unset.js';
import { natSwitchNotInternal } from './nat-switch-not-internal.js';
import { networksLostAfterReboot } from './networks-lost-after-reboot.js';
import { noServiceDiscovery } from './no-service-discovery.js';
import { oobVswitchBlocksTransparent } from './oob-vswitch-blocks-transparent.js';
import { osBuildUnsupported } from './os-build-unsupported.js';
import { overlayAllowAll } from './overlay-allow-all.js';
import { overlayBuildUnsupported } from './overlay-build-unsupported.js';
import { overlayRequiresSwarm } from './overlay-requires-swarm.js';
import { portConflict } from './port-conflict.js';
import { staleHnsState } from './stale-hns-state.js';
import { staticIpNeedsSubnetGateway } from './static-ip-needs-subnet-gateway.js';
import { swarmRoutingMeshUnsupported } from './swarm-routing-mesh-unsupported.js';
import { swarmVxlanId } from './swarm-vxlan-id.js';
import type { Check } from './types.js';
import { unsupportedOption } from './unsupported-option.js';
import { vfpNotRunning } from './vfp-not-running.js';
import { vlanOptionInvalid } from './vlan-option-invalid.js';
import { winnatSlotTaken } from './winnat-slot-taken.js';
import { winnatStopped } from './winnat-stopped.js';
import { byCodeUnits } from '../text/order.js';
import { dnsVipLbMissing } from './dns-vip-lb-missing.js';
import { kubeproxyNetworkNameMismatch } from './kubeproxy-network-name-mismatch.js';
import { kubeproxySourcevipInvalid } from './kubeproxy-sourcevip-invalid.js';
import { kubeproxyFeatureGateMismatch } from './kubeproxy-feature-gate-mismatch.js';
import { kubeproxyDsrMismatch } from './kubeproxy-dsr-mismatch.js';
import { kubeproxyHostnameMismatch } from './kubeproxy-hostname-mismatch.js';
import { ephemeralPortExhaustion } from './ephemeral-port-exhaustion.js';
import { staleRemoteEndpoints } from './stale-remote-endpoints.js';
import { loadbalancersOutOfSync } from './loadbalancers-out-of-sync.js';

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
  osBuildUnsupported,
  hnsNotRunning,
  winnatStopped,
  vfpNotRunning,
  dockerNotRunning,
  engineInLinuxMode,
  containerdNotRunning,
  kubeproxyNotRunning,
  staleHnsState,
  natDnsResolution,
  externalNetworksShareAdapter,
  interfaceOptionInvalid,
  vlanOptionInvalid,
  staticIpNeedsSubnetGateway,
  l2bridgeDhcpUnsupported,
  l2bridgeOutboundNat,
  l2tunnelCloudOnly,
  macSpoofingRequired,
  dockernatSwitch,
  defaultSwitchIcs,
  defaultNatMissing,
  natMissingWinnat,
  natOverlapsHostNetwork,
  natSubnetUnset,
  natSwitchNotInternal,
  networksLostAfterReboot,
  portConflict,
  kubeproxyNetworkNameMismatch,
  kubeproxySourcevipInvalid,
  kubeproxyFeatureGateMismatch,
  kubeproxyDsrMismatch,
  kubeproxyHostnameMismatch,
  ephemeralPortExhaustion,
  dnsVipLbMissing,
  staleRemoteEndpoints,
  loadbalancersOutOfSync,
].sort((a, b) => byCodeUnits(a.meta.code, b.meta.code));

export function findCheck(codeOrKnowledge: string): Check | undefined {
  const k = codeOrKnowledge.toLowerCase();
  return CHECKS.find((c) => c.meta.code.toLowerCase() === k || c.meta.knowledge === k);
}
