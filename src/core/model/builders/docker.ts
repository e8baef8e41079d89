/** docker's view: the engine, its networks (bound to HNS networks) and its containers (bound to HNS endpoints). */
import type { Capture, DockerContainerRecord, DockerNetworkRecord } from '../../capture/schema.js';
import { OPT } from '../constants.js';
import { normalizeMac, parsePrefix } from '../net.js';
import type {
  ContainerAttachment, ContainerModel, DockerEngineModel, DockerNetworkModel, HnsEndpointModel, PortBinding, SubnetModel,
} from '../types.js';
import { byName, guid, guidOf, lower } from './common.js';
import type { Hns } from './hns.js';

export interface Docker {
  readonly docker: DockerEngineModel | undefined;
  readonly networks: DockerNetworkModel[];
  readonly containers: ContainerModel[];
  readonly byName: Map<string, DockerNetworkModel>;
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

function dockerSubnets(n: DockerNetworkRecord): SubnetModel[] {
  return (n.IPAM?.Config ?? []).map((c) => ({ text: c.Subnet, prefix: parsePrefix(c.Subnet), gateway: c.Gateway || undefined }));
}

function index(m: Map<string, Map<string, HnsEndpointModel>>, net: string, key: string, ep: HnsEndpointModel): void {
  let inner = m.get(net);
  if (!inner) m.set(net, (inner = new Map()));
  inner.set(key, ep);
}

/** The empty list every container without DNS settings, links or aliases shares (nothing adds to these lists). */
const NONE: readonly string[] = Object.freeze([]);

function containerModel(c: DockerContainerRecord, netById: Map<string, DockerNetworkModel>, netByName: Map<string, DockerNetworkModel>): ContainerModel {
  const hc = c.HostConfig;
  const named = c.Name ?? c.Id.slice(0, 12);
  const name = named.startsWith('/') ? named.slice(1) : named;
  const container: ContainerModel = {
    id: c.Id, name,
    running: c.State?.Running ?? false,
    status: c.State?.Status,
    // Always present (undefined when there is none): one object shape for every container.
    error: (c.State && 'Error' in c.State && c.State.Error) || undefined,
    isolation: hc?.Isolation || undefined,
    networkMode: hc?.NetworkMode,
    ports: portBindings(hc?.PortBindings),
    dns: hc?.Dns ?? NONE, dnsOptions: hc?.DnsOptions ?? NONE, dnsSearch: hc?.DnsSearch ?? NONE, links: hc?.Links ?? NONE,
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
      aliases: s.Aliases ?? NONE, links: s.Links ?? NONE,
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

/**
 * The engine from everything that shows it: `docker info` when the engine
 * answered it, else the Server half of `docker version` (an engine that
 * answered version but not info still says its OS and version).
 */
function buildEngine(capture: Capture): DockerEngineModel | undefined {
  const d = capture.docker;
  if (!d || !(d.info || d.version || d.daemonConfig)) return undefined;
  const info = d.info && d.info.answered !== false ? d.info : undefined;
  const server = d.version?.Server ?? undefined;
  return {
    osType: info?.OSType || server?.Os || undefined,
    serverVersion: info?.ServerVersion || server?.Version || undefined,
    swarmState: info?.Swarm?.LocalNodeState,
    swarmManager: info?.Swarm?.ControlAvailable,
    answered: info || server ? true : d.info === undefined ? undefined : false,
    serverErrors: d.info?.ServerErrors ?? [],
    daemonConfig: d.daemonConfig,
    subject: { kind: 'docker-engine', name: 'docker engine', pointer: d.info?.$ptr ?? (server ? d.version?.$ptr : undefined) ?? '/docker' },
  };
}

function dockerNetworkModel(n: DockerNetworkRecord, hns: Hns): DockerNetworkModel {
  const options = n.Options ?? {};
  const hnsId = options[OPT.hnsId];
  let h = hnsId ? hns.byId.get(guid(hnsId)) : undefined;
  if (!h) h = hns.byName.get(lower(options[OPT.networkName] ?? n.Name));
  const subnets = dockerSubnets(n);
  const declared = subnets.filter((s) => s.prefix && s.prefix.length > 0);
  const effectiveSubnets = declared.length > 0 ? declared : h?.subnets.filter((s) => s.prefix) ?? [];
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
    hns: h, containers: [],
    subject: { kind: 'docker-network', name: n.Name, id: n.Id, pointer: n.$ptr },
  };
  if (h) {
    h.dockerNetwork = model;
    h.switch?.dockerNetworks.push(model);
  }
  return model;
}

/** Endpoints <-> container attachments, by MAC then by IP within the network; the last endpoint listed wins. */
function bindEndpoints(containers: readonly ContainerModel[], hns: Hns): void {
  if (containers.length === 0) return;
  const epByMac = new Map<string, Map<string, HnsEndpointModel>>();
  for (let i = 0; i < hns.endpoints.length; i++) {
    const ep = hns.endpoints[i]!;
    if (ep.mac) index(epByMac, hns.endpointNet[i]!, ep.mac, ep);
  }
  // By IP only for an attachment its MAC did not bind (rare): built then.
  let epByIp: Map<string, Map<string, HnsEndpointModel>> | undefined;
  const byIp = () => {
    if (epByIp) return epByIp;
    epByIp = new Map();
    for (let i = 0; i < hns.endpoints.length; i++) {
      const ep = hns.endpoints[i]!;
      if (ep.ipAddress) index(epByIp, hns.endpointNet[i]!, ep.ipAddress, ep);
    }
    return epByIp;
  };
  for (const c of containers) {
    for (let i = 0; i < c.attachments.length; i++) {
      const att = c.attachments[i]!;
      const hid = guidOf(hns.guids, att.network?.hns?.id ?? att.network?.hnsId);
      const ep = (att.mac ? epByMac.get(hid)?.get(att.mac) : undefined) ?? (att.ipv4 ? byIp().get(hid)?.get(att.ipv4) : undefined);
      if (ep) {
        att.endpoint = ep;
        ep.container = c;
      }
    }
  }
}

export function buildDocker(capture: Capture, hns: Hns): Docker {
  const d = capture.docker;
  const networks = (d?.networks ?? []).map((n) => dockerNetworkModel(n, hns));
  const netByName = byName(networks);
  const netById = new Map(networks.filter((n) => n.id).map((n) => [lower(n.id), n]));
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
  bindEndpoints(containers, hns);
  return { docker: buildEngine(capture), networks, containers, byName: netByName };
}
