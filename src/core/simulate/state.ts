/**
 * Edits of a simulated capture, the way Windows and Docker would make them:
 * adding and removing networks with their HNS network, vSwitch, host vNIC and
 * NAT; starting and stopping containers; stopping and starting the docker
 * and HNS services. Every function edits `state.capture` in place (the
 * engine works on a deep copy) and returns the changes it made.
 */
import type {
  Capture, DockerContainerRecord, DockerNetworkRecord, HnsEndpointRecord, HnsNetworkRecord, NetAdapterRecord,
  NetIPAddressRecord, NetIPInterfaceRecord, NetNatRecord, NetNatStaticMappingRecord, ServiceRecord, VmSwitchExtensionRecord,
  VmSwitchRecord,
} from '../capture/schema.js';
import { OPT, VFP_EXTENSION_NAME } from '../model/build.js';
import { addressInPrefix, firstHost, parseAddress, parsePrefix, prefixesOverlap, type Prefix } from '../model/net.js';
import type { HostModel } from '../model/types.js';
import type { SimState, StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const guidEq = (a: string | undefined, b: string | undefined) => lower(a).replace(/[{}]/g, '') === lower(b).replace(/[{}]/g, '') && a !== undefined;

export function initialState(capture: Capture): SimState {
  return { capture: structuredClone(capture), pending: {}, seq: 0, vars: {} };
}

// --- ids ----------------------------------------------------------------------------

function hash32(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hexOf(state: SimState, what: string, length: number): string {
  state.seq++;
  let out = '';
  for (let i = 0; out.length < length; i++) out += hash32(`${what}#${state.seq}`, i * 7919).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A docker-style id (64 hex digits), deterministic per state. */
export function dockerId(state: SimState, what: string): string {
  return hexOf(state, `docker:${what}`, 64);
}

/** An HNS/Hyper-V style GUID in upper case. */
export function guid(state: SimState, what: string): string {
  const h = hexOf(state, `guid:${what}`, 32).toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function located<T extends object>(item: T, key: string, index: number): T & { $ptr: string } {
  return { ...item, $ptr: `/${key}/${index}` };
}

type ListKey = 'vmSwitches' | 'vmSwitchExtensions' | 'vmNetworkAdapters' | 'netAdapters' | 'netIPAddresses' | 'netIPInterfaces'
  | 'netRoutes' | 'netNat' | 'netNatStaticMappings' | 'hnsNetworks' | 'hnsEndpoints' | 'services' | 'parentVmNetworkAdapters';

/** A record as the simulator writes it: absent optional fields may be left out. */
export type Loose<T> = { [P in Exclude<keyof T, '$ptr'>]?: T[P] };

/** Appends to a list key when that key was captured; a key that was not captured stays not captured. */
export function push<K extends ListKey>(c: Capture, key: K, item: Loose<NonNullable<Capture[K]>[number]>): boolean {
  const list = c[key] as object[] | undefined;
  if (!list) return false;
  list.push(located(item as object, key, list.length));
  return true;
}

export function removeWhere<K extends ListKey>(c: Capture, key: K, pred: (item: NonNullable<Capture[K]>[number]) => boolean): number {
  const list = c[key] as NonNullable<Capture[K]>[number][] | undefined;
  if (!list) return 0;
  const keep = list.filter((x) => !pred(x));
  const removed = list.length - keep.length;
  (c as Record<string, unknown>)[key] = keep;
  return removed;
}

function dockerList<K extends 'networks' | 'containers'>(c: Capture, key: K): NonNullable<NonNullable<Capture['docker']>[K]> | undefined {
  return c.docker?.[key] as NonNullable<NonNullable<Capture['docker']>[K]> | undefined;
}

// --- services -----------------------------------------------------------------------

export function serviceRecord(c: Capture, name: string): ServiceRecord | undefined {
  return c.services?.find((s) => lower(s.Name) === lower(name));
}

export function setServiceStatus(c: Capture, name: string, running: boolean): StateChange[] {
  const s = serviceRecord(c, name);
  if (!s) return [];
  const status = running ? 'Running' : 'Stopped';
  if (s.Status === status) return [];
  (s as { Status: string }).Status = status;
  return [{ kind: 'service', action: 'changed', name: s.Name, detail: status }];
}

/** The engine's service: `docker`, or Docker Desktop's `com.docker.service`. */
export function dockerServiceName(c: Capture): string | undefined {
  return serviceRecord(c, 'docker')?.Name ?? serviceRecord(c, 'com.docker.service')?.Name;
}

export function dockerRunning(model: HostModel): boolean {
  const svc = model.service('docker') ?? model.service('com.docker.service');
  if (svc) return svc.running;
  return model.docker !== undefined;
}

export function serviceDisabled(model: HostModel, name: string): boolean {
  return model.service(name)?.startType === 'Disabled';
}

// --- addresses ----------------------------------------------------------------------

/** Every IPv4 prefix in use on the host or by a container network. */
export function usedPrefixes(c: Capture, model: HostModel): Prefix[] {
  const out: Prefix[] = [];
  for (const a of model.adapters) for (const ip of a.ipv4) if (ip.prefix && !ip.address.startsWith('127.') && !ip.address.startsWith('169.254.')) out.push(ip.prefix);
  for (const h of c.hnsNetworks ?? []) for (const s of h.Subnets) { const p = parsePrefix(s.AddressPrefix); if (p && p.length > 0) out.push(p); }
  for (const n of c.docker?.networks ?? []) for (const cfg of n.IPAM?.Config ?? []) { const p = parsePrefix(cfg.Subnet); if (p && p.length > 0) out.push(p); }
  for (const n of c.netNat ?? []) { const p = parsePrefix(n.InternalIPInterfaceAddressPrefix); if (p) out.push(p); }
  return out;
}

/** The first /len in `within` that overlaps nothing in use (HNS picks such a range; which one is its choice). */
export function freePrefix(within: Prefix, len: number, used: readonly Prefix[]): Prefix | undefined {
  if (within.family !== 'ipv4' || len < within.length) return undefined;
  const base = within.network.toByteArray().reduce((acc, b) => acc * 256 + b, 0);
  const step = 2 ** (32 - len);
  const count = Math.min(2 ** (len - within.length), 65536);
  for (let i = 0; i < count; i++) {
    const n = base + i * step;
    const p = parsePrefix(`${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')}/${len}`);
    if (p && !used.some((u) => prefixesOverlap(u, p))) return p;
  }
  return undefined;
}

function ipToInt(a: string): number {
  return a.split('.').reduce((acc, b) => acc * 256 + Number(b), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The first address of the subnet after the gateway that no container or endpoint holds. */
export function freeAddress(p: Prefix, taken: ReadonlySet<string>): string | undefined {
  if (p.family !== 'ipv4' || p.length >= 31) return undefined;
  const base = ipToInt(p.network.toString());
  const size = 2 ** (32 - p.length);
  for (let i = 2; i < size - 1 && i < 70000; i++) {
    const a = intToIp(base + i);
    if (!taken.has(a)) return a;
  }
  return undefined;
}

export function takenAddresses(c: Capture, net: DockerNetworkRecord): Set<string> {
  const out = new Set<string>();
  for (const cfg of net.IPAM?.Config ?? []) if (cfg.Gateway) out.add(cfg.Gateway);
  for (const ct of Object.values(net.Containers ?? {})) if (ct.IPv4Address) out.add(ct.IPv4Address.split('/')[0]!);
  for (const ct of c.docker?.containers ?? []) {
    const s = ct.NetworkSettings?.Networks?.[net.Name];
    if (s?.IPAddress) out.add(s.IPAddress);
    if (s?.IPAMConfig?.IPv4Address) out.add(s.IPAMConfig.IPv4Address);
  }
  const hnsId = net.Options?.[OPT.hnsId];
  for (const e of c.hnsEndpoints ?? []) if (hnsId && guidEq(e.NetworkId, hnsId) && e.IPAddress) out.add(e.IPAddress);
  return out;
}

// --- switches and host vNICs ---------------------------------------------------------------

function nextIfIndex(c: Capture): number {
  let max = 1;
  for (const a of c.netAdapters ?? []) if (a.ifIndex !== undefined && a.ifIndex > max) max = a.ifIndex;
  return max + 1;
}

function nextVnicDescription(c: Capture): string {
  const n = (c.netAdapters ?? []).filter((a) => /hyper-v virtual ethernet adapter/i.test(a.InterfaceDescription ?? '')).length;
  return n === 0 ? 'Hyper-V Virtual Ethernet Adapter' : `Hyper-V Virtual Ethernet Adapter #${n + 1}`;
}

function addExtensions(state: SimState, sw: VmSwitchRecord, vfpEnabled: boolean): void {
  const c = state.capture;
  if (!c.vmSwitchExtensions) return;
  const vfpRunning = serviceRecord(c, 'vfpext')?.Status === 'Running';
  const base: Loose<VmSwitchExtensionRecord>[] = [
    { SwitchName: sw.Name, SwitchId: sw.Id, Name: 'Microsoft Windows Filtering Platform', Id: 'E7C3B2F0-F3C5-48DF-AF2B-10FED6D72E7A', Vendor: 'Microsoft', ExtensionType: 'Filter', Enabled: false, Running: false },
    { SwitchName: sw.Name, SwitchId: sw.Id, Name: VFP_EXTENSION_NAME, Id: 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017', Vendor: 'Microsoft', ExtensionType: 'Forwarding', Enabled: vfpEnabled, Running: vfpEnabled && vfpRunning },
    { SwitchName: sw.Name, SwitchId: sw.Id, Name: 'Microsoft NDIS Capture', Id: 'EA24CD6C-D17A-4348-9190-09F0D5BE83DD', Vendor: 'Microsoft', ExtensionType: 'Capture', Enabled: true, Running: true },
  ];
  for (const e of base) push(c, 'vmSwitchExtensions', e);
}

/** Adds a host vNIC `vEthernet (<name>)` with the given IPv4 addresses. */
export function addHostVnic(state: SimState, vnicName: string, switchName: string, addresses: { ip: string; len: number; origin?: string | number }[], metric = 5000): StateChange[] {
  const c = state.capture;
  const ifIndex = nextIfIndex(c);
  const mac = `00-15-5D-${hexOf(state, vnicName, 6).toUpperCase().match(/../g)!.join('-')}`;
  push(c, 'netAdapters', {
    Name: vnicName, InterfaceDescription: nextVnicDescription(c), ifIndex, Status: 'Up', MacAddress: mac, LinkSpeed: '10 Gbps',
    Virtual: true, HardwareInterface: false, MediaConnectionState: 1, DriverDescription: 'Hyper-V Virtual Ethernet Adapter',
  } satisfies Loose<NetAdapterRecord>);
  for (const a of addresses) {
    push(c, 'netIPAddresses', { InterfaceAlias: vnicName, InterfaceIndex: ifIndex, IPAddress: a.ip, PrefixLength: a.len, AddressFamily: 'IPv4', PrefixOrigin: a.origin ?? 1 } satisfies Loose<NetIPAddressRecord>);
  }
  push(c, 'netIPInterfaces', { InterfaceAlias: vnicName, InterfaceIndex: ifIndex, AddressFamily: 'IPv4', InterfaceMetric: metric, ConnectionState: 1, Dhcp: 0 } satisfies Loose<NetIPInterfaceRecord>);
  push(c, 'vmNetworkAdapters', { Name: vnicName.replace(/^vEthernet \((.*)\)$/, '$1'), SwitchName: switchName, MacAddress: mac.replace(/-/g, ''), MacAddressSpoofing: 'Off' });
  return [{ kind: 'host-vnic', action: 'added', name: vnicName, detail: addresses.length > 0 ? addresses.map((a) => `${a.ip}/${a.len}`).join(', ') : 'no IPv4 address' }];
}

/** Removes a host adapter and everything keyed by its alias. */
function removeAdapter(c: Capture, name: string): void {
  removeWhere(c, 'netAdapters', (a) => lower(a.Name) === lower(name));
  removeWhere(c, 'netIPAddresses', (a) => lower(a.InterfaceAlias) === lower(name));
  removeWhere(c, 'netIPInterfaces', (a) => lower(a.InterfaceAlias) === lower(name));
}

/**
 * Adds an Internal switch with a host vNIC holding `gateway` (nat networks),
 * or an External switch bound to `adapter`, moving the adapter's addresses
 * and routes to the new host vNIC (AllowManagementOS).
 */
export function addSwitch(
  state: SimState,
  spec: { name: string; type: 'Internal' | 'External' | 'Private'; adapter?: NetAdapterRecord; team?: readonly NetAdapterRecord[]; vnicName?: string; gateway?: { ip: string; len: number }; vfp?: boolean; allowManagementOS?: boolean },
): StateChange[] {
  const c = state.capture;
  const id = guid(state, `switch:${spec.name}`).toLowerCase();
  const external = spec.type === 'External' && spec.adapter;
  const allowMgmt = spec.type === 'Internal' || (spec.allowManagementOS ?? true);
  const sw: Loose<VmSwitchRecord> = {
    Name: spec.name, Id: id, SwitchType: external ? 'External' : spec.type === 'Private' ? 'Private' : spec.type,
    AllowManagementOS: spec.type === 'Private' ? false : allowMgmt,
    NetAdapterInterfaceDescription: external ? spec.adapter!.InterfaceDescription : undefined,
    NetAdapterInterfaceDescriptions: external
      ? [spec.adapter!, ...(spec.team ?? [])].map((a) => a.InterfaceDescription).filter((d): d is string => d !== undefined)
      : undefined,
    EmbeddedTeamingEnabled: (spec.team?.length ?? 0) > 0, Notes: '',
  };
  if (!push(c, 'vmSwitches', sw)) return [];
  const added = c.vmSwitches![c.vmSwitches!.length - 1]!;
  addExtensions(state, added, spec.vfp ?? true);
  const changes: StateChange[] = [{ kind: 'vswitch', action: 'added', name: spec.name, detail: external ? `External, bound to '${spec.adapter!.Name}'` : spec.type }];
  if (spec.type === 'Private') return changes;
  if (external && allowMgmt) {
    const adapterName = spec.adapter!.Name;
    const vnicName = spec.vnicName ?? `vEthernet (${adapterName})`;
    const ips = (c.netIPAddresses ?? []).filter((a) => lower(a.InterfaceAlias) === lower(adapterName) && a.AddressFamily !== 'IPv6' && !a.IPAddress.includes(':'));
    const metric = (c.netIPInterfaces ?? []).find((i) => lower(i.InterfaceAlias) === lower(adapterName) && i.AddressFamily !== 'IPv6')?.InterfaceMetric ?? 15;
    changes.push(...addHostVnic(state, vnicName, spec.name, ips.map((a) => ({ ip: a.IPAddress, len: a.PrefixLength, origin: a.PrefixOrigin })), metric));
    const vnicIndex = c.netAdapters?.find((a) => a.Name === vnicName)?.ifIndex;
    removeWhere(c, 'netIPAddresses', (a) => lower(a.InterfaceAlias) === lower(adapterName) && !a.IPAddress.includes(':'));
    for (const r of c.netRoutes ?? []) {
      if (lower(r.InterfaceAlias) === lower(adapterName)) {
        (r as { InterfaceAlias?: string }).InterfaceAlias = vnicName;
        (r as { InterfaceIndex?: number }).InterfaceIndex = vnicIndex;
      }
    }
    if (ips.length > 0) changes.push({ kind: 'host-vnic', action: 'changed', name: vnicName, detail: `took over ${ips.map((a) => a.IPAddress).join(', ')} and the routes of '${adapterName}'` });
  } else if (spec.type === 'Internal') {
    changes.push(...addHostVnic(state, spec.vnicName ?? `vEthernet (${spec.name})`, spec.name, spec.gateway ? [{ ip: spec.gateway.ip, len: spec.gateway.len }] : []));
  }
  return changes;
}

/** Removes a vSwitch, its extensions and host vNIC; an External switch's vNIC addresses go back to the adapter. */
export function removeSwitch(state: SimState, name: string): StateChange[] {
  const c = state.capture;
  const sw = c.vmSwitches?.find((s) => lower(s.Name) === lower(name));
  if (!sw) return [];
  const changes: StateChange[] = [{ kind: 'vswitch', action: 'removed', name: sw.Name, detail: sw.SwitchType }];
  removeWhere(c, 'vmSwitches', (s) => s === sw);
  removeWhere(c, 'vmSwitchExtensions', (e) => lower(e.SwitchName) === lower(sw.Name));
  const vnicNames = new Set<string>([`vethernet (${lower(sw.Name)})`]);
  for (const v of c.vmNetworkAdapters ?? []) if (lower(v.SwitchName) === lower(sw.Name)) vnicNames.add(`vethernet (${lower(v.Name)})`);
  removeWhere(c, 'vmNetworkAdapters', (v) => lower(v.SwitchName) === lower(sw.Name));
  const physical = sw.SwitchType === 'External'
    ? c.netAdapters?.find((a) => lower(a.InterfaceDescription) === lower(sw.NetAdapterInterfaceDescription ?? sw.NetAdapterInterfaceDescriptions?.[0]))
    : undefined;
  for (const a of [...(c.netAdapters ?? [])]) {
    if (!vnicNames.has(lower(a.Name))) continue;
    const ips = (c.netIPAddresses ?? []).filter((x) => lower(x.InterfaceAlias) === lower(a.Name) && !x.IPAddress.includes(':'));
    if (physical) {
      for (const ip of ips) push(c, 'netIPAddresses', { ...ip, InterfaceAlias: physical.Name, InterfaceIndex: physical.ifIndex });
      for (const r of c.netRoutes ?? []) {
        if (lower(r.InterfaceAlias) === lower(a.Name)) {
          (r as { InterfaceAlias?: string }).InterfaceAlias = physical.Name;
          (r as { InterfaceIndex?: number }).InterfaceIndex = physical.ifIndex;
        }
      }
    } else {
      removeWhere(c, 'netRoutes', (r) => lower(r.InterfaceAlias) === lower(a.Name));
    }
    removeAdapter(c, a.Name);
    changes.push({ kind: 'host-vnic', action: 'removed', name: a.Name, detail: physical && ips.length > 0 ? `addresses ${ips.map((x) => x.IPAddress).join(', ')} back on '${physical.Name}'` : 'removed' });
  }
  return changes;
}

// --- networks ----------------------------------------------------------------------------

export interface NetworkSpec {
  readonly name: string;
  readonly driver: string;
  readonly subnet?: Prefix;
  readonly gateway?: string;
  readonly options: Record<string, string>;
  /** For transparent/l2bridge/l2tunnel: the adapter the External switch binds. */
  readonly adapter?: NetAdapterRecord;
  /** More adapters for a Switch Embedded Team. */
  readonly team?: readonly NetAdapterRecord[];
  /** An existing External switch to reuse. */
  readonly reuseSwitch?: VmSwitchRecord;
  readonly ipamDriver?: string;
  readonly scope?: 'local' | 'swarm';
  /** Create only the docker side (overlay before a container joins). */
  readonly dockerOnly?: boolean;
  /** Internal flag for docker's own default network. */
  readonly isDefault?: boolean;
  readonly labels?: Record<string, string>;
}

export function hnsType(driver: string): string {
  return ({ nat: 'nat', transparent: 'Transparent', l2bridge: 'L2Bridge', l2tunnel: 'L2Tunnel', overlay: 'Overlay', ics: 'ICS' } as Record<string, string>)[driver] ?? driver;
}

/** Creates the HNS network (and its switch, host vNIC and NAT) behind a docker network. Returns the HNS id. */
export function createHnsNetwork(state: SimState, model: HostModel, spec: NetworkSpec, changes: StateChange[]): string {
  const c = state.capture;
  const id = guid(state, `hns:${spec.name}`);
  const hnsName = spec.options[OPT.networkName] ?? spec.name;
  const build = model.platform.build ?? 0;
  const subnets = spec.subnet ? [{ AddressPrefix: spec.subnet.text, GatewayAddress: spec.gateway }] : [];
  let natName: string | undefined;
  let adapterName: string | undefined;
  if (spec.driver === 'nat') {
    if (model.platform.natBackend === 'ics') natName = `ICS${guid(state, `ics:${spec.name}`)}`;
    const vnicName = build === 14393 && spec.isDefault ? 'vEthernet (HNS Internal NIC)' : `vEthernet (${hnsName})`;
    changes.push(...addSwitch(state, { name: hnsName, type: 'Internal', vnicName, ...(spec.subnet && spec.gateway ? { gateway: { ip: spec.gateway, len: spec.subnet.length } } : {}) }));
    if (model.platform.natBackend === 'winnat' && spec.subnet) {
      const owned = (c.netNat ?? []).find((n) => looksHnsNat(n.Name) && prefixContainsText(n.InternalIPInterfaceAddressPrefix, spec.subnet!));
      if (!owned) {
        const natId = `H${guid(state, `nat:${spec.name}`).toLowerCase()}`;
        const prefixText = build === 14393 && spec.gateway ? `${spec.gateway}/${spec.subnet.length}` : spec.subnet.text;
        if (push(c, 'netNat', { Name: natId, InternalIPInterfaceAddressPrefix: prefixText, Active: true } satisfies Loose<NetNatRecord>)) {
          changes.push({ kind: 'winnat', action: 'added', name: natId, detail: prefixText });
        }
      }
    }
  } else if (spec.reuseSwitch) {
    adapterName = spec.adapter?.Name;
    changes.push({ kind: 'vswitch', action: 'changed', name: spec.reuseSwitch.Name, detail: `now also used by network '${spec.name}'` });
  } else if (spec.adapter) {
    adapterName = spec.adapter.Name;
    changes.push(...addSwitch(state, { name: hnsName, type: 'External', adapter: spec.adapter, ...(spec.team ? { team: spec.team } : {}), vfp: true }));
  }
  const vfp = spec.driver !== 'nat' && spec.driver !== 'transparent' ? true : spec.driver === 'nat';
  const rec: Loose<HnsNetworkRecord> & { Type: string; Subnets: { AddressPrefix?: string; GatewayAddress?: string }[] } = {
    ID: id, Name: hnsName, Type: hnsType(spec.driver), Subnets: subnets, NatName: natName, ManagementIP: undefined,
    NetworkAdapterName: adapterName,
    Extensions: [{ Id: 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017', IsEnabled: vfp, Name: VFP_EXTENSION_NAME }],
    Policies: [], Shape: 'v1',
  };
  if (push(c, 'hnsNetworks', rec)) {
    changes.push({ kind: 'hns-network', action: 'added', name: hnsName, detail: `${rec.Type}${spec.subnet ? `, ${spec.subnet.text}${spec.gateway ? ` via ${spec.gateway}` : ''}` : ''}` });
  }
  return id;
}

function looksHnsNat(name: string): boolean {
  const n = lower(name);
  return n === 'nat' || n.startsWith('ics') || /^h?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(n);
}

function prefixContainsText(outerText: string | undefined, inner: Prefix): boolean {
  const outer = parsePrefix(outerText);
  return !!outer && outer.family === inner.family && inner.length >= outer.length && addressInPrefix(inner.network, outer);
}

/** Adds a docker network (and, unless docker-only, its HNS network). */
export function createNetwork(state: SimState, model: HostModel, spec: NetworkSpec): { changes: StateChange[]; record: DockerNetworkRecord | undefined } {
  const c = state.capture;
  const changes: StateChange[] = [];
  const options = { ...spec.options };
  if (!spec.dockerOnly) options[OPT.hnsId] = createHnsNetwork(state, model, spec, changes);
  const nets = dockerList(c, 'networks');
  if (!nets) return { changes, record: undefined };
  const rec: DockerNetworkRecord = {
    Name: spec.name, Id: dockerId(state, `net:${spec.name}`), Driver: spec.driver, Scope: spec.scope ?? 'local', EnableIPv6: false, Internal: false, Ingress: false,
    IPAM: { Driver: spec.ipamDriver ?? 'windows', Options: {}, Config: spec.subnet ? [{ Subnet: spec.subnet.text, ...(spec.gateway ? { Gateway: spec.gateway } : {}) }] : [] },
    Options: options, Containers: {},
    $ptr: `/docker/networks/${nets.length}`,
  } as DockerNetworkRecord;
  nets.push(rec);
  changes.push({
    kind: 'docker-network', action: 'added', name: spec.name,
    detail: `driver ${spec.driver}${spec.subnet ? `, subnet ${spec.subnet.text}` : ', no subnet (addresses from DHCP)'}${spec.gateway ? `, gateway ${spec.gateway}` : ''}`,
  });
  return { changes, record: rec };
}

/** Removes an HNS network with its endpoints, the switch HNS made for it, and its WinNAT instance. */
export function removeHnsNetwork(state: SimState, model: HostModel, id: string, options: { keepSwitch?: boolean } = {}): StateChange[] {
  const c = state.capture;
  const rec = c.hnsNetworks?.find((h) => guidEq(h.ID, id));
  if (!rec) return [];
  const changes: StateChange[] = [{ kind: 'hns-network', action: 'removed', name: rec.Name ?? rec.ID, detail: rec.Type }];
  const eps = removeWhere(c, 'hnsEndpoints', (e) => guidEq(e.NetworkId, rec.ID));
  if (eps > 0) changes.push({ kind: 'hns-endpoint', action: 'removed', name: `${eps} endpoint${eps === 1 ? '' : 's'}`, detail: `of '${rec.Name ?? rec.ID}'` });
  removeWhere(c, 'hnsNetworks', (h) => h === rec);
  const hm = model.hnsNetworks.find((h) => guidEq(h.id, rec.ID));
  const sw = hm?.switch;
  // HNS removes the switch it made, unless another network still uses it.
  if (sw && sw.hnsNetworks.length <= 1 && !options.keepSwitch) changes.push(...removeSwitch(state, sw.name));
  if (lower(rec.Type) === 'nat' && model.platform.natBackend === 'winnat') {
    for (const s of rec.Subnets) {
      const p = parsePrefix(s.AddressPrefix);
      if (!p) continue;
      const stillUsed = (c.hnsNetworks ?? []).some((h) => lower(h.Type) === 'nat' && h.Subnets.some((x) => { const q = parsePrefix(x.AddressPrefix); return q && prefixesOverlap(q, p); }));
      const nats = (c.netNat ?? []).filter((n) => looksHnsNat(n.Name) && prefixContainsText(n.InternalIPInterfaceAddressPrefix, p));
      if (stillUsed) continue;
      for (const n of nats) {
        removeWhere(c, 'netNat', (x) => x === n);
        removeWhere(c, 'netNatStaticMappings', (m) => lower(m.NatName) === lower(n.Name));
        changes.push({ kind: 'winnat', action: 'removed', name: n.Name, detail: n.InternalIPInterfaceAddressPrefix ?? '' });
      }
    }
  }
  return changes;
}

/** Removes a docker network, and the HNS objects behind it. */
export function removeNetwork(state: SimState, model: HostModel, net: DockerNetworkRecord): StateChange[] {
  const c = state.capture;
  const changes: StateChange[] = [];
  const hnsId = net.Options?.[OPT.hnsId];
  if (hnsId) changes.push(...removeHnsNetwork(state, model, hnsId));
  const nets = dockerList(c, 'networks');
  if (nets) {
    const i = nets.indexOf(net);
    if (i >= 0) nets.splice(i, 1);
  }
  changes.unshift({ kind: 'docker-network', action: 'removed', name: net.Name, detail: `driver ${net.Driver ?? '?'}` });
  return changes;
}

// --- containers -------------------------------------------------------------------------

export function containerName(ct: DockerContainerRecord): string {
  return (ct.Name ?? ct.Id.slice(0, 12)).replace(/^\//, '');
}

export function findContainer(c: Capture, ref: string): DockerContainerRecord | undefined {
  const list = c.docker?.containers ?? [];
  const r = lower(ref).replace(/^\//, '');
  return list.find((ct) => lower(containerName(ct)) === r) ?? (r.length >= 3 ? list.find((ct) => lower(ct.Id).startsWith(r)) : undefined);
}

export function findNetwork(c: Capture, ref: string): DockerNetworkRecord | undefined {
  const list = c.docker?.networks ?? [];
  const r = lower(ref);
  return list.find((n) => lower(n.Name) === r) ?? list.find((n) => lower(n.Id) === r) ?? (r.length >= 3 ? list.find((n) => lower(n.Id).startsWith(r)) : undefined);
}

export function isRunning(ct: DockerContainerRecord): boolean {
  return ct.State?.Running === true;
}

function setState(ct: DockerContainerRecord, status: string, running: boolean): void {
  (ct as { State?: unknown }).State = { Status: status, Running: running };
}

/** Docker detaches a stopping container's endpoints: addresses, HNS endpoints and HNS port mappings go. */
export function stopContainer(state: SimState, ct: DockerContainerRecord, status = 'exited'): StateChange[] {
  const c = state.capture;
  if (!isRunning(ct)) {
    setState(ct, ct.State?.Status === 'created' ? 'created' : status === 'created' ? 'created' : (ct.State?.Status ?? status), false);
    return [];
  }
  const name = containerName(ct);
  for (const [netName, s] of Object.entries(ct.NetworkSettings?.Networks ?? {})) {
    const mac = s.MacAddress;
    const ip = s.IPAddress;
    const net = (s.NetworkID ? findNetwork(c, s.NetworkID) : undefined) ?? findNetwork(c, netName);
    if (net?.Containers) delete net.Containers[ct.Id];
    const hnsId = net?.Options?.[OPT.hnsId];
    removeWhere(c, 'hnsEndpoints', (e) => (hnsId !== undefined && guidEq(e.NetworkId, hnsId) && ((!!ip && e.IPAddress === ip) || (!!mac && lower(e.MacAddress).replace(/[^0-9a-f]/g, '') === lower(mac).replace(/[^0-9a-f]/g, '')))) || e.SharedContainers.includes(ct.Id));
    if (ip) removeWhere(c, 'netNatStaticMappings', (m) => m.InternalIPAddress === ip);
    (s as { IPAddress?: string }).IPAddress = '';
    (s as { MacAddress?: string }).MacAddress = '';
    (s as { EndpointID?: string }).EndpointID = '';
  }
  setState(ct, status, false);
  if (ct.NetworkSettings) (ct.NetworkSettings as { Ports?: unknown }).Ports = {};
  return [{ kind: 'container', action: 'changed', name, detail: `stopped (${status})` }];
}

export interface Attach {
  readonly ip?: string;
  readonly mac?: string;
}

/** Gives a starting container its endpoint on every network it is attached to. Returns the addresses. */
export function attachEndpoints(state: SimState, model: HostModel, ct: DockerContainerRecord, changes: StateChange[]): void {
  const c = state.capture;
  const name = containerName(ct);
  for (const [netName, s] of Object.entries(ct.NetworkSettings?.Networks ?? {})) {
    const net = (s.NetworkID ? findNetwork(c, s.NetworkID) : undefined) ?? findNetwork(c, netName);
    if (!net || lower(net.Driver) === 'null') continue;
    const subnetText = net.IPAM?.Config?.find((x) => parsePrefix(x.Subnet)?.length)?.Subnet
      ?? model.dockerNetworkByName(net.Name)?.effectiveSubnets[0]?.text;
    const subnet = parsePrefix(subnetText);
    const gateway = net.IPAM?.Config?.find((x) => x.Gateway)?.Gateway ?? model.dockerNetworkByName(net.Name)?.effectiveSubnets[0]?.gateway;
    let ip = s.IPAMConfig?.IPv4Address;
    let how = 'given with --ip';
    if (!ip && subnet) {
      ip = freeAddress(subnet, takenAddresses(c, net));
      how = `picked by HNS from ${subnet.text} (the simulation takes the first free address)`;
    }
    const mac = `00-15-5D-${hexOf(state, `mac:${name}:${netName}`, 6).toUpperCase().match(/../g)!.join('-')}`;
    const endpointId = dockerId(state, `ep:${name}:${netName}`);
    (s as { IPAddress?: string }).IPAddress = ip ?? '';
    (s as { IPPrefixLen?: number }).IPPrefixLen = subnet?.length ?? 0;
    (s as { Gateway?: string }).Gateway = gateway ?? '';
    (s as { MacAddress?: string }).MacAddress = mac.replace(/-/g, ':').toLowerCase();
    (s as { EndpointID?: string }).EndpointID = endpointId;
    (s as { NetworkID?: string }).NetworkID = net.Id;
    net.Containers ??= {};
    net.Containers[ct.Id] = { Name: name, EndpointID: endpointId, MacAddress: mac.replace(/-/g, ':').toLowerCase(), IPv4Address: ip ? `${ip}/${subnet?.length ?? 32}` : '', IPv6Address: '' };
    const hnsId = net.Options?.[OPT.hnsId];
    if (hnsId) {
      push(c, 'hnsEndpoints', {
        ID: guid(state, `hnsep:${name}:${netName}`), Name: 'Ethernet', NetworkId: hnsId, NetworkName: net.Options?.[OPT.networkName] ?? net.Name,
        IPAddress: ip, PrefixLength: subnet?.length, GatewayAddress: gateway, MacAddress: mac, IsRemoteEndpoint: false,
        SharedContainers: [ct.Id], Shape: 'v1',
      } satisfies Loose<HnsEndpointRecord>);
    }
    changes.push({
      kind: 'container', action: 'changed', name,
      detail: ip ? `on '${net.Name}' with IP ${ip}${subnet ? `/${subnet.length}` : ''} (${how})${gateway ? `, gateway ${gateway}` : ''}` : `on '${net.Name}', address from the network's DHCP server`,
    });
    // 14393 shows HNS port mappings as WinNAT static mappings.
    if (lower(net.Driver) === 'nat' && model.platform.natBackend === 'winnat' && ip) {
      const nat = (c.netNat ?? []).find((n) => subnet && looksHnsNat(n.Name) && prefixContainsText(n.InternalIPInterfaceAddressPrefix, subnet));
      for (const [key, list] of Object.entries(ct.HostConfig?.PortBindings ?? {})) {
        const [port, proto] = key.split('/');
        for (const b of list ?? []) {
          if (!b.HostPort || !nat) continue;
          const maxId = Math.max(-1, ...(c.netNatStaticMappings ?? []).map((m) => m.StaticMappingID ?? -1));
          push(c, 'netNatStaticMappings', {
            StaticMappingID: maxId + 1, NatName: nat.Name, Protocol: lower(proto) === 'udp' ? 'UDP' : 'TCP', ExternalIPAddress: b.HostIp || '0.0.0.0',
            ExternalPort: Number(b.HostPort), InternalIPAddress: ip, InternalPort: Number(port),
          } satisfies Loose<NetNatStaticMappingRecord>);
        }
      }
    }
  }
  if (ct.NetworkSettings) (ct.NetworkSettings as { Ports?: unknown }).Ports = structuredClone(ct.HostConfig?.PortBindings ?? {});
  setState(ct, 'running', true);
}

// --- engine and HNS service lifecycles ----------------------------------------------------

export function daemonConfig(c: Capture): Record<string, unknown> {
  return (c.docker?.daemonConfig ?? {}) as Record<string, unknown>;
}

/** Docker stops: every running container stops (restart policies are not in the capture). */
export function dockerStop(state: SimState): StateChange[] {
  const c = state.capture;
  const changes: StateChange[] = [];
  for (const ct of c.docker?.containers ?? []) changes.push(...stopContainer(state, ct, 'exited'));
  const svc = dockerServiceName(c);
  if (svc) changes.push(...setServiceStatus(c, svc, false));
  return changes;
}

/** The HNS internal switches/networks that docker's nat networks need, and the default nat subnet HNS would pick. */
export function pickNatSubnet(c: Capture, model: HostModel, previous?: string): { subnet: Prefix; gateway: string; how: string } | undefined {
  const used = usedPrefixes(c, model);
  const fixed = parsePrefix(String(daemonConfig(c)['fixed-cidr'] ?? ''));
  if (fixed && fixed.family === 'ipv4') return { subnet: fixed, gateway: firstHost(fixed)!, how: `"fixed-cidr" ${fixed.text} from daemon.json` };
  const prev = parsePrefix(previous);
  if (prev && prev.length > 0 && !used.some((u) => prefixesOverlap(u, prev))) {
    return { subnet: prev, gateway: firstHost(prev)!, how: `the previous subnet ${prev.text} (free again)` };
  }
  const pool = parsePrefix('172.16.0.0/12')!;
  const p = freePrefix(pool, 20, used);
  if (!p) return undefined;
  return { subnet: p, gateway: firstHost(p)!, how: `a /20 HNS picks from 172.16.0.0/12 (which one is HNS's choice; the simulation takes the first free one, ${p.text})` };
}

export function hasAddress(model: HostModel, ip: string): boolean {
  const a = parseAddress(ip);
  return !!a && model.adapters.some((ad) => ad.addresses.some((x) => x.address.split('%')[0] === a.toString()));
}
