/**
 * Raw-capture edits for swarm and overlay cases: what `docker info`,
 * `docker network inspect` and `docker inspect` show on a Windows swarm node.
 */
import type { RawCapture } from './captures.js';

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

let counter = 0;

/** A 25-character swarm object id. */
export function swarmId(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 25; i++) {
    h = (h * 1103515245 + 12345) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
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

export interface ContainerSpec {
  readonly id: string;
  readonly name: string;
  /** Network name -> address (and optional static address, aliases, links). */
  readonly networks: Record<string, { ip: string; static?: boolean; aliases?: string[]; links?: string[] | null; mac?: string }>;
  readonly running?: boolean;
  readonly error?: string;
  readonly links?: string[] | null;
  readonly ports?: Record<string, { HostIp: string; HostPort: string }[]>;
  readonly isolation?: string;
}

/** Adds a container to `docker inspect` and to every network's `Containers` in `docker network inspect`. */
export function addContainer(raw: RawCapture, spec: ContainerSpec): void {
  const networks: Record<string, unknown> = {};
  let i = 0;
  for (const [netName, n] of Object.entries(spec.networks)) {
    const net = raw['docker'].networks.find((x: { Name: string }) => x.Name === netName);
    if (!net) throw new Error(`addContainer: no network '${netName}' in the capture`);
    const mac = n.mac ?? `00:15:5d:7a:${(0x10 + counter).toString(16).padStart(2, '0')}:${(0x10 + i++).toString(16).padStart(2, '0')}`;
    counter++;
    const prefixLen = Number(String(net.IPAM?.Config?.[0]?.Subnet ?? '/24').split('/')[1] ?? 24);
    networks[netName] = {
      IPAMConfig: n.static ? { IPv4Address: n.ip } : null,
      Links: n.links ?? null,
      Aliases: n.aliases ?? [spec.id.slice(0, 12)],
      NetworkID: net.Id,
      EndpointID: `${spec.id.slice(0, 8)}${i}`.padEnd(64, 'e'),
      Gateway: net.IPAM?.Config?.[0]?.Gateway ?? '',
      IPAddress: n.ip,
      IPPrefixLen: prefixLen,
      MacAddress: mac,
    };
    net.Containers = net.Containers ?? {};
    net.Containers[spec.id] = { Name: spec.name, EndpointID: `${spec.id.slice(0, 8)}${i}`.padEnd(64, 'e'), MacAddress: mac, IPv4Address: `${n.ip}/${prefixLen}`, IPv6Address: '' };
  }
  const running = spec.running ?? true;
  raw['docker'].containers.push({
    Id: spec.id,
    Name: `/${spec.name}`,
    State: { Status: running ? 'running' : 'exited', Running: running, Error: spec.error ?? '' },
    Config: { Hostname: spec.id.slice(0, 12) },
    HostConfig: {
      NetworkMode: Object.keys(spec.networks)[0] ?? 'default',
      PortBindings: spec.ports ?? {},
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      Links: spec.links ?? null,
      Isolation: spec.isolation ?? 'process',
    },
    NetworkSettings: { Networks: networks, Ports: {} },
  });
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
