/**
 * Kubernetes facts the node's checks share: kube-proxy's settings and
 * version, the cluster's ranges, this node's pod subnet and name, the other
 * nodes, kubelet's config, the pod network and its local pod endpoints.
 * Read from the capture's parsed `kubernetes`, `containerd` and `cni` keys
 * (never from raw text), each fact with where it was read, so a finding can
 * say "from --source-vip of kube-proxy.exe". Pure; no fact is guessed.
 */
import { flagValue } from '../../capture/parse/cmdline.js';
import type { ClusterFacts, CriPod, KubeNodeSummaryRecord, KubeProcessRecord, KubeProxySettings, Sourced } from '../../capture/runtime-types.js';
import { parsePrefix, type Prefix } from '../net.js';
import type { CniNetworkView, HnsEndpointModel, HnsLoadBalancerModel, HnsNetworkModel, HostModel } from '../types.js';

/** How to supply the cluster facts a node capture may lack (for "not applicable" reasons and messages). */
export const CLUSTER_FACT_COMMANDS = {
  node: 'kubectl get node <this node> -o json (saved as the capture\'s kubernetes.node)',
  nodes: "kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDRs}{\"\\n\"}{end}' (the capture's kubernetes.nodes)",
  serviceCIDR: "the API server's --service-cluster-ip-range (kubectl cluster-info dump | Select-String service-cluster-ip-range)",
} as const;

/** A Kubernetes version, as `Kubernetes v1.31.5` or `v1.31.5` reads. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

export function parseKubeVersion(text: string | undefined): KubeVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: text.trim() };
}

/** -1, 0 or 1: `a` before, equal to or after `major.minor`. */
export function compareMinor(a: KubeVersion, major: number, minor: number): number {
  if (a.major !== major) return a.major < major ? -1 : 1;
  if (a.minor !== minor) return a.minor < minor ? -1 : 1;
  return 0;
}

export interface KubernetesFacts {
  /** kubelet or kube-proxy is installed (service, process, config or records). */
  readonly isNode: boolean;
  readonly kubeProxy: KubeProxySettings | undefined;
  readonly cluster: ClusterFacts | undefined;
  readonly kubeProxyVersion: KubeVersion | undefined;
  readonly kubeletVersion: KubeVersion | undefined;
  /** This node's name: kube-proxy's --hostname-override, else the node object's, else the host name. */
  readonly nodeName: Sourced<string> | undefined;
  /** This node's pod subnet (flannel's subnet.env, the node object's spec.podCIDR). */
  readonly podCidr: (Sourced<string> & { readonly prefix: Prefix }) | undefined;
  readonly clusterCidr: (Sourced<string> & { readonly prefix: Prefix }) | undefined;
  readonly serviceCidr: (Sourced<string> & { readonly prefix: Prefix }) | undefined;
  /** The other nodes, when `kubernetes.nodes` was captured (undefined otherwise). */
  readonly otherNodes: readonly KubeNodeSummaryRecord[] | undefined;
  /** kubelet's config file, parsed (clusterDNS, podCIDR, ...), when captured. */
  readonly kubeletConfig: Readonly<Record<string, unknown>> | undefined;
  /** Pod sandboxes from `crictl pods`, when captured. */
  readonly pods: readonly CriPod[] | undefined;
}

function withPrefix(s: Sourced<string> | undefined): (Sourced<string> & { prefix: Prefix }) | undefined {
  if (!s) return undefined;
  const prefix = parsePrefix(s.value);
  return prefix ? { ...s, prefix } : undefined;
}

const cache = new WeakMap<HostModel, KubernetesFacts>();

/** The Kubernetes facts of a model, computed once per model. */
export function kubernetesFacts(model: HostModel): KubernetesFacts {
  const hit = cache.get(model);
  if (hit) return hit;
  const k = model.capture.kubernetes;
  const kubeProxy = k?.kubeProxy;
  const cluster = k?.cluster;
  const node = k?.node;
  const nodeName: Sourced<string> | undefined = kubeProxy?.hostnameOverride
    ?? (node?.metadata?.name ? { value: node.metadata.name, from: 'kubernetes.node metadata.name' } : undefined)
    ?? (model.host.name ? { value: model.host.name.toLowerCase(), from: 'the host name' } : undefined);
  const nodePodCidr = node?.spec?.podCIDR ?? node?.spec?.podCIDRs?.[0];
  const podCidr = withPrefix(cluster?.podCIDR ?? (nodePodCidr ? { value: nodePodCidr, from: 'kubernetes.node spec.podCIDR' } : undefined));
  const names = new Set([nodeName?.value.toLowerCase(), node?.metadata?.name?.toLowerCase()].filter((n): n is string => !!n));
  const kubeletFile = k?.files?.find((f) => f.kind === 'kubelet-config' && f.data && typeof f.data === 'object');
  const facts: KubernetesFacts = {
    isNode: !!(model.runtime('kubelet')?.installed || model.runtime('kube-proxy')?.installed),
    kubeProxy,
    cluster,
    kubeProxyVersion: parseKubeVersion(k?.versions?.kubeProxy ?? node?.status?.nodeInfo?.kubeProxyVersion),
    kubeletVersion: parseKubeVersion(k?.versions?.kubelet ?? node?.status?.nodeInfo?.kubeletVersion),
    nodeName,
    podCidr,
    clusterCidr: withPrefix(cluster?.clusterCIDR ?? kubeProxy?.clusterCIDR),
    serviceCidr: withPrefix(cluster?.serviceCIDR),
    otherNodes: k?.nodes?.filter((n) => !names.has(n.name.toLowerCase())),
    kubeletConfig: kubeletFile?.data as Readonly<Record<string, unknown>> | undefined,
    pods: model.capture.containerd?.pods,
  };
  cache.set(model, facts);
  return facts;
}

/**
 * The HNS network the node's pods use: the one kube-proxy names (exact,
 * case-sensitive, as kube-proxy matches it), else the one a CNI conf names.
 */
export function podNetwork(model: HostModel): { network: HnsNetworkModel | undefined; wanted: Sourced<string> | undefined; conf: CniNetworkView | undefined } {
  const wanted = kubernetesFacts(model).kubeProxy?.networkName;
  if (wanted) {
    return { network: model.hnsNetworks.find((n) => n.name === wanted.value), wanted, conf: model.cniConfs.find((c) => c.name === wanted.value) };
  }
  for (const conf of model.cniConfs) {
    const network = model.hnsNetworks.find((n) => n.name === conf.name);
    if (network) return { network, wanted: { value: conf.name, from: `CNI conf ${conf.file}` }, conf };
  }
  const conf = model.cniConfs[0];
  return { network: undefined, wanted: conf ? { value: conf.name, from: `CNI conf ${conf.file}` } : undefined, conf };
}

/**
 * Local endpoints of pods on a network: not remote, and not the host's own
 * endpoint (the source VIP endpoint kube-proxy uses, or an endpoint HNS
 * made for the host vNIC).
 */
export function localPodEndpoints(model: HostModel, network: HnsNetworkModel): HnsEndpointModel[] {
  const sourceVip = kubernetesFacts(model).kubeProxy?.sourceVip?.value;
  return network.endpoints.filter((e) => !e.isRemote && e.ipAddress !== sourceVip && !/(^|_)(cbr0|ep|sourcevip)$/i.test(e.name ?? ''));
}

/** The node agent that makes the pod network and its routes: flanneld or calico-node, and how it runs. */
export interface NetworkAgent {
  readonly kind: 'flannel' | 'calico';
  /** Its Windows service (`flanneld`, `CalicoNode`), when it runs as one; else a HostProcess pod. */
  readonly service: string | undefined;
  /** Where it was seen, for messages. */
  readonly evidence: string;
}

/** flanneld or calico-node on this node, from its process, service or CNI conf; undefined when neither shows. */
export function networkAgent(model: HostModel): NetworkAgent | undefined {
  const procs = model.capture.kubernetes?.processes ?? [];
  const flannelProc = procs.find((p) => p.agent === 'flanneld');
  const calicoProc = procs.find((p) => p.agent === 'calico-node');
  const flannelService = model.service('flanneld')?.name;
  const calicoService = model.service('CalicoNode')?.name ?? model.service('CalicoFelix')?.name;
  if (flannelProc || flannelService) return { kind: 'flannel', service: flannelService, evidence: flannelProc ? `process ${flannelProc.Name}` : `service '${flannelService}'` };
  if (calicoProc || calicoService) return { kind: 'calico', service: calicoService, evidence: calicoProc ? `process ${calicoProc.Name}` : `service '${calicoService}'` };
  const conf = model.cniConfs.find((c) => c.type === 'flannel' || c.type === 'calico');
  if (conf) return { kind: conf.type === 'flannel' ? 'flannel' : 'calico', service: undefined, evidence: `CNI conf ${conf.file}` };
  return undefined;
}

/** This node's address in the cluster: the node object's InternalIP, else kubelet's --node-ip. */
export function nodeInternalIP(model: HostModel): Sourced<string> | undefined {
  const k = model.capture.kubernetes;
  const ip = k?.node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (ip) return { value: ip, from: 'kubernetes.node status.addresses InternalIP' };
  const kubelet = k?.processes?.find((p) => p.agent === 'kubelet');
  const flag = kubelet?.flags['node-ip']?.[0];
  return flag ? { value: flag, from: `--node-ip of ${kubelet!.Name}` } : undefined;
}

/** flannel's subnet.env, parsed (`FLANNEL_SUBNET`, `FLANNEL_NETWORK`, ...), when captured. */
export function flannelSubnetEnv(model: HostModel): { readonly path: string; readonly vars: Readonly<Record<string, string>>; readonly pointer: string } | undefined {
  const f = model.capture.kubernetes?.files?.find((x) => x.kind === 'flannel-subnet-env' && x.data && typeof x.data === 'object');
  return f ? { path: f.path, vars: f.data as Record<string, string>, pointer: f.$ptr } : undefined;
}

/** kube-proxy's captured process: where its command-line settings were read. */
export function kubeProxyProcess(model: HostModel): KubeProcessRecord | undefined {
  return model.capture.kubernetes?.processes?.find((p) => p.agent === 'kube-proxy');
}

/** The node name kubelet registers under: its --hostname-override (process, else service), when captured. */
export function kubeletNodeName(model: HostModel): Sourced<string> | undefined {
  const k = model.capture.kubernetes;
  const fromProcess = k?.processes?.find((p) => p.agent === 'kubelet');
  const v = fromProcess ? flagValue(fromProcess.flags, 'hostname-override') : undefined;
  if (v) return { value: v, from: '--hostname-override of kubelet.exe' };
  for (const s of k?.services ?? []) {
    if (s.Name.toLowerCase() !== 'kubelet') continue;
    const w = flagValue(s.flags, 'hostname-override');
    if (w) return { value: w, from: "--hostname-override of service 'kubelet'" };
  }
  return undefined;
}

/** The cluster DNS Service addresses (kubelet's clusterDNS, AKS's DnsIp), when the capture has them. */
export function clusterDnsIps(model: HostModel): Sourced<readonly string[]> | undefined {
  const dns = kubernetesFacts(model).cluster?.dnsIPs;
  return dns && dns.value.length > 0 ? dns : undefined;
}

/** Load balancers that answer `vip` on `port`/`protocol` (protocol in lower case: tcp, udp). */
export function loadBalancersFor(model: HostModel, vip: string, port: number, protocol: string): HnsLoadBalancerModel[] {
  return model.hnsLoadBalancers.filter((lb) => lb.vips.includes(vip)
    && lb.ports.some((p) => p.externalPort === port && p.protocol === protocol && !p.nodePort));
}
