/**
 * Every check, in code order (the list is sorted by code where it is
 * made). The catalog test fails when a check file is
 * missing here, has no tests, or has no knowledge page.
 */
import { cniConfigMissing } from './cni-config-missing.js';
import { cniInterfaceSelection } from './cni-interface-selection.js';
import { cniPluginMissing } from './cni-plugin-missing.js';
import { cniSubnetMismatch } from './cni-subnet-mismatch.js';
import { cniPortmappingsMissing } from './cni-portmappings-missing.js';
import { calicoUnsupportedConfig } from './calico-unsupported-config.js';
import { cloudMetadataRouteLost } from './cloud-metadata-route-lost.js';
import { containerdNotRunning } from './containerd-not-running.js';
import { defaultNatMissing } from './default-nat-missing.js';
import { defaultSwitchIcs } from './default-switch-ics.js';
import { dockerNotRunning } from './docker-not-running.js';
import { dockernatSwitch } from './dockernat-switch.js';
import { endpointPortBlocked } from './endpoint-port-blocked.js';
import { engineInLinuxMode } from './engine-in-linux-mode.js';
import { externalNetworksShareAdapter } from './external-networks-share-adapter.js';
import { flannelNetworkNotReady } from './flannel-network-not-ready.js';
import { gatewayOutsideSubnet } from './gateway-outside-subnet.js';
import { hnsNotRunning } from './hns-not-running.js';
import { hostgwRoutesMissing } from './hostgw-routes-missing.js';
import { interfaceOptionInvalid } from './interface-option-invalid.js';
import { ipv6Disabled } from './ipv6-disabled.js';
import { kubeproxyNotRunning } from './kubeproxy-not-running.js';
import { ipamExhausted } from './ipam-exhausted.js';
import { l2bridgeDhcpUnsupported } from './l2bridge-dhcp-unsupported.js';
import { l2bridgeOutboundNat } from './l2bridge-outbound-nat.js';
import { l2tunnelCloudOnly } from './l2tunnel-cloud-only.js';
import { macSpoofingRequired } from './mac-spoofing-required.js';
import { managementIpLost } from './management-ip-lost.js';
import { natDnsResolution } from './nat-dns-resolution.js';
import { natMissingWinnat } from './nat-missing-winnat.js';
import { natOutsideWinnatPrefix } from './nat-outside-winnat-prefix.js';
import { natOverlapsHostNetwork } from './nat-overlaps-host-network.js';
import { natSubnetUnset } from './nat-subnet-unset.js';
import { natSwitchNotInternal } from './nat-switch-not-internal.js';
import { networksLostAfterReboot } from './networks-lost-after-reboot.js';
import { nonEnglishOsLocale } from './non-english-os-locale.js';
import { noServiceDiscovery } from './no-service-discovery.js';
import { oobVswitchBlocksTransparent } from './oob-vswitch-blocks-transparent.js';
import { osBuildUnsupported } from './os-build-unsupported.js';
import { outboundnatExceptionsWrong } from './outboundnat-exceptions-wrong.js';
import { overlayAllowAll } from './overlay-allow-all.js';
import { overlayBuildUnsupported } from './overlay-build-unsupported.js';
import { overlayRequiresSwarm } from './overlay-requires-swarm.js';
import { podNetworkAdapterNotFound } from './pod-network-adapter-not-found.js';
import { podNetworkMissing } from './pod-network-missing.js';
import { portConflict } from './port-conflict.js';
import { serviceRoutePolicyMissing } from './service-route-policy-missing.js';
import { remoteSubnetRoutesMissing } from './remote-subnet-routes-missing.js';
import { staleHnsState } from './stale-hns-state.js';
import { staticIpNeedsSubnetGateway } from './static-ip-needs-subnet-gateway.js';
import { swarmRoutingMeshUnsupported } from './swarm-routing-mesh-unsupported.js';
import { swarmVxlanId } from './swarm-vxlan-id.js';
import { apiserverUnreachable } from './apiserver-unreachable.js';
import { dualstackUnsupported } from './dualstack-unsupported.js';
import { eksWindowsIpamDisabled } from './eks-windows-ipam-disabled.js';
import { hnsUnhealthy } from './hns-unhealthy.js';
import type { Check } from './types.js';
import { unsupportedOption } from './unsupported-option.js';
import { vfpNotRunning } from './vfp-not-running.js';
import { vlanOptionInvalid } from './vlan-option-invalid.js';
import { vxlanVniInvalid } from './vxlan-vni-invalid.js';
import { winnatSlotTaken } from './winnat-slot-taken.js';
import { windowsUpdateRegression } from './windows-update-regression.js';
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
  hnsUnhealthy,
  windowsUpdateRegression,
  apiserverUnreachable,
  eksWindowsIpamDisabled,
  dualstackUnsupported,
  cniConfigMissing,
  cniPluginMissing,
  cniSubnetMismatch,
  cniPortmappingsMissing,
  outboundnatExceptionsWrong,
  serviceRoutePolicyMissing,
  ipamExhausted,
  cniInterfaceSelection,
  nonEnglishOsLocale,
  remoteSubnetRoutesMissing,
  managementIpLost,
  endpointPortBlocked,
  podNetworkMissing,
  vxlanVniInvalid,
  flannelNetworkNotReady,
  hostgwRoutesMissing,
  calicoUnsupportedConfig,
  podNetworkAdapterNotFound,
  cloudMetadataRouteLost,
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
