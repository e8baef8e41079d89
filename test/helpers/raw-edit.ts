/**
 * Small edits of a raw sample capture for check tests: add a docker network,
 * an HNS network, an External vSwitch with its host vNIC, a container. Each
 * writes the objects the way the collector would, so the patched capture
 * still goes through the real loader.
 */
import { createHash } from 'node:crypto';
import type { RawCapture } from './captures.js';

/** A stable 64-hex id (docker style) or GUID derived from a name. */
export function hexId(seed: string, length = 64): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

export function guidFor(seed: string): string {
  const h = hexId(seed, 32).toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface NetworkSpec {
  readonly name: string;
  readonly driver: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly options?: Record<string, string>;
  /** HNS network id to join (sets the hnsid option). */
  readonly hnsId?: string;
}

export function addDockerNetwork(raw: RawCapture, spec: NetworkSpec): Record<string, any> {
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

export interface HnsSpec {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly adapterName?: string;
  readonly subnet?: string;
  readonly gateway?: string;
}

export function addHnsNetwork(raw: RawCapture, spec: HnsSpec): void {
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

export interface SwitchSpec {
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
export function addExternalSwitch(raw: RawCapture, spec: SwitchSpec): void {
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

export interface ContainerSpec {
  readonly name: string;
  readonly network: string;
  readonly ip: string;
  /** Given with --ip (IPAMConfig.IPv4Address). */
  readonly static?: boolean;
  readonly running?: boolean;
  readonly isolation?: string;
}

export function addContainer(raw: RawCapture, spec: ContainerSpec): void {
  const net = raw['docker'].networks.find((n: { Name: string }) => n.Name === spec.network);
  if (!net) throw new Error(`no docker network '${spec.network}'`);
  const id = hexId(`container:${spec.name}`);
  const endpoint = hexId(`endpoint:${spec.name}`);
  const mac = `00:15:5d:${hexId(`mac:${spec.name}`, 6).match(/../g)!.join(':')}`;
  const gateway = net.IPAM?.Config?.[0]?.Gateway ?? '';
  const running = spec.running ?? true;
  raw['docker'].containers.push({
    Id: id,
    Name: `/${spec.name}`,
    State: { Status: running ? 'running' : 'exited', Running: running, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: running ? 4242 : 0, ExitCode: 0, Error: '' },
    Config: { Hostname: id.slice(0, 12) },
    HostConfig: { NetworkMode: spec.network, PortBindings: {}, Dns: [], DnsOptions: [], DnsSearch: [], Links: null, Isolation: spec.isolation ?? 'process' },
    NetworkSettings: {
      Networks: {
        [spec.network]: {
          IPAMConfig: spec.static ? { IPv4Address: spec.ip } : null,
          Links: null, Aliases: [id.slice(0, 12)], NetworkID: net.Id, EndpointID: endpoint, Gateway: gateway,
          IPAddress: spec.ip, IPPrefixLen: 24, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: mac, DriverOpts: null,
        },
      },
      Ports: {},
    },
  });
  net.Containers = { ...(net.Containers ?? {}), [id]: { Name: spec.name, EndpointID: endpoint, MacAddress: mac, IPv4Address: `${spec.ip}/24`, IPv6Address: '' } };
}

export function dockerNetwork(raw: RawCapture, name: string): Record<string, any> {
  const net = raw['docker'].networks.find((n: { Name: string }) => n.Name === name);
  if (!net) throw new Error(`no docker network '${name}'`);
  return net;
}

/** The findings one check gives on a baseline with a patch (for asserting fix details). */
export async function findingsOf(check: import('../../src/core/checks/types.js').Check, baseline: string, patch?: (raw: RawCapture) => void) {
  const { rawSample, modelOf } = await import('./captures.js');
  const { runChecks } = await import('../../src/core/engine.js');
  const raw = rawSample(baseline);
  patch?.(raw);
  return runChecks(modelOf(raw).model, [check]).findings;
}
