/**
 * The normalizing steps of the capture schemas (schema.ts), as plain named
 * functions: enums to names, numbers written as strings to numbers, lone
 * values to lists, PowerShell dates to ISO strings, the two HNS shapes to
 * one. The zod schemas call them as transforms, and the generated fast
 * validators (fast.generated.ts) call the very same functions, which is how
 * the generator knows what a transform does: it finds each transform by
 * identity among the exports of this module.
 *
 * No zod here: this module is on the start-up path of every command.
 */
import { enumName, type EnumTable } from './enums.js';
import { hnsProtocol, normalizeHnsPolicies, type HnsPolicy } from './hns-policies.js';

/** What a failing fast validator returns (the loader then asks zod for the precise issues). */
export const FAIL: unique symbol = Symbol('invalid');
export type Fail = typeof FAIL;

/** The part of zod's transform context (the parse payload) that the enum transforms use. */
interface IssueSink {
  readonly issues: object[];
}

const ENUM_TABLES = new WeakMap<object, EnumTable<string>>();

/**
 * A transform from an integer or a (case-insensitive) name to the enum's
 * canonical name; an unknown value is an issue listing the accepted ones.
 */
export function enumTransform<N extends string>(t: EnumTable<N>, label: string): (v: number | string, ctx: IssueSink) => N {
  const choices = Object.entries(t.byNumber).map(([n, name]) => `${name} (${n})`).join(', ');
  const fn = (v: number | string, ctx: IssueSink): N => {
    const name = enumName(t, v);
    if (name === undefined) {
      ctx.issues.push({ code: 'custom', message: `expected a ${label}: ${choices}`, input: v });
      return undefined as never;
    }
    return name;
  };
  ENUM_TABLES.set(fn, t);
  return fn;
}

/** The table behind a transform made by `enumTransform` (for the generator). */
export function enumTableOf(fn: unknown): EnumTable<string> | undefined {
  return typeof fn === 'function' ? ENUM_TABLES.get(fn) : undefined;
}

/** The fast form of an enum transform: the name, or FAIL. */
export function enumValue<N extends string>(t: EnumTable<N>, v: unknown): N | Fail {
  return enumName(t, v) ?? FAIL;
}

/** A DWORD read from the registry: negative values are their unsigned form. */
export function dwordValue(v: number | string): number {
  const n = typeof v === 'number' ? v : Number(v.trim());
  return n < 0 ? n >>> 0 : n;
}

export function boolValue(v: boolean | string): boolean {
  return v === true || v === 'True' || v === 'true';
}

/** One string or a list of strings; the empty string is an empty list. */
export function stringListValue(v: string[] | string): string[] {
  return Array.isArray(v) ? v : v === '' ? [] : [v];
}

/** One value or a list of them (a property holding one object is written without the array). */
export function listValue<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

/** Port lists: one port or several, numbers or strings ('4789', 'Any', '10250-10260'), all as strings. */
export function stringOrNumberList(v: (string | number)[] | string | number): string[] {
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** `/Date(1591287561241)/` (PowerShell 5.1) to an ISO string; other text as it is; FAIL for a date out of range. */
function psDateText(s: string): string | Fail {
  // Most dates are ISO text already (PowerShell 7); only `/Date(` needs reading.
  if (!s.includes('/Date(')) return s;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(s.trim());
  if (!m) return s;
  const date = new Date(Number(m[1]));
  return Number.isNaN(date.getTime()) ? FAIL : date.toISOString();
}

type PsDateInput = string | { value?: string | undefined; DateTime?: string | undefined };

/** A date as PowerShell 5.1 writes it, plain or in an object (`{ value, DisplayHint, DateTime }`); FAIL for a date out of range. */
export function psDateValue(v: PsDateInput): string | Fail {
  if (typeof v === 'string') return psDateText(v);
  return v.value !== undefined ? psDateText(v.value) : v.DateTime ?? '';
}

/** psDateValue as a zod transform: a date out of range is an issue. */
export function psDateTransform(v: PsDateInput, ctx: IssueSink): string {
  const out = psDateValue(v);
  if (out === FAIL) {
    const s = typeof v === 'string' ? v : v.value!;
    ctx.issues.push({ code: 'custom', message: `the date ${s.trim()} is out of range`, input: s });
    return s;
  }
  return out;
}

/** Transforms that can reject a value, and the function the fast validators call instead (it returns FAIL). */
export const FAST_FORMS: ReadonlyMap<unknown, string> = new Map<unknown, string>([[psDateTransform, 'psDateValue']]);

/** `docker inspect` on old engines writes the state as one word. */
export function containerStateFromString(s: string): { Status: string; Running: boolean } {
  return { Status: s, Running: s.toLowerCase() === 'running' };
}

// --- HNS: two shapes, one model ------------------------------------------------

type Policies = Record<string, unknown>[] | null | undefined;
type Opt<T> = T | null | undefined;

function v2AdapterName(policies: Policies): string | undefined {
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

export interface HnsNetworkV2Input {
  ID: string;
  Name?: Opt<string>;
  Type: string;
  Ipams: {
    Type?: Opt<string>;
    Subnets?: Opt<{ IpAddressPrefix?: Opt<string>; Routes?: Opt<{ NextHop?: Opt<string>; DestinationPrefix?: Opt<string> }[]>; Policies?: Policies }[]>;
  }[];
  Policies?: Policies;
}

export interface HnsNetworkV1Input {
  ID: string;
  Name?: Opt<string>;
  Type: string;
  Subnets?: Opt<{ AddressPrefix?: Opt<string>; GatewayAddress?: Opt<string>; Policies?: Policies }[]>;
  NatName?: Opt<string>;
  ManagementIP?: Opt<string>;
  NetworkAdapterName?: Opt<string>;
  Extensions?: Opt<{ Id?: Opt<string>; IsEnabled?: Opt<boolean>; Name?: Opt<string> }[]>;
  Policies?: Policies;
}

/** A subnet of an HNS network; `Policies` (VLAN, VSID) may be absent in records the simulator writes. */
interface HnsSubnetOut {
  AddressPrefix: string | undefined;
  GatewayAddress: string | undefined;
  Policies?: HnsPolicy[];
}

// The loader makes every null of the result absent; the types say so.
type NoNull<T> = T extends null ? undefined : T;

export function hnsNetworkFromV2(n: HnsNetworkV2Input) {
  return {
    ID: n.ID,
    Name: n.Name as NoNull<typeof n.Name>,
    Type: n.Type,
    Subnets: n.Ipams.flatMap((ipam) => (ipam.Subnets ?? []).map((s): HnsSubnetOut => ({
      AddressPrefix: s.IpAddressPrefix as string | undefined,
      GatewayAddress: ((s.Routes ?? []).find((r) => r.DestinationPrefix === '0.0.0.0/0' || r.DestinationPrefix === '::/0')?.NextHop
        ?? s.Routes?.[0]?.NextHop) as string | undefined,
      Policies: normalizeHnsPolicies(s.Policies),
    }))),
    NatName: undefined as string | undefined,
    ManagementIP: undefined as string | undefined,
    NetworkAdapterName: v2AdapterName(n.Policies),
    Extensions: [] as { Id?: string | undefined; IsEnabled?: boolean | undefined; Name?: string | undefined }[],
    Policies: normalizeHnsPolicies(n.Policies),
    Shape: 'v2' as const,
  };
}

export function hnsNetworkFromV1(n: HnsNetworkV1Input) {
  return {
    ID: n.ID,
    Name: n.Name as NoNull<typeof n.Name>,
    Type: n.Type,
    Subnets: (n.Subnets ?? []).map((s): HnsSubnetOut => ({
      AddressPrefix: s.AddressPrefix as string | undefined, GatewayAddress: s.GatewayAddress as string | undefined, Policies: normalizeHnsPolicies(s.Policies),
    })),
    NatName: n.NatName as string | undefined,
    ManagementIP: n.ManagementIP as string | undefined,
    NetworkAdapterName: n.NetworkAdapterName as string | undefined,
    Extensions: (n.Extensions ?? []) as { Id?: string | undefined; IsEnabled?: boolean | undefined; Name?: string | undefined }[],
    Policies: normalizeHnsPolicies(n.Policies),
    Shape: 'v1' as const,
  };
}

export interface HnsEndpointV2Input {
  ID: string;
  Name?: Opt<string>;
  HostComputeNetwork: string;
  IpConfigurations?: Opt<{ IpAddress?: Opt<string>; PrefixLength?: Opt<number> }[]>;
  MacAddress?: Opt<string>;
  Flags?: Opt<number>;
  Policies?: Policies;
}

export interface HnsEndpointV1Input {
  ID: string;
  Name?: Opt<string>;
  VirtualNetwork?: Opt<string>;
  VirtualNetworkName?: Opt<string>;
  IPAddress?: Opt<string>;
  PrefixLength?: Opt<number>;
  GatewayAddress?: Opt<string>;
  MacAddress?: Opt<string>;
  State?: Opt<number | string>;
  IsRemoteEndpoint?: Opt<boolean>;
  SharedContainers?: Opt<string[]>;
  Policies?: Policies;
}

export function hnsEndpointFromV2(e: HnsEndpointV2Input) {
  return {
    ID: e.ID,
    Name: e.Name ?? undefined,
    NetworkId: e.HostComputeNetwork as string | undefined,
    NetworkName: undefined as string | undefined,
    IPAddress: e.IpConfigurations?.[0]?.IpAddress ?? undefined,
    PrefixLength: e.IpConfigurations?.[0]?.PrefixLength ?? undefined,
    GatewayAddress: undefined as string | undefined,
    MacAddress: e.MacAddress ?? undefined,
    IsRemoteEndpoint: ((e.Flags ?? 0) & 1) === 1,
    State: undefined as number | undefined,
    SharedContainers: [] as string[],
    Policies: normalizeHnsPolicies(e.Policies) as HnsPolicy[] | undefined,
    Shape: 'v2' as const,
  };
}

export function hnsEndpointFromV1(e: HnsEndpointV1Input) {
  return {
    ID: e.ID,
    Name: e.Name ?? undefined,
    NetworkId: e.VirtualNetwork ?? undefined,
    NetworkName: e.VirtualNetworkName ?? undefined,
    IPAddress: e.IPAddress ?? undefined,
    PrefixLength: e.PrefixLength ?? undefined,
    GatewayAddress: e.GatewayAddress ?? undefined,
    MacAddress: e.MacAddress ?? undefined,
    IsRemoteEndpoint: e.IsRemoteEndpoint ?? false,
    /** V1 `State` (3 = attached and shared: every running pod's endpoint); a text state is not kept. */
    State: typeof e.State === 'number' ? e.State : typeof e.State === 'string' && /^\d+$/.test(e.State) ? Number(e.State) : undefined,
    SharedContainers: e.SharedContainers ?? [],
    Policies: normalizeHnsPolicies(e.Policies) as HnsPolicy[] | undefined,
    Shape: 'v1' as const,
  };
}

// --- HNS load balancers: Get-HnsPolicyList (V1) or HostComputeLoadBalancer (V2) -----------

export interface HnsLoadBalancerPort {
  Protocol: string | undefined;
  InternalPort: number | undefined;
  ExternalPort: number | undefined;
  /** A NodePort: the VIP is every local address. */
  LocalRoutedVip: boolean;
  /** Internal load balancer (ClusterIP seen from the node). */
  Ilb: boolean;
}

export interface HnsLoadBalancerV1Input {
  ID: string;
  Policies?: Opt<{
    Type?: Opt<string>; VIPs?: Opt<string[]>; SourceVIP?: Opt<string>; InternalPort?: Opt<number>; ExternalPort?: Opt<number>;
    Protocol?: Opt<number | string>; IsDSR?: Opt<boolean>; ILB?: Opt<boolean>; LocalRoutedVip?: Opt<boolean>;
  }[]>;
  References?: Opt<string[]>;
}

export interface HnsLoadBalancerV2Input {
  ID: string;
  HostComputeEndpoints?: Opt<string[]>;
  SourceVIP?: Opt<string>;
  FrontendVIPs?: Opt<string[]>;
  PortMappings: { Protocol?: Opt<number | string>; InternalPort?: Opt<number>; ExternalPort?: Opt<number>; Flags?: Opt<number> }[];
  Flags?: Opt<number>;
}

export function hnsLoadBalancerFromV1(lb: HnsLoadBalancerV1Input) {
  const vips: string[] = [];
  const ports: HnsLoadBalancerPort[] = [];
  let sourceVip: string | undefined;
  let dsr = false;
  for (const p of lb.Policies ?? []) {
    if ((p.Type ?? 'ELB').toLowerCase() !== 'elb') continue;
    for (const v of p.VIPs ?? []) if (!vips.includes(v)) vips.push(v);
    sourceVip ??= p.SourceVIP ?? undefined;
    dsr ||= p.IsDSR === true;
    ports.push({
      Protocol: hnsProtocol(p.Protocol), InternalPort: p.InternalPort ?? undefined, ExternalPort: p.ExternalPort ?? undefined,
      LocalRoutedVip: p.LocalRoutedVip === true, Ilb: p.ILB === true,
    });
  }
  return {
    ID: lb.ID,
    EndpointIds: (lb.References ?? []).map((r) => r.replace(/^\/?endpoints\//i, '')),
    SourceVIP: sourceVip,
    FrontendVIPs: vips,
    PortMappings: ports,
    Dsr: dsr,
    Shape: 'v1' as const,
  };
}

export function hnsLoadBalancerFromV2(lb: HnsLoadBalancerV2Input) {
  return {
    ID: lb.ID,
    EndpointIds: lb.HostComputeEndpoints ?? [],
    SourceVIP: lb.SourceVIP ?? undefined,
    FrontendVIPs: lb.FrontendVIPs ?? [],
    PortMappings: lb.PortMappings.map((m): HnsLoadBalancerPort => ({
      Protocol: hnsProtocol(m.Protocol), InternalPort: m.InternalPort ?? undefined, ExternalPort: m.ExternalPort ?? undefined,
      LocalRoutedVip: ((m.Flags ?? 0) & 2) === 2, Ilb: ((m.Flags ?? 0) & 1) === 1,
    })),
    Dsr: ((lb.Flags ?? 0) & 1) === 1,
    Shape: 'v2' as const,
  };
}

export type { HnsPolicy };

/**
 * Transforms whose result holds no null and no value passed through
 * unvalidated: the loader need not walk what they return (see ingest.ts).
 * The fast-validator tests hold them to that.
 */
export const CLEAN_TRANSFORMS: ReadonlySet<unknown> = new Set<unknown>([
  hnsEndpointFromV1, hnsEndpointFromV2, hnsLoadBalancerFromV1, hnsLoadBalancerFromV2, containerStateFromString,
]);
