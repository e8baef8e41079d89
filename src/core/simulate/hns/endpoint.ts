/**
 * HNS endpoints, whoever asks for them (docker for a container, a CNI plugin
 * for a nerdctl container or a pod): the endpoint with its policies (port
 * mappings as NAT policies, OutBoundNAT), the WinNAT static mappings 14393
 * shows for nat port mappings, and who already holds a host port.
 */
import type { HnsEndpointRecord, NetNatStaticMappingRecord } from '../../capture/schema.js';
import { parsePrefix } from '../../model/net.js';
import type { HostModel } from '../../model/types.js';
import { guid, hexOf, push, removeWhere, type Loose } from '../state.js';
import type { SimState } from '../types.js';
import { looksHnsNat, prefixContainsText } from './network.js';
import { capturePolicy, type StoredPolicy } from './policy-shape.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();
const guidEq = (a: string | undefined, b: string | undefined) => a !== undefined && lower(a).replace(/[{}]/g, '') === lower(b).replace(/[{}]/g, '');
const macDigits = (m: string | undefined) => lower(m).replace(/[^0-9a-f]/g, '');

export interface PortMapping {
  readonly protocol: 'tcp' | 'udp';
  readonly internalPort: number;
  readonly externalPort: number;
  readonly hostIp?: string;
}

export interface EndpointSpec {
  /** The HNS network's ID. */
  readonly networkId: string;
  /** The endpoint's Name (docker: `Ethernet`; CNI: `<sandbox id>_<network name>`). */
  readonly name: string;
  readonly ip?: string;
  readonly prefixLength?: number;
  readonly gateway?: string;
  readonly mac: string;
  readonly ports?: readonly PortMapping[];
  /** An OutBoundNAT policy with these exceptions (l2bridge's outbound NAT). */
  readonly outboundNatExceptions?: readonly string[];
  /** The container (docker id) sharing the endpoint. */
  readonly container?: string;
  /** Seed of the endpoint's ID. */
  readonly key: string;
}

/** A MAC address in HNS's form (00-15-5D-…), deterministic per state. */
export function newMac(state: SimState, key: string): string {
  return `00-15-5D-${hexOf(state, key, 6).toUpperCase().match(/../g)!.join('-')}`;
}

/** The endpoint policies, in the flattened V1 shape `Get-HnsEndpoint` prints. */
function endpointPolicies(spec: Pick<EndpointSpec, 'ports' | 'outboundNatExceptions'>): StoredPolicy[] {
  const out: Record<string, unknown>[] = [];
  for (const p of spec.ports ?? []) out.push({ Type: 'NAT', Protocol: p.protocol.toUpperCase(), InternalPort: p.internalPort, ExternalPort: p.externalPort });
  if (spec.outboundNatExceptions) out.push({ Type: 'OutBoundNAT', ExceptionList: [...spec.outboundNatExceptions] });
  return out.map(capturePolicy);
}

/** Adds an endpoint to an HNS network. Returns its ID. */
export function createHnsEndpoint(state: SimState, model: HostModel, spec: EndpointSpec): string {
  const c = state.capture;
  const net = c.hnsNetworks?.find((h) => guidEq(h.ID, spec.networkId));
  const id = guid(state, `hnsep:${spec.key}`);
  const rec: Loose<HnsEndpointRecord> & { Policies: StoredPolicy[] } = {
    ID: id, Name: spec.name, NetworkId: spec.networkId, NetworkName: net?.Name, IPAddress: spec.ip, PrefixLength: spec.prefixLength,
    GatewayAddress: spec.gateway, MacAddress: spec.mac, IsRemoteEndpoint: false, SharedContainers: spec.container ? [spec.container] : [], Shape: 'v1',
    Policies: endpointPolicies(spec),
  };
  push(c, 'hnsEndpoints', rec as Loose<HnsEndpointRecord>);
  // 14393 shows HNS port mappings of nat networks as WinNAT static mappings.
  const subnet = parsePrefix(net?.Subnets[0]?.AddressPrefix);
  if (lower(net?.Type) === 'nat' && model.platform.natBackend === 'winnat' && spec.ip && subnet) {
    const nat = (c.netNat ?? []).find((n) => looksHnsNat(n.Name) && prefixContainsText(n.InternalIPInterfaceAddressPrefix, subnet));
    for (const p of nat ? spec.ports ?? [] : []) {
      const maxId = Math.max(-1, ...(c.netNatStaticMappings ?? []).map((m) => m.StaticMappingID ?? -1));
      push(c, 'netNatStaticMappings', {
        StaticMappingID: maxId + 1, NatName: nat!.Name, Protocol: p.protocol === 'udp' ? 'UDP' : 'TCP', ExternalIPAddress: p.hostIp || '0.0.0.0',
        ExternalPort: p.externalPort, InternalIPAddress: spec.ip, InternalPort: p.internalPort,
      } satisfies Loose<NetNatStaticMappingRecord>);
    }
  }
  return id;
}

/** Removes the endpoints of a network that match an address, a MAC or a container, with their static mappings. Returns how many went. */
export function removeContainerEndpoints(state: SimState, match: { networkId?: string; ip?: string; mac?: string; container?: string }): number {
  const c = state.capture;
  const n = removeWhere(c, 'hnsEndpoints', (e) => (match.networkId !== undefined && guidEq(e.NetworkId, match.networkId)
    && ((!!match.ip && e.IPAddress === match.ip) || (!!match.mac && macDigits(e.MacAddress) === macDigits(match.mac))))
    || (match.container !== undefined && e.SharedContainers.includes(match.container)));
  if (match.ip) removeWhere(c, 'netNatStaticMappings', (m) => m.InternalIPAddress === match.ip);
  return n;
}

/** Removes one endpoint record; HNS takes its port mappings (14393's static mappings of its address) along. */
export function removeHnsEndpoint(state: SimState, e: HnsEndpointRecord): void {
  removeWhere(state.capture, 'hnsEndpoints', (x) => x === e);
  const ip = e.IPAddress;
  if (ip && !(state.capture.hnsEndpoints ?? []).some((x) => x.IPAddress === ip)) removeWhere(state.capture, 'netNatStaticMappings', (m) => m.InternalIPAddress === ip);
}

/** The NAT (port mapping) policies of an endpoint record, whatever the shape (V1 `NAT`, V2 `PortMapping`). */
function portPolicies(e: object): { protocol: string; externalPort: number }[] {
  const list = (e as { Policies?: unknown }).Policies;
  if (!Array.isArray(list)) return [];
  const out: { protocol: string; externalPort: number }[] = [];
  for (const p of list as Record<string, unknown>[]) {
    const type = lower(p['Type']);
    const body = (type === 'portmapping' && typeof p['Settings'] === 'object' && p['Settings'] ? p['Settings'] : p) as Record<string, unknown>;
    if (type !== 'nat' && type !== 'portmapping') continue;
    const port = Number(body['ExternalPort']);
    const proto = lower(body['Protocol']);
    if (Number.isInteger(port) && port > 0) out.push({ protocol: proto === '17' || proto === 'udp' ? 'udp' : 'tcp', externalPort: port });
  }
  return out;
}

/** Who already holds a host port: a running docker container, an HNS endpoint's port mapping, a static mapping, an excluded range. */
export function portHolder(state: SimState, model: HostModel, port: number, protocol: string, exceptContainer?: string): string | undefined {
  for (const c of model.containers) {
    if (!c.running || lower(c.name) === lower(exceptContainer)) continue;
    if (c.ports.some((p) => p.hostPort === port && lower(p.protocol) === protocol)) return `running container '${c.name}'`;
  }
  for (const e of state.capture.hnsEndpoints ?? []) {
    if (portPolicies(e).some((p) => p.externalPort === port && p.protocol === protocol)) {
      const owner = model.containers.find((c) => c.running && c.attachments.some((a) => a.ipv4 && a.ipv4 === e.IPAddress));
      if (owner && lower(owner.name) === lower(exceptContainer)) continue;
      return owner ? `running container '${owner.name}'` : `HNS endpoint '${e.Name ?? e.ID}' (${e.IPAddress ?? 'no address'}), which maps host port ${port}/${protocol}`;
    }
  }
  for (const m of model.staticMappings) {
    if (m.externalPort === port && lower(m.protocol ?? 'tcp') === protocol) {
      const owner = model.containers.find((c) => c.running && c.attachments.some((a) => a.ipv4 && a.ipv4 === m.internalAddress));
      if (owner && lower(owner.name) === lower(exceptContainer)) continue;
      if (owner) return `running container '${owner.name}' (WinNAT static mapping ${m.id ?? '?'})`;
      return `WinNAT static mapping ${m.id ?? '?'} (${m.protocol ?? 'TCP'} ${m.externalPort} -> ${m.internalAddress ?? '?'}:${m.internalPort ?? '?'})`;
    }
  }
  for (const r of model.excludedPortRanges) {
    if (r.protocol === protocol && port >= r.start && port <= r.end) return `the excluded port range ${r.start}-${r.end} (${protocol}) that Windows reserved`;
  }
  return undefined;
}

/** The first host port from `near` on that nobody holds. */
export function freeHostPort(state: SimState, model: HostModel, near: number, protocol: string, taken: ReadonlySet<number>): number {
  for (let p = near; p < 65535; p++) if (!taken.has(p) && !portHolder(state, model, p, protocol)) return p;
  return near;
}

/** The texts HNS failures over a taken host port are reported with (by build and by who holds the port). */
export const PORT_TEXTS = [
  'hnsCall failed in Win32: The specified port already exists. (0x803b0013)',
  'hnsCall failed in Win32: An adapter was not found. (0x803b0006)',
  'port is already allocated',
  '다른 프로세스가 파일을 사용 중이기 때문에 프로세스가 액세스 할 수 없습니다.',
];
