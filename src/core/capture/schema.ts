/**
 * Schemas of every capture key, written against the raw output of Windows
 * PowerShell 5.1 `ConvertTo-Json` (and PowerShell 7, and hand-made captures).
 * Each schema validates one item and normalizes it: enums to names, numbers
 * written as strings to numbers, lone values to lists, PowerShell dates to ISO
 * strings. Unknown properties (CIM noise and the like) are dropped.
 */
import { z } from 'zod';
import {
  AddressFamily, ExtensionType, NatProtocol, OnOffState, ServiceStartType, ServiceStatus, SwitchType, enumName,
  type EnumTable,
} from './enums.js';

/**
 * An optional value: null and undefined both mean "absent". The schema only
 * accepts null; the loader (`withoutNulls` in ingest.ts) turns every null
 * property of a parsed item into an absent one, in one pass per item. A
 * transform here did the same per field and cost more than half of the
 * validation time of a large capture.
 */
function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish() as unknown as z.ZodPipe<z.ZodOptional<z.ZodNullable<T>>, z.ZodTransform<z.output<T> | undefined, z.output<T> | null | undefined>>;
}

function psEnum<N extends string>(t: EnumTable<N>, label: string) {
  const choices = Object.entries(t.byNumber).map(([n, name]) => `${name} (${n})`).join(', ');
  return z.union([z.number(), z.string()]).transform((v, ctx): N => {
    const name = enumName(t, v);
    if (name === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a ${label}: ${choices}`, input: v });
      return z.NEVER;
    }
    return name;
  });
}

/** An integer that PowerShell may write as a number or a numeric string. */
const intLike = z.union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/, 'expected a whole number')]).transform(Number);

/** A registry DWORD: a number, a decimal string, or a 0x hex string. */
const dwordLike = z.union([
  z.number().int().min(-2147483648).max(4294967295),
  z.string().regex(/^\s*(0x[0-9a-f]{1,8}|\d{1,10})\s*$/i, 'expected a DWORD (decimal or 0x hex)'),
]).transform((v) => {
  const n = typeof v === 'number' ? v : Number(v.trim());
  return n < 0 ? n >>> 0 : n;
});

const boolLike = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]).transform((v) => v === true || v === 'True' || v === 'true');

/** A value that may be one string or a list of strings. */
const stringList = z.union([z.array(z.string()), z.string()]).transform((v) => (Array.isArray(v) ? v : v === '' ? [] : [v]));

/** `/Date(ms)/` to an ISO string; other text is kept as it is; a date out of range is an issue. */
function psDateText(s: string, ctx: z.RefinementCtx): string {
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(s.trim());
  if (!m) return s;
  const date = new Date(Number(m[1]));
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `the date ${s.trim()} is out of range`, input: s });
    return s;
  }
  return date.toISOString();
}

/** A date as PowerShell 5.1 writes it (`/Date(ms)/`, plain or in an object), or an ISO string. */
const psDate = z.union([
  z.string(),
  z.object({ value: z.string().optional(), DateTime: z.string().optional() }),
]).transform((v, ctx) => (typeof v === 'string' ? psDateText(v, ctx) : v.value !== undefined ? psDateText(v.value, ctx) : v.DateTime ?? ''));

const name = z.string();

// --- host -------------------------------------------------------------------

export const OsSchema = z.object({
  Caption: opt(z.string()),
  Version: opt(z.string()),
  BuildNumber: opt(intLike),
  ProductType: opt(intLike),
  OSArchitecture: opt(z.string()),
  UBR: opt(intLike),
  DisplayVersion: opt(z.string()),
  ReleaseId: opt(z.union([z.string(), z.number()]).transform(String)),
});

export const ComputerSystemSchema = z.object({
  Name: opt(z.string()),
  Domain: opt(z.string()),
  Manufacturer: opt(z.string()),
  Model: opt(z.string()),
  HypervisorPresent: opt(boolLike),
});

export const HotfixSchema = z.object({
  HotFixID: name,
  InstalledOn: opt(psDate),
});

export const Tcpip6Schema = z.object({
  DisabledComponents: opt(dwordLike),
});

export const ServiceSchema = z.object({
  Name: name,
  DisplayName: opt(z.string()),
  Status: psEnum(ServiceStatus, 'service status'),
  StartType: opt(psEnum(ServiceStartType, 'service start type')),
});

// --- Hyper-V ----------------------------------------------------------------

export const VmSwitchSchema = z.object({
  Name: name,
  Id: opt(z.string()),
  SwitchType: psEnum(SwitchType, 'switch type'),
  AllowManagementOS: opt(boolLike),
  NetAdapterInterfaceDescription: opt(z.string()),
  NetAdapterInterfaceDescriptions: opt(stringList),
  EmbeddedTeamingEnabled: opt(boolLike),
  Notes: opt(z.string()),
});

export const VmSwitchExtensionSchema = z.object({
  SwitchName: opt(z.string()),
  SwitchId: opt(z.string()),
  Name: name,
  Id: opt(z.string()),
  Vendor: opt(z.string()),
  ExtensionType: opt(psEnum(ExtensionType, 'extension type')),
  Enabled: opt(boolLike),
  Running: opt(boolLike),
});

export const VmNetworkAdapterSchema = z.object({
  Name: name,
  VMName: opt(z.string()),
  SwitchName: opt(z.string()),
  MacAddress: opt(z.string()),
  MacAddressSpoofing: opt(psEnum(OnOffState, 'On/Off state')),
  Status: opt(z.unknown()),
});

// --- TCP/IP -------------------------------------------------------------------

export const NetAdapterSchema = z.object({
  Name: name,
  InterfaceDescription: opt(z.string()),
  ifIndex: opt(intLike),
  Status: opt(z.union([z.string(), z.number()]).transform(String)),
  MacAddress: opt(z.string()),
  LinkSpeed: opt(z.union([z.string(), z.number()]).transform(String)),
  Virtual: opt(boolLike),
  HardwareInterface: opt(boolLike),
  MediaConnectionState: opt(z.union([z.string(), z.number()])),
  DriverDescription: opt(z.string()),
});

export const NetIPAddressSchema = z.object({
  InterfaceAlias: opt(z.string()),
  InterfaceIndex: opt(intLike),
  IPAddress: z.string(),
  PrefixLength: intLike.pipe(z.number().int().min(0).max(128)),
  AddressFamily: opt(psEnum(AddressFamily, 'address family')),
  PrefixOrigin: opt(z.union([z.string(), z.number()])),
});

export const NetIPInterfaceSchema = z.object({
  InterfaceAlias: opt(z.string()),
  InterfaceIndex: opt(intLike),
  AddressFamily: opt(psEnum(AddressFamily, 'address family')),
  InterfaceMetric: opt(intLike),
  ConnectionState: opt(z.union([z.string(), z.number()])),
  Dhcp: opt(z.union([z.string(), z.number()])),
});

export const NetRouteSchema = z.object({
  InterfaceAlias: opt(z.string()),
  InterfaceIndex: opt(intLike),
  DestinationPrefix: z.string(),
  NextHop: opt(z.string()),
  RouteMetric: opt(intLike),
});

export const NetNatSchema = z.object({
  Name: name,
  InternalIPInterfaceAddressPrefix: opt(z.string()),
  ExternalIPInterfaceAddressPrefix: opt(z.string()),
  Active: opt(boolLike),
});

export const NetNatStaticMappingSchema = z.object({
  StaticMappingID: opt(intLike),
  NatName: opt(z.string()),
  Protocol: opt(psEnum(NatProtocol, 'protocol')),
  ExternalIPAddress: opt(z.string()),
  ExternalPort: intLike,
  InternalIPAddress: opt(z.string()),
  InternalPort: opt(intLike),
});

/** `netsh int ipv4 show excludedportrange` lines, or already-parsed ranges. */
export const ExcludedPortRangeSchema = z.union([
  z.string(),
  z.object({
    Protocol: opt(z.string()),
    StartPort: intLike,
    EndPort: intLike,
  }),
]);

// --- HNS ----------------------------------------------------------------------

const HnsPolicySchema = z.record(z.string(), z.unknown());

const HnsNetworkV1Schema = z.object({
  ID: z.string(),
  Name: opt(z.string()),
  Type: z.string(),
  Subnets: opt(z.array(z.object({
    AddressPrefix: opt(z.string()),
    GatewayAddress: opt(z.string()),
  }))),
  NatName: opt(z.string()),
  ManagementIP: opt(z.string()),
  NetworkAdapterName: opt(z.string()),
  Extensions: opt(z.array(z.object({ Id: opt(z.string()), IsEnabled: opt(boolLike), Name: opt(z.string()) }))),
  Policies: opt(z.array(HnsPolicySchema)),
  State: opt(z.union([z.number(), z.string()])),
  Flags: opt(z.number()),
});

const HnsNetworkV2Schema = z.object({
  ID: z.string(),
  Name: opt(z.string()),
  Type: z.string(),
  Ipams: z.array(z.object({
    Type: opt(z.string()),
    Subnets: opt(z.array(z.object({
      IpAddressPrefix: opt(z.string()),
      Routes: opt(z.array(z.object({ NextHop: opt(z.string()), DestinationPrefix: opt(z.string()) }))),
    }))),
  })),
  Policies: opt(z.array(HnsPolicySchema)),
  Flags: opt(z.number()),
  SchemaVersion: opt(z.object({ Major: opt(z.number()), Minor: opt(z.number()) })),
});

function v2AdapterName(policies: Record<string, unknown>[] | undefined): string | undefined {
  for (const p of policies ?? []) {
    if (String(p['Type']).toLowerCase() !== 'netadaptername') continue;
    const settings = p['Settings'];
    if (settings && typeof settings === 'object') {
      const n = (settings as Record<string, unknown>)['NetworkAdapterName'];
      if (typeof n === 'string') return n;
    }
  }
  return undefined;
}

/** Both HNS shapes, normalized to one. */
export const HnsNetworkSchema = z.union([
  HnsNetworkV2Schema.transform((n) => ({
    ID: n.ID,
    Name: n.Name,
    Type: n.Type,
    Subnets: n.Ipams.flatMap((ipam) => (ipam.Subnets ?? []).map((s) => ({
      AddressPrefix: s.IpAddressPrefix,
      GatewayAddress: (s.Routes ?? []).find((r) => r.DestinationPrefix === '0.0.0.0/0' || r.DestinationPrefix === '::/0')?.NextHop
        ?? s.Routes?.[0]?.NextHop,
    }))),
    NatName: undefined as string | undefined,
    ManagementIP: undefined as string | undefined,
    NetworkAdapterName: v2AdapterName(n.Policies),
    Extensions: [] as { Id?: string | undefined; IsEnabled?: boolean | undefined; Name?: string | undefined }[],
    Policies: n.Policies ?? [],
    Shape: 'v2' as const,
  })),
  HnsNetworkV1Schema.transform((n) => ({
    ID: n.ID,
    Name: n.Name,
    Type: n.Type,
    Subnets: (n.Subnets ?? []).map((s) => ({ AddressPrefix: s.AddressPrefix, GatewayAddress: s.GatewayAddress })),
    NatName: n.NatName,
    ManagementIP: n.ManagementIP,
    NetworkAdapterName: n.NetworkAdapterName,
    Extensions: n.Extensions ?? [],
    Policies: n.Policies ?? [],
    Shape: 'v1' as const,
  })),
]);

const HnsEndpointV2Schema = z.object({
  ID: z.string(),
  Name: opt(z.string()),
  HostComputeNetwork: z.string(),
  IpConfigurations: opt(z.array(z.object({ IpAddress: opt(z.string()), PrefixLength: opt(intLike) }))),
  MacAddress: opt(z.string()),
  Flags: opt(z.number()),
});

const HnsEndpointV1Schema = z.object({
  ID: z.string(),
  Name: opt(z.string()),
  VirtualNetwork: opt(z.string()),
  VirtualNetworkName: opt(z.string()),
  IPAddress: opt(z.string()),
  PrefixLength: opt(intLike),
  GatewayAddress: opt(z.string()),
  MacAddress: opt(z.string()),
  State: opt(z.union([z.number(), z.string()])),
  IsRemoteEndpoint: opt(boolLike),
  SharedContainers: opt(stringList),
});

export const HnsEndpointSchema = z.union([
  HnsEndpointV2Schema.transform((e) => ({
    ID: e.ID,
    Name: e.Name,
    NetworkId: e.HostComputeNetwork,
    NetworkName: undefined as string | undefined,
    IPAddress: e.IpConfigurations?.[0]?.IpAddress,
    PrefixLength: e.IpConfigurations?.[0]?.PrefixLength,
    GatewayAddress: undefined as string | undefined,
    MacAddress: e.MacAddress,
    IsRemoteEndpoint: ((e.Flags ?? 0) & 1) === 1,
    SharedContainers: [] as string[],
    Shape: 'v2' as const,
  })),
  HnsEndpointV1Schema.transform((e) => ({
    ID: e.ID,
    Name: e.Name,
    NetworkId: e.VirtualNetwork,
    NetworkName: e.VirtualNetworkName,
    IPAddress: e.IPAddress,
    PrefixLength: e.PrefixLength,
    GatewayAddress: e.GatewayAddress,
    MacAddress: e.MacAddress,
    IsRemoteEndpoint: e.IsRemoteEndpoint ?? false,
    SharedContainers: e.SharedContainers ?? [],
    Shape: 'v1' as const,
  })),
]);

// --- docker -------------------------------------------------------------------

const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

export const DockerInfoSchema = z.object({
  ID: opt(z.string()),
  Name: opt(z.string()),
  OSType: opt(z.string()),
  OperatingSystem: opt(z.string()),
  KernelVersion: opt(z.string()),
  ServerVersion: opt(z.string()),
  Isolation: opt(z.string()),
  Swarm: opt(z.object({
    LocalNodeState: opt(z.string()),
    ControlAvailable: opt(boolLike),
    NodeID: opt(z.string()),
  })),
});

export const DockerVersionSchema = z.object({
  Client: opt(z.object({ Version: opt(z.string()), Os: opt(z.string()) })),
  Server: opt(z.object({ Version: opt(z.string()), Os: opt(z.string()), ApiVersion: opt(z.string()) })),
});

export const DockerNetworkSchema = z.object({
  Name: name,
  Id: opt(z.string()),
  Driver: opt(z.string()),
  Scope: opt(z.string()),
  EnableIPv6: opt(boolLike),
  Internal: opt(boolLike),
  Ingress: opt(boolLike),
  IPAM: opt(z.object({
    Driver: opt(z.string()),
    Options: opt(stringMap),
    Config: opt(z.array(z.object({
      Subnet: opt(z.string()),
      Gateway: opt(z.string()),
      IPRange: opt(z.string()),
      AuxiliaryAddresses: opt(stringMap),
    }))),
  })),
  Options: opt(stringMap),
  Containers: opt(z.record(z.string(), z.object({
    Name: opt(z.string()),
    EndpointID: opt(z.string()),
    MacAddress: opt(z.string()),
    IPv4Address: opt(z.string()),
    IPv6Address: opt(z.string()),
  }))),
});

const PortBindingList = opt(z.array(z.object({ HostIp: opt(z.string()), HostPort: opt(z.union([z.string(), z.number()]).transform(String)) })));

export const DockerContainerSchema = z.object({
  Id: z.string(),
  Name: opt(z.string()),
  State: opt(z.union([
    z.string().transform((s) => ({ Status: s, Running: s.toLowerCase() === 'running' })),
    z.object({ Status: opt(z.string()), Running: opt(boolLike), Error: opt(z.string()) }),
  ])),
  Config: opt(z.object({ Hostname: opt(z.string()) })),
  HostConfig: opt(z.object({
    NetworkMode: opt(z.string()),
    PortBindings: opt(z.record(z.string(), PortBindingList)),
    Dns: opt(z.array(z.string())),
    DnsOptions: opt(z.array(z.string())),
    DnsSearch: opt(z.array(z.string())),
    Links: opt(z.array(z.string())),
    Isolation: opt(z.string()),
  })),
  NetworkSettings: opt(z.object({
    Networks: opt(z.record(z.string(), z.object({
      NetworkID: opt(z.string()),
      EndpointID: opt(z.string()),
      IPAddress: opt(z.string()),
      IPPrefixLen: opt(intLike),
      Gateway: opt(z.string()),
      MacAddress: opt(z.string()),
      IPAMConfig: opt(z.object({ IPv4Address: opt(z.string()), IPv6Address: opt(z.string()) })),
      Aliases: opt(z.array(z.string())),
      Links: opt(z.array(z.string())),
    }))),
    Ports: opt(z.record(z.string(), PortBindingList)),
  })),
});

export const DaemonConfigSchema = z.record(z.string(), z.unknown());

export const CollectorErrorSchema = z.object({
  key: z.string(),
  command: opt(z.string()),
  message: opt(z.string()),
});

// --- the whole capture ----------------------------------------------------------

/**
 * How each key is read: `list` keys accept one object or an array and are
 * validated item by item; `object` keys are validated whole.
 */
export const KEY_SCHEMAS = {
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
  collectorErrors: { kind: 'list', schema: CollectorErrorSchema },
} as const;

export const DOCKER_PART_SCHEMAS = {
  info: { kind: 'object', schema: DockerInfoSchema },
  version: { kind: 'object', schema: DockerVersionSchema },
  networks: { kind: 'list', schema: DockerNetworkSchema },
  containers: { kind: 'list', schema: DockerContainerSchema },
  // A free-form record: its keys are the user's settings, so it carries no $ptr.
  daemonConfig: { kind: 'object', schema: DaemonConfigSchema, record: true },
} as const;

/** Each normalized item remembers where it came from in the capture (a JSON pointer). */
export type Located<T> = T & { readonly $ptr: string };

type KeySchemas = typeof KEY_SCHEMAS;
type ItemOf<K extends keyof KeySchemas> = Located<z.output<KeySchemas[K]['schema']>>;
type DockerSchemas = typeof DOCKER_PART_SCHEMAS;
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
export type CollectorErrorRecord = ItemOf<'collectorErrors'>;
export type DockerInfoRecord = DockerItemOf<'info'>;
export type DockerVersionRecord = DockerItemOf<'version'>;
export type DockerNetworkRecord = DockerItemOf<'networks'>;
export type DockerContainerRecord = DockerItemOf<'containers'>;
export type DaemonConfigRecord = DockerItemOf<'daemonConfig'>;

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
  const keyShape: Record<string, z.ZodType> = {};
  const listOrOne = (s: z.ZodType) => z.union([z.array(s), s, z.null()]);
  for (const [key, def] of Object.entries(KEY_SCHEMAS)) {
    keyShape[key] = def.kind === 'list' ? listOrOne(def.schema) : z.union([def.schema, z.null()]);
  }
  const dockerShape: Record<string, z.ZodType> = {};
  for (const [key, def] of Object.entries(DOCKER_PART_SCHEMAS)) {
    dockerShape[key] = (def.kind === 'list' ? listOrOne(def.schema) : z.union([def.schema, z.null()])).optional();
  }
  return z.object({
    format: z.literal('wcn-capture').optional(),
    formatVersion: z.literal(1).optional(),
    capturedAt: z.string().optional(),
    collector: z.string().optional(),
    psVersion: z.string().optional(),
    ...Object.fromEntries(Object.entries(keyShape).map(([k, s]) => [k, s.optional()])),
    docker: z.union([z.object(dockerShape), z.null()]).optional(),
  }).meta({
    title: 'wcn-capture',
    description: 'The state of one Windows container host, as written by the wcn-doctor collector (format version 1).',
  });
}
