/** Adapters with their addresses, interface options and default gateways; routes through them. */
import type { Capture, IpRouteRecord, NetRouteRecord } from '../../capture/schema.js';
import { normalizeMac, parseAddress, parsePrefix, prefixAround, type Prefix } from '../net.js';
import type { AdapterModel, IpAddressModel, RouteModel } from '../types.js';
import { byName, lower } from './common.js';

/**
 * What parsePrefix(`<address without its zone>/<length>`) gives, reusing the
 * address parseAddress already read from the same text (IPv6 parsing is the
 * costly part).
 */
function prefixOfAddress(text: string, parsed: ReturnType<typeof parseAddress>, length: number): Prefix | undefined {
  const noZone = text.split('%')[0]!;
  if (noZone.includes('/')) return undefined;
  // parseAddress cut the zone off without trimming what came before it; parsePrefix trims.
  const same = noZone === text || noZone.trimEnd() === noZone;
  return prefixAround(same ? parsed : parseAddress(noZone), length);
}

const ifKey = (index: number | undefined, alias: string | undefined) => (index !== undefined ? `#${index}` : `@${lower(alias)}`);

function addToList<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k) ?? [];
  list.push(v);
  m.set(k, list);
}

export interface Adapters {
  readonly adapters: AdapterModel[];
  readonly byName: Map<string, AdapterModel>;
  readonly byDescription: Map<string, AdapterModel>;
  readonly byIndex: Map<number, AdapterModel>;
  readonly routes: RouteModel[];
  readonly ipRoutes: RouteModel[] | undefined;
}

export function buildAdapters(capture: Capture): Adapters {
  const addrByIf = new Map<string, IpAddressModel[]>();
  for (const a of capture.netIPAddresses ?? []) {
    const parsed = parseAddress(a.IPAddress);
    const family = parsed ? (parsed.kind() === 'ipv4' ? 'ipv4' : 'ipv6') : (a.AddressFamily === 'IPv6' ? 'ipv6' : 'ipv4');
    const model: IpAddressModel = {
      address: a.IPAddress, prefixLength: a.PrefixLength, family,
      prefix: prefixOfAddress(a.IPAddress, parsed, a.PrefixLength),
      origin: a.PrefixOrigin ?? undefined, pointer: a.$ptr,
    };
    for (const k of new Set([ifKey(a.InterfaceIndex, a.InterfaceAlias), `@${lower(a.InterfaceAlias)}`])) addToList(addrByIf, k, model);
  }
  const metricByIf = new Map<string, { metric?: number; dhcp?: boolean }>();
  for (const i of capture.netIPInterfaces ?? []) {
    if (i.AddressFamily === 'IPv6') continue;
    const dhcp = i.Dhcp === undefined ? undefined : i.Dhcp === 1 || lower(String(i.Dhcp)) === 'enabled';
    const v = { metric: i.InterfaceMetric, dhcp };
    metricByIf.set(ifKey(i.InterfaceIndex, i.InterfaceAlias), v);
    if (i.InterfaceAlias) metricByIf.set(`@${lower(i.InterfaceAlias)}`, v);
  }
  const gatewaysByIf = new Map<string, string[]>();
  for (const r of capture.netRoutes ?? []) {
    if (r.DestinationPrefix !== '0.0.0.0/0' && r.DestinationPrefix !== '::/0') continue;
    if (!r.NextHop || r.NextHop === '0.0.0.0' || r.NextHop === '::') continue;
    for (const k of new Set([ifKey(r.InterfaceIndex, r.InterfaceAlias), `@${lower(r.InterfaceAlias)}`])) addToList(gatewaysByIf, k, r.NextHop);
  }
  const adapters: AdapterModel[] = (capture.netAdapters ?? []).map((a) => {
    const isHostVnic = /^vEthernet \(/i.test(a.Name) || (/hyper-v virtual ethernet adapter/i.test(a.InterfaceDescription ?? '') && a.HardwareInterface !== true);
    const k1 = ifKey(a.ifIndex, a.Name);
    const addresses = addrByIf.get(k1) ?? addrByIf.get(`@${lower(a.Name)}`) ?? [];
    const ip = metricByIf.get(k1) ?? metricByIf.get(`@${lower(a.Name)}`);
    const isPhysical = !isHostVnic && (a.HardwareInterface === true || (a.Virtual !== true && !/loopback|isatap|teredo|6to4|wan miniport|kernel debug/i.test(`${a.Name} ${a.InterfaceDescription ?? ''}`)));
    return {
      name: a.Name,
      description: a.InterfaceDescription,
      ifIndex: a.ifIndex,
      mac: normalizeMac(a.MacAddress),
      status: a.Status,
      up: lower(a.Status) === 'up' || a.Status === '1',
      isHostVnic,
      isPhysical,
      addresses,
      ipv4: addresses.filter((x) => x.family === 'ipv4'),
      interfaceMetric: ip?.metric,
      dhcp: ip?.dhcp,
      defaultGateways: gatewaysByIf.get(k1) ?? gatewaysByIf.get(`@${lower(a.Name)}`) ?? [],
      boundTo: undefined,
      vnicOf: undefined,
      subject: { kind: isHostVnic ? 'host-vnic' : 'adapter', name: a.Name, pointer: a.$ptr },
    };
  });
  const adapterByName = byName(adapters);
  const byDescription = new Map<string, AdapterModel>();
  for (const a of adapters) if (a.description && !byDescription.has(lower(a.description))) byDescription.set(lower(a.description), a);
  const byIndex = new Map<number, AdapterModel>();
  for (const a of adapters) if (a.ifIndex !== undefined && !byIndex.has(a.ifIndex)) byIndex.set(a.ifIndex, a);
  const toRoute = (r: NetRouteRecord | IpRouteRecord): RouteModel => ({
    destinationText: r.DestinationPrefix,
    destination: parsePrefix(r.DestinationPrefix),
    // 0.0.0.0 (or ::) is how Get-NetRoute writes an on-link route: no next hop.
    nextHop: r.NextHop && r.NextHop !== '0.0.0.0' && r.NextHop !== '::' ? r.NextHop : undefined,
    interfaceAlias: r.InterfaceAlias,
    interfaceIndex: r.InterfaceIndex,
    metric: r.RouteMetric,
    adapter: (r.InterfaceIndex !== undefined ? byIndex.get(r.InterfaceIndex) : undefined)
      ?? (r.InterfaceAlias ? adapterByName.get(lower(r.InterfaceAlias)) : undefined),
    pointer: r.$ptr,
  });
  const routes = (capture.netRoutes ?? []).map(toRoute);
  const ipRoutes = capture.ipRoutes?.filter((r) => !r.DestinationPrefix.includes(':')).map(toRoute);
  return { adapters, byName: adapterByName, byDescription, byIndex, routes, ipRoutes };
}
