/**
 * Small edits of a raw sample capture, shared by check tests. Each keeps the
 * capture consistent across its sections (adapter <-> addresses, docker
 * network <-> HNS network <-> container).
 */
import type { RawCapture } from './captures.js';

type Patch = (raw: RawCapture) => void;

/** Replaces the IPv4 address of an adapter (keeps its IPv6 addresses). */
export function setIpv4(alias: string, address: string, prefixLength: number): Patch {
  return (raw) => {
    const list = raw['netIPAddresses'] as Record<string, unknown>[];
    const i = list.findIndex((a) => a['InterfaceAlias'] === alias && (a['AddressFamily'] === 2 || a['AddressFamily'] === 'IPv4'));
    if (i < 0) throw new Error(`no IPv4 address on '${alias}' in this sample`);
    list[i] = { ...list[i], IPAddress: address, PrefixLength: prefixLength };
  };
}

/** Adds a non-Hyper-V adapter (a VPN client's, by default) with one IPv4 address. */
export function addAdapter(name: string, address: string, prefixLength: number, opts: { ifIndex?: number; status?: string; description?: string; virtual?: boolean } = {}): Patch {
  return (raw) => {
    const ifIndex = opts.ifIndex ?? 40;
    raw['netAdapters'].push({
      Name: name, InterfaceDescription: opts.description ?? 'Contoso VPN Virtual Miniport Adapter', ifIndex,
      Status: opts.status ?? 'Up', MacAddress: '02-50-F2-00-00-01', LinkSpeed: '1 Gbps',
      Virtual: opts.virtual ?? true, HardwareInterface: false, MediaConnectionState: 1, DriverDescription: 'Contoso VPN Virtual Miniport Adapter',
    });
    raw['netIPAddresses'].push({ InterfaceAlias: name, InterfaceIndex: ifIndex, IPAddress: address, PrefixLength: prefixLength, AddressFamily: 2, PrefixOrigin: 1 });
  };
}

export function addRoute(alias: string, ifIndex: number | undefined, destination: string, nextHop: string): Patch {
  return (raw) => {
    raw['netRoutes'].push({ InterfaceAlias: alias, ...(ifIndex !== undefined ? { InterfaceIndex: ifIndex } : {}), DestinationPrefix: destination, NextHop: nextHop, RouteMetric: 10 });
  };
}

/** A docker network record in the shape `docker network inspect` writes. */
export function dockerNetwork(name: string, driver: string, subnet: string | undefined, gateway: string | undefined, hnsId: string, extra: Record<string, string> = {}) {
  return {
    Name: name, Id: hnsId.replace(/-/g, '').toLowerCase().padEnd(64, '0'), Driver: driver, Scope: 'local', EnableIPv6: false, Internal: false,
    IPAM: { Driver: 'windows', Options: null, Config: subnet ? [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] : [] },
    Containers: {},
    Options: { 'com.docker.network.windowsshim.hnsid': hnsId, 'com.docker.network.windowsshim.networkname': name, ...extra },
    Labels: {},
  };
}

/** An HNS network (V1 shape) to go with a docker network. */
export function hnsNetwork(name: string, type: string, subnet: string, gateway: string, id: string, natName?: string) {
  return {
    ID: id, Name: name, Type: type, Subnets: [{ AddressPrefix: subnet, GatewayAddress: gateway }],
    ...(natName ? { NatName: natName } : {}), Extensions: [], Policies: [], State: 1,
  };
}

/** Adds a docker network and its HNS network. */
export function addNetwork(name: string, driver: string, subnet: string, gateway: string, id: string): Patch {
  return (raw) => {
    raw['docker'].networks.push(dockerNetwork(name, driver, subnet, gateway, id));
    raw['hnsNetworks'].push(hnsNetwork(name, driver === 'transparent' ? 'Transparent' : driver, subnet, gateway, id));
  };
}

export function combine(...patches: Patch[]): Patch {
  return (raw) => {
    for (const p of patches) p(raw);
  };
}
