/**
 * Host-level edits of a simulated capture: deterministic ids, list edits,
 * services, free addresses, vSwitches and host vNICs. HNS objects live in
 * `hns/`, docker's records in `docker-state.ts`. Every function edits
 * `state.capture` in place (the engine works on a deep copy) and returns the
 * changes it made.
 */
import type {
  Capture, DockerNetworkRecord, NetAdapterRecord, NetIPAddressRecord, NetIPInterfaceRecord, ServiceRecord, VmSwitchExtensionRecord,
  VmSwitchRecord,
} from '../capture/schema.js';
import { OPT, VFP_EXTENSION_NAME } from '../model/build.js';
import { parsePrefix, prefixesOverlap, type Prefix } from '../model/net.js';
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

export function hexOf(state: SimState, what: string, length: number): string {
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
  | 'netRoutes' | 'ipRoutes' | 'netNat' | 'netNatStaticMappings' | 'hnsNetworks' | 'hnsEndpoints' | 'services' | 'parentVmNetworkAdapters';

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
function addHostVnic(state: SimState, vnicName: string, switchName: string, addresses: { ip: string; len: number; origin?: string | number }[], metric = 5000): StateChange[] {
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
  const changes: StateChange[] = [{ kind: 'vswitch', action: 'removed', name: sw.Name, detail: sw.SwitchType ?? 'type unknown' }];
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
