/**
 * The host model: one normalized, read-only picture of a container host,
 * with every relation resolved once. Checks, reports, the TUI and the
 * simulator all read it.
 *
 * HNS is its root: HNS networks, endpoints (local and remote), their
 * policies and load balancers exist on every Windows container host,
 * whoever drives it. Each HNS object carries its owner (docker, containerd,
 * a CNI plugin, kube-proxy, Hyper-V, ...), resolved in one place
 * (src/core/owners/resolve.ts); docker's networks and containers and the
 * CNI confs are views bound to HNS objects.
 */
import type { Capture, CollectorErrorRecord, VmNetworkAdapterRecord } from '../capture/schema.js';
import type { HnsPolicy } from '../capture/hns-policies.js';
import type { Family, Prefix } from './net.js';
import type { Platform } from './platform.js';

export type SubjectKind =
  | 'host' | 'registry' | 'service' | 'vswitch' | 'switch-extension' | 'adapter' | 'host-vnic' | 'vm-adapter'
  | 'winnat' | 'static-mapping' | 'hns-network' | 'hns-endpoint' | 'docker-engine' | 'docker-network' | 'container'
  | 'hns-load-balancer' | 'runtime' | 'cni-conf' | 'pod';

/** Who made an HNS object (and so how to fix it). */
export type OwnerKind =
  | 'docker' // dockerd (Moby/Mirantis), swarm included
  | 'docker-desktop' // com.docker.service in Windows-containers mode
  | 'containerd' // containerd with nerdctl, its nat CNI conf
  | 'cni' // a Kubernetes CNI plugin: flannel, win-bridge/win-overlay, Calico, Azure CNI, ...
  | 'kube-proxy' // load balancers, remote and source-VIP endpoints
  | 'hyperv' // the Default Switch and other ICS networks
  | 'wsl'
  | 'unknown';

export interface Owner {
  readonly kind: OwnerKind;
  /** The product within the kind: 'nerdctl', 'flannel', 'azure-vnet', 'calico', 'sdnbridge', ... */
  readonly flavor?: string;
  /**
   * How the owner was recognised, strongest first: the owner's own record
   * names the object (`reference`), the owner's configuration names it
   * (`config`), only its name looks like it (`name`), nothing (`none`).
   */
  readonly evidence: 'reference' | 'config' | 'name' | 'none';
  /** For messages: "docker network 'nat'", "CNI conf 10-flannel.conf (flannel)". */
  readonly label: string;
  readonly pointer?: string;
}

/** The object a finding is about, named the way the user knows it. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string;
  readonly id?: string;
  /** JSON pointer into the capture where this object was read. */
  readonly pointer?: string;
}

export interface HostInfo {
  readonly name: string | undefined;
  readonly domain: string | undefined;
  readonly manufacturer: string | undefined;
  readonly model: string | undefined;
  /** undefined when computerSystem was not captured. */
  readonly virtualization: Virtualization | undefined;
  readonly capturedAt: string | undefined;
  readonly collector: string | undefined;
  readonly psVersion: string | undefined;
  readonly osCaption: string | undefined;
  readonly subject: Subject;
}

export type Hypervisor = 'hyper-v' | 'vmware' | 'virtualbox' | 'kvm' | 'xen' | 'aws' | 'gce' | 'parallels' | 'other';

export interface Virtualization {
  readonly isVirtual: boolean;
  readonly hypervisor: Hypervisor | undefined;
  /** How the hypervisor was recognized, for messages. */
  readonly evidence: string;
}

export interface ServiceModel {
  readonly name: string;
  readonly displayName: string | undefined;
  readonly status: string;
  readonly startType: string | undefined;
  readonly running: boolean;
  readonly subject: Subject;
}

export interface IpAddressModel {
  readonly address: string;
  readonly prefixLength: number;
  readonly family: Family;
  readonly prefix: Prefix | undefined;
  readonly origin: string | number | undefined;
  readonly pointer: string;
}

export interface AdapterModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly ifIndex: number | undefined;
  readonly mac: string | undefined;
  readonly status: string | undefined;
  readonly up: boolean;
  /** A host vNIC (`vEthernet (…)`, Hyper-V Virtual Ethernet Adapter). */
  readonly isHostVnic: boolean;
  /** A hardware adapter (or the NIC of a VM as the guest sees it): what an External switch binds to. */
  readonly isPhysical: boolean;
  readonly addresses: IpAddressModel[];
  readonly ipv4: IpAddressModel[];
  readonly interfaceMetric: number | undefined;
  readonly dhcp: boolean | undefined;
  /** Default gateways through this adapter (from default routes). */
  readonly defaultGateways: string[];
  /** For a physical adapter: the External switch it is bound to. */
  boundTo: SwitchModel | undefined;
  /** For a host vNIC: the switch it belongs to. */
  vnicOf: SwitchModel | undefined;
  readonly subject: Subject;
}

export interface SwitchExtensionModel {
  readonly switchName: string | undefined;
  readonly name: string;
  readonly enabled: boolean | undefined;
  readonly running: boolean | undefined;
  readonly isVfp: boolean;
  readonly subject: Subject;
}

export interface SwitchModel {
  readonly name: string;
  readonly id: string | undefined;
  /** Undefined when the capture could not tell (the Hyper-V WMI namespace, read without the Hyper-V module, has no switch type). */
  readonly type: 'Private' | 'Internal' | 'External' | undefined;
  readonly allowManagementOS: boolean | undefined;
  /** InterfaceDescriptions of the adapters an External switch binds (one, or several for a SET team). */
  readonly boundDescriptions: string[];
  readonly boundAdapters: AdapterModel[];
  readonly hostVnics: AdapterModel[];
  readonly extensions: SwitchExtensionModel[];
  readonly hnsNetworks: HnsNetworkModel[];
  readonly dockerNetworks: DockerNetworkModel[];
  readonly notes: string | undefined;
  readonly subject: Subject;
}

export interface NatModel {
  readonly name: string;
  readonly internalPrefixText: string | undefined;
  readonly internalPrefix: Prefix | undefined;
  readonly active: boolean | undefined;
  /** Named the way HNS or Docker names its NAT (GUID-like `H…`, `nat`, ICS…). */
  readonly ownedByContainers: boolean;
  readonly subject: Subject;
}

export interface SubnetModel {
  /** As written in the capture. */
  readonly text: string | undefined;
  readonly prefix: Prefix | undefined;
  readonly gateway: string | undefined;
  /** HNS subnet policies (VLAN, VSID); absent for docker's subnets. */
  readonly policies?: readonly HnsPolicy[];
}

/** A CNI network configuration (conf or conflist) found in a CNI conf directory. */
export interface CniNetworkView {
  /** The `name` the conf gives its network: the HNS network it creates or reuses. */
  readonly name: string;
  /** The plugin `type` (of the first plugin of a conflist). */
  readonly type: string | undefined;
  /** flannel's `delegate.type`, when there is one. */
  readonly delegateType: string | undefined;
  readonly file: string;
  readonly dir: string | undefined;
  /** The subnet its IPAM hands out, as written. */
  readonly subnet: string | undefined;
  /** The adapter a plugin is told to use (`master`), as written. */
  readonly master: string | undefined;
  readonly owner: OwnerKind;
  readonly flavor: string;
  readonly subject: Subject;
}

export interface HnsNetworkModel {
  readonly id: string;
  readonly name: string | undefined;
  /** Lower-case type: nat, ics, transparent, l2bridge, l2tunnel, overlay, private, internal. */
  readonly type: string;
  readonly subnets: SubnetModel[];
  readonly natName: string | undefined;
  readonly adapterName: string | undefined;
  /** V1 `ManagementIP`: the host address HNS bound the network to (not captured in the V2 shape). */
  readonly managementIp: string | undefined;
  readonly shape: 'v1' | 'v2';
  readonly vfpEnabled: boolean | undefined;
  /** Network policies: remote-subnet routes, host route, adapter name, VxlanPort, ... */
  readonly policies: readonly HnsPolicy[];
  switch: SwitchModel | undefined;
  /** docker's view of this network, when docker made it. */
  dockerNetwork: DockerNetworkModel | undefined;
  /** The CNI conf that names this network, when there is one. */
  cni: CniNetworkView | undefined;
  readonly endpoints: HnsEndpointModel[];
  owner: Owner;
  readonly subject: Subject;
}

export interface HnsEndpointModel {
  readonly id: string;
  readonly name: string | undefined;
  readonly networkId: string | undefined;
  readonly ipAddress: string | undefined;
  readonly mac: string | undefined;
  readonly isRemote: boolean;
  /** V1 `State` (1 created, 2 attached, 3 attached and shared, 4 detached, 5 degraded, 6 destroyed); undefined when not captured. */
  readonly state: number | undefined;
  /** Ids of the containers HNS says use this endpoint (`SharedContainers`, V1 shape; empty when unknown). */
  readonly sharedContainers: readonly string[];
  /** Endpoint policies: OutBoundNAT, routes, provider address, port mappings, ACLs, ... */
  readonly policies: readonly HnsPolicy[];
  network: HnsNetworkModel | undefined;
  container: ContainerModel | undefined;
  /** The pod sandbox (crictl) this endpoint was made for, when the capture lists it. */
  pod: PodModel | undefined;
  /** The load balancers that send traffic to this endpoint. */
  readonly loadBalancers: HnsLoadBalancerModel[];
  owner: Owner;
  readonly subject: Subject;
}

export interface LoadBalancerPort {
  readonly protocol: string | undefined;
  readonly internalPort: number | undefined;
  readonly externalPort: number | undefined;
  /** A NodePort (every local address is the VIP). */
  readonly nodePort: boolean;
  readonly ilb: boolean;
}

/** An HNS load balancer (Get-HnsPolicyList / HostComputeLoadBalancer): what kube-proxy programs. */
export interface HnsLoadBalancerModel {
  readonly id: string;
  readonly vips: readonly string[];
  readonly sourceVip: string | undefined;
  readonly ports: readonly LoadBalancerPort[];
  readonly dsr: boolean;
  readonly endpointIds: readonly string[];
  /** The endpoints HNS has for those ids (an id HNS no longer has is missing here). */
  readonly endpoints: HnsEndpointModel[];
  owner: Owner;
  readonly subject: Subject;
}

/** A pod sandbox as `crictl pods` lists it, bound to the HNS endpoints its CNI plugin made for it. */
export interface PodModel {
  /** The sandbox id (64 hex digits). */
  readonly id: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** `SANDBOX_READY`, `SANDBOX_NOTREADY`, ... as crictl prints it. */
  readonly state: string | undefined;
  readonly ready: boolean;
  /** Its local HNS endpoints (one per network it joins; none for a host-network pod). */
  readonly endpoints: HnsEndpointModel[];
  readonly subject: Subject;
}

export type RuntimeKind = 'docker' | 'docker-desktop' | 'containerd' | 'kubelet' | 'kube-proxy' | 'flanneld';

/** A container runtime or node agent, as the capture shows it. */
export interface RuntimeModel {
  readonly kind: RuntimeKind;
  /** Its Windows service, when installed as one. */
  readonly service: ServiceModel | undefined;
  /** Installed: a service, a process, its configuration or its records. */
  readonly installed: boolean;
  /** Running per its service or process; undefined when neither was captured. */
  readonly running: boolean | undefined;
  /** The collector got data from it (docker info without ServerErrors, crictl answers, ...). */
  readonly answered: boolean;
  readonly version: string | undefined;
  /** Why it is believed installed, for messages. */
  readonly evidence: readonly string[];
  readonly subject: Subject;
}

/** Which owners' own inventories (their networks and workloads) were captured completely. */
export interface Inventory {
  readonly complete: ReadonlySet<OwnerKind>;
}

export interface DockerEngineModel {
  readonly osType: string | undefined;
  readonly serverVersion: string | undefined;
  readonly swarmState: string | undefined;
  readonly swarmManager: boolean | undefined;
  /** False when `docker info` came back with ServerErrors (the daemon did not answer); undefined when info was not captured. */
  readonly answered: boolean | undefined;
  /** The client's ServerErrors, when the daemon did not answer (untrusted text). */
  readonly serverErrors: readonly string[];
  readonly daemonConfig: Readonly<Record<string, unknown>> | undefined;
  readonly subject: Subject;
}

export interface DockerNetworkModel {
  readonly name: string;
  readonly id: string | undefined;
  /** Lower-case driver name. */
  readonly driver: string;
  readonly scope: string | undefined;
  readonly enableIPv6: boolean;
  readonly internal: boolean;
  /** The swarm routing-mesh network (`Ingress: true` in docker network inspect). */
  readonly ingress?: boolean;
  readonly ipamDriver: string | undefined;
  readonly ipamOptions: Readonly<Record<string, string>>;
  /** As docker reports them (may be 0.0.0.0/0 on 17763 when HNS chose). */
  readonly subnets: SubnetModel[];
  /** What the network really uses: docker's subnets, or HNS's when docker shows none/0.0.0.0/0. */
  readonly effectiveSubnets: SubnetModel[];
  readonly ipRanges: string[];
  readonly auxAddresses: string[];
  readonly options: Readonly<Record<string, string>>;
  readonly hnsId: string | undefined;
  /** The `com.docker.network.windowsshim.interface` value, split on commas. */
  readonly interfaceOption: string[] | undefined;
  hns: HnsNetworkModel | undefined;
  readonly containers: ContainerAttachment[];
  readonly subject: Subject;
}

export interface PortBinding {
  readonly containerPort: string;
  readonly protocol: string;
  readonly hostIp: string | undefined;
  readonly hostPort: number | undefined;
}

export interface ContainerAttachment {
  readonly container: ContainerModel;
  readonly network: DockerNetworkModel | undefined;
  readonly networkName: string;
  readonly ipv4: string | undefined;
  readonly staticIpv4: string | undefined;
  readonly mac: string | undefined;
  endpoint: HnsEndpointModel | undefined;
  /** Network-scoped aliases (`NetworkSettings.Networks.<n>.Aliases`), including the ones docker adds itself. */
  readonly aliases?: readonly string[];
  /** Network-scoped links (`NetworkSettings.Networks.<n>.Links`), `name:alias`. */
  readonly links?: readonly string[];
}

export interface ContainerModel {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  readonly status: string | undefined;
  /** `State.Error`: the last error the engine recorded for the container (untrusted text). */
  readonly error?: string;
  readonly isolation: string | undefined;
  readonly networkMode: string | undefined;
  readonly ports: PortBinding[];
  readonly dns: readonly string[];
  readonly dnsOptions: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly links: readonly string[];
  readonly attachments: ContainerAttachment[];
  readonly subject: Subject;
}

export interface PortRange {
  readonly protocol: 'tcp' | 'udp';
  readonly start: number;
  readonly end: number;
  /** Marked `*` by netsh: reserved by an administrator (`netsh int ipv4 add excludedportrange`), not taken dynamically. */
  readonly administered?: boolean;
  /** JSON pointer to the line (or object) the range was read from. */
  readonly pointer?: string;
}

/** A route from `Get-NetRoute` (the collector keeps default routes; a hand-made capture may hold more). */
export interface RouteModel {
  /** As written in the capture. */
  readonly destinationText: string;
  readonly destination: Prefix | undefined;
  /** Undefined for an on-link route (Get-NetRoute writes 0.0.0.0). */
  readonly nextHop: string | undefined;
  readonly interfaceAlias: string | undefined;
  readonly interfaceIndex: number | undefined;
  readonly metric: number | undefined;
  /** The adapter the route leaves through, when it is in `netAdapters`. */
  readonly adapter: AdapterModel | undefined;
  readonly pointer: string;
}

export interface StaticMappingModel {
  readonly id: number | undefined;
  readonly natName: string | undefined;
  readonly protocol: string | undefined;
  readonly externalPort: number;
  /** `0.0.0.0` (or absent) means every address of the host. */
  readonly externalAddress?: string | undefined;
  readonly internalAddress: string | undefined;
  readonly internalPort: number | undefined;
  readonly subject: Subject;
}

export interface HostModel {
  /** Where the capture came from. */
  readonly source: string;
  /**
   * The normalized capture the model was built from. The simulator starts from it; checks read it
   * only for what the model does not restate: a section's JSON pointer for evidence, and records
   * kept as read (containerd's CRI answer, the Kubernetes node object, kubelet and flannel files).
   */
  readonly capture: Capture;
  /** Keys and docker parts (`docker.networks`) that were captured and readable. */
  readonly captured: ReadonlySet<string>;
  readonly host: HostInfo;
  readonly platform: Platform;
  /** `DisabledComponents` from Tcpip6\Parameters; undefined when absent (or not captured). */
  readonly ipv6DisabledComponents: number | undefined;
  readonly services: ReadonlyMap<string, ServiceModel>;
  readonly adapters: AdapterModel[];
  readonly switches: SwitchModel[];
  readonly extensions: SwitchExtensionModel[];
  readonly nats: NatModel[];
  readonly staticMappings: StaticMappingModel[];
  readonly excludedPortRanges: PortRange[];
  /** Every captured route (default routes only, from the collector). */
  readonly routes: RouteModel[];
  /** Every IPv4 route of `ipRoutes` (the whole table); undefined when that key was not captured. */
  readonly ipRoutes: readonly RouteModel[] | undefined;
  readonly hnsNetworks: HnsNetworkModel[];
  readonly hnsEndpoints: HnsEndpointModel[];
  readonly hnsLoadBalancers: HnsLoadBalancerModel[];
  /** Every runtime and node agent the capture shows (docker, containerd, kubelet, kube-proxy, ...). */
  readonly runtimes: readonly RuntimeModel[];
  readonly inventory: Inventory;
  /** CNI network configurations found on the host. */
  readonly cniConfs: readonly CniNetworkView[];
  readonly docker: DockerEngineModel | undefined;
  readonly dockerNetworks: DockerNetworkModel[];
  readonly containers: ContainerModel[];
  /** Pod sandboxes (`crictl pods`), each bound to its HNS endpoints; empty when not captured. */
  readonly pods: PodModel[];
  readonly hotfixes: string[];
  readonly parentVmAdapters: VmNetworkAdapterRecord[] | undefined;
  readonly collectorErrors: CollectorErrorRecord[];
  /** Case-insensitive lookups. */
  service(name: string): ServiceModel | undefined;
  adapterByName(name: string): AdapterModel | undefined;
  switchByName(name: string): SwitchModel | undefined;
  dockerNetworkByName(name: string): DockerNetworkModel | undefined;
  runtime(kind: RuntimeKind): RuntimeModel | undefined;
}
