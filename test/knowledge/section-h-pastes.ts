/**
 * Realistic pastes for the Kubernetes and containerd failure modes (catalog
 * section H): log lines of kubelet, containerd, kube-proxy, flanneld and
 * calico-node as users paste them, taken from public issue threads and the
 * sources' own messages. Several of these pages are written in parallel:
 * search.test.ts runs a paste only once its page exists, and reports the
 * others as to-do, never silently.
 */
export const SECTION_H_IDS = [
  'containerd-not-running', 'cni-config-missing', 'cni-plugin-missing', 'cni-subnet-mismatch', 'cni-portmappings-missing',
  'outboundnat-exceptions-wrong', 'service-route-policy-missing', 'ipam-exhausted', 'cni-interface-selection', 'non-english-os-locale',
  'kubeproxy-not-running', 'kubeproxy-network-name-mismatch', 'kubeproxy-sourcevip-invalid', 'kubeproxy-feature-gate-mismatch',
  'kubeproxy-dsr-mismatch', 'kubeproxy-hostname-mismatch', 'ephemeral-port-exhaustion', 'dns-vip-lb-missing', 'stale-remote-endpoints',
  'loadbalancers-out-of-sync', 'service-limitations', 'vxlan-vni-invalid', 'remote-subnet-routes-missing', 'hostgw-routes-missing',
  'flannel-network-not-ready', 'calico-unsupported-config', 'pod-network-adapter-not-found', 'management-ip-lost', 'cloud-metadata-route-lost',
  'pod-network-missing', 'endpoint-port-blocked', 'hns-unhealthy', 'windows-update-regression', 'apiserver-unreachable',
  'eks-windows-ipam-disabled', 'dualstack-unsupported', 'icmp-egress-unsupported',
] as const;

export interface SectionHPastes {
  readonly en: readonly string[];
  readonly ko?: readonly string[];
}

export const SECTION_H_PASTES: Readonly<Record<string, SectionHPastes>> = {
  'cni-config-missing': {
    en: ['E1207 10:02:11.123456    4242 pod_workers.go:1298] "Error syncing pod, skipping" err="network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"'],
  },
  'cni-plugin-missing': {
    en: ['FATA[0000] failed to create default network: needs CNI plugin "nat" to be installed in CNI_PATH ("C:\\\\Program Files\\\\containerd\\\\cni\\\\bin"), see https://github.com/containernetworking/plugins/releases: exec: "C:\\\\Program Files\\\\containerd\\\\cni\\\\bin\\\\nat": file does not exist'],
  },
  'ipam-exhausted': {
    en: ['Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "4f1c": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.1.2-10.244.1.254'],
  },
  'kubeproxy-network-name-mismatch': {
    en: ['E1207 10:00:01.000000    4242 proxier.go:700] "Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="Calico.*"'],
  },
  'kubeproxy-sourcevip-invalid': {
    en: ['E0409 13:34:04.794013    3560 proxier.go:998] "Source Vip endpoint creation failed" err="hcnCreateEndpoint failed in Win32: An address provided is invalid or reserved. (0x803b002f) {\\"Success\\":false,\\"Error\\":\\"An address provided is invalid or reserved. \\",\\"ErrorCode\\":2151350319}"'],
  },
  'kubeproxy-feature-gate-mismatch': {
    en: ['F1207 10:00:01.000000    4242 server.go:95] cannot set feature gate WinOverlay to false, feature is locked to true'],
  },
  'kubeproxy-dsr-mismatch': {
    en: ['E1207 10:00:01.000000    4242 server.go:480] "Error running ProxyServer" err="platform does not support feature Direct Server Return (DSR)"'],
  },
  'dns-vip-lb-missing': {
    en: ['Resolve-DnsName : kubernetes.default.svc.cluster.local : This operation returned because the timeout period expired'],
  },
  'loadbalancers-out-of-sync': {
    en: ['E1207 10:00:01.000000    4242 proxier.go:1520] "Policy creation failed" err="hcnCreateLoadBalancer failed in Win32: Cannot create a file when that file already exists. (0xb7)"'],
  },
  'service-limitations': {
    en: ['E1207 10:00:01.000000    4242 proxier.go:455] "Session Affinity is not supported on this version of Windows"'],
  },
  'vxlan-vni-invalid': {
    en: ['E1207 10:00:01.000000    4242 main.go:332] Error registering network: invalid VXLAN backend config. VNI [1] must be greater than or equal to 4096 on Windows'],
  },
  'hostgw-routes-missing': {
    en: ["E1207 10:00:01.000000    4242 main.go:332] Error registering network: your PublicIP differs from interface IP, meaning that probably you're on a NAT, which is not supported by host-gw backend"],
  },
  'flannel-network-not-ready': {
    en: ['E1207 10:00:01.000000    4242 main.go:332] Error registering network: timeout, failed to get management IP from HostComputeNetwork flannel.4096'],
  },
  'calico-unsupported-config': {
    en: ['2026-12-07 10:00:01.000 [ERROR][4242] startup/startup_windows.go 120: IPIP is not supported on Windows'],
  },
  'management-ip-lost': {
    en: ['2026-12-07 10:00:01.000 [FATAL][4242] startup/startup_windows.go 80: timed out waiting for interface matching the management IP (169.254.57.5) of network'],
  },
  'pod-network-missing': {
    en: ['E1207 10:00:01.000000    4242 proxier.go:1120] "The HNS network is not present or has changed since the last sync, please check the CNI deployment"'],
  },
  'endpoint-port-blocked': {
    en: ['[FAIL] EndpointStateTest: Endpoint state for the POD with IP address 10.244.1.5 is in invalid state 1'],
  },
  'hns-unhealthy': {
    en: ['Error  12/7/2026 10:00:01 AM  Service Control Manager  7034  None  The Host Network Service terminated unexpectedly.  It has done this 3 time(s).'],
  },
  'windows-update-regression': {
    en: ['PS C:\\> kubectl exec win-pod -- ping 1.1.1.1\nPinging 1.1.1.1 with 32 bytes of data:\nGeneral failure.\nGeneral failure.'],
  },
  'apiserver-unreachable': {
    en: [
      'E0422 22:05:50.416839    3348 main.go:222] Failed to create SubnetManager: error retrieving pod spec for \'kube-flannel/kube-flannel-ds-windows-amd64-6rf7t\': Get "https://10.96.0.1:443/api/v1/namespaces/kube-flannel/pods/kube-flannel-ds-windows-amd64-6rf7t": dial tcp 10.96.0.1:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
      '2021-12-01 04:30:51.183 [ERROR][6804] startup/startup.go 115: Unable to ensure datastore is migrated. error=unable to query ClusterInformation to determine Calico version: Get "https://10.93.22.20:16443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.93.22.20:16443: i/o timeout',
    ],
    ko: ['E0422 22:05:50.416839    3348 main.go:222] Failed to create SubnetManager: error retrieving pod spec for \'kube-flannel/kube-flannel-ds-windows-amd64-6rf7t\': Get "https://10.96.0.1:443/api/v1/namespaces/kube-flannel/pods/kube-flannel-ds-windows-amd64-6rf7t": dial tcp 10.96.0.1:443: connectex: 연결된 구성원으로부터 응답이 없어 연결하지 못했거나, 호스트로부터 응답이 없어 연결이 끊어졌습니다.'],
  },
  'eks-windows-ipam-disabled': {
    en: ['failed to set up sandbox container "dd764292de39" network for pod "sample-windows-54dfc4d87d-76tzv": networkPlugin cni failed to set up pod "sample-windows-54dfc4d87d-76tzv_sandbox" network: failed to parse Kubernetes args: pod does not have label vpc.amazonaws.com/PrivateIPv4Address'],
  },
  'dualstack-unsupported': {
    en: ['I1207 10:00:01.000000    4242 proxier.go:640] "Winoverlay does not support dual-stack, falling back to single-stack"'],
  },
};

/** Words typed into the search box, for the symptom-only entries of the section. */
export const SECTION_H_TYPED: readonly (readonly [string, string])[] = [
  ['windows pod cannot ping 8.8.8.8', 'icmp-egress-unsupported'],
  ['윈도우 파드 외부 ping 실패', 'icmp-egress-unsupported'],
  ['enable-windows-ipam', 'eks-windows-ipam-disabled'],
  ['FwPerfImprovementChange', 'windows-update-regression'],
  ['KB5040437', 'windows-update-regression'],
];
