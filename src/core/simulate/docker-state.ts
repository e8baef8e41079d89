/**
 * Docker's records over the HNS layer: docker networks (each bound to its
 * HNS network by the hnsid option) and containers (each attachment an HNS
 * endpoint), and the engine-level edits (stopping every container, the
 * default nat subnet).
 */
import type { Capture, DockerContainerRecord, DockerNetworkRecord, NetAdapterRecord, VmSwitchRecord } from '../capture/schema.js';
import { OPT } from '../model/build.js';
import { firstHost, parsePrefix, prefixesOverlap, type Prefix } from '../model/net.js';
import type { HostModel } from '../model/types.js';
import { createHnsEndpoint, newMac, removeContainerEndpoints, type PortMapping } from './hns/endpoint.js';
import { createHnsNetwork, removeHnsNetwork, type HnsNetworkSpec } from './hns/network.js';
import { dockerId, dockerServiceName, freeAddress, freePrefix, setServiceStatus, takenAddresses, usedPrefixes } from './state.js';
import type { SimState, StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

function dockerList<K extends 'networks' | 'containers'>(c: Capture, key: K): NonNullable<NonNullable<Capture['docker']>[K]> | undefined {
  return c.docker?.[key] as NonNullable<NonNullable<Capture['docker']>[K]> | undefined;
}

/** A docker network as docker network create (or the engine) asks for it. */
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
  /** Docker's own default network. */
  readonly isDefault?: boolean;
  /** The HNS network as HNS's rules settled it (otherwise derived from the docker options). */
  readonly hns?: HnsNetworkSpec;
}

/** The HNS network behind a docker network: the networkname option names it; vlanid and the VXLAN id become policies. */
function hnsSpecOf(spec: NetworkSpec): HnsNetworkSpec {
  const num = (v: string | undefined) => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));
  const vlan = num(spec.options[OPT.vlanId]);
  const vsid = spec.driver === 'overlay' ? num(spec.options[OPT.vxlanIds]) : undefined;
  return {
    name: spec.options[OPT.networkName] ?? spec.name, type: spec.driver,
    ...(spec.subnet ? { subnet: spec.subnet } : {}), ...(spec.gateway ? { gateway: spec.gateway } : {}),
    ...(spec.adapter ? { adapter: spec.adapter } : {}), ...(spec.team ? { team: spec.team } : {}), ...(spec.reuseSwitch ? { reuseSwitch: spec.reuseSwitch } : {}),
    ...(vlan !== undefined ? { vlan } : {}), ...(vsid !== undefined ? { vsid } : {}), ...(spec.isDefault ? { isDefault: true } : {}),
  };
}

/** Adds a docker network (and, unless docker-only, its HNS network). */
export function createNetwork(state: SimState, model: HostModel, spec: NetworkSpec): { changes: StateChange[]; record: DockerNetworkRecord | undefined } {
  const c = state.capture;
  const changes: StateChange[] = [];
  const options = { ...spec.options };
  if (!spec.dockerOnly) options[OPT.hnsId] = createHnsNetwork(state, model, spec.hns ?? hnsSpecOf(spec), changes);
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
    removeContainerEndpoints(state, { ...(hnsId ? { networkId: hnsId } : {}), ...(ip ? { ip } : {}), ...(mac ? { mac } : {}), container: ct.Id });
    (s as { IPAddress?: string }).IPAddress = '';
    (s as { MacAddress?: string }).MacAddress = '';
    (s as { EndpointID?: string }).EndpointID = '';
  }
  setState(ct, status, false);
  if (ct.NetworkSettings) (ct.NetworkSettings as { Ports?: unknown }).Ports = {};
  return [{ kind: 'container', action: 'changed', name, detail: `stopped (${status})` }];
}
/** A container's published ports as HNS port mappings. */
function portMappings(ct: DockerContainerRecord): PortMapping[] {
  const out: PortMapping[] = [];
  for (const [key, list] of Object.entries(ct.HostConfig?.PortBindings ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of list ?? []) {
      if (!b.HostPort) continue;
      out.push({ protocol: lower(proto) === 'udp' ? 'udp' : 'tcp', internalPort: Number(port), externalPort: Number(b.HostPort), ...(b.HostIp ? { hostIp: b.HostIp } : {}) });
    }
  }
  return out;
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
    const mac = newMac(state, `mac:${name}:${netName}`);
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
      const outbound = lower(net.Options?.[OPT.outboundNat]) === 'true';
      createHnsEndpoint(state, model, {
        networkId: hnsId, name: 'Ethernet', ...(ip ? { ip } : {}), ...(subnet ? { prefixLength: subnet.length } : {}), ...(gateway ? { gateway } : {}), mac,
        ports: lower(net.Driver) === 'nat' ? portMappings(ct) : [], container: ct.Id, key: `${name}:${netName}`,
        ...(outbound ? { outboundNatExceptions: (net.Options?.[OPT.outboundNatExceptions] ?? '').split(',').map((x) => x.trim()).filter(Boolean) } : {}),
      });
    }
    changes.push({
      kind: 'container', action: 'changed', name,
      detail: ip ? `on '${net.Name}' with IP ${ip}${subnet ? `/${subnet.length}` : ''} (${how})${gateway ? `, gateway ${gateway}` : ''}` : `on '${net.Name}', address from the network's DHCP server`,
    });
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
