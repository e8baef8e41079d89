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
  { key: 'services', command: "Get-Service -Name 'hns','winnat','vfpext','docker','com.docker.service','vmcompute','vmms','SharedAccess','mpssvc'", list: true },
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
  { key: 'collectorErrors', command: 'written by the collector for every source that failed', list: true },
] as const satisfies readonly CaptureKeyInfo[];

export type CaptureKey = (typeof CAPTURE_KEYS)[number]['key'];

/** Parts of the `docker` key that a check may need on their own. */
export const DOCKER_PARTS = [
  { key: 'docker.info', command: "docker info --format '{{json .}}'" },
  { key: 'docker.version', command: "docker version --format '{{json .}}'" },
  { key: 'docker.networks', command: 'docker network inspect (every network)' },
  { key: 'docker.containers', command: 'docker inspect (every container, networking fields only)' },
  { key: 'docker.daemonConfig', command: 'Get-Content C:\\ProgramData\\docker\\config\\daemon.json' },
] as const;

export type DockerPart = (typeof DOCKER_PARTS)[number]['key'];

/** Anything a check can declare it needs. */
export type Requirement = Exclude<CaptureKey, 'format' | 'formatVersion' | 'capturedAt' | 'collector' | 'psVersion' | 'collectorErrors' | 'docker'> | DockerPart;

const commandByKey = new Map<string, string>([
  ...CAPTURE_KEYS.map((k) => [k.key, k.command] as const),
  ...DOCKER_PARTS.map((k) => [k.key, k.command] as const),
]);

/** The command that would supply a key, for "not applicable" reasons. */
export function commandFor(key: string): string {
  return commandByKey.get(key) ?? 'the wcn-doctor collector';
}

export function isCaptureKey(key: string): key is CaptureKey {
  return CAPTURE_KEYS.some((k) => k.key === key);
}
