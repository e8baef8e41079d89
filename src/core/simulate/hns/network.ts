/**
 * HNS networks, the way HNS itself creates and removes them, whoever asks
 * (docker, nerdctl's CNI plugin, the HNS cmdlets): the rules HNS applies
 * (network types per build, the WinNAT slot and prefix, overlapping subnets,
 * the adapter an External switch binds, VLAN and VSID ranges) and the state
 * edits (the network with its policies, its switch, host vNIC and NAT).
 */
import type { HnsNetworkRecord, NetAdapterRecord, NetNatRecord, VmSwitchRecord } from '../../capture/schema.js';
import { freeSubnetInside } from '../../checks/nat-outside-winnat-prefix.js';
import { VFP_EXTENSION_NAME } from '../../model/build.js';
import { addressInPrefix, firstHost, parsePrefix, prefixContains, prefixesOverlap, type Prefix } from '../../model/net.js';
import { winnatSlot } from '../../model/derived/winnat.js';
import type { HostModel } from '../../model/types.js';
import { ps } from '../../powershell.js';
import { addSwitch, freePrefix, guid, push, removeSwitch, removeWhere, usedPrefixes, type Loose } from '../state.js';
import type { SimState, StateChange } from '../types.js';
import { capturePolicy, type StoredPolicy } from './policy-shape.js';
import type { HnsRefusal, Step } from './refusal.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const guidEq = (a: string | undefined, b: string | undefined) => a !== undefined && lower(a).replace(/[{}]/g, '') === lower(b).replace(/[{}]/g, '');

const EXTERNAL_TYPES = new Set(['transparent', 'l2bridge', 'l2tunnel']);

/** An HNS network as it is asked for. */
export interface HnsNetworkSpec {
  /** The HNS network's Name. */
  readonly name: string;
  /** Lower case: nat, transparent, l2bridge, l2tunnel, overlay, ics, private, internal. */
  readonly type: string;
  readonly subnet?: Prefix;
  readonly gateway?: string;
  /** For transparent/l2bridge/l2tunnel: the adapter the External switch binds. */
  readonly adapter?: NetAdapterRecord;
  /** More adapters for a Switch Embedded Team. */
  readonly team?: readonly NetAdapterRecord[];
  /** An existing External switch to reuse. */
  readonly reuseSwitch?: VmSwitchRecord;
  readonly vlan?: number;
  readonly vsid?: number;
  /** Docker's default nat network (14393 names its host vNIC differently). */
  readonly isDefault?: boolean;
}

/** What the planner is asked: adapters by name (the interface option, -AdapterName, a CNI conf's master). */
export interface HnsNetworkRequest {
  readonly name: string;
  readonly type: string;
  readonly subnet?: Prefix;
  readonly gateway?: string;
  readonly adapterNames?: readonly string[];
  readonly vlan?: number;
  readonly vsid?: number;
  /** Nat networks only: the default range HNS picks from when no subnet is given (docker: a /20 of 172.16.0.0/12). */
  readonly defaultPool?: { readonly within: Prefix; readonly length: number };
}

export interface HnsNetworkPlan {
  readonly spec: HnsNetworkSpec;
  readonly notes: string[];
}

export type PlanResult = { readonly ok: true; readonly plan: HnsNetworkPlan } | { readonly ok: false; readonly refusal: HnsRefusal };

function hnsType(type: string): string {
  return ({ nat: 'nat', transparent: 'Transparent', l2bridge: 'L2Bridge', l2tunnel: 'L2Tunnel', overlay: 'Overlay', ics: 'ICS', private: 'Private', internal: 'Internal' } as Record<string, string>)[type] ?? type;
}

/** The network-level policies, in the flattened V1 shape `Get-HnsNetwork` prints. */
function networkPolicies(spec: Pick<HnsNetworkSpec, 'vlan' | 'vsid'>): StoredPolicy[] {
  const out: Record<string, unknown>[] = [];
  if (spec.vlan !== undefined) out.push({ Type: 'VLAN', VLAN: spec.vlan });
  if (spec.vsid !== undefined) out.push({ Type: 'VSID', VSID: spec.vsid });
  return out.map(capturePolicy);
}

const refusal = (r: Omit<HnsRefusal, 'steps'> & { steps?: Step[] }): PlanResult => ({ ok: false, refusal: { steps: [], ...r } });

/** The adapters a model knows as physical. */
function physicalAdapters(model: HostModel) {
  return model.adapters.filter((a) => a.isPhysical);
}

/** The host's own IPv4 network and default gateway (what static addressing on an External network should match). */
export function hostIpv4Prefix(model: HostModel): { prefix?: Prefix; gateway?: string } {
  for (const a of model.adapters) {
    if (a.defaultGateways.length === 0) continue;
    const ip = a.ipv4.find((x) => x.prefix);
    if (ip) return { prefix: ip.prefix, gateway: a.defaultGateways.find((g) => !g.includes(':')) };
  }
  return {};
}

/** HNS's rules for a new network. On success the plan holds the subnet HNS settles on and the adapter it binds. */
export function planHnsNetwork(state: SimState, model: HostModel, req: HnsNetworkRequest): PlanResult {
  const type = lower(req.type);
  const notes: string[] = [];
  if ((type === 'l2bridge' || type === 'l2tunnel') && model.platform.l2bridgeSupported === false) {
    return refusal({ reason: `${model.platform.label} has no ${type} support (it needs Windows Server 2016 or Windows 10 15063 and later).`, message: `HNS refuses the ${type} network on this build.`, exact: false, knowledge: 'overlay-build-unsupported' });
  }
  if (type === 'overlay' && model.platform.overlaySupported === false) {
    return refusal({
      reason: `${model.platform.label} lacks overlay support (it needs 14393 with KB4015217, or 15063 and later).`, message: 'Overlay networks cannot be created or never carry traffic on this build (HNS errors vary).', exact: false,
      knowledge: 'overlay-build-unsupported', steps: [{ line: ps`wusa.exe 'C:\\Updates\\<cumulative update>.msu' /quiet /norestart` }, { line: 'Restart-Computer' }],
    });
  }
  if (req.vlan !== undefined) {
    if (!Number.isInteger(req.vlan) || req.vlan < 1 || req.vlan > 4094) {
      return refusal({ reason: `VLAN id '${req.vlan}' is outside 1–4094.`, message: 'HNS refuses a VLAN id outside 1–4094.', exact: false, knowledge: 'vlan-option-invalid' });
    }
    if (!['transparent', 'l2bridge'].includes(type)) notes.push(`The VLAN policy applies to transparent and l2bridge only; on ${type} it is a configuration error (see vlan-option-invalid).`);
    else notes.push('VLAN tagging needs the physical switch port (or the Hyper-V parent\'s adapter) in trunk mode; that is invisible in a capture.');
  }
  if (req.vsid !== undefined && (!Number.isInteger(req.vsid) || req.vsid < 4096 || req.vsid > 16777215)) {
    return refusal({ reason: `VSID (VXLAN id) ${req.vsid} is outside 4096–16777215; HNS refuses lower ids on Windows.`, message: 'HNS refuses a VXLAN id (VSID) below 4096.', exact: false, knowledge: 'swarm-vxlan-id' });
  }
  if (type === 'nat') return planNat(state, model, req, notes);
  if (EXTERNAL_TYPES.has(type)) return planExternal(state, model, req, notes);
  return { ok: true, plan: { spec: { name: req.name, type, ...(req.subnet ? { subnet: req.subnet } : {}), ...(req.gateway ? { gateway: req.gateway } : {}), ...vlanVsid(req) }, notes } };
}

function vlanVsid(req: HnsNetworkRequest): { vlan?: number; vsid?: number } {
  return { ...(req.vlan !== undefined ? { vlan: req.vlan } : {}), ...(req.vsid !== undefined ? { vsid: req.vsid } : {}) };
}

/** Nat: one WinNAT instance before 15063 (every nat network a partition of its prefix), no overlap with another HNS network after. */
function planNat(state: SimState, model: HostModel, req: HnsNetworkRequest, notes: string[]): PlanResult {
  let subnet = req.subnet;
  if (req.adapterNames?.length) notes.push('An adapter applies to every network type except nat; HNS ignores or refuses it here.');
  const slot = winnatSlot(model);
  if (slot) {
    const s = slot.holders[0];
    if (!slot.containerNat && s) {
      return refusal({
        reason: `This build (${model.platform.label}) allows one WinNAT instance, and '${s.name}' (${s.internalPrefixText ?? 'no prefix'}) holds it; HNS cannot create the NAT for '${req.name}'.`,
        message: 'The parameter is incorrect.', exact: true, alsoSeen: ['HNS failed with error : The object already exists.', '매개 변수가 틀립니다.'],
        knowledge: 'winnat-slot-taken',
        steps: [{ line: ps`Get-NetNat -Name ${s.name} | Remove-NetNat -Confirm:$false` }, { restartOwner: true }],
      });
    }
    const outer = slot.containerNat?.internalPrefix;
    if (outer) {
      if (subnet && !prefixContains(outer, subnet)) {
        const free = freeSubnetInside(outer, slot.partitions);
        return refusal({
          reason: `On this build every nat network must be a partition of the WinNAT prefix ${outer.text} (WinNAT '${slot.containerNat!.name}'); ${subnet.text} is outside it.`,
          message: 'Unspecified error', exact: true, alsoSeen: ['HNS failed with error : The parameter is incorrect.', '지정되지 않은 오류입니다.'],
          knowledge: 'nat-outside-winnat-prefix',
          steps: free ? [{ retry: { subnet: free, gateway: firstHost(free)! } }] : [],
        });
      }
      if (!subnet) {
        subnet = freeSubnetInside(outer, slot.partitions);
        if (!subnet) return refusal({ reason: `No free range is left inside the WinNAT prefix ${outer.text}.`, message: 'HNS finds no free range inside the WinNAT prefix.', exact: false, knowledge: 'nat-outside-winnat-prefix' });
        notes.push(`HNS picks the subnet inside ${outer.text}; the simulation takes the first free /24, ${subnet.text}.`);
      }
    }
  } else if (subnet) {
    const clash = model.hnsNetworks.find((h) => h.type === 'nat' || h.type === 'ics' ? h.subnets.some((s) => s.prefix && prefixesOverlap(s.prefix, subnet!)) : false);
    if (clash) {
      const pool = parsePrefix('172.16.0.0/12')!;
      const free = freePrefix(pool, Math.max(subnet.length, 16), usedPrefixes(state.capture, model));
      return refusal({
        reason: `${subnet.text} overlaps HNS network '${clash.name}' (${clash.subnets.map((s) => s.text).join(', ')}); HNS refuses a nat network whose range another network already holds.`,
        message: 'The object already exists.', exact: true,
        steps: free ? [{ retry: { subnet: free, gateway: firstHost(free)! } }] : [],
      });
    }
  }
  if (!subnet) {
    const pool = req.defaultPool ?? { within: parsePrefix('172.16.0.0/12')!, length: 20 };
    const p = freePrefix(pool.within, pool.length, usedPrefixes(state.capture, model));
    if (!p) return refusal({ reason: `No free /${pool.length} is left in ${pool.within.text}.`, message: 'HNS finds no free range for the nat network.', exact: false });
    subnet = p;
    notes.push(`Without a subnet HNS picks a free /${pool.length} from ${pool.within.text} (which one is its choice; the simulation takes the first free one, ${p.text}).`);
  }
  const gateway = req.gateway ?? firstHost(subnet)!;
  if (!req.gateway) notes.push(`Without a gateway the gateway is the subnet's first address, ${gateway}.`);
  return { ok: true, plan: { spec: { name: req.name, type: 'nat', subnet, gateway, ...vlanVsid(req) }, notes } };
}

/** Transparent, l2bridge, l2tunnel: an External switch on a physical adapter, or the one an HNS network already made. */
function planExternal(state: SimState, model: HostModel, req: HnsNetworkRequest, notes: string[]): PlanResult {
  const type = lower(req.type);
  const { subnet, gateway } = req;
  const hp = hostIpv4Prefix(model);
  if (type === 'transparent' && subnet && !gateway) {
    return refusal({
      reason: 'A transparent network with a subnet needs a gateway too; without it HNS may take the network address as the gateway and fail.',
      message: 'The object already exists.', exact: true, alsoSeen: ['개체가 이미 있습니다.'],
      knowledge: 'static-ip-needs-subnet-gateway',
      steps: [{ retry: { subnet, gateway: hp.prefix && (prefixContains(subnet, hp.prefix) || hp.prefix.text === subnet.text) ? hp.gateway ?? firstHost(subnet)! : firstHost(subnet)! } }],
    });
  }
  const physical = physicalAdapters(model);
  const rec = (n: string) => state.capture.netAdapters?.find((a) => lower(a.Name) === lower(n));
  let chosen: NetAdapterRecord[] = [];
  const names = req.adapterNames ?? [];
  if (names.length > 0) {
    for (const n of names) {
      const a = model.adapterByName(n);
      const byDescription = model.adapters.find((x) => lower(x.description) === lower(n));
      if (!a || a.isHostVnic || !a.isPhysical) {
        const valid = physical.map((x) => x.name);
        let why = `'${n}' is not the Name of a network adapter on this host`;
        if (byDescription) why = `'${n}' is the InterfaceDescription of adapter '${byDescription.name}', not its Name`;
        else if (a?.isHostVnic) why = `'${n}' is a host vNIC (a port of a vSwitch), not an adapter a switch can bind`;
        const suggestion = byDescription?.isPhysical ? byDescription.name : a?.vnicOf?.boundAdapters[0]?.name ?? valid.find((v) => !model.adapterByName(v)?.boundTo) ?? valid[0];
        return refusal({
          reason: `${why}. HNS takes the Name from Get-NetAdapter (${valid.length > 0 ? `here: ${valid.map((v) => `'${v}'`).join(', ')}` : 'no physical adapter was captured'}).`,
          message: 'The parameter is incorrect.', exact: true, alsoSeen: ['An adapter was not found. (0x803b0006)', '매개 변수가 틀립니다.'],
          knowledge: 'interface-option-invalid',
          steps: suggestion ? [{ retry: { adapter: suggestion } }] : [{ line: ps`Get-NetAdapter -Physical | Select-Object -Property 'Name','InterfaceDescription','Status'` }],
        });
      }
      chosen.push(rec(a.name)!);
    }
    if (names.length > 1) notes.push(`Several adapters make a Switch Embedded Team: ${names.map((x) => `'${x}'`).join(', ')}.`);
  } else {
    const free = physical.filter((a) => !a.boundTo && a.up);
    const pick = free.find((a) => a.defaultGateways.length > 0) ?? free[0];
    if (pick) {
      chosen = [rec(pick.name)!];
      if (free.length > 1) notes.push(`Without a named adapter HNS's caller picks one itself; the simulation assumes '${pick.name}'. Name the adapter to be sure.`);
    } else {
      const bound = physical.find((a) => a.boundTo);
      if (!bound) return refusal({ reason: 'The host has no physical network adapter that is up.', message: 'HNS finds no adapter to bind the External vSwitch to.', exact: false, knowledge: 'interface-option-invalid' });
      chosen = [rec(bound.name)!];
    }
  }
  const first = model.adapterByName(chosen[0]!.Name)!;
  let reuseSwitch: VmSwitchRecord | undefined;
  if (first.boundTo) {
    const sw = first.boundTo;
    if (sw.hnsNetworks.length === 0) {
      const free = physical.filter((a) => !a.boundTo && a.up);
      return refusal({
        reason: `Adapter '${first.name}' already belongs to External vSwitch '${sw.name}', which was made outside HNS (no HNS network uses it). HNS tries to bind a new External switch to the same adapter, and an adapter can back only one.`,
        message: `HNS cannot bind a new External vSwitch to '${first.name}' (the HNS error text varies).`, exact: false,
        knowledge: 'oob-vswitch-blocks-transparent',
        steps: [...(free[0] ? [{ retry: { adapter: free[0].name } }] : []), { line: ps`Restart-Service -Name 'hns'` }, { restartOwner: true as const }, { line: ps`Remove-VMSwitch -Name ${sw.name} -Force` }],
        notes: [`Three ways out, from the source document: bind to another free adapter${free[0] ? ` ('${free[0].name}')` : ' (none is free here)'}; restart hns and the engine so it discovers '${sw.name}' as a transparent network; or remove the switch after checking that no VM uses it.`],
      });
    }
    reuseSwitch = state.capture.vmSwitches?.find((s) => s.Name === sw.name);
    notes.push(`Adapter '${first.name}' already backs vSwitch '${sw.name}', which HNS knows (network '${sw.dockerNetworks[0]?.name ?? sw.hnsNetworks[0]?.name ?? sw.name}'): HNS uses that switch instead of making a new one, and the networks then share one adapter (see external-networks-share-adapter).`);
  }
  if (type === 'l2bridge' && (!subnet || !gateway)) notes.push('l2bridge supports only static addressing; without a subnet and gateway containers get no usable address (see l2bridge-dhcp-unsupported).');
  if (type === 'l2tunnel') notes.push('l2tunnel is meant only for the Microsoft cloud stack (see l2tunnel-cloud-only).');
  if (type === 'transparent' && !subnet) notes.push('Without a subnet containers get addresses from the LAN\'s DHCP server; on a virtual host that needs MAC address spoofing (see mac-spoofing-required).');
  if (subnet && gateway && hp.prefix && type !== 'l2tunnel' && (hp.prefix.text !== subnet.text || (hp.gateway && hp.gateway !== gateway))) {
    notes.push(`The host's own network is ${hp.prefix.text} via ${hp.gateway ?? '?'}; for static addressing the network's subnet and gateway should match the physical network (see static-ip-needs-subnet-gateway).`);
  }
  return {
    ok: true,
    plan: {
      spec: {
        name: req.name, type, ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}), adapter: chosen[0]!,
        ...(chosen.length > 1 ? { team: chosen.slice(1) } : {}), ...(reuseSwitch ? { reuseSwitch } : {}), ...vlanVsid(req),
      },
      notes,
    },
  };
}

/** Creates the HNS network (and its switch, host vNIC and NAT). Returns its ID. */
export function createHnsNetwork(state: SimState, model: HostModel, spec: HnsNetworkSpec, changes: StateChange[]): string {
  const c = state.capture;
  const id = guid(state, `hns:${spec.name}`);
  const build = model.platform.build ?? 0;
  const subnets = spec.subnet ? [{ AddressPrefix: spec.subnet.text, GatewayAddress: spec.gateway }] : [];
  let natName: string | undefined;
  let adapterName: string | undefined;
  if (spec.type === 'nat') {
    if (model.platform.natBackend === 'ics') natName = `ICS${guid(state, `ics:${spec.name}`)}`;
    const vnicName = build === 14393 && spec.isDefault ? 'vEthernet (HNS Internal NIC)' : `vEthernet (${spec.name})`;
    changes.push(...addSwitch(state, { name: spec.name, type: 'Internal', vnicName, ...(spec.subnet && spec.gateway ? { gateway: { ip: spec.gateway, len: spec.subnet.length } } : {}) }));
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
    changes.push(...addSwitch(state, { name: spec.name, type: 'External', adapter: spec.adapter, ...(spec.team ? { team: spec.team } : {}), vfp: true }));
  }
  const vfp = spec.type !== 'transparent';
  const rec: Loose<HnsNetworkRecord> & { Type: string; Subnets: { AddressPrefix?: string; GatewayAddress?: string }[] } = {
    ID: id, Name: spec.name, Type: hnsType(spec.type), Subnets: subnets, NatName: natName, ManagementIP: undefined,
    NetworkAdapterName: adapterName,
    Extensions: [{ Id: 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017', IsEnabled: vfp, Name: VFP_EXTENSION_NAME }],
    Policies: networkPolicies(spec), Shape: 'v1',
  };
  if (push(c, 'hnsNetworks', rec)) {
    changes.push({ kind: 'hns-network', action: 'added', name: spec.name, detail: `${rec.Type}${spec.subnet ? `, ${spec.subnet.text}${spec.gateway ? ` via ${spec.gateway}` : ''}` : ''}` });
  }
  return id;
}

export function looksHnsNat(name: string): boolean {
  const n = lower(name);
  return n === 'nat' || n.startsWith('ics') || /^h?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(n);
}

export function prefixContainsText(outerText: string | undefined, inner: Prefix): boolean {
  const outer = parsePrefix(outerText);
  return !!outer && outer.family === inner.family && inner.length >= outer.length && addressInPrefix(inner.network, outer);
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
