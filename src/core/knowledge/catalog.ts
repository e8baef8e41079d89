/**
 * The stable knowledge ids. Pages, findings and reports use exactly these;
 * ids may be added, never renamed or removed.
 */
export const CATALOG = {
  'host platform and services': ['ipv6-disabled', 'os-build-unsupported', 'hns-not-running', 'winnat-stopped', 'vfp-not-running', 'docker-not-running', 'engine-in-linux-mode'],
  nat: ['winnat-slot-taken', 'nat-outside-winnat-prefix', 'gateway-outside-subnet', 'nat-overlaps-host-network', 'nat-switch-not-internal', 'nat-missing-winnat', 'default-nat-missing', 'networks-lost-after-reboot', 'nat-subnet-unset', 'port-conflict', 'localhost-published-port'],
  'vswitches, adapters and external networks': ['oob-vswitch-blocks-transparent', 'external-networks-share-adapter', 'interface-option-invalid', 'vlan-option-invalid', 'static-ip-needs-subnet-gateway', 'l2bridge-dhcp-unsupported', 'l2bridge-outbound-nat', 'l2tunnel-cloud-only', 'mac-spoofing-required', 'dockernat-switch', 'default-switch-ics', 'bridge-driver-unavailable'],
  'docker options and container behaviour': ['unsupported-option', 'hot-add-unsupported', 'no-service-discovery'],
  'overlay and swarm': ['overlay-requires-swarm', 'overlay-build-unsupported', 'swarm-routing-mesh-unsupported', 'swarm-vxlan-id', 'overlay-icmp-misleading', 'overlay-allow-all'],
  'stale state and dns': ['stale-hns-state', 'nat-dns-resolution'],
  'kubernetes nodes: runtime and cni configuration': ['containerd-not-running', 'cni-config-missing', 'cni-plugin-missing', 'cni-subnet-mismatch', 'cni-portmappings-missing', 'outboundnat-exceptions-wrong', 'service-route-policy-missing', 'ipam-exhausted', 'cni-interface-selection', 'non-english-os-locale'],
  'kubernetes nodes: kube-proxy and hns load balancing': ['kubeproxy-not-running', 'kubeproxy-network-name-mismatch', 'kubeproxy-sourcevip-invalid', 'kubeproxy-feature-gate-mismatch', 'kubeproxy-dsr-mismatch', 'kubeproxy-hostname-mismatch', 'ephemeral-port-exhaustion', 'dns-vip-lb-missing', 'stale-remote-endpoints', 'loadbalancers-out-of-sync', 'service-limitations'],
  'kubernetes nodes: flannel and calico': ['vxlan-vni-invalid', 'remote-subnet-routes-missing', 'hostgw-routes-missing', 'flannel-network-not-ready', 'calico-unsupported-config'],
  'kubernetes nodes: host, hns and platform': ['pod-network-adapter-not-found', 'management-ip-lost', 'cloud-metadata-route-lost', 'pod-network-missing', 'endpoint-port-blocked', 'hns-unhealthy', 'windows-update-regression', 'apiserver-unreachable', 'eks-windows-ipam-disabled', 'dualstack-unsupported', 'icmp-egress-unsupported'],
  'information': ['hns-network-name-option', 'dns-options', 'switch-embedded-teaming', 'network-compartments', 'default-nat-network', 'compose-networks'],
} as const;

export type KnowledgeId = (typeof CATALOG)[keyof typeof CATALOG][number];

export const KNOWLEDGE_IDS: readonly KnowledgeId[] = Object.values(CATALOG).flat();
