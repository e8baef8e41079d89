/**
 * Edits of a raw capture for check tests: services, switches, adapters,
 * addresses, docker and HNS networks, containers, swarm. Each writes objects
 * the way the collector would and keeps the capture consistent across its
 * sections (adapter <-> addresses, docker network <-> HNS network <->
 * container), so the edited capture still goes through the real loader.
 *
 * Two forms, by name:
 *  - `addX(raw, spec)` and `setX(raw, ...)` for swarm and containers edit the capture now;
 *  - the others return a `Patch` to hand to a check test case (`patch:`), and
 *    `combine` chains several.
 * `xRecord(...)` builds an object without adding it; `findX(raw, name)` looks one up.
 */
import { createHash } from 'node:crypto';
import type { RawCapture } from './captures.js';

export type Patch = (raw: RawCapture) => void;

/** Applies several patches in order. */
export function combine(...patches: Patch[]): Patch {
  return (raw) => {
    for (const p of patches) p(raw);
  };
}

// ---- ids -------------------------------------------------------------------------------------------

/** A stable hex id (64 characters: docker style) derived from a seed. */
export function hexId(seed: string, length = 64): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

/** A stable GUID (HNS and Hyper-V ids) derived from a seed. */
export function guidFor(seed: string): string {
  const h = hexId(seed, 32).toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stable 25-character swarm object id derived from a seed. */
export function swarmId(seed: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...Buffer.from(hexId(`swarm:${seed}`, 50), 'hex')].slice(0, 25).map((b) => alphabet[b % alphabet.length]).join('');
}

// ---- services, extensions, OS -------------------------------------------------------------------------

/** Service Status and StartType as Windows PowerShell 5.1 writes them (integers). */
export const STOPPED = 1;
export const START_PENDING = 2;
export const RUNNING = 4;
export const AUTOMATIC = 2;
export const MANUAL = 3;
export const DISABLED = 4;

/** Sets Status (and StartType) of one service. */
export function setService(name: string, status: number, startType?: number): Patch {
  return (raw) => {
    const s = (raw['services'] as { Name: string; Status: number; StartType: number }[]).find((x) => x.Name === name);
    if (!s) throw new Error(`no service '${name}' in the sample`);
    s.Status = status;
    if (startType !== undefined) s.StartType = startType;
  };
}

/** Removes a service from the capture (not installed). */
export function dropService(name: string): Patch {
  return (raw) => {
    raw['services'] = (raw['services'] as { Name: string }[]).filter((x) => x.Name !== name);
  };
}

/** One extension of one switch, by switch and extension name. */
export function setExtension(switchName: string, extension: string, fields: { Enabled?: boolean; Running?: boolean }): Patch {
  return (raw) => {
    const e = (raw['vmSwitchExtensions'] as { SwitchName: string; Name: string }[]).find((x) => x.SwitchName === switchName && x.Name === extension);
    if (!e) throw new Error(`no extension '${extension}' on '${switchName}'`);
    Object.assign(e, fields);
  };
}

/** Sets the OS build and UBR (and the caption to match). */
export function setBuild(raw: RawCapture, build: number, ubr: number, opts: { server?: boolean; caption?: string } = {}): void {
  const server = opts.server ?? true;
  raw['os'].BuildNumber = String(build);
  raw['os'].Version = `10.0.${build}`;
  raw['os'].UBR = ubr;
  raw['os'].ProductType = server ? 3 : 1;
  if (opts.caption) raw['os'].Caption = opts.caption;
}

/**
 * Renames an object everywhere in a capture: every string value and object key
 * exactly equal to `from` becomes `to` (a switch, network or container name is
 * repeated across sections and must stay consistent).
 */
export function renameEverywhere(from: string, to: string): Patch {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v === from ? to : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k === from ? to : k, walk(x)]));
    }
    return v;
  };
  return (raw) => {
    for (const k of Object.keys(raw)) raw[k] = walk(raw[k]);
  };
}

// ---- adapters, addresses, routes, switches ----------------------------------------------------------------

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

export interface ExternalSwitchSpec {
  readonly name: string;
  /** Name of the physical adapter the switch binds. */
  readonly adapter: string;
  /** The host's address moves to the switch's host vNIC. */
  readonly ip?: string;
  readonly prefixLength?: number;
  readonly defaultGateway?: string;
}

/**
 * An External vSwitch on a physical adapter with a management vNIC named
 * `vEthernet (<adapter>)`, as HNS makes it; the adapter's IPv4 addresses
 * and default routes move to the vNIC.
 */
export function addExternalSwitch(raw: RawCapture, spec: ExternalSwitchSpec): void {
  const nic = raw['netAdapters'].find((a: { Name: string }) => a.Name === spec.adapter);
  if (!nic) throw new Error(`no adapter '${spec.adapter}' in the sample`);
  const id = guidFor(`switch:${spec.name}`).toLowerCase();
  raw['vmSwitches'].push({ Name: spec.name, Id: id, SwitchType: 2, AllowManagementOS: true, NetAdapterInterfaceDescription: nic.InterfaceDescription, NetAdapterInterfaceDescriptions: [nic.InterfaceDescription] });
  const vnicName = `vEthernet (${spec.adapter})`;
  const ifIndex = 100 + raw['netAdapters'].length;
  raw['netAdapters'].push({ Name: vnicName, InterfaceDescription: `Hyper-V Virtual Ethernet Adapter #${ifIndex}`, ifIndex, Status: 'Up', MacAddress: nic.MacAddress, Virtual: true, HardwareInterface: false });
  raw['vmNetworkAdapters'] = [...(raw['vmNetworkAdapters'] ?? []), { Name: spec.adapter, SwitchName: spec.name, MacAddress: String(nic.MacAddress).replace(/-/g, ''), MacAddressSpoofing: 1, Status: [2] }];
  const v4 = (a: { AddressFamily: unknown }) => a.AddressFamily === 2 || a.AddressFamily === 'IPv4';
  raw['netIPAddresses'] = raw['netIPAddresses'].filter((a: { InterfaceAlias: string; AddressFamily: unknown }) => !(a.InterfaceAlias === spec.adapter && v4(a)));
  raw['netRoutes'] = (raw['netRoutes'] ?? []).filter((r: { InterfaceAlias: string; DestinationPrefix: string }) => !(r.InterfaceAlias === spec.adapter && r.DestinationPrefix === '0.0.0.0/0'));
  if (spec.ip) {
    raw['netIPAddresses'].push({ InterfaceAlias: vnicName, InterfaceIndex: ifIndex, IPAddress: spec.ip, PrefixLength: spec.prefixLength ?? 24, AddressFamily: 2, PrefixOrigin: 3 });
  }
  if (spec.defaultGateway) {
    raw['netRoutes'].push({ InterfaceAlias: vnicName, InterfaceIndex: ifIndex, DestinationPrefix: '0.0.0.0/0', NextHop: spec.defaultGateway, RouteMetric: 256 });
  }
}

// ---- docker and HNS networks --------------------------------------------------------------------------------

/** A docker network record in the shape `docker network inspect` writes, bound to an HNS network by id. */
export function dockerNetworkRecord(name: string, driver: string, subnet: string | undefined, gateway: string | undefined, hnsId: string, extra: Record<string, string> = {}) {
  return {
    Name: name, Id: hexId(`net:${name}`), Driver: driver, Scope: 'local', EnableIPv6: false, Internal: false,
    IPAM: { Driver: 'windows', Options: null, Config: subnet ? [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] : [] },
    Containers: {},
    Options: { 'com.docker.network.windowsshim.hnsid': hnsId, 'com.docker.network.windowsshim.networkname': name, ...extra },
    Labels: {},
  };
}

/** An HNS network record (V1 shape). */
export function hnsNetworkRecord(name: string, type: string, subnet: string, gateway: string, id: string, natName?: string) {
  return {
    ID: id, Name: name, Type: type, Subnets: [{ AddressPrefix: subnet, GatewayAddress: gateway }],
    ...(natName ? { NatName: natName } : {}), Extensions: [], Policies: [], State: 1,
  };
}

/** Adds a docker network and its HNS network. */
export function addNetwork(name: string, driver: string, subnet: string, gateway: string, id: string): Patch {
  return (raw) => {
    raw['docker'].networks.push(dockerNetworkRecord(name, driver, subnet, gateway, id));
    raw['hnsNetworks'].push(hnsNetworkRecord(name, driver === 'transparent' ? 'Transparent' : driver, subnet, gateway, id));
  };
}

export interface DockerNetworkSpec {
  readonly name: string;
  readonly driver: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly options?: Record<string, string>;
  /** HNS network id to join (sets the hnsid option). */
  readonly hnsId?: string;
}

/** Adds a docker network only (no HNS network), with every field `docker network inspect` writes; returns it. */
export function addDockerNetwork(raw: RawCapture, spec: DockerNetworkSpec): Record<string, any> {
  const options: Record<string, string> = { ...(spec.options ?? {}) };
  if (spec.hnsId) options['com.docker.network.windowsshim.hnsid'] = spec.hnsId;
  const net = {
    Name: spec.name,
    Id: hexId(`net:${spec.name}`),
    Created: '2024-06-10T04:12:00.0000000Z',
    Scope: 'local',
    Driver: spec.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'windows', Options: null, Config: spec.subnet ? [{ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}) }] : [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: {},
    Options: options,
    Labels: {},
  };
  raw['docker'].networks.push(net);
  return net;
}

export interface HnsNetworkSpec {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly adapterName?: string;
  readonly subnet?: string;
  readonly gateway?: string;
}

/** Adds an HNS network only (no docker network). */
export function addHnsNetwork(raw: RawCapture, spec: HnsNetworkSpec): void {
  raw['hnsNetworks'].push({
    ID: spec.id,
    Name: spec.name,
    Type: spec.type,
    ...(spec.adapterName ? { NetworkAdapterName: spec.adapterName } : {}),
    Subnets: spec.subnet ? [{ AddressPrefix: spec.subnet, ...(spec.gateway ? { GatewayAddress: spec.gateway } : {}) }] : [],
    Extensions: [],
    State: 1,
  });
}

/** The docker network of that name in the capture (to edit it). */
export function findDockerNetwork(raw: RawCapture, name: string): Record<string, any> {
  const net = raw['docker'].networks.find((n: { Name: string }) => n.Name === name);
  if (!net) throw new Error(`no docker network '${name}'`);
  return net;
}

// ---- containers ------------------------------------------------------------------------------------------------

export interface Attachment {
  readonly ip: string;
  /** Given with --ip (IPAMConfig.IPv4Address). */
  readonly static?: boolean;
  readonly aliases?: string[];
  readonly links?: string[] | null;
  readonly mac?: string;
}

interface ContainerBase {
  readonly name: string;
  /** Default: derived from the name. */
  readonly id?: string;
  readonly running?: boolean;
  readonly error?: string;
  readonly links?: string[] | null;
  readonly ports?: Record<string, { HostIp: string; HostPort: string }[]>;
  readonly isolation?: string;
}

/** A container on one network (`network`, `ip`, `static`) or on several (`networks`). */
export type ContainerSpec = ContainerBase & ({ readonly network: string; readonly ip: string; readonly static?: boolean } | { readonly networks: Record<string, Attachment> });

/** Adds a container to `docker inspect`, and to each of its networks' `Containers` in `docker network inspect`. */
export function addContainer(raw: RawCapture, spec: ContainerSpec): void {
  const attachments: Record<string, Attachment> = 'networks' in spec ? spec.networks : { [spec.network]: { ip: spec.ip, static: spec.static } };
  const id = spec.id ?? hexId(`container:${spec.name}`);
  const networks: Record<string, unknown> = {};
  for (const [netName, n] of Object.entries(attachments)) {
    const net = raw['docker'].networks.find((x: { Name: string }) => x.Name === netName);
    if (!net) throw new Error(`addContainer: no docker network '${netName}' in the capture`);
    const mac = n.mac ?? `00:15:5d:${hexId(`mac:${spec.name}:${netName}`, 6).match(/../g)!.join(':')}`;
    const endpoint = hexId(`endpoint:${spec.name}:${netName}`);
    const prefixLen = Number(String(net.IPAM?.Config?.[0]?.Subnet ?? '/24').split('/')[1] ?? 24);
    networks[netName] = {
      IPAMConfig: n.static ? { IPv4Address: n.ip } : null,
      Links: n.links ?? null, Aliases: n.aliases ?? [id.slice(0, 12)], NetworkID: net.Id, EndpointID: endpoint,
      Gateway: net.IPAM?.Config?.[0]?.Gateway ?? '', IPAddress: n.ip, IPPrefixLen: prefixLen,
      IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: mac, DriverOpts: null,
    };
    net.Containers = { ...(net.Containers ?? {}), [id]: { Name: spec.name, EndpointID: endpoint, MacAddress: mac, IPv4Address: `${n.ip}/${prefixLen}`, IPv6Address: '' } };
  }
  const running = spec.running ?? true;
  raw['docker'].containers.push({
    Id: id,
    Name: `/${spec.name}`,
    State: { Status: running ? 'running' : 'exited', Running: running, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: running ? 4242 : 0, ExitCode: 0, Error: spec.error ?? '' },
    Config: { Hostname: id.slice(0, 12) },
    HostConfig: {
      NetworkMode: Object.keys(attachments)[0] ?? 'default', PortBindings: spec.ports ?? {},
      Dns: [], DnsOptions: [], DnsSearch: [], Links: spec.links ?? null, Isolation: spec.isolation ?? 'process',
    },
    NetworkSettings: { Networks: networks, Ports: {} },
  });
}

// ---- swarm -----------------------------------------------------------------------------------------------------

/** `docker info` Swarm section of an active manager (or another LocalNodeState). */
export function setSwarm(raw: RawCapture, state: 'active' | 'inactive' | 'pending' | 'locked' | 'error' = 'active', manager = true): void {
  raw['docker'].info.Swarm = {
    NodeID: state === 'inactive' ? '' : 'x1t9o7t1u0c2kqf0n3e8w4a2b',
    NodeAddr: state === 'inactive' ? '' : '10.20.30.40',
    LocalNodeState: state,
    ControlAvailable: state === 'active' && manager,
    Error: '',
    RemoteManagers: state === 'active' ? [{ NodeID: 'x1t9o7t1u0c2kqf0n3e8w4a2b', Addr: '10.20.30.40:2377' }] : null,
  };
}

export interface OverlaySpec {
  readonly name: string;
  readonly id?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  /** The value of `com.docker.network.driver.overlay.vxlanid_list`. */
  readonly vxlan?: string;
  readonly ingress?: boolean;
  readonly options?: Record<string, string>;
}

/** Adds a swarm-scoped overlay network as a Windows node shows it. Returns its id. */
export function addOverlay(raw: RawCapture, spec: OverlaySpec): string {
  const id = spec.id ?? swarmId(spec.name);
  raw['docker'].networks.push({
    Name: spec.name,
    Id: id,
    Created: '2024-06-11T08:00:00.0000000Z',
    Scope: 'swarm',
    Driver: 'overlay',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: spec.subnet ?? '10.0.1.0/24', Gateway: spec.gateway ?? '10.0.1.1' }] },
    Internal: false,
    Attachable: false,
    Ingress: spec.ingress ?? false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: {},
    Options: { 'com.docker.network.driver.overlay.vxlanid_list': spec.vxlan ?? '4097', ...(spec.options ?? {}) },
    Labels: {},
  });
  return id;
}
