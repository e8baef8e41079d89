/**
 * The normalized form of the capture keys that describe who drives HNS on a
 * host without docker (containerd, CNI, Kubernetes) and the host state those
 * hosts need (HNS version and State key, VFP, firewall). The loader parses
 * the raw text these keys carry (config.toml, CNI confs that are JSON with
 * comments, command lines, YAML/JSON config files, `key : value` VFP text)
 * into these types; checks and the host model read only these, never the
 * raw text. Secrets are never kept: values of command-line flags and config
 * settings whose name holds token, password, secret or key read `<redacted>`,
 * and files that are kubeconfigs, keys or certificates are dropped when read.
 *
 * Exported with the other record types from schema.ts.
 */

/** What a secret value is replaced with. */
export const REDACTED = '<redacted>';

/** Every normalized item remembers where it came from in the capture (a JSON pointer). */
interface Located {
  readonly $ptr: string;
}

/** A text that could not be parsed: what was wrong and where (1-based line and column when known). */
export interface ParseProblem {
  readonly message: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

// --- HNS itself ------------------------------------------------------------------------

/** `hnsVersion`: HNS's own version. */
export interface HnsVersionRecord extends Located {
  readonly Major: number;
  readonly Minor: number;
}

/** `hnsState`: the values of HKLM:\SYSTEM\CurrentControlSet\Services\hns\State (PowerShell's PS* properties dropped). */
export type HnsStateRecord = Readonly<Record<string, unknown>>;

/** One `key : value` block of vfpctrl text; `TRUE`/`FALSE` values read as booleans. */
export type VfpFields = Readonly<Record<string, string | boolean>>;

/** `vfp`: the VFP ports and the state of each port asked about. */
export interface VfpRecord extends Located {
  /** The blocks of `vfpctrl /list-vmswitch-port`, one per port (labels as vfpctrl prints them). */
  readonly ports: readonly VfpFields[];
  readonly portStates: readonly VfpPortState[];
}

export interface VfpPortState {
  readonly port: string;
  readonly fields: VfpFields;
  /** The `Blocked` field, when the text had one. */
  readonly blocked: boolean | undefined;
}

// --- firewall --------------------------------------------------------------------------

export interface FirewallProfileRecord extends Located {
  readonly Name: string;
  /** `true`/`false`, or the GPO state name when PowerShell wrote one (`True`, `False`, `NotConfigured`). */
  readonly Enabled?: boolean | 'True' | 'False' | 'NotConfigured' | undefined;
  readonly DefaultInboundAction?: 'NotConfigured' | 'Allow' | 'Block' | undefined;
  readonly DefaultOutboundAction?: 'NotConfigured' | 'Allow' | 'Block' | undefined;
}

export interface FirewallRuleRecord extends Located {
  readonly Name: string;
  readonly DisplayName?: string | undefined;
  readonly Direction?: 'Inbound' | 'Outbound' | undefined;
  readonly Action?: 'NotConfigured' | 'Allow' | 'Block' | undefined;
  readonly Protocol?: string | undefined;
  readonly LocalPort?: string[] | undefined;
  readonly RemoteAddress?: string[] | undefined;
  readonly Profile?: string | undefined;
}

/** `firewall`: each part is absent when it was not captured (or could not be read). */
export interface FirewallRecord {
  profiles?: FirewallProfileRecord[];
  rules?: FirewallRuleRecord[];
}

// --- containerd ------------------------------------------------------------------------

/** Where containerd's CRI plugin looks for CNI confs and plugins. */
export interface ContainerdCniSettings {
  /** The TOML table the settings came from (`plugins."io.containerd.grpc.v1.cri".cni` in 1.x, `plugins."io.containerd.cri.v1.runtime".cni` in 2.x). */
  readonly section: string;
  /** containerd 1.x `bin_dir` (one) or 2.x `bin_dirs` (several). */
  readonly binDirs: readonly string[];
  readonly confDir: string | undefined;
  readonly maxConfNum: number | undefined;
  readonly confTemplate: string | undefined;
  /** True when config.toml sets none of these and containerd's Windows defaults apply. */
  readonly defaults: boolean;
}

export interface ContainerdConfig {
  /** The config schema version (`version = 2` / `3` at the top; absent means 1). */
  readonly schemaVersion: number | undefined;
  readonly cni: ContainerdCniSettings;
  /** The whole parsed document, settings whose name holds a secret word replaced by `<redacted>`. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What `crictl info` says about networking. */
export interface CriInfo {
  readonly runtimeReady: boolean | undefined;
  readonly networkReady: boolean | undefined;
  /** Reason and message of the NetworkReady condition (untrusted text). */
  readonly networkReason: string | undefined;
  readonly networkMessage: string | undefined;
  readonly pluginDirs: readonly string[];
  readonly pluginConfDir: string | undefined;
  readonly pluginMaxConfNum: number | undefined;
  /** The CNI networks containerd loaded: name, version and plugin types. */
  readonly networks: readonly { readonly name: string | undefined; readonly cniVersion: string | undefined; readonly types: readonly string[] }[];
  /** `lastCNILoadStatus`: "OK", or why loading the CNI config failed. */
  readonly lastCNILoadStatus: string | undefined;
}

/** One pod sandbox of `crictl pods -o json`. */
export interface CriPod {
  readonly id: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly state: string | undefined;
}

/** `containerd`. */
export interface ContainerdRecord extends Located {
  /** The text `containerd --version` printed. */
  readonly version: string | undefined;
  /** The version number in it (`1.7.20`, `2.0.4`). */
  readonly versionNumber: string | undefined;
  readonly configPath: string | undefined;
  /** config.toml, parsed; undefined when it was not captured or could not be parsed (see configProblem). */
  readonly config: ContainerdConfig | undefined;
  readonly configProblem: ParseProblem | undefined;
  readonly criInfo: CriInfo | undefined;
  readonly pods: readonly CriPod[] | undefined;
}

// --- CNI -------------------------------------------------------------------------------

/**
 * One endpoint policy of a CNI conf (`AdditionalArgs`/`policies` entries
 * named EndpointPolicy), whatever the spelling: V1 (`ExceptionList`, `ROUTE`,
 * `PA`) and V2 (`Settings.Exceptions`, `SDNRoute`, `ProviderAddress`) forms
 * read alike, keys in any case.
 */
export interface CniPolicy {
  /** The entry's name (`EndpointPolicy`, `NetworkPolicy`, ...). */
  readonly name: string | undefined;
  /** The policy type as written (`OutBoundNAT`, `SDNROUTE`, `ROUTE`, ...). */
  readonly type: string | undefined;
  /** The type in one spelling: OutBoundNAT, Route (ROUTE/SDNRoute), ProviderAddress (PA), PortMapping, ACL, L2Driver, LoopbackDSR, or the type as written. */
  readonly kind: string;
  /** OutBoundNAT: the prefixes not NATed. */
  readonly exceptions: readonly string[] | undefined;
  /** Route: the destination prefix and whether it is encapsulated. */
  readonly destinationPrefix: string | undefined;
  readonly needEncap: boolean | undefined;
  /** ProviderAddress: the provider address. */
  readonly providerAddress: string | undefined;
  /** The policy's settings as written (V1: the value without Type; V2: Settings). */
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface CniIpam {
  readonly type: string | undefined;
  /** Every subnet the IPAM names (`subnet`, `ranges[][].subnet`). */
  readonly subnets: readonly string[];
  readonly ranges: readonly { readonly subnet: string | undefined; readonly rangeStart: string | undefined; readonly rangeEnd: string | undefined; readonly gateway: string | undefined }[];
  readonly routes: readonly { readonly dst: string | undefined; readonly gw: string | undefined }[];
}

/** One plugin of a conf (a .conf is one plugin; a .conflist has several). */
export interface CniPlugin {
  readonly type: string | undefined;
  /** flannel's `delegate.type` (sdnoverlay, win-bridge, ...). */
  readonly delegateType: string | undefined;
  readonly master: string | undefined;
  /** `capabilities` (portMappings, dns, ...). */
  readonly capabilities: Readonly<Record<string, boolean>>;
  /** `optionalFlags` (loopbackDSR, localRoutedPortMapping, ...). */
  readonly optionalFlags: Readonly<Record<string, boolean>>;
  readonly ipam: CniIpam | undefined;
  readonly dns: { readonly nameservers: readonly string[]; readonly search: readonly string[] } | undefined;
  /** Endpoint policies of the plugin and of its delegate. */
  readonly policies: readonly CniPolicy[];
}

/** A CNI conf file, parsed. */
export interface CniConf {
  /** The network name (`name`); for the HNS-creating plugins, the HNS network's name. */
  readonly name: string | undefined;
  readonly cniVersion: string | undefined;
  readonly isList: boolean;
  readonly plugins: readonly CniPlugin[];
  /** Every plugin type named, delegate types included, lower case, without duplicates. */
  readonly types: readonly string[];
  /** Every IPAM subnet of every plugin that is a prefix (Calico's `usePodCidr` stays in the plugin's ipam only). */
  readonly subnets: readonly string[];
  /** True when some plugin declares the portMappings capability. */
  readonly portMappings: boolean;
}

export interface CniConfFile extends Located {
  readonly name: string;
  /** The file's full path (its folder joined with its name). */
  readonly path: string;
  /** The raw text, as captured. */
  readonly text: string | undefined;
  /** The parsed conf; undefined when the text is not a conf (see problem). */
  readonly conf: CniConf | undefined;
  readonly problem: ParseProblem | undefined;
}

export interface CniConfDir extends Located {
  readonly path: string;
  readonly files: CniConfFile[];
}

export interface CniBinDir extends Located {
  readonly path: string;
  /** File names in the folder (`nat.exe`, `sdnoverlay.exe`, ...). */
  readonly files: string[];
}

/** `cni`: each part is absent when it was not captured (or could not be read). */
export interface CniRecord {
  confDirs?: CniConfDir[];
  binDirs?: CniBinDir[];
}

// --- Kubernetes ------------------------------------------------------------------------

/** Flags of a command line: name without dashes (as written) -> every value given, in order (`true` for a bare flag). */
export type CommandFlags = Readonly<Record<string, readonly string[]>>;

/** A command line, parsed. */
export interface ParsedCommandLine {
  /** The program (the first word), as written. */
  readonly program: string | undefined;
  /** Words after the program, secrets redacted. */
  readonly args: readonly string[];
  readonly flags: CommandFlags;
  /** `--feature-gates=A=true,B=false` (every occurrence, merged). */
  readonly featureGates: Readonly<Record<string, boolean>>;
}

/** The agents the loader knows by their executable name. */
export type KubeAgent = 'kubelet' | 'kube-proxy' | 'flanneld' | 'calico-node' | 'containerd' | 'other';

export interface KubeProcessRecord extends Located, ParsedCommandLine {
  readonly Name: string;
  readonly ProcessId: number | undefined;
  /** The command line with secret values replaced by `<redacted>`. */
  readonly CommandLine: string | undefined;
  readonly CreationDate: string | undefined;
  readonly agent: KubeAgent;
}

export interface KubeServiceRecord extends Located, ParsedCommandLine {
  readonly Name: string;
  /** Win32_Service State: `Running`, `Stopped`, ... */
  readonly State: string | undefined;
  /** Win32_Service StartMode: `Auto`, `Manual`, `Disabled`. */
  readonly StartMode: string | undefined;
  /** The service's command line with secret values replaced by `<redacted>`. */
  readonly PathName: string | undefined;
}

export type KubeFileKind =
  | 'kube-proxy-config' | 'kubelet-config' | 'flannel-subnet-env' | 'flannel-net-conf' | 'aks-cluster-config' | 'source-vip' | 'other';

export interface KubeFileRecord extends Located {
  readonly path: string;
  readonly kind: KubeFileKind;
  /** The parsed content (YAML/JSON, or the variables of an env file), secrets redacted; the raw text is not kept. */
  readonly data: unknown;
  readonly problem: ParseProblem | undefined;
}

export interface KubeNodeRecord extends Located {
  readonly metadata?: { name?: string | undefined; annotations?: Record<string, string> | undefined; labels?: Record<string, string> | undefined } | undefined;
  readonly spec?: { podCIDR?: string | undefined; podCIDRs?: string[] | undefined; providerID?: string | undefined } | undefined;
  readonly status?: {
    addresses?: { type?: string | undefined; address?: string | undefined }[] | undefined;
    nodeInfo?: {
      osImage?: string | undefined; kernelVersion?: string | undefined; containerRuntimeVersion?: string | undefined;
      kubeletVersion?: string | undefined; kubeProxyVersion?: string | undefined; operatingSystem?: string | undefined;
    } | undefined;
    conditions?: { type?: string | undefined; status?: string | undefined; reason?: string | undefined; message?: string | undefined }[] | undefined;
  } | undefined;
}

export interface KubeNodeSummaryRecord extends Located {
  readonly name: string;
  readonly podCIDRs?: string[] | undefined;
  readonly internalIP?: string | undefined;
  readonly os?: string | undefined;
}

/** A setting and where it was read (`flag --network-name of kube-proxy.exe`, `C:\k\kube-proxy.yml winkernel.networkName`, ...). */
export interface Sourced<T> {
  readonly value: T;
  readonly from: string;
}

/**
 * kube-proxy's Windows settings, from its command line and the config file
 * it names (a setting given both ways is read from the command line, with
 * the config file's value kept in `fromConfig`).
 */
export interface KubeProxySettings {
  readonly networkName: Sourced<string> | undefined;
  readonly sourceVip: Sourced<string> | undefined;
  readonly enableDSR: Sourced<boolean> | undefined;
  readonly clusterCIDR: Sourced<string> | undefined;
  readonly hostnameOverride: Sourced<string> | undefined;
  readonly proxyMode: Sourced<string> | undefined;
  readonly rootHnsEndpointName: Sourced<string> | undefined;
  readonly featureGates: Readonly<Record<string, boolean>>;
}

/** Cluster facts found on the node (AKS kubeclusterconfig.json, flannel files, kubelet config). */
export interface ClusterFacts {
  readonly clusterCIDR: Sourced<string> | undefined;
  readonly serviceCIDR: Sourced<string> | undefined;
  readonly dnsIPs: Sourced<readonly string[]> | undefined;
  /** This node's pod subnet (flannel's FLANNEL_SUBNET, the node's spec.podCIDR). */
  readonly podCIDR: Sourced<string> | undefined;
  /** flannel's backend (`vxlan`, `host-gw`), VNI and port (net-conf.json). */
  readonly flannelBackend: Sourced<{ readonly type: string | undefined; readonly vni: number | undefined; readonly port: number | undefined }> | undefined;
}

/** `kubernetes`: each part is absent when it was not captured (or could not be read). */
export interface KubernetesRecord {
  processes?: KubeProcessRecord[];
  services?: KubeServiceRecord[];
  files?: KubeFileRecord[];
  versions?: { readonly kubelet?: string | undefined; readonly kubeProxy?: string | undefined; readonly $ptr: string };
  node?: KubeNodeRecord;
  nodes?: KubeNodeSummaryRecord[];
  /** Derived when read, from processes and files: kube-proxy's settings (undefined when neither was captured). */
  kubeProxy?: KubeProxySettings;
  /** Derived when read, from files and node. */
  cluster?: ClusterFacts;
}
