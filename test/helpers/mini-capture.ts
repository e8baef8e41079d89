/**
 * A small but complete capture of a Windows Server 2019 container host,
 * built in code so tests can choose the names of its objects. With the
 * defaults it trips three checks: IPv6 disabled (WCN101), a docker network
 * whose gateway is outside its subnet (WCN203) and an External vSwitch made
 * outside Docker that holds the only physical adapter (WCN301).
 */
import type { RawCapture } from './captures.js';

export interface MiniOptions {
  readonly host?: string;
  /** Name of the docker network with the bad gateway. */
  readonly network?: string;
  /** Name of the container attached to it. */
  readonly container?: string;
  /** Name of the External vSwitch made outside Docker. */
  readonly vswitch?: string;
  /** Name of the physical adapter. */
  readonly adapter?: string;
  /** DisabledComponents (default 0xFF, IPv6 off; the value is absent on a healthy host). */
  readonly disabledComponents?: number;
  /** Leave out the problems: a healthy host. */
  readonly healthy?: boolean;
  readonly ubr?: number;
}

const NAT_HNS_ID = '9a7b1c3e-5d2f-4e6a-8b1c-0d2e3f4a5b6c';
const APP_HNS_ID = '4f6e8d0c-2b1a-4c3d-9e8f-7a6b5c4d3e2f';

export function miniCapture(o: MiniOptions = {}): RawCapture {
  const host = o.host ?? 'CONTAINER-HOST-01';
  const network = o.network ?? 'app';
  const container = o.container ?? 'web';
  const vswitch = o.vswitch ?? 'LabSwitch';
  const adapter = o.adapter ?? 'Ethernet';
  const nicDescription = 'Intel(R) Ethernet Connection I219-LM';
  const healthy = o.healthy === true;
  const containerId = 'c0ffee00aa11bb22cc33dd44ee55ff66778899aabbccddeeff00112233445566';
  return {
    format: 'wcn-capture',
    formatVersion: 1,
    capturedAt: '2024-05-14T09:30:00.000Z',
    collector: 'wcn-collect 0.1.0',
    psVersion: '5.1.17763.5830',
    os: { Caption: 'Microsoft Windows Server 2019 Datacenter', Version: '10.0.17763', BuildNumber: '17763', ProductType: 3, OSArchitecture: '64-bit', UBR: o.ubr ?? 5830, ReleaseId: '1809' },
    computerSystem: { Name: host, Domain: 'corp.example', Manufacturer: 'Microsoft Corporation', Model: 'Virtual Machine', HypervisorPresent: true },
    hotfixes: [{ HotFixID: 'KB5037765', InstalledOn: '\/Date(1715644800000)\/' }],
    tcpip6: healthy ? {} : { DisabledComponents: o.disabledComponents ?? 255 },
    services: [
      { Name: 'hns', DisplayName: 'Host Network Service', Status: 4, StartType: 3 },
      { Name: 'winnat', DisplayName: 'Windows NAT Driver', Status: 4, StartType: 3 },
      { Name: 'vfpext', DisplayName: 'Virtual Filtering Platform Extension', Status: 4, StartType: 3 },
      { Name: 'docker', DisplayName: 'Docker Engine', Status: 4, StartType: 2 },
      { Name: 'vmcompute', DisplayName: 'Hyper-V Host Compute Service', Status: 4, StartType: 3 },
    ],
    vmSwitches: [
      { Name: 'nat', Id: '2e1f0a9b-8c7d-4e6f-5a4b-3c2d1e0f9a8b', SwitchType: 1, AllowManagementOS: true },
      ...(healthy ? [] : [{ Name: vswitch, Id: '7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d', SwitchType: 2, AllowManagementOS: true, NetAdapterInterfaceDescription: nicDescription }]),
    ],
    vmSwitchExtensions: [],
    netAdapters: [
      { Name: adapter, InterfaceDescription: nicDescription, ifIndex: 6, Status: 'Up', MacAddress: '00-15-5D-01-02-03', LinkSpeed: '10 Gbps', Virtual: false, HardwareInterface: true },
      { Name: 'vEthernet (nat)', InterfaceDescription: 'Hyper-V Virtual Ethernet Adapter', ifIndex: 11, Status: 'Up', MacAddress: '00-15-5D-AA-BB-CC', LinkSpeed: '10 Gbps', Virtual: true, HardwareInterface: false },
    ],
    netIPAddresses: [
      { InterfaceAlias: adapter, InterfaceIndex: 6, IPAddress: '10.20.30.40', PrefixLength: 24, AddressFamily: 2, PrefixOrigin: 3 },
      { InterfaceAlias: 'vEthernet (nat)', InterfaceIndex: 11, IPAddress: '172.24.16.1', PrefixLength: 20, AddressFamily: 2, PrefixOrigin: 1 },
    ],
    netIPInterfaces: [
      { InterfaceAlias: adapter, InterfaceIndex: 6, AddressFamily: 2, InterfaceMetric: 15, Dhcp: 1 },
    ],
    netRoutes: [{ InterfaceAlias: adapter, InterfaceIndex: 6, DestinationPrefix: '0.0.0.0/0', NextHop: '10.20.30.1', RouteMetric: 0 }],
    netNat: [],
    netNatStaticMappings: [],
    hnsNetworks: [
      { ID: NAT_HNS_ID, Name: 'nat', Type: 'nat', Subnets: [{ AddressPrefix: '172.24.16.0/20', GatewayAddress: '172.24.16.1' }], NatName: 'ICS1a2b3c4d', Extensions: [], Policies: [] },
      { ID: APP_HNS_ID, Name: network, Type: 'nat', Subnets: [{ AddressPrefix: '172.30.0.0/24', GatewayAddress: '172.30.0.1' }], Extensions: [], Policies: [] },
    ],
    hnsEndpoints: [
      { ID: 'e1e1e1e1-0000-4000-8000-000000000001', Name: 'ep-web', VirtualNetwork: APP_HNS_ID, VirtualNetworkName: network, IPAddress: '172.30.0.10', PrefixLength: 24, MacAddress: '00-15-5D-11-22-33', IsRemoteEndpoint: false },
    ],
    docker: {
      info: { ID: 'ABCD:EFGH', Name: host, OSType: 'windows', ServerVersion: '24.0.7', Isolation: 'process', Swarm: { LocalNodeState: 'inactive', ControlAvailable: false } },
      version: { Server: { Version: '24.0.7', Os: 'windows', ApiVersion: '1.43' } },
      networks: [
        { Name: 'nat', Id: 'aaaaaaaaaaaa', Driver: 'nat', Scope: 'local', IPAM: { Driver: 'windows', Config: [{ Subnet: '172.24.16.0/20', Gateway: '172.24.16.1' }] }, Options: { 'com.docker.network.windowsshim.hnsid': NAT_HNS_ID }, Containers: {} },
        { Name: 'none', Id: 'bbbbbbbbbbbb', Driver: 'null', Scope: 'local', IPAM: { Driver: 'default', Config: [] }, Options: {}, Containers: {} },
        {
          Name: network, Id: 'cccccccccccc', Driver: 'nat', Scope: 'local',
          IPAM: { Driver: 'windows', Config: [{ Subnet: '172.30.0.0/24', Gateway: healthy ? '172.30.0.1' : '172.31.0.1' }] },
          Options: { 'com.docker.network.windowsshim.hnsid': APP_HNS_ID },
          Containers: { [containerId]: { Name: container, EndpointID: 'e1e1e1e1-0000-4000-8000-000000000001', MacAddress: '00:15:5d:11:22:33', IPv4Address: '172.30.0.10/24' } },
        },
      ],
      containers: [{
        Id: containerId, Name: `/${container}`, State: { Status: 'running', Running: true },
        HostConfig: { NetworkMode: network, PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, Isolation: 'process' },
        NetworkSettings: { Networks: { [network]: { NetworkID: 'cccccccccccc', IPAddress: '172.30.0.10', IPPrefixLen: 24, MacAddress: '00:15:5d:11:22:33' } } },
      }],
      daemonConfig: {},
    },
  };
}
