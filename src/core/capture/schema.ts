/**
 * Schemas of every capture key, written against the raw output of Windows
 * PowerShell 5.1 `ConvertTo-Json` (and PowerShell 7, and hand-made captures).
 * Each schema validates one item and normalizes it: enums to names, numbers
 * written as strings to numbers, lone values to lists, PowerShell dates to ISO
 * strings (the transforms are the named functions of normalize.ts). Unknown
 * properties (CIM noise and the like) are dropped.
 *
 * These schemas are the source of truth of the capture format: the loader's
 * fast validators (fast.generated.ts) and the published JSON Schema
 * (snapshots/capture.schema.json) are both generated from them
 * (`npm run schema`), and the loader asks them for the precise issues
 * whenever a fast validator rejects an item.
 *
 * They use zod's tree-shakable API (`zod/mini`) and are built on first use:
 * a run whose capture is valid never needs them, and start-up should not pay
 * for them.
 */
import * as z from '../zod.js';
import {
  AddressFamily, ExtensionType, FirewallAction, FirewallDirection, GpoBoolean, NatProtocol, OnOffState, RouteProtocol,
  ServiceStartType, ServiceStatus, SwitchType, type EnumTable,
} from './enums.js';
import {
  boolValue, containerStateFromString, dwordValue, enumTransform, hnsEndpointFromV1, hnsEndpointFromV2, hnsLoadBalancerFromV1,
  hnsLoadBalancerFromV2, hnsNetworkFromV1, hnsNetworkFromV2, listValue, psDateTransform, stringListValue, stringOrNumberList,
} from './normalize.js';
import type {
  CniRecord, ContainerdRecord, FirewallRecord, HnsStateRecord, HnsVersionRecord, KubernetesRecord, VfpRecord,
} from './runtime-types.js';

export type * from './runtime-types.js';
export { REDACTED } from './runtime-types.js';

/**
 * An optional value: null and undefined both mean "absent". The schema only
 * accepts null; the loader turns every null property of a parsed item into an
 * absent one (see ingest.ts). A transform here did the same per field and
 * cost more than half of the validation time of a large capture.
 */
function opt<T extends z.ZodMiniType>(schema: T) {
  return z.nullish(schema) as unknown as z.ZodMiniPipe<z.ZodMiniOptional<z.ZodMiniNullable<T>>, z.ZodMiniTransform<z.output<T> | undefined, z.output<T> | null | undefined>>;
}

/** `schema`, then the normalizing function `fn` (one of normalize.ts) on its output. */
function then<A extends z.ZodMiniType, O>(schema: A, fn: (value: z.output<A>, ctx: z.core.ParsePayload) => O) {
  return z.pipe(schema, z.transform<z.output<A>, O>(fn));
}

function psEnum<N extends string>(t: EnumTable<N>, label: string) {
  return then(z.union([z.number(), z.string()]), enumTransform(t, label));
}

function build() {
  /** An integer that PowerShell may write as a number or a numeric string. */
  const intLike = () => then(z.union([z.number().check(z.int()), z.string().check(z.regex(/^\s*-?\d+\s*$/, 'expected a whole number'))]), Number);

  /** A registry DWORD: a number, a decimal string, or a 0x hex string. */
  const dwordLike = then(z.union([
    z.number().check(z.int(), z.gte(-2147483648), z.lte(4294967295)),
    z.string().check(z.regex(/^\s*(0x[0-9a-f]{1,8}|\d{1,10})\s*$/i, 'expected a DWORD (decimal or 0x hex)')),
  ]), dwordValue);

  const boolLike = () => then(z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]), boolValue);

  /** A value that may be one string or a list of strings. */
  const stringList = () => then(z.union([z.array(z.string()), z.string()]), stringListValue);

  /** A date as PowerShell 5.1 writes it (`/Date(ms)/`, plain or in an object), or an ISO string; a date out of range is an issue. */
  const psDate = then(z.union([
    z.string(),
    z.object({ value: z.optional(z.string()), DateTime: z.optional(z.string()) }),
  ]), psDateTransform);

  const str = () => z.string();
  const text = () => opt(z.string());
  const stringOrNumber = () => z.union([z.string(), z.number()]);
  const asString = () => then(stringOrNumber(), String);

  // --- host -------------------------------------------------------------------

  const OsSchema = z.object({
    Caption: text(),
    Version: text(),
    BuildNumber: opt(intLike()),
    ProductType: opt(intLike()),
    OSArchitecture: text(),
    UBR: opt(intLike()),
    DisplayVersion: text(),
    ReleaseId: opt(asString()),
  });

  const ComputerSystemSchema = z.object({
    Name: text(),
    Domain: text(),
    Manufacturer: text(),
    Model: text(),
    HypervisorPresent: opt(boolLike()),
  });

  const HotfixSchema = z.object({
    HotFixID: str(),
    InstalledOn: opt(psDate),
  });

  const Tcpip6Schema = z.object({
    DisabledComponents: opt(dwordLike),
  });

  const ServiceSchema = z.object({
    Name: str(),
    DisplayName: text(),
    Status: psEnum(ServiceStatus, 'service status'),
    StartType: opt(psEnum(ServiceStartType, 'service start type')),
  });

  // --- Hyper-V ----------------------------------------------------------------

  const VmSwitchSchema = z.object({
    Name: str(),
    Id: text(),
    SwitchType: opt(psEnum(SwitchType, 'switch type')),
    AllowManagementOS: opt(boolLike()),
    NetAdapterInterfaceDescription: text(),
    NetAdapterInterfaceDescriptions: opt(stringList()),
    EmbeddedTeamingEnabled: opt(boolLike()),
    Notes: text(),
  });

  const VmSwitchExtensionSchema = z.object({
    SwitchName: text(),
    SwitchId: text(),
    Name: str(),
    Id: text(),
    Vendor: text(),
    ExtensionType: opt(psEnum(ExtensionType, 'extension type')),
    Enabled: opt(boolLike()),
    Running: opt(boolLike()),
  });

  const VmNetworkAdapterSchema = z.object({
    Name: str(),
    VMName: text(),
    SwitchName: text(),
    MacAddress: text(),
    MacAddressSpoofing: opt(psEnum(OnOffState, 'On/Off state')),
    Status: opt(z.unknown()),
  });

  // --- TCP/IP -------------------------------------------------------------------

  const NetAdapterSchema = z.object({
    Name: str(),
    InterfaceDescription: text(),
    ifIndex: opt(intLike()),
    Status: opt(asString()),
    MacAddress: text(),
    LinkSpeed: opt(asString()),
    Virtual: opt(boolLike()),
    HardwareInterface: opt(boolLike()),
    MediaConnectionState: opt(stringOrNumber()),
    DriverDescription: text(),
  });

  const NetIPAddressSchema = z.object({
    InterfaceAlias: text(),
    InterfaceIndex: opt(intLike()),
    IPAddress: z.string(),
    PrefixLength: z.pipe(intLike(), z.number().check(z.int(), z.gte(0), z.lte(128))),
    AddressFamily: opt(psEnum(AddressFamily, 'address family')),
    PrefixOrigin: opt(stringOrNumber()),
  });

  const NetIPInterfaceSchema = z.object({
    InterfaceAlias: text(),
    InterfaceIndex: opt(intLike()),
    AddressFamily: opt(psEnum(AddressFamily, 'address family')),
    InterfaceMetric: opt(intLike()),
    ConnectionState: opt(stringOrNumber()),
    Dhcp: opt(stringOrNumber()),
  });

  const NetRouteSchema = z.object({
    InterfaceAlias: text(),
    InterfaceIndex: opt(intLike()),
    DestinationPrefix: z.string(),
    NextHop: text(),
    RouteMetric: opt(intLike()),
  });

  const NetNatSchema = z.object({
    Name: str(),
    InternalIPInterfaceAddressPrefix: text(),
    ExternalIPInterfaceAddressPrefix: text(),
    Active: opt(boolLike()),
  });

  const NetNatStaticMappingSchema = z.object({
    StaticMappingID: opt(intLike()),
    NatName: text(),
    Protocol: opt(psEnum(NatProtocol, 'protocol')),
    ExternalIPAddress: text(),
    ExternalPort: intLike(),
    InternalIPAddress: text(),
    InternalPort: opt(intLike()),
  });

  /** `netsh int ipv4 show excludedportrange` lines, or already-parsed ranges. */
  const ExcludedPortRangeSchema = z.union([
    z.string(),
    z.object({
      Protocol: text(),
      StartPort: intLike(),
      EndPort: intLike(),
    }),
  ]);

  // --- HNS ----------------------------------------------------------------------

  const HnsPolicySchema = () => z.record(z.string(), z.unknown());

  const HnsNetworkV1Schema = z.object({
    ID: z.string(),
    Name: text(),
    Type: z.string(),
    Subnets: opt(z.array(z.object({
      AddressPrefix: text(),
      GatewayAddress: text(),
      Policies: opt(z.array(HnsPolicySchema())),
    }))),
    NatName: text(),
    ManagementIP: text(),
    NetworkAdapterName: text(),
    Extensions: opt(z.array(z.object({ Id: text(), IsEnabled: opt(boolLike()), Name: text() }))),
    Policies: opt(z.array(HnsPolicySchema())),
    State: opt(z.union([z.number(), z.string()])),
    Flags: opt(z.number()),
  });

  const HnsNetworkV2Schema = z.object({
    ID: z.string(),
    Name: text(),
    Type: z.string(),
    Ipams: z.array(z.object({
      Type: text(),
      Subnets: opt(z.array(z.object({
        IpAddressPrefix: text(),
        Routes: opt(z.array(z.object({ NextHop: text(), DestinationPrefix: text() }))),
        Policies: opt(z.array(HnsPolicySchema())),
      }))),
    })),
    Policies: opt(z.array(HnsPolicySchema())),
    Flags: opt(z.number()),
    SchemaVersion: opt(z.object({ Major: opt(z.number()), Minor: opt(z.number()) })),
  });

  /** Both HNS shapes, normalized to one. */
  const HnsNetworkSchema = z.union([
    then(HnsNetworkV2Schema, hnsNetworkFromV2),
    then(HnsNetworkV1Schema, hnsNetworkFromV1),
  ]);

  const HnsEndpointV2Schema = z.object({
    ID: z.string(),
    Name: text(),
    HostComputeNetwork: z.string(),
    IpConfigurations: opt(z.array(z.object({ IpAddress: text(), PrefixLength: opt(intLike()) }))),
    MacAddress: text(),
    Flags: opt(z.number()),
    Policies: opt(z.array(HnsPolicySchema())),
  });

  const HnsEndpointV1Schema = z.object({
    ID: z.string(),
    Name: text(),
    VirtualNetwork: text(),
    VirtualNetworkName: text(),
    IPAddress: text(),
    PrefixLength: opt(intLike()),
    GatewayAddress: text(),
    MacAddress: text(),
    State: opt(z.union([z.number(), z.string()])),
    IsRemoteEndpoint: opt(boolLike()),
    SharedContainers: opt(stringList()),
    Policies: opt(z.array(HnsPolicySchema())),
  });

  const HnsEndpointSchema = z.union([
    then(HnsEndpointV2Schema, hnsEndpointFromV2),
    then(HnsEndpointV1Schema, hnsEndpointFromV1),
  ]);

  /** Get-HnsPolicyList: a policy list of ELB policies and the endpoints it balances over. */
  const HnsLoadBalancerV1Schema = z.object({
    ID: z.string(),
    Policies: opt(z.array(z.object({
      Type: text(),
      VIPs: opt(stringList()),
      SourceVIP: text(),
      InternalPort: opt(intLike()),
      ExternalPort: opt(intLike()),
      Protocol: opt(z.union([z.number(), z.string()])),
      IsDSR: opt(boolLike()),
      ILB: opt(boolLike()),
      LocalRoutedVip: opt(boolLike()),
    }))),
    References: opt(stringList()),
  });

  /** HostComputeLoadBalancer (HCN). */
  const HnsLoadBalancerV2Schema = z.object({
    ID: z.string(),
    HostComputeEndpoints: opt(stringList()),
    SourceVIP: text(),
    FrontendVIPs: opt(stringList()),
    PortMappings: z.array(z.object({
      Protocol: opt(z.union([z.number(), z.string()])),
      InternalPort: opt(intLike()),
      ExternalPort: opt(intLike()),
      Flags: opt(z.number()),
    })),
    Flags: opt(z.number()),
  });

  const HnsLoadBalancerSchema = z.union([
    then(HnsLoadBalancerV2Schema, hnsLoadBalancerFromV2),
    then(HnsLoadBalancerV1Schema, hnsLoadBalancerFromV1),
  ]);


  // --- routing, DNS, ports, firewall (container hosts of every kind) ----------------

  const IpRouteSchema = z.object({
    InterfaceAlias: text(),
    InterfaceIndex: opt(intLike()),
    DestinationPrefix: z.string(),
    NextHop: text(),
    RouteMetric: opt(intLike()),
    Protocol: opt(psEnum(RouteProtocol, 'route protocol')),
    CompartmentId: opt(intLike()),
    AddressFamily: opt(psEnum(AddressFamily, 'address family')),
  });

  const DnsClientServerSchema = z.object({
    InterfaceAlias: text(),
    InterfaceIndex: opt(intLike()),
    AddressFamily: opt(psEnum(AddressFamily, 'address family')),
    ServerAddresses: opt(stringList()),
  });

  const DynamicPortRangeSchema = z.object({
    Protocol: z.string(),
    StartPort: intLike(),
    NumberOfPorts: intLike(),
  });

  /** One object or a list of them, as PowerShell writes a property holding one or several. */
  const listOf = <T extends z.ZodMiniType>(item: T) => then(z.union([z.array(item), item]), listValue as (v: z.output<T> | z.output<T>[]) => z.output<T>[]);

  const FirewallProfileSchema = z.object({
    Name: str(),
    Enabled: opt(z.union([z.boolean(), psEnum(GpoBoolean, 'firewall switch')])),
    DefaultInboundAction: opt(psEnum(FirewallAction, 'firewall action')),
    DefaultOutboundAction: opt(psEnum(FirewallAction, 'firewall action')),
  });

  const FirewallRuleSchema = z.object({
    Name: str(),
    DisplayName: text(),
    Direction: opt(psEnum(FirewallDirection, 'firewall direction')),
    Action: opt(psEnum(FirewallAction, 'firewall action')),
    Protocol: opt(asString()),
    LocalPort: opt(then(z.union([z.array(stringOrNumber()), stringOrNumber()]), stringOrNumberList)),
    RemoteAddress: opt(stringList()),
    Profile: opt(asString()),
  });

  // --- HNS itself -----------------------------------------------------------------

  const HnsVersionSchema = z.object({ Major: intLike(), Minor: intLike() });

  /** The registry values of the HNS State key (PowerShell's PS* properties are dropped when read). */
  const HnsStateSchema = z.record(z.string(), z.unknown());

  const VfpSchema = z.object({
    ports: opt(z.string()),
    portStates: opt(listOf(z.object({ port: z.string(), text: opt(z.string()) }))),
  });

  // --- containerd, CNI, Kubernetes ------------------------------------------------

  const ContainerdSchema = z.object({
    version: text(),
    configPath: text(),
    /** The raw text of config.toml (parsed when read; only what networking needs is kept, secrets never). */
    config: text(),
    /** `crictl info` (parsed when read). */
    criInfo: opt(z.record(z.string(), z.unknown())),
    /** `crictl pods -o json` (parsed when read). */
    pods: opt(z.record(z.string(), z.unknown())),
  });

  const CniConfDirSchema = z.object({
    path: z.string(),
    files: opt(listOf(z.object({ name: z.string(), text: opt(z.string()) }))),
  });

  const CniBinDirSchema = z.object({
    path: z.string(),
    files: opt(stringList()),
  });

  const KubeProcessSchema = z.object({
    Name: z.string(),
    ProcessId: opt(intLike()),
    CommandLine: text(),
    CreationDate: opt(psDate),
  });

  const KubeServiceSchema = z.object({
    Name: z.string(),
    State: opt(asString()),
    StartMode: opt(asString()),
    PathName: text(),
  });

  const KubeFileSchema = z.object({
    path: z.string(),
    text: opt(z.string()),
  });

  const KubeVersionsSchema = z.object({
    kubelet: text(),
    kubeProxy: text(),
  });

  /** `kubectl get node <name> -o json`: what networking needs of it. */
  const KubeNodeSchema = z.object({
    metadata: opt(z.object({
      name: text(),
      annotations: opt(z.record(z.string(), asString())),
      labels: opt(z.record(z.string(), asString())),
    })),
    spec: opt(z.object({
      podCIDR: text(),
      podCIDRs: opt(stringList()),
      providerID: text(),
    })),
    status: opt(z.object({
      addresses: opt(z.array(z.object({ type: text(), address: text() }))),
      nodeInfo: opt(z.object({
        osImage: text(), kernelVersion: text(), containerRuntimeVersion: text(), kubeletVersion: text(), kubeProxyVersion: text(), operatingSystem: text(),
      })),
      conditions: opt(z.array(z.object({ type: text(), status: text(), reason: text(), message: text() }))),
    })),
  });

  const KubeNodeSummarySchema = z.object({
    name: z.string(),
    podCIDRs: opt(stringList()),
    internalIP: text(),
    os: text(),
  });

  // --- docker -------------------------------------------------------------------

  const stringMap = () => z.record(z.string(), then(z.union([z.string(), z.number(), z.boolean()]), String));

  const DockerInfoSchema = z.object({
    ID: text(),
    Name: text(),
    OSType: text(),
    OperatingSystem: text(),
    KernelVersion: text(),
    ServerVersion: text(),
    Isolation: text(),
    /** Set by the docker client when the daemon did not answer (the other fields are then empty). */
    ServerErrors: opt(stringList()),
    Swarm: opt(z.object({
      LocalNodeState: text(),
      ControlAvailable: opt(boolLike()),
      NodeID: text(),
    })),
  });

  const DockerVersionSchema = z.object({
    Client: opt(z.object({ Version: text(), Os: text() })),
    Server: opt(z.object({ Version: text(), Os: text(), ApiVersion: text() })),
  });

  const DockerNetworkSchema = z.object({
    Name: str(),
    Id: text(),
    Driver: text(),
    Scope: text(),
    EnableIPv6: opt(boolLike()),
    Internal: opt(boolLike()),
    Ingress: opt(boolLike()),
    IPAM: opt(z.object({
      Driver: text(),
      Options: opt(stringMap()),
      Config: opt(z.array(z.object({
        Subnet: text(),
        Gateway: text(),
        IPRange: text(),
        AuxiliaryAddresses: opt(stringMap()),
      }))),
    })),
    Options: opt(stringMap()),
    Containers: opt(z.record(z.string(), z.object({
      Name: text(),
      EndpointID: text(),
      MacAddress: text(),
      IPv4Address: text(),
      IPv6Address: text(),
    }))),
  });

  const PortBindingList = () => opt(z.array(z.object({ HostIp: text(), HostPort: opt(asString()) })));

  const DockerContainerSchema = z.object({
    Id: z.string(),
    Name: text(),
    State: opt(z.union([
      then(z.string(), containerStateFromString),
      z.object({ Status: text(), Running: opt(boolLike()), Error: text() }),
    ])),
    Config: opt(z.object({ Hostname: text() })),
    HostConfig: opt(z.object({
      NetworkMode: text(),
      PortBindings: opt(z.record(z.string(), PortBindingList())),
      Dns: opt(z.array(z.string())),
      DnsOptions: opt(z.array(z.string())),
      DnsSearch: opt(z.array(z.string())),
      Links: opt(z.array(z.string())),
      Isolation: text(),
    })),
    NetworkSettings: opt(z.object({
      Networks: opt(z.record(z.string(), z.object({
        NetworkID: text(),
        EndpointID: text(),
        IPAddress: text(),
        IPPrefixLen: opt(intLike()),
        Gateway: text(),
        MacAddress: text(),
        IPAMConfig: opt(z.object({ IPv4Address: text(), IPv6Address: text() })),
        Aliases: opt(z.array(z.string())),
        Links: opt(z.array(z.string())),
      }))),
      Ports: opt(z.record(z.string(), PortBindingList())),
    })),
  });

  const DaemonConfigSchema = z.record(z.string(), z.unknown());

  const CollectorErrorSchema = z.object({
    key: z.string(),
    command: text(),
    message: text(),
  });

  // --- the whole capture ----------------------------------------------------------

  /**
   * How each key is read: `list` keys accept one object or an array and are
   * validated item by item; `object` keys are validated whole.
   */
  const KEY_SCHEMAS = {
    os: { kind: 'object', schema: OsSchema },
    computerSystem: { kind: 'object', schema: ComputerSystemSchema },
    hotfixes: { kind: 'list', schema: HotfixSchema },
    tcpip6: { kind: 'object', schema: Tcpip6Schema },
    services: { kind: 'list', schema: ServiceSchema },
    vmSwitches: { kind: 'list', schema: VmSwitchSchema },
    vmSwitchExtensions: { kind: 'list', schema: VmSwitchExtensionSchema },
    vmNetworkAdapters: { kind: 'list', schema: VmNetworkAdapterSchema },
    parentVmNetworkAdapters: { kind: 'list', schema: VmNetworkAdapterSchema },
    netAdapters: { kind: 'list', schema: NetAdapterSchema },
    netIPAddresses: { kind: 'list', schema: NetIPAddressSchema },
    netIPInterfaces: { kind: 'list', schema: NetIPInterfaceSchema },
    netRoutes: { kind: 'list', schema: NetRouteSchema },
    netNat: { kind: 'list', schema: NetNatSchema },
    netNatStaticMappings: { kind: 'list', schema: NetNatStaticMappingSchema },
    excludedPortRanges: { kind: 'list', schema: ExcludedPortRangeSchema },
    hnsNetworks: { kind: 'list', schema: HnsNetworkSchema },
    hnsEndpoints: { kind: 'list', schema: HnsEndpointSchema },
    hnsLoadBalancers: { kind: 'list', schema: HnsLoadBalancerSchema },
    ipRoutes: { kind: 'list', schema: IpRouteSchema },
    dnsClientServers: { kind: 'list', schema: DnsClientServerSchema },
    dynamicPortRanges: { kind: 'list', schema: DynamicPortRangeSchema },
    hnsVersion: { kind: 'object', schema: HnsVersionSchema },
    hnsState: { kind: 'object', schema: HnsStateSchema, record: true },
    vfp: { kind: 'object', schema: VfpSchema },
    containerd: { kind: 'object', schema: ContainerdSchema },
    collectorErrors: { kind: 'list', schema: CollectorErrorSchema },
  } as const;

  const DOCKER_PART_SCHEMAS = {
    info: { kind: 'object', schema: DockerInfoSchema },
    version: { kind: 'object', schema: DockerVersionSchema },
    networks: { kind: 'list', schema: DockerNetworkSchema },
    containers: { kind: 'list', schema: DockerContainerSchema },
    // A free-form record: its keys are the user's settings, so it carries no $ptr.
    daemonConfig: { kind: 'object', schema: DaemonConfigSchema, record: true },
  } as const;

  /**
   * Keys made of parts, each part read on its own (a bad part never hides
   * the others; the items of a list part are read one by one).
   */
  const PART_SCHEMAS = {
    docker: DOCKER_PART_SCHEMAS,
    firewall: {
      profiles: { kind: 'list', schema: FirewallProfileSchema },
      rules: { kind: 'list', schema: FirewallRuleSchema },
    },
    cni: {
      confDirs: { kind: 'list', schema: CniConfDirSchema },
      binDirs: { kind: 'list', schema: CniBinDirSchema },
    },
    kubernetes: {
      processes: { kind: 'list', schema: KubeProcessSchema },
      services: { kind: 'list', schema: KubeServiceSchema },
      files: { kind: 'list', schema: KubeFileSchema },
      versions: { kind: 'object', schema: KubeVersionsSchema },
      node: { kind: 'object', schema: KubeNodeSchema },
      nodes: { kind: 'list', schema: KubeNodeSummarySchema },
    },
  } as const;

  return { KEY_SCHEMAS, DOCKER_PART_SCHEMAS, PART_SCHEMAS };
}

/**
 * Keys whose schema is a union of two shapes (HNS V2, then V1), and the
 * field whose presence picks the first: an item is checked against the shape
 * it claims, so its issues are about that shape. The loader and the fast
 * validators pick the same way.
 */
export const SHAPE_FIELD: Readonly<Record<string, string>> = { hnsNetworks: 'Ipams', hnsEndpoints: 'HostComputeNetwork', hnsLoadBalancers: 'PortMappings' };

export type CaptureSchemas = ReturnType<typeof build>;
let built: CaptureSchemas | undefined;

/** The schemas of every key and docker part (built on the first call). */
export function captureSchemas(): CaptureSchemas {
  return (built ??= build());
}

/** Each normalized item remembers where it came from in the capture (a JSON pointer). */
export type Located<T> = T & { readonly $ptr: string };

type KeySchemas = CaptureSchemas['KEY_SCHEMAS'];
type ItemOf<K extends keyof KeySchemas> = Located<z.output<KeySchemas[K]['schema']>>;
type DockerSchemas = CaptureSchemas['DOCKER_PART_SCHEMAS'];
type DockerItemOf<K extends keyof DockerSchemas> = DockerSchemas[K] extends { record: true } ? z.output<DockerSchemas[K]['schema']> : Located<z.output<DockerSchemas[K]['schema']>>;

export type OsRecord = ItemOf<'os'>;
export type ComputerSystemRecord = ItemOf<'computerSystem'>;
export type HotfixRecord = ItemOf<'hotfixes'>;
export type Tcpip6Record = ItemOf<'tcpip6'>;
export type ServiceRecord = ItemOf<'services'>;
export type VmSwitchRecord = ItemOf<'vmSwitches'>;
export type VmSwitchExtensionRecord = ItemOf<'vmSwitchExtensions'>;
export type VmNetworkAdapterRecord = ItemOf<'vmNetworkAdapters'>;
export type NetAdapterRecord = ItemOf<'netAdapters'>;
export type NetIPAddressRecord = ItemOf<'netIPAddresses'>;
export type NetIPInterfaceRecord = ItemOf<'netIPInterfaces'>;
export type NetRouteRecord = ItemOf<'netRoutes'>;
export type NetNatRecord = ItemOf<'netNat'>;
export type NetNatStaticMappingRecord = ItemOf<'netNatStaticMappings'>;
export type ExcludedPortRangeRecord = ItemOf<'excludedPortRanges'>;
export type HnsNetworkRecord = ItemOf<'hnsNetworks'>;
export type HnsEndpointRecord = ItemOf<'hnsEndpoints'>;
export type HnsLoadBalancerRecord = ItemOf<'hnsLoadBalancers'>;
export type CollectorErrorRecord = ItemOf<'collectorErrors'>;
export type IpRouteRecord = ItemOf<'ipRoutes'>;
export type DnsClientServerRecord = ItemOf<'dnsClientServers'>;
export type DynamicPortRangeRecord = ItemOf<'dynamicPortRanges'>;
/**
 * `docker info`. `answered` is false when the client printed `ServerErrors`:
 * the daemon did not answer and every other field is empty (the loader always
 * sets it; an info made by hand without it counts as answered).
 */
export type DockerInfoRecord = DockerItemOf<'info'> & { answered?: boolean };
export type DockerVersionRecord = DockerItemOf<'version'>;
export type DockerNetworkRecord = DockerItemOf<'networks'>;
export type DockerContainerRecord = DockerItemOf<'containers'>;
export type DaemonConfigRecord = DockerItemOf<'daemonConfig'>;

// The typed forms of runtime-types.ts are written by hand; where the loader
// keeps what a schema returns as it is, the compiler holds the two together
// (the tuple is exported only so that it is not an unused local).
type PartSchemas = CaptureSchemas['PART_SCHEMAS'];
type PartItemOf<K extends keyof PartSchemas, P extends keyof PartSchemas[K]> =
  PartSchemas[K][P] extends { schema: infer S extends z.ZodMiniType } ? Located<z.output<S>> : never;
type Holds<Declared, Read extends Declared> = Read;
export type SchemaAgreement = [
  Holds<FirewallRecord['profiles'], PartItemOf<'firewall', 'profiles'>[]>,
  Holds<FirewallRecord['rules'], PartItemOf<'firewall', 'rules'>[]>,
  Holds<HnsVersionRecord, ItemOf<'hnsVersion'>>,
  Holds<NonNullable<KubernetesRecord['versions']>, PartItemOf<'kubernetes', 'versions'>>,
  Holds<NonNullable<KubernetesRecord['node']>, PartItemOf<'kubernetes', 'node'>>,
  Holds<NonNullable<KubernetesRecord['nodes']>[number], PartItemOf<'kubernetes', 'nodes'>>,
];

/**
 * A capture after loading: every key that was captured and readable, in
 * normalized form. A key that is absent here was not captured (or could not
 * be read; the ingest issues say which). This is plain data: the simulator
 * edits copies of it, and the host model is always built from it.
 */
export interface Capture {
  format?: string;
  formatVersion?: number;
  capturedAt?: string;
  collector?: string;
  psVersion?: string;
  os?: OsRecord;
  computerSystem?: ComputerSystemRecord;
  hotfixes?: HotfixRecord[];
  tcpip6?: Tcpip6Record;
  services?: ServiceRecord[];
  vmSwitches?: VmSwitchRecord[];
  vmSwitchExtensions?: VmSwitchExtensionRecord[];
  vmNetworkAdapters?: VmNetworkAdapterRecord[];
  parentVmNetworkAdapters?: VmNetworkAdapterRecord[];
  netAdapters?: NetAdapterRecord[];
  netIPAddresses?: NetIPAddressRecord[];
  netIPInterfaces?: NetIPInterfaceRecord[];
  netRoutes?: NetRouteRecord[];
  netNat?: NetNatRecord[];
  netNatStaticMappings?: NetNatStaticMappingRecord[];
  excludedPortRanges?: ExcludedPortRangeRecord[];
  hnsNetworks?: HnsNetworkRecord[];
  hnsEndpoints?: HnsEndpointRecord[];
  hnsLoadBalancers?: HnsLoadBalancerRecord[];
  ipRoutes?: IpRouteRecord[];
  dnsClientServers?: DnsClientServerRecord[];
  dynamicPortRanges?: DynamicPortRangeRecord[];
  firewall?: FirewallRecord;
  hnsVersion?: HnsVersionRecord;
  hnsState?: HnsStateRecord;
  vfp?: VfpRecord;
  containerd?: ContainerdRecord;
  cni?: CniRecord;
  kubernetes?: KubernetesRecord;
  docker?: {
    info?: DockerInfoRecord;
    version?: DockerVersionRecord;
    networks?: DockerNetworkRecord[];
    containers?: DockerContainerRecord[];
    daemonConfig?: DaemonConfigRecord;
  };
  collectorErrors?: CollectorErrorRecord[];
}

/** The input side of every key, for the published JSON Schema. */
export function captureInputSchema() {
  const { KEY_SCHEMAS, PART_SCHEMAS } = captureSchemas();
  const keyShape: Record<string, z.ZodMiniType> = {};
  const listOrOne = (s: z.ZodMiniType) => z.union([z.array(s), s, z.null()]);
  for (const [key, def] of Object.entries(KEY_SCHEMAS)) {
    keyShape[key] = def.kind === 'list' ? listOrOne(def.schema) : z.union([def.schema, z.null()]);
  }
  for (const [key, parts] of Object.entries(PART_SCHEMAS)) {
    const shape: Record<string, z.ZodMiniType> = {};
    for (const [part, def] of Object.entries(parts as Record<string, { kind: string; schema: z.ZodMiniType }>)) {
      shape[part] = z.optional(def.kind === 'list' ? listOrOne(def.schema) : z.union([def.schema, z.null()]));
    }
    keyShape[key] = z.union([z.object(shape), z.null()]);
  }
  return z.object({
    format: z.optional(z.literal('wcn-capture')),
    formatVersion: z.optional(z.literal(1)),
    capturedAt: z.optional(z.string()),
    collector: z.optional(z.string()),
    psVersion: z.optional(z.string()),
    ...Object.fromEntries(Object.entries(keyShape).map(([k, s]) => [k, z.optional(s)])),
  }).check(z.meta({
    title: 'wcn-capture',
    description: 'The state of one Windows container host, as written by the wcn-doctor collector (format version 1).',
  }));
}
