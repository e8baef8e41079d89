/**
 * Relations for networks that reach the physical network through an External
 * vSwitch (transparent, l2bridge, l2tunnel): which adapter carries them, and
 * where the host's own address on that physical network lives. Pure helpers
 * over the host model; they add nothing to it.
 */
import { addressInPrefix, isNetworkAddress, parseAddress } from './net.js';
import type { AdapterModel, DockerNetworkModel, HnsNetworkModel, HostModel, IpAddressModel, SwitchModel } from './types.js';

/** Docker drivers (and HNS network types) whose networks bind an External vSwitch to an adapter of their own. */
const EXTERNAL_SWITCH_DRIVERS: readonly string[] = ['transparent', 'l2bridge', 'l2tunnel'];

/** A network as docker shows it, or an HNS network whoever owns it. */
export type AnyNetwork = DockerNetworkModel | HnsNetworkModel;

function isDockerView(net: AnyNetwork): net is DockerNetworkModel {
  return 'driver' in net;
}

/** The driver (docker) or type (HNS): transparent, l2bridge, nat, ... */
function networkType(net: AnyNetwork): string {
  return isDockerView(net) ? net.driver : net.type;
}

export function usesExternalSwitch(net: AnyNetwork): boolean {
  return EXTERNAL_SWITCH_DRIVERS.includes(networkType(net));
}

export interface Uplink {
  /** The External switch HNS made for the network, when the capture shows it. */
  readonly switch: SwitchModel | undefined;
  /** The adapters the network is bound to (resolved to `Get-NetAdapter` entries). */
  readonly adapters: AdapterModel[];
  /** Names or InterfaceDescriptions that name no adapter in the capture. */
  readonly unresolved: string[];
  /** Where the answer came from. */
  readonly source: 'switch' | 'hns' | 'option' | 'none';
}

/**
 * The adapter(s) behind a network: the External switch of its HNS network
 * first, then the HNS `NetworkAdapterName`, then the
 * `com.docker.network.windowsshim.interface` option (docker's view only).
 */
export function uplinkOf(model: HostModel, net: AnyNetwork): Uplink {
  const hns = isDockerView(net) ? net.hns : net;
  const option = isDockerView(net) ? net.interfaceOption : undefined;
  const sw = hns?.switch;
  if (sw && sw.type === 'External' && sw.boundDescriptions.length > 0) {
    const known = new Set(sw.boundAdapters.map((a) => (a.description ?? '').toLowerCase()));
    return {
      switch: sw,
      adapters: [...sw.boundAdapters],
      unresolved: sw.boundDescriptions.filter((d) => !known.has(d.toLowerCase())),
      source: 'switch',
    };
  }
  const hnsAdapter = hns?.adapterName;
  if (hnsAdapter) {
    const a = model.adapterByName(hnsAdapter);
    return { switch: a?.boundTo ?? sw, adapters: a ? [a] : [], unresolved: a ? [] : [hnsAdapter], source: 'hns' };
  }
  if (option && option.length > 0) {
    const adapters: AdapterModel[] = [];
    const unresolved: string[] = [];
    for (const n of option) {
      const a = model.adapterByName(n);
      if (a && !a.isHostVnic) adapters.push(a);
      else unresolved.push(n);
    }
    const bound = adapters.map((a) => a.boundTo).find((s) => s !== undefined);
    return { switch: sw ?? bound, adapters, unresolved, source: 'option' };
  }
  return { switch: sw, adapters: [], unresolved: [], source: 'none' };
}

/** A host interface that carries the host's own address on the network's physical segment. */
export interface HostSide {
  readonly adapter: AdapterModel;
  /** Usable IPv4 addresses (no 169.254.x.y). */
  readonly ipv4: IpAddressModel[];
  /** IPv4 default gateways through this interface. */
  readonly gateways: string[];
}

function isLinkLocal4(a: IpAddressModel): boolean {
  return a.address.startsWith('169.254.');
}

function sideOf(a: AdapterModel): HostSide {
  return {
    adapter: a,
    ipv4: a.ipv4.filter((x) => !isLinkLocal4(x) && x.prefix !== undefined),
    gateways: a.defaultGateways.filter((g) => parseAddress(g)?.kind() === 'ipv4'),
  };
}

/**
 * Where the host's address on the network's physical segment lives. Once an
 * External switch holds the adapter, the address moves to the switch's host
 * vNIC (`vEthernet (Ethernet 2)`); before that, it is on the adapter itself.
 * Only interfaces with at least one usable IPv4 address are returned.
 */
export function hostSideOf(model: HostModel, net: AnyNetwork): HostSide[] {
  const up = uplinkOf(model, net);
  const interfaces: AdapterModel[] = [];
  const switches = new Set<SwitchModel>();
  if (up.switch) switches.add(up.switch);
  for (const a of up.adapters) if (a.boundTo) switches.add(a.boundTo);
  for (const sw of switches) interfaces.push(...sw.hostVnics);
  if (interfaces.length === 0) interfaces.push(...up.adapters.filter((a) => !a.boundTo));
  return [...new Set(interfaces)].map(sideOf).filter((s) => s.ipv4.length > 0);
}

/** Physical adapters that no External switch holds yet (candidates for a network of its own). */
export function freePhysicalAdapters(model: HostModel): AdapterModel[] {
  const rank = (a: AdapterModel) => (a.up ? 0 : 2) + (/bluetooth|wi-?fi|wireless|wlan/i.test(`${a.name} ${a.description ?? ''}`) ? 1 : 0);
  return model.adapters
    .filter((a) => a.isPhysical && !a.isHostVnic && !a.boundTo)
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map((x) => x.a);
}

/** The host's prefix and router on the network's physical segment, when the capture shows both. */
export function physicalSubnetOf(model: HostModel, net: AnyNetwork): { subnet: string; gateway: string; on: string } | undefined {
  if (!model.captured.has('netIPAddresses')) return undefined;
  for (const side of hostSideOf(model, net)) {
    for (const a of side.ipv4) {
      const router = side.gateways.find((g) => addressInPrefix(g, a.prefix) && !isNetworkAddress(g, a.prefix));
      if (router) return { subnet: a.prefix!.text, gateway: router, on: side.adapter.name };
    }
  }
  return undefined;
}
