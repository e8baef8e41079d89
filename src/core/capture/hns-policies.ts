/**
 * HNS policies in one form, whatever the schema wrote them in. V1 (the inbox
 * HostNetworkingService module, hns.psm1, `hnsdiag list … -d`) flattens a
 * policy's fields next to its `Type`; V2 (HCN) nests them in `Settings`. The
 * same concept also has two names (ExceptionList/Exceptions, ROUTE/SDNRoute,
 * PA/ProviderAddress). Types are compared case-insensitively; a type this
 * module does not know is kept as `Other` with its settings.
 *
 * Called by the capture's normalizing transforms (normalize.ts), so what it
 * returns must be clean: no null (absent fields are undefined), no name that
 * could pollute a prototype, nothing deeper than a few levels.
 */

export type HnsProtocol = 'tcp' | 'udp' | 'sctp' | 'icmp' | 'any' | string;

export interface OutboundNatPolicy { readonly Type: 'OutBoundNAT'; readonly Exceptions: string[]; readonly Destinations: string[]; readonly VirtualIP: string | undefined }
export interface RoutePolicy { readonly Type: 'Route'; readonly DestinationPrefix: string | undefined; readonly NeedEncap: boolean }
export interface ProviderAddressPolicy { readonly Type: 'ProviderAddress'; readonly ProviderAddress: string | undefined }
export interface RemoteSubnetRoutePolicy {
  readonly Type: 'RemoteSubnetRoute'; readonly DestinationPrefix: string | undefined; readonly ProviderAddress: string | undefined;
  readonly IsolationId: number | undefined; readonly DistributedRouterMacAddress: string | undefined;
}
export interface HostRoutePolicy { readonly Type: 'HostRoute' }
export interface PortMappingPolicy {
  readonly Type: 'PortMapping'; readonly Protocol: HnsProtocol | undefined; readonly InternalPort: number | undefined;
  readonly ExternalPort: number | undefined; readonly VIP: string | undefined;
}
export interface AclPolicy {
  readonly Type: 'ACL'; readonly Action: string | undefined; readonly Direction: string | undefined; readonly Protocols: string | undefined;
  readonly LocalPorts: string | undefined; readonly RemotePorts: string | undefined; readonly RemoteAddresses: string | undefined; readonly Priority: number | undefined;
}
export interface L2DriverPolicy { readonly Type: 'L2Driver' }
export interface VlanPolicy { readonly Type: 'VLAN'; readonly VlanId: number | undefined }
export interface VsidPolicy { readonly Type: 'VSID'; readonly Vsid: number | undefined }
export interface NetAdapterNamePolicy { readonly Type: 'NetAdapterName'; readonly NetworkAdapterName: string | undefined }
export interface EncapOverheadPolicy { readonly Type: 'EncapOverhead'; readonly Overhead: number | undefined }
export interface OtherPolicy { readonly Type: 'Other'; readonly Name: string; readonly Raw: Record<string, unknown> }

/** One HNS policy of a network, a subnet or an endpoint, normalized. */
export type HnsPolicy =
  | OutboundNatPolicy | RoutePolicy | ProviderAddressPolicy | RemoteSubnetRoutePolicy | HostRoutePolicy | PortMappingPolicy
  | AclPolicy | L2DriverPolicy | VlanPolicy | VsidPolicy | NetAdapterNamePolicy | EncapOverheadPolicy | OtherPolicy;

export type HnsPolicyType = HnsPolicy['Type'];

type Fields = Record<string, unknown>;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const RAW_DEPTH = 6;

/** A field by name, exact first, then case-insensitively. */
function field(f: Fields, name: string): unknown {
  const v = f[name];
  if (v !== undefined) return v;
  const lower = name.toLowerCase();
  for (const k in f) if (k.toLowerCase() === lower) return f[k];
  return undefined;
}

function first(f: Fields, ...names: string[]): unknown {
  for (const n of names) {
    const v = field(f, n);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** A list of strings: an array, or one comma-separated string. */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

const PROTOCOLS: Readonly<Record<string, HnsProtocol>> = { 6: 'tcp', 17: 'udp', 132: 'sctp', 1: 'icmp', 256: 'any' };

/** IANA protocol numbers (6, 17, 132) or names (TCP, udp) to lower-case names. */
export function hnsProtocol(v: unknown): HnsProtocol | undefined {
  if (typeof v === 'number') return PROTOCOLS[v] ?? String(v);
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const t = v.trim();
  return /^\d+$/.test(t) ? PROTOCOLS[Number(t)] ?? t : t.toLowerCase();
}

/** A clean copy of untyped JSON: nulls become undefined, prototype names are dropped, depth is bounded. */
export function plainCopy(v: unknown, depth = RAW_DEPTH): unknown {
  if (v === null) return undefined;
  if (typeof v !== 'object') return v;
  if (depth <= 0) return undefined;
  if (Array.isArray(v)) return v.map((x) => plainCopy(x, depth - 1));
  const out: Fields = {};
  for (const k in v as Fields) {
    if (FORBIDDEN.has(k)) continue;
    out[k] = plainCopy((v as Fields)[k], depth - 1);
  }
  return out;
}

/** One raw policy (either schema) in the normalized form. */
export function normalizeHnsPolicy(p: Fields): HnsPolicy {
  const typeText = text(field(p, 'Type')) ?? '';
  const settings = field(p, 'Settings');
  const f: Fields = settings !== null && typeof settings === 'object' && !Array.isArray(settings) ? settings as Fields : p;
  switch (typeText.toLowerCase()) {
    case 'outboundnat':
      return {
        Type: 'OutBoundNAT', Exceptions: list(first(f, 'Exceptions', 'ExceptionList')),
        Destinations: list(first(f, 'Destinations')), VirtualIP: text(first(f, 'VirtualIP', 'VIP')),
      };
    case 'route':
    case 'sdnroute':
      return { Type: 'Route', DestinationPrefix: text(first(f, 'DestinationPrefix')), NeedEncap: bool(first(f, 'NeedEncap')) };
    case 'pa':
    case 'provideraddress':
      return { Type: 'ProviderAddress', ProviderAddress: text(first(f, 'ProviderAddress', 'PA')) };
    case 'remotesubnetroute':
      return {
        Type: 'RemoteSubnetRoute', DestinationPrefix: text(first(f, 'DestinationPrefix')), ProviderAddress: text(first(f, 'ProviderAddress', 'PA')),
        IsolationId: num(first(f, 'IsolationId', 'VSID')), DistributedRouterMacAddress: text(first(f, 'DistributedRouterMacAddress')),
      };
    case 'hostroute':
      return { Type: 'HostRoute' };
    case 'nat':
    case 'portmapping':
      return {
        Type: 'PortMapping', Protocol: hnsProtocol(first(f, 'Protocol')), InternalPort: num(first(f, 'InternalPort')),
        ExternalPort: num(first(f, 'ExternalPort')), VIP: text(first(f, 'VIP', 'ExternalAddress')),
      };
    case 'acl':
      return {
        Type: 'ACL', Action: text(first(f, 'Action')), Direction: text(first(f, 'Direction')), Protocols: text(first(f, 'Protocols', 'Protocol')),
        LocalPorts: text(first(f, 'LocalPorts')), RemotePorts: text(first(f, 'RemotePorts')),
        RemoteAddresses: text(first(f, 'RemoteAddresses')), Priority: num(first(f, 'Priority')),
      };
    case 'l2driver':
      return { Type: 'L2Driver' };
    case 'vlan':
      return { Type: 'VLAN', VlanId: num(first(f, 'VLAN', 'VlanId', 'IsolationId')) };
    case 'vsid':
      return { Type: 'VSID', Vsid: num(first(f, 'VSID', 'IsolationId')) };
    case 'netadaptername':
      return { Type: 'NetAdapterName', NetworkAdapterName: text(first(f, 'NetworkAdapterName', 'AdapterName')) };
    case 'encapoverhead':
      return { Type: 'EncapOverhead', Overhead: num(first(f, 'Overhead')) };
    default:
      return { Type: 'Other', Name: typeText, Raw: plainCopy(f) as Fields };
  }
}

/** A policy list as the capture holds it (objects; anything else was rejected by the schema). */
export function normalizeHnsPolicies(policies: readonly Fields[] | null | undefined): HnsPolicy[] {
  if (!policies || policies.length === 0) return [];
  return policies.map(normalizeHnsPolicy);
}

/** The first policy of a type, typed. */
export function policyOf<T extends HnsPolicyType>(policies: readonly HnsPolicy[], type: T): Extract<HnsPolicy, { Type: T }> | undefined {
  for (const p of policies) if (p.Type === type) return p as Extract<HnsPolicy, { Type: T }>;
  return undefined;
}

/** Every policy of a type, typed. */
export function policiesOf<T extends HnsPolicyType>(policies: readonly HnsPolicy[], type: T): Extract<HnsPolicy, { Type: T }>[] {
  return policies.filter((p): p is Extract<HnsPolicy, { Type: T }> => p.Type === type);
}
