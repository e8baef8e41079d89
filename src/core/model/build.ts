/**
 * Capture -> HostModel. Pure and linear in the size of the capture: every
 * relation is resolved through a map built once.
 */
import type { Capture, DockerContainerRecord, DockerNetworkRecord, ExcludedPortRangeRecord, HnsEndpointRecord } from '../capture/schema.js';
import { PARTED_KEYS } from '../capture/keys.js';
import { normalizeMac, parseAddress, parsePrefix, prefixAround, type Prefix } from './net.js';
import { derivePlatform } from './platform.js';
import type {
  AdapterModel, ContainerAttachment, ContainerModel, DockerEngineModel, DockerNetworkModel, HnsEndpointModel,
  HnsNetworkModel, HostInfo, HostModel, Hypervisor, IpAddressModel, NatModel, PortBinding, PortRange, RouteModel, ServiceModel,
  StaticMappingModel, SubnetModel, SwitchExtensionModel, SwitchModel, Virtualization,
} from './types.js';

export const VFP_EXTENSION_NAME = 'Microsoft Azure VFP Switch Extension';
export const VFP_EXTENSION_ID = 'e9b59cfa-2be1-4b21-828f-b6fbdbddc017';
export const OPT = {
  hnsId: 'com.docker.network.windowsshim.hnsid',
  networkName: 'com.docker.network.windowsshim.networkname',
  iface: 'com.docker.network.windowsshim.interface',
  vlanId: 'com.docker.network.windowsshim.vlanid',
  dnsSuffix: 'com.docker.network.windowsshim.dnssuffix',
  dnsServers: 'com.docker.network.windowsshim.dnsservers',
  outboundNat: 'com.docker.network.windowsshim.enable_outboundnat',
  outboundNatExceptions: 'com.docker.network.windowsshim.outboundnat_exceptions',
  vxlanIds: 'com.docker.network.driver.overlay.vxlanid_list',
  encrypted: 'encrypted',
} as const;

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const guid = (s: string | undefined) => lower(s).replace(/[{}]/g, '');

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

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const it of items) if (!m.has(lower(it.name))) m.set(lower(it.name), it);
  return m;
}

export function detectVirtualization(manufacturer: string | undefined, model: string | undefined): Virtualization {
  const mf = lower(manufacturer);
  const md = lower(model);
  const said = `Manufacturer '${manufacturer ?? ''}', Model '${model ?? ''}'`;
  const vm = (hypervisor: Hypervisor): Virtualization => ({ isVirtual: true, hypervisor, evidence: said });
  if (mf.includes('microsoft') && md.includes('virtual machine')) return vm('hyper-v');
  if (mf.includes('vmware') || md.startsWith('vmware')) return vm('vmware');
  if (mf.includes('innotek') || md.includes('virtualbox')) return vm('virtualbox');
  if (mf.includes('qemu') || md.includes('kvm') || (mf.includes('red hat') && md.includes('kvm')) || md.includes('standard pc')) return vm('kvm');
  if (mf.includes('xen') || md.includes('hvm domu')) return vm('xen');
  if (mf.includes('amazon') || md.includes('ec2')) return vm('aws');
  if (mf.includes('google')) return vm('gce');
  if (mf.includes('parallels')) return vm('parallels');
  if (md.includes('virtual')) return vm('other');
  return { isVirtual: false, hypervisor: undefined, evidence: said };
}

function parsePortRanges(items: readonly ExcludedPortRangeRecord[]): PortRange[] {
  const out: PortRange[] = [];
  let protocol: 'tcp' | 'udp' = 'tcp';
  items.forEach((it, i) => {
    const pointer = `/excludedPortRanges/${i}`;
    if (typeof it === 'string') {
      const header = /protocol\s+(tcp|udp)/i.exec(it);
      if (header) {
        protocol = header[1]!.toLowerCase() as 'tcp' | 'udp';
        return;
      }
      const m = /^\s*(\d{1,5})\s+(\d{1,5})\b(\s*\*)?/.exec(it);
      if (m) out.push({ protocol, start: Number(m[1]), end: Number(m[2]), administered: m[3] !== undefined, pointer });
      return;
    }
    out.push({ protocol: lower(it.Protocol) === 'udp' ? 'udp' : 'tcp', start: it.StartPort, end: it.EndPort, pointer: it.$ptr ?? pointer });
  });
  return out;
}

/** `"80/tcp": [{HostIp, HostPort}]` -> port bindings. */
function portBindings(map: Record<string, { HostIp?: string; HostPort?: string }[] | undefined> | undefined): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, list] of Object.entries(map ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of list ?? []) {
      const hp = b.HostPort !== undefined && /^\d+$/.test(b.HostPort) ? Number(b.HostPort) : undefined;
      out.push({ containerPort: port ?? key, protocol: lower(proto) || 'tcp', hostIp: b.HostIp || undefined, hostPort: hp });
    }
  }
  return out;
}

function subnetsOf(list: { AddressPrefix?: string | undefined; GatewayAddress?: string | undefined }[]): SubnetModel[] {
  return list.map((s) => ({ text: s.AddressPrefix, prefix: parsePrefix(s.AddressPrefix), gateway: s.GatewayAddress || undefined }));
}

function dockerSubnets(n: DockerNetworkRecord): SubnetModel[] {
  return (n.IPAM?.Config ?? []).map((c) => ({ text: c.Subnet, prefix: parsePrefix(c.Subnet), gateway: c.Gateway || undefined }));
}

/** GUID-looking names (with or without an `H` prefix) are how HNS names the NAT it makes on 14393. */
function looksContainerOwnedNat(name: string): boolean {
  const n = lower(name);
  return n === 'nat' || n.startsWith('ics') || /^h?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(n);
}

/*
 * The per-item steps of buildModel are functions of this module rather than
 * closures made inside each call: V8 keeps the optimized code of a closure
 * only while some closure of that call is alive, so closures made per call
 * were compiled again after every garbage collection; on a host with
 * thousands of endpoints that cost as much CPU as building the model.
 */

/** `guid(s)` through a table: thousands of endpoints name a few networks. */
function guidOf(memo: Map<string, string>, s: string | undefined): string {
  if (s === undefined) return '';
  let g = memo.get(s);
  if (g === undefined) memo.set(s, (g = guid(s)));
  return g;
}

function index(m: Map<string, Map<string, HnsEndpointModel>>, net: string, key: string, ep: HnsEndpointModel): void {
  let inner = m.get(net);
  if (!inner) m.set(net, (inner = new Map()));
  inner.set(key, ep);
}

function hnsEndpointModel(e: HnsEndpointRecord, network: HnsNetworkModel | undefined): HnsEndpointModel {
  const ep: HnsEndpointModel = {
    id: e.ID, name: e.Name, networkId: e.NetworkId, ipAddress: e.IPAddress, mac: normalizeMac(e.MacAddress),
    isRemote: e.IsRemoteEndpoint, sharedContainers: e.SharedContainers, network, container: undefined,
    subject: { kind: 'hns-endpoint', name: e.Name ?? e.ID, id: e.ID, pointer: e.$ptr },
  };
  network?.endpoints.push(ep);
  return ep;
}

function containerModel(c: DockerContainerRecord, netById: Map<string, DockerNetworkModel>, netByName: Map<string, DockerNetworkModel>): ContainerModel {
  const hc = c.HostConfig;
  const name = (c.Name ?? c.Id.slice(0, 12)).replace(/^\//, '');
  const container: ContainerModel = {
    id: c.Id, name,
    running: c.State?.Running ?? false,
    status: c.State?.Status,
    ...(c.State && 'Error' in c.State && c.State.Error ? { error: c.State.Error } : {}),
    isolation: hc?.Isolation || undefined,
    networkMode: hc?.NetworkMode,
    ports: portBindings(hc?.PortBindings),
    dns: hc?.Dns ?? [], dnsOptions: hc?.DnsOptions ?? [], dnsSearch: hc?.DnsSearch ?? [], links: hc?.Links ?? [],
    attachments: [],
    subject: { kind: 'container', name, id: c.Id, pointer: c.$ptr },
  };
  const networks = c.NetworkSettings?.Networks ?? {};
  for (const netName of Object.keys(networks)) {
    const s = networks[netName]!;
    const network = (s.NetworkID ? netById.get(lower(s.NetworkID)) : undefined) ?? netByName.get(lower(netName));
    const att: ContainerAttachment = {
      container, network, networkName: netName, ipv4: s.IPAddress || undefined,
      staticIpv4: s.IPAMConfig?.IPv4Address || undefined, mac: normalizeMac(s.MacAddress), endpoint: undefined,
      aliases: s.Aliases ?? [], links: s.Links ?? [],
    };
    container.attachments.push(att);
    network?.containers.push(att);
  }
  return container;
}

function attachedTo(c: ContainerModel, net: DockerNetworkModel): boolean {
  const list = c.attachments;
  for (let i = 0; i < list.length; i++) if (list[i]!.network === net) return true;
  return false;
}

/**
 * Containers listed by `docker network inspect` but not attached to that
 * network in `docker inspect` still count as attached.
 */
function attachListedContainers(n: DockerNetworkRecord, net: DockerNetworkModel, containerById: Map<string, ContainerModel>): void {
  const listed = n.Containers ?? {};
  for (const cid of Object.keys(listed)) {
    const info = listed[cid]!;
    const c = containerById.get(lower(cid));
    if (!c || attachedTo(c, net)) continue;
    const att: ContainerAttachment = { container: c, network: net, networkName: net.name, ipv4: info.IPv4Address?.split('/')[0], staticIpv4: undefined, mac: normalizeMac(info.MacAddress), endpoint: undefined };
    c.attachments.push(att);
    net.containers.push(att);
  }
}

export function buildModel(capture: Capture, source = '<capture>'): HostModel {
  const captured = new Set<string>();
  for (const [k, v] of Object.entries(capture)) if (v !== undefined) captured.add(k);
  for (const key of PARTED_KEYS) {
    for (const [k, v] of Object.entries(capture[key] ?? {})) if (v !== undefined) captured.add(`${key}.${k}`);
  }
  // A `docker info` that carries ServerErrors is the client saying the daemon did not answer: nothing was read from the engine.
  if (capture.docker?.info?.answered === false) captured.delete('docker.info');

  // --- host --------------------------------------------------------------------
  const os = capture.os;
  const cs = capture.computerSystem;
  const hv = capture.hnsVersion;
  const platform = derivePlatform({
    build: os?.BuildNumber, ubr: os?.UBR, productType: os?.ProductType, caption: os?.Caption,
    hnsVersion: hv ? { major: hv.Major, minor: hv.Minor } : undefined,
  });
  const host: HostInfo = {
    name: cs?.Name,
    domain: cs?.Domain,
    manufacturer: cs?.Manufacturer,
    model: cs?.Model,
    virtualization: cs ? detectVirtualization(cs.Manufacturer, cs.Model) : undefined,
    capturedAt: capture.capturedAt,
    collector: capture.collector,
    psVersion: capture.psVersion,
    osCaption: os?.Caption,
    subject: { kind: 'host', name: cs?.Name ?? 'container host', pointer: cs?.$ptr },
  };

  // --- services ------------------------------------------------------------------
  const services = new Map<string, ServiceModel>();
  for (const s of capture.services ?? []) {
    services.set(lower(s.Name), {
      name: s.Name, displayName: s.DisplayName, status: s.Status, startType: s.StartType,
      running: s.Status === 'Running',
      subject: { kind: 'service', name: s.Name, pointer: s.$ptr },
    });
  }

  // --- adapters and addresses ------------------------------------------------------
  const addrByIf = new Map<string, IpAddressModel[]>();
  const ifKey = (index: number | undefined, alias: string | undefined) => (index !== undefined ? `#${index}` : `@${lower(alias)}`);
  for (const a of capture.netIPAddresses ?? []) {
    const parsed = parseAddress(a.IPAddress);
    const family = parsed ? (parsed.kind() === 'ipv4' ? 'ipv4' : 'ipv6') : (a.AddressFamily === 'IPv6' ? 'ipv6' : 'ipv4');
    const model: IpAddressModel = {
      address: a.IPAddress, prefixLength: a.PrefixLength, family,
      prefix: prefixOfAddress(a.IPAddress, parsed, a.PrefixLength),
      origin: a.PrefixOrigin ?? undefined, pointer: a.$ptr,
    };
    for (const k of new Set([ifKey(a.InterfaceIndex, a.InterfaceAlias), `@${lower(a.InterfaceAlias)}`])) {
      const list = addrByIf.get(k) ?? [];
      list.push(model);
      addrByIf.set(k, list);
    }
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
    for (const k of new Set([ifKey(r.InterfaceIndex, r.InterfaceAlias), `@${lower(r.InterfaceAlias)}`])) {
      const list = gatewaysByIf.get(k) ?? [];
      list.push(r.NextHop);
      gatewaysByIf.set(k, list);
    }
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
  const adapterByDescription = new Map<string, AdapterModel>();
  for (const a of adapters) if (a.description && !adapterByDescription.has(lower(a.description))) adapterByDescription.set(lower(a.description), a);

  const adapterByIndex = new Map<number, AdapterModel>();
  for (const a of adapters) if (a.ifIndex !== undefined && !adapterByIndex.has(a.ifIndex)) adapterByIndex.set(a.ifIndex, a);
  const routes: RouteModel[] = (capture.netRoutes ?? []).map((r) => ({
    destinationText: r.DestinationPrefix,
    destination: parsePrefix(r.DestinationPrefix),
    nextHop: r.NextHop || undefined,
    interfaceAlias: r.InterfaceAlias,
    interfaceIndex: r.InterfaceIndex,
    metric: r.RouteMetric,
    adapter: (r.InterfaceIndex !== undefined ? adapterByIndex.get(r.InterfaceIndex) : undefined)
      ?? (r.InterfaceAlias ? adapterByName.get(lower(r.InterfaceAlias)) : undefined),
    pointer: r.$ptr,
  }));

  // --- switches ----------------------------------------------------------------------
  const extensions: SwitchExtensionModel[] = (capture.vmSwitchExtensions ?? []).map((e) => ({
    switchName: e.SwitchName, name: e.Name, enabled: e.Enabled, running: e.Running,
    isVfp: lower(e.Name) === lower(VFP_EXTENSION_NAME),
    subject: { kind: 'switch-extension', name: `${e.Name} on ${e.SwitchName ?? '?'}`, pointer: e.$ptr },
  }));
  const extBySwitch = new Map<string, SwitchExtensionModel[]>();
  for (const e of extensions) {
    const list = extBySwitch.get(lower(e.switchName)) ?? [];
    list.push(e);
    extBySwitch.set(lower(e.switchName), list);
  }
  const switches: SwitchModel[] = (capture.vmSwitches ?? []).map((s) => {
    const descriptions = [...new Set([...(s.NetAdapterInterfaceDescriptions ?? []), ...(s.NetAdapterInterfaceDescription ? [s.NetAdapterInterfaceDescription] : [])])];
    const sw: SwitchModel = {
      name: s.Name, id: s.Id, type: s.SwitchType, allowManagementOS: s.AllowManagementOS,
      boundDescriptions: s.SwitchType === 'External' ? descriptions : [],
      boundAdapters: [], hostVnics: [], extensions: extBySwitch.get(lower(s.Name)) ?? [],
      hnsNetworks: [], dockerNetworks: [], notes: s.Notes,
      subject: { kind: 'vswitch', name: s.Name, id: s.Id, pointer: s.$ptr },
    };
    for (const d of sw.boundDescriptions) {
      const a = adapterByDescription.get(lower(d));
      if (a) {
        sw.boundAdapters.push(a);
        a.boundTo = sw;
      }
    }
    return sw;
  });
  const switchByName = byName(switches);
  // A host vNIC is joined to its switch through Get-VMNetworkAdapter -ManagementOS
  // (vNIC name -> SwitchName, or MAC), because its adapter name does not always carry
  // the switch name (`vEthernet (HNS Internal NIC)`, `vEthernet (Ethernet 2)`).
  const vnicSwitch = new Map<string, SwitchModel>();
  for (const v of capture.vmNetworkAdapters ?? []) {
    const sw = v.SwitchName ? switchByName.get(lower(v.SwitchName)) : undefined;
    if (!sw) continue;
    vnicSwitch.set(`name:${lower(v.Name)}`, sw);
    const mac = normalizeMac(v.MacAddress);
    if (mac) vnicSwitch.set(`mac:${mac}`, sw);
  }
  for (const a of adapters) {
    if (!a.isHostVnic) continue;
    const inner = /^vEthernet \((.*)\)$/i.exec(a.name)?.[1];
    const sw = (inner !== undefined ? vnicSwitch.get(`name:${lower(inner)}`) : undefined)
      ?? (a.mac ? vnicSwitch.get(`mac:${a.mac}`) : undefined)
      ?? (inner !== undefined ? switchByName.get(lower(inner)) : undefined);
    if (sw) {
      sw.hostVnics.push(a);
      a.vnicOf = sw;
    }
  }

  // --- WinNAT -------------------------------------------------------------------------
  const nats: NatModel[] = (capture.netNat ?? []).map((n) => ({
    name: n.Name,
    internalPrefixText: n.InternalIPInterfaceAddressPrefix,
    internalPrefix: parsePrefix(n.InternalIPInterfaceAddressPrefix),
    active: n.Active,
    ownedByContainers: looksContainerOwnedNat(n.Name),
    subject: { kind: 'winnat', name: n.Name, pointer: n.$ptr },
  }));
  const staticMappings: StaticMappingModel[] = (capture.netNatStaticMappings ?? []).map((m) => ({
    id: m.StaticMappingID, natName: m.NatName, protocol: m.Protocol, externalPort: m.ExternalPort, externalAddress: m.ExternalIPAddress,
    internalAddress: m.InternalIPAddress, internalPort: m.InternalPort,
    subject: { kind: 'static-mapping', name: `${m.Protocol ?? 'TCP'} ${m.ExternalPort} -> ${m.InternalIPAddress ?? '?'}:${m.InternalPort ?? '?'}`, id: m.StaticMappingID?.toString(), pointer: m.$ptr },
  }));

  // --- HNS ------------------------------------------------------------------------------
  const hnsNetworks: HnsNetworkModel[] = (capture.hnsNetworks ?? []).map((n) => {
    const vfp = n.Extensions.find((e) => lower(e.Name) === lower(VFP_EXTENSION_NAME) || guid(e.Id) === VFP_EXTENSION_ID);
    return {
      id: n.ID, name: n.Name, type: lower(n.Type), subnets: subnetsOf(n.Subnets), natName: n.NatName,
      adapterName: n.NetworkAdapterName, shape: n.Shape, vfpEnabled: vfp?.IsEnabled,
      switch: undefined, dockerNetwork: undefined, endpoints: [],
      subject: { kind: 'hns-network', name: n.Name ?? n.ID, id: n.ID, pointer: n.$ptr },
    };
  });
  const hnsById = new Map(hnsNetworks.map((n) => [guid(n.id), n]));
  // Thousands of endpoints name a few networks: each network id is normalized once.
  const guids = new Map<string, string>();
  for (const n of hnsNetworks) {
    let sw = n.name ? switchByName.get(lower(n.name)) : undefined;
    if (!sw && n.adapterName) sw = adapterByName.get(lower(n.adapterName))?.boundTo;
    if (sw) {
      n.switch = sw;
      sw.hnsNetworks.push(n);
    }
  }
  const hnsEndpoints: HnsEndpointModel[] = [];
  /** The normalized network id of each endpoint, by position. */
  const endpointNet: string[] = [];
  for (const e of capture.hnsEndpoints ?? []) {
    const net = guidOf(guids, e.NetworkId);
    endpointNet.push(net);
    hnsEndpoints.push(hnsEndpointModel(e, e.NetworkId ? hnsById.get(net) : undefined));
  }

  // --- docker ---------------------------------------------------------------------------
  const d = capture.docker;
  const docker: DockerEngineModel | undefined = d && (d.info || d.version || d.daemonConfig)
    ? {
      osType: d.info?.OSType ?? d.version?.Server?.Os,
      serverVersion: d.info?.ServerVersion ?? d.version?.Server?.Version,
      swarmState: d.info?.Swarm?.LocalNodeState,
      swarmManager: d.info?.Swarm?.ControlAvailable,
      answered: d.info === undefined ? undefined : d.info.answered !== false,
      serverErrors: d.info?.ServerErrors ?? [],
      daemonConfig: d.daemonConfig,
      subject: { kind: 'docker-engine', name: 'docker engine', pointer: d.info?.$ptr ?? '/docker' },
    }
    : undefined;

  const hnsByName = new Map<string, HnsNetworkModel>();
  for (const h of hnsNetworks) if (h.name !== undefined && !hnsByName.has(lower(h.name))) hnsByName.set(lower(h.name), h);
  const dockerNetworks: DockerNetworkModel[] = (d?.networks ?? []).map((n) => {
    const options = n.Options ?? {};
    const hnsId = options[OPT.hnsId];
    let hns = hnsId ? hnsById.get(guid(hnsId)) : undefined;
    if (!hns) hns = hnsByName.get(lower(options[OPT.networkName] ?? n.Name));
    const subnets = dockerSubnets(n);
    const declared = subnets.filter((s) => s.prefix && s.prefix.length > 0);
    const effectiveSubnets = declared.length > 0 ? declared : hns?.subnets.filter((s) => s.prefix) ?? [];
    const iface = options[OPT.iface];
    const model: DockerNetworkModel = {
      name: n.Name, id: n.Id, driver: lower(n.Driver) || 'unknown', scope: n.Scope,
      enableIPv6: n.EnableIPv6 ?? false, internal: n.Internal ?? false, ingress: n.Ingress ?? false,
      ipamDriver: n.IPAM?.Driver, ipamOptions: n.IPAM?.Options ?? {},
      subnets, effectiveSubnets,
      ipRanges: (n.IPAM?.Config ?? []).map((c) => c.IPRange).filter((x): x is string => !!x),
      auxAddresses: (n.IPAM?.Config ?? []).flatMap((c) => Object.values(c.AuxiliaryAddresses ?? {})),
      options, hnsId,
      interfaceOption: iface === undefined ? undefined : iface.split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean),
      hns, containers: [],
      subject: { kind: 'docker-network', name: n.Name, id: n.Id, pointer: n.$ptr },
    };
    if (hns) {
      hns.dockerNetwork = model;
      hns.switch?.dockerNetworks.push(model);
    }
    return model;
  });
  const netByName = byName(dockerNetworks);
  const netById = new Map(dockerNetworks.filter((n) => n.id).map((n) => [lower(n.id), n]));

  const containers: ContainerModel[] = [];
  for (const c of d?.containers ?? []) containers.push(containerModel(c, netById, netByName));
  // Containers listed by `docker network inspect` but missing from `docker inspect`
  // still count as attached (their state is unknown).
  const containerById = new Map<string, ContainerModel>();
  for (const c of containers) containerById.set(lower(c.id), c);
  for (const n of d?.networks ?? []) {
    const net = netByName.get(lower(n.Name));
    if (net) attachListedContainers(n, net, containerById);
  }
  // Endpoints <-> container attachments, by MAC then by IP within the network.
  // Network id -> MAC (or IP) -> endpoint; the last endpoint listed wins.
  const epByMac = new Map<string, Map<string, HnsEndpointModel>>();
  const epByIp = new Map<string, Map<string, HnsEndpointModel>>();
  for (let i = 0; i < hnsEndpoints.length; i++) {
    const ep = hnsEndpoints[i]!;
    if (ep.mac) index(epByMac, endpointNet[i]!, ep.mac, ep);
    if (ep.ipAddress) index(epByIp, endpointNet[i]!, ep.ipAddress, ep);
  }
  for (const c of containers) {
    for (let i = 0; i < c.attachments.length; i++) {
      const att = c.attachments[i]!;
      const hid = guidOf(guids, att.network?.hns?.id ?? att.network?.hnsId);
      const ep = (att.mac ? epByMac.get(hid)?.get(att.mac) : undefined) ?? (att.ipv4 ? epByIp.get(hid)?.get(att.ipv4) : undefined);
      if (ep) {
        att.endpoint = ep;
        ep.container = c;
      }
    }
  }

  const model: HostModel = {
    source, capture, captured, host, platform,
    ipv6DisabledComponents: capture.tcpip6?.DisabledComponents,
    services, adapters, switches, extensions, nats, staticMappings,
    excludedPortRanges: parsePortRanges(capture.excludedPortRanges ?? []),
    routes,
    hnsNetworks, hnsEndpoints, docker, dockerNetworks, containers,
    hotfixes: (capture.hotfixes ?? []).map((h) => h.HotFixID),
    parentVmAdapters: capture.parentVmNetworkAdapters,
    collectorErrors: capture.collectorErrors ?? [],
    service: (n) => services.get(lower(n)),
    adapterByName: (n) => adapterByName.get(lower(n)),
    switchByName: (n) => switchByName.get(lower(n)),
    dockerNetworkByName: (n) => netByName.get(lower(n)),
  };
  return model;
}

/** The NAT prefixes the host's container networks use (WinNAT and docker/HNS nat subnets). */
export function natPrefixes(model: HostModel): { prefix: Prefix; from: string }[] {
  const out: { prefix: Prefix; from: string }[] = [];
  for (const n of model.nats) if (n.internalPrefix) out.push({ prefix: n.internalPrefix, from: `WinNAT '${n.name}'` });
  for (const n of model.dockerNetworks) {
    if (n.driver !== 'nat') continue;
    for (const s of n.effectiveSubnets) if (s.prefix && s.prefix.length > 0) out.push({ prefix: s.prefix, from: `docker network '${n.name}'` });
  }
  return out;
}
