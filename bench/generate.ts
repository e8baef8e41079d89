/**
 * Synthetic captures for the benchmarks: a Windows Server 2022 container host
 * with a chosen number of networks, endpoints, containers and adapters, in
 * the raw shape Windows PowerShell 5.1 writes (integer enums, CIM noise).
 */

export interface HostSize {
  readonly networks: number;
  readonly endpoints: number;
  readonly containers: number;
  readonly adapters: number;
}

export const LARGEST: HostSize = { networks: 100, endpoints: 2000, containers: 1000, adapters: 50 };

/** The largest host divided by 2^k (at least one of each). */
export function scaled(k: number): HostSize {
  const d = 2 ** k;
  return {
    networks: Math.max(1, Math.round(LARGEST.networks / d)),
    endpoints: Math.max(1, Math.round(LARGEST.endpoints / d)),
    containers: Math.max(1, Math.round(LARGEST.containers / d)),
    adapters: Math.max(1, Math.round(LARGEST.adapters / d)),
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (kind: number, n: number) => `${hex(kind, 8)}-${hex(n >>> 16, 4)}-4${hex(n & 0xfff, 3)}-8${hex(kind & 0xfff, 3)}-${hex(n, 12)}`;
const mac = (kind: number, n: number) => `00-15-5D-${hex(kind, 2)}-${hex((n >> 8) & 0xff, 2)}-${hex(n & 0xff, 2)}`.toUpperCase();
const cim = { CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapter', CimInstanceProperties: 'Name = ...', CimSystemProperties: 'Microsoft.Management.Infrastructure.CimSystemProperties' };

export function generateCapture(size: HostSize, seed = 0): Record<string, unknown> {
  const host = `BENCH-HOST-${seed}`;
  const adapters = [];
  const addresses = [];
  const interfaces = [];
  for (let i = 0; i < size.adapters; i++) {
    const name = i === 0 ? 'Ethernet' : `Ethernet ${i + 1}`;
    adapters.push({ Name: name, InterfaceDescription: `Intel(R) Ethernet Controller X710 #${i + 1}`, ifIndex: 10 + i, Status: 'Up', MacAddress: mac(1, i), LinkSpeed: '10 Gbps', Virtual: false, HardwareInterface: true, ...cim });
    addresses.push({ InterfaceAlias: name, InterfaceIndex: 10 + i, IPAddress: `10.${100 + (i >> 8)}.${i & 0xff}.10`, PrefixLength: 24, AddressFamily: 2, PrefixOrigin: 3, ...cim });
    addresses.push({ InterfaceAlias: name, InterfaceIndex: 10 + i, IPAddress: `fe80::215:5dff:fe01:${hex(i, 4)}%${10 + i}`, PrefixLength: 64, AddressFamily: 23, PrefixOrigin: 2, ...cim });
    interfaces.push({ InterfaceAlias: name, InterfaceIndex: 10 + i, AddressFamily: 2, InterfaceMetric: 15, Dhcp: 0, ...cim });
  }
  adapters.push({ Name: 'vEthernet (nat)', InterfaceDescription: 'Hyper-V Virtual Ethernet Adapter', ifIndex: 5, Status: 'Up', MacAddress: mac(2, 0), Virtual: true, HardwareInterface: false, ...cim });
  addresses.push({ InterfaceAlias: 'vEthernet (nat)', InterfaceIndex: 5, IPAddress: '172.20.0.1', PrefixLength: 16, AddressFamily: 2, PrefixOrigin: 1, ...cim });

  const hnsNetworks = [];
  const dockerNetworks = [];
  for (let n = 0; n < size.networks; n++) {
    const name = n === 0 ? 'nat' : `app-${n}`;
    const subnet = n === 0 ? '172.20.0.0/16' : `172.${21 + (n >> 8)}.${n & 0xff}.0/24`;
    const gateway = n === 0 ? '172.20.0.1' : `172.${21 + (n >> 8)}.${n & 0xff}.1`;
    hnsNetworks.push({
      ActivityId: guid(9, n), ID: guid(3, n), Name: name, Type: 'NAT', NatName: `ICS${hex(n, 8)}`,
      Subnets: [{ AddressPrefix: subnet, GatewayAddress: gateway, ID: guid(4, n), ObjectType: 5, Policies: [] }],
      Extensions: [{ Id: 'E7C3B2F0-F3C5-48DF-AF2B-10FED6D72E7A', IsEnabled: false, Name: 'Microsoft Windows Filtering Platform' }],
      Policies: [], State: 1, Version: 38654705669, Resources: { AdditionalParams: {}, AllocationOrder: 2, ID: guid(5, n) },
    });
    dockerNetworks.push({
      Name: name, Id: hex(n, 12) + 'a'.repeat(52), Created: '2024-05-14T09:00:00Z', Scope: 'local', Driver: 'nat', EnableIPv6: false,
      IPAM: { Driver: 'windows', Options: null, Config: [{ Subnet: subnet, Gateway: gateway }] },
      Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
      Containers: {} as Record<string, unknown>,
      Options: { 'com.docker.network.windowsshim.hnsid': guid(3, n), 'com.docker.network.windowsshim.networkname': name },
      Labels: {},
    });
  }
  const endpoints = [];
  const containers = [];
  for (let e = 0; e < size.endpoints; e++) {
    const n = e % size.networks;
    const net = dockerNetworks[n]!;
    const ip = n === 0 ? `172.20.${(e >> 8) & 0xff}.${(e & 0xff) + 2 > 254 ? 2 : (e & 0xff) + 2}` : `172.${21 + (n >> 8)}.${n & 0xff}.${(Math.floor(e / size.networks) % 250) + 2}`;
    endpoints.push({
      ID: guid(6, e), Name: `ep-${e}`, VirtualNetwork: guid(3, n), VirtualNetworkName: net.Name, IPAddress: ip, PrefixLength: n === 0 ? 16 : 24,
      GatewayAddress: net.IPAM.Config[0]!.Gateway, MacAddress: mac(3, e), IsRemoteEndpoint: false, State: 3, SharedContainers: [],
      Policies: [{ Type: 'L2Driver' }], Resources: { AllocationOrder: 1, ID: guid(7, e) },
    });
    if (e < size.containers) {
      const id = hex(e, 16) + 'c'.repeat(48);
      const cname = `svc-${e}`;
      net.Containers[id] = { Name: cname, EndpointID: guid(6, e), MacAddress: mac(3, e).toLowerCase().replace(/-/g, ':'), IPv4Address: `${ip}/${n === 0 ? 16 : 24}`, IPv6Address: '' };
      containers.push({
        Id: id, Name: `/${cname}`, State: { Status: 'running', Running: true, Paused: false, Pid: 1000 + e },
        Config: { Hostname: id.slice(0, 12) },
        HostConfig: { NetworkMode: net.Name, PortBindings: e % 10 === 0 ? { '80/tcp': [{ HostIp: '', HostPort: String(20000 + e) }] } : {}, Dns: [], DnsOptions: [], DnsSearch: [], Links: null, Isolation: 'process' },
        NetworkSettings: {
          Networks: { [net.Name]: { NetworkID: net.Id, EndpointID: guid(6, e), IPAddress: ip, IPPrefixLen: n === 0 ? 16 : 24, Gateway: net.IPAM.Config[0]!.Gateway, MacAddress: mac(3, e).toLowerCase().replace(/-/g, ':'), IPAMConfig: null, Aliases: null } },
          Ports: {},
        },
      });
    }
  }
  return {
    format: 'wcn-capture', formatVersion: 1, capturedAt: '2024-05-14T09:30:00.000Z', collector: 'bench generator', psVersion: '5.1.20348.2400',
    os: { Caption: 'Microsoft Windows Server 2022 Datacenter', Version: '10.0.20348', BuildNumber: '20348', ProductType: 3, OSArchitecture: '64-bit', UBR: 2400, DisplayVersion: '21H2' },
    computerSystem: { Name: host, Domain: 'bench.example', Manufacturer: 'Dell Inc.', Model: 'PowerEdge R750', HypervisorPresent: true },
    hotfixes: [{ HotFixID: 'KB5036909', InstalledOn: { value: '/Date(1715644800000)/', DisplayHint: 2, DateTime: 'Tuesday, May 14, 2024' } }],
    tcpip6: {},
    services: ['hns', 'winnat', 'vfpext', 'docker', 'vmcompute', 'vmms', 'SharedAccess', 'mpssvc'].map((s) => ({ Name: s, DisplayName: s, Status: 4, StartType: 3 })),
    vmSwitches: [{ Name: 'nat', Id: guid(8, 0), SwitchType: 1, AllowManagementOS: true, CimSession: 'CimSession: .', ComputerName: host, IsDeleted: false }],
    vmSwitchExtensions: [],
    vmNetworkAdapters: [{ Name: 'nat', SwitchName: 'nat', MacAddress: '00155D020000', MacAddressSpoofing: 1, Status: 'Ok' }],
    netAdapters: adapters,
    netIPAddresses: addresses,
    netIPInterfaces: interfaces,
    netRoutes: [{ InterfaceAlias: 'Ethernet', InterfaceIndex: 10, DestinationPrefix: '0.0.0.0/0', NextHop: '10.100.0.1', RouteMetric: 0 }],
    netNat: [],
    netNatStaticMappings: [],
    hnsNetworks,
    hnsEndpoints: endpoints,
    docker: {
      info: { ID: 'BENCH', Name: host, OSType: 'windows', ServerVersion: '24.0.7', Isolation: 'process', Swarm: { LocalNodeState: 'inactive', ControlAvailable: false } },
      version: { Server: { Version: '24.0.7', Os: 'windows', ApiVersion: '1.43' } },
      networks: dockerNetworks,
      containers,
      daemonConfig: {},
    },
  };
}
