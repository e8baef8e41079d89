/**
 * The keys of a wcn-capture (format version 1) and the command on the
 * container host that supplies each one. This table is the single list that
 * the loader, the collector test, the "not applicable" reasons and the
 * documentation all read.
 */

export const CAPTURE_FORMAT = 'wcn-capture';
export const CAPTURE_FORMAT_VERSION = 1;

export interface CaptureKeyInfo {
  /** Top-level key in the capture file, or `<key>.json` in the folder form. */
  readonly key: string;
  /** The PowerShell that produces it on the host (shown to users). */
  readonly command: string;
  /** True when the key holds a list (a lone object is accepted and wrapped). */
  readonly list: boolean;
  /** Captured on the Hyper-V parent rather than on the container host. */
  readonly onParent?: boolean;
}

export const CAPTURE_KEYS = [
  { key: 'format', command: "the string 'wcn-capture'", list: false },
  { key: 'formatVersion', command: 'the number 1', list: false },
  { key: 'capturedAt', command: "Get-Date -Format 'o'", list: false },
  { key: 'collector', command: 'the name and version of the collector', list: false },
  { key: 'psVersion', command: '$PSVersionTable.PSVersion.ToString()', list: false },
  { key: 'os', command: 'Get-CimInstance -ClassName Win32_OperatingSystem (+ UBR and DisplayVersion from HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion)', list: false },
  { key: 'computerSystem', command: 'Get-CimInstance -ClassName Win32_ComputerSystem', list: false },
  { key: 'hotfixes', command: 'Get-HotFix', list: true },
  { key: 'tcpip6', command: "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters'", list: false },
  { key: 'services', command: "Get-Service -Name 'hns','winnat','vfpext','docker','com.docker.service','vmcompute','vmms','SharedAccess','mpssvc','containerd','kubelet','kubeproxy','kube-proxy','flanneld','RemoteAccess'", list: true },
  { key: 'vmSwitches', command: 'Get-VMSwitch', list: true },
  { key: 'vmSwitchExtensions', command: 'Get-VMSwitch | Get-VMSwitchExtension', list: true },
  { key: 'vmNetworkAdapters', command: 'Get-VMNetworkAdapter -ManagementOS', list: true },
  { key: 'parentVmNetworkAdapters', command: "Get-VMNetworkAdapter -VMName '<container host VM>' (on the Hyper-V parent)", list: true, onParent: true },
  { key: 'netAdapters', command: 'Get-NetAdapter -IncludeHidden', list: true },
  { key: 'netIPAddresses', command: 'Get-NetIPAddress', list: true },
  { key: 'netIPInterfaces', command: 'Get-NetIPInterface', list: true },
  { key: 'netRoutes', command: "Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0'", list: true },
  { key: 'netNat', command: 'Get-NetNat', list: true },
  { key: 'netNatStaticMappings', command: 'Get-NetNatStaticMapping', list: true },
  { key: 'excludedPortRanges', command: 'netsh int ipv4 show excludedportrange protocol=tcp', list: true },
  { key: 'hnsNetworks', command: 'Get-HnsNetwork | ConvertTo-Json -Depth 10 (or hnsdiag list networks -d)', list: true },
  { key: 'hnsEndpoints', command: 'Get-HnsEndpoint | ConvertTo-Json -Depth 10 (or hnsdiag list endpoints -d)', list: true },
  { key: 'hnsLoadBalancers', command: 'Get-HnsPolicyList | ConvertTo-Json -Depth 20 (or hnsdiag list loadbalancers -d)', list: true },
  { key: 'docker', command: "docker info, docker version, docker network inspect, docker inspect (see the collector)", list: false },
  { key: 'ipRoutes', command: 'Get-NetRoute -AddressFamily IPv4 -IncludeAllCompartments', list: true },
  { key: 'dnsClientServers', command: 'Get-DnsClientServerAddress -AddressFamily IPv4', list: true },
  { key: 'dynamicPortRanges', command: 'Get-NetTCPSetting -SettingName Internet; Get-NetUDPSetting (StartPort, NumberOfPorts)', list: true },
  { key: 'firewall', command: 'Get-NetFirewallProfile; Get-NetFirewallRule -Enabled True with their port filters (see the collector)', list: false },
  { key: 'hnsVersion', command: "HNS's own version (see the collector)", list: false },
  { key: 'hnsState', command: "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\hns\\State'", list: false },
  { key: 'vfp', command: 'vfpctrl /list-vmswitch-port; vfpctrl /port <name> /get-port-state', list: false },
  { key: 'containerd', command: 'containerd --version; Get-Content config.toml -Raw; crictl info; crictl pods -o json (see the collector)', list: false },
  { key: 'cni', command: 'the CNI conf files and bin folder listings (see the collector)', list: false },
  { key: 'kubernetes', command: 'Get-CimInstance Win32_Process and Win32_Service for kubelet, kube-proxy, flanneld, calico-node; their config files (see the collector)', list: false },
  { key: 'collectorErrors', command: 'written by the collector for every source that failed', list: true },
] as const satisfies readonly CaptureKeyInfo[];

export type CaptureKey = (typeof CAPTURE_KEYS)[number]['key'];

/** Keys made of parts, and the parts a check may need on their own (`docker.networks`, `kubernetes.processes`, ...). */
const KEY_PARTS = [
  { key: 'docker.info', command: "docker info --format '{{json .}}'" },
  { key: 'docker.version', command: "docker version --format '{{json .}}'" },
  { key: 'docker.networks', command: 'docker network inspect (every network)' },
  { key: 'docker.containers', command: 'docker inspect (every container, networking fields only)' },
  { key: 'docker.daemonConfig', command: 'Get-Content C:\\ProgramData\\docker\\config\\daemon.json' },
  { key: 'firewall.profiles', command: 'Get-NetFirewallProfile' },
  { key: 'firewall.rules', command: 'Get-NetFirewallRule -Enabled True | Get-NetFirewallPortFilter (UDP 4789, TCP 10250, TCP 179, TCP/UDP 53)' },
  { key: 'cni.confDirs', command: 'Get-Content -Raw of every *.conf, *.conflist, *.json in the CNI conf folders' },
  { key: 'cni.binDirs', command: 'Get-ChildItem of the CNI bin folders' },
  { key: 'kubernetes.processes', command: "Get-CimInstance -ClassName Win32_Process -Filter \"Name='kubelet.exe' OR Name='kube-proxy.exe' OR Name='flanneld.exe' OR Name='calico-node.exe' OR Name='containerd.exe'\"" },
  { key: 'kubernetes.services', command: "Get-CimInstance -ClassName Win32_Service -Filter \"Name='kubelet' OR Name='kubeproxy' OR Name='kube-proxy' OR Name='flanneld'\"" },
  { key: 'kubernetes.files', command: "Get-Content -Raw of the config files the agents' command lines name, flannel's subnet.env and net-conf.json, AKS's kubeclusterconfig.json" },
  { key: 'kubernetes.versions', command: 'kubelet --version; kube-proxy --version' },
  { key: 'kubernetes.node', command: 'kubectl get node <this node> -o json (from a workstation)' },
  { key: 'kubernetes.nodes', command: 'kubectl get nodes -o json (from a workstation)' },
] as const;

export type KeyPart = (typeof KEY_PARTS)[number]['key'];

/** The keys that are made of parts. */
export const PARTED_KEYS = ['docker', 'firewall', 'cni', 'kubernetes'] as const;

/** Parts of the `docker` key that a check may need on their own. */
export const DOCKER_PARTS = KEY_PARTS.filter((p): p is Extract<(typeof KEY_PARTS)[number], { key: `docker.${string}` }> => p.key.startsWith('docker.'));

/**
 * Requirements that any one of several parts meets. The engine's own report
 * is `docker info`, or the Server half of `docker version` when info could
 * not be read (both say the engine's OS and version).
 */
export const EITHER_PARTS = [
  { key: 'docker.engine', anyOf: ['docker.info', 'docker.version'], command: "docker info --format '{{json .}}', or docker version --format '{{json .}}' (its Server half)" },
] as const satisfies readonly { key: string; anyOf: readonly KeyPart[]; command: string }[];

export type EitherPart = (typeof EITHER_PARTS)[number]['key'];

/** The parts that meet a requirement: the requirement itself, or its alternatives. */
export function partsMeeting(requirement: string): readonly string[] {
  return EITHER_PARTS.find((e) => e.key === requirement)?.anyOf ?? [requirement];
}

/** Anything a check can declare it needs. */
export type Requirement = Exclude<CaptureKey, 'format' | 'formatVersion' | 'capturedAt' | 'collector' | 'psVersion' | 'collectorErrors' | 'docker'> | KeyPart | EitherPart;

const commandByKey = new Map<string, string>([
  ...CAPTURE_KEYS.map((k) => [k.key, k.command] as const),
  ...KEY_PARTS.map((k) => [k.key, k.command] as const),
  ...EITHER_PARTS.map((k) => [k.key, k.command] as const),
]);

/** The command that would supply a key, for "not applicable" reasons. */
export function commandFor(key: string): string {
  return commandByKey.get(key) ?? 'the wcn-doctor collector';
}
