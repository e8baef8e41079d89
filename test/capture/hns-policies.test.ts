/**
 * HNS policies and load balancers load in one form whatever the schema (V1:
 * Get-HnsNetwork/Get-HnsEndpoint/Get-HnsPolicyList; V2: HCN), and a broken
 * item is skipped with an issue while the rest of the key still loads.
 */
import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { normalizeHnsPolicy, plainCopy } from '../../src/core/capture/hns-policies.js';

const NET = '11111111-1111-1111-1111-111111111111';

test('V1 and V2 endpoint policies give the same normalized policies', (t) => {
  const v1 = ingestCapture({
    hnsEndpoints: [{
      ID: 'e1', VirtualNetwork: NET, IPAddress: '10.244.1.5', MacAddress: '00-15-5D-00-00-01',
      Policies: [
        { Type: 'OutBoundNAT', ExceptionList: ['10.244.0.0/16', '10.96.0.0/12'] },
        { Type: 'ROUTE', DestinationPrefix: '10.96.0.0/12', NeedEncap: true },
        { Type: 'PA', PA: '192.168.1.10' },
        { Type: 'NAT', Protocol: 'TCP', InternalPort: 80, ExternalPort: 8080 },
        { Type: 'L2Driver' },
      ],
    }],
  }, 'v1.json');
  const v2 = ingestCapture({
    hnsEndpoints: [{
      ID: 'e1', HostComputeNetwork: NET, IpConfigurations: [{ IpAddress: '10.244.1.5', PrefixLength: 24 }], MacAddress: '00-15-5D-00-00-01',
      Policies: [
        { Type: 'OutBoundNAT', Settings: { Exceptions: ['10.244.0.0/16', '10.96.0.0/12'] } },
        { Type: 'SDNRoute', Settings: { DestinationPrefix: '10.96.0.0/12', NeedEncap: true } },
        { Type: 'ProviderAddress', Settings: { ProviderAddress: '192.168.1.10' } },
        { Type: 'PortMapping', Settings: { Protocol: 6, InternalPort: 80, ExternalPort: 8080 } },
        { Type: 'l2driver', Settings: {} },
      ],
    }],
  }, 'v2.json');
  t.deepEqual(v1.issues, []);
  t.deepEqual(v2.issues, []);
  const p1 = v1.capture.hnsEndpoints![0]!.Policies;
  const p2 = v2.capture.hnsEndpoints![0]!.Policies;
  t.deepEqual(p1, p2);
  t.deepEqual(p1!.map((p) => p.Type), ['OutBoundNAT', 'Route', 'ProviderAddress', 'PortMapping', 'L2Driver']);
  t.deepEqual(p1![0], { Type: 'OutBoundNAT', Exceptions: ['10.244.0.0/16', '10.96.0.0/12'], Destinations: [], VirtualIP: undefined });
  t.like(p1![3], { Type: 'PortMapping', Protocol: 'tcp', InternalPort: 80, ExternalPort: 8080 });
});

test('V2 remote endpoints are told by the Flags bit, V1 by IsRemoteEndpoint', (t) => {
  const { capture } = ingestCapture({
    hnsEndpoints: [
      { ID: 'a', HostComputeNetwork: NET, Flags: 1 },
      { ID: 'b', HostComputeNetwork: NET, Flags: 0 },
      { ID: 'c', VirtualNetwork: NET, IsRemoteEndpoint: true },
    ],
  }, 'f');
  t.deepEqual(capture.hnsEndpoints!.map((e) => e.IsRemoteEndpoint), [true, false, true]);
});

test('network and subnet policies are kept in both shapes; unknown types are Other with their settings', (t) => {
  const { capture, issues } = ingestCapture({
    hnsNetworks: [
      {
        ID: NET, Name: 'flannel.4096', Type: 'Overlay',
        Subnets: [{ AddressPrefix: '10.244.1.0/24', GatewayAddress: '10.244.1.1', Policies: [{ Type: 'VSID', VSID: 4096 }] }],
        Policies: [
          { Type: 'RemoteSubnetRoute', DestinationPrefix: '10.244.2.0/24', ProviderAddress: '192.168.1.11', DistributedRouterMacAddress: '02-11-c0-a8-01-0b', IsolationId: 4096 },
          { Type: 'HostRoute' },
        ],
      },
      {
        ID: '22222222-2222-2222-2222-222222222222', Name: 'cbr0', Type: 'L2Bridge',
        Ipams: [{ Type: 'Static', Subnets: [{ IpAddressPrefix: '10.244.3.0/24', Routes: [{ NextHop: '10.244.3.1', DestinationPrefix: '0.0.0.0/0' }], Policies: [{ Type: 'VLAN', Settings: { IsolationId: 7 } }] }] }],
        Policies: [
          { Type: 'NetAdapterName', Settings: { NetworkAdapterName: 'Ethernet' } },
          { Type: 'remotesubnetroute', Settings: { DestinationPrefix: '10.244.4.0/24', ProviderAddress: '192.168.1.12', IsolationId: 4096 } },
          { Type: 'VxlanPort', Settings: { Port: 4789, Nested: { Deep: null } } },
        ],
      },
    ],
  }, 'f');
  t.deepEqual(issues, []);
  const [v1, v2] = capture.hnsNetworks!;
  t.deepEqual(v1!.Subnets[0]!.Policies, [{ Type: 'VSID', Vsid: 4096 }]);
  t.like(v1!.Policies[0], { Type: 'RemoteSubnetRoute', DestinationPrefix: '10.244.2.0/24', ProviderAddress: '192.168.1.11', IsolationId: 4096 });
  t.is(v1!.Policies[1]!.Type, 'HostRoute');
  t.deepEqual(v2!.Subnets[0]!.Policies, [{ Type: 'VLAN', VlanId: 7 }]);
  t.is(v2!.NetworkAdapterName, 'Ethernet');
  t.like(v2!.Policies[1], { Type: 'RemoteSubnetRoute', DestinationPrefix: '10.244.4.0/24', IsolationId: 4096 });
  t.deepEqual(v2!.Policies[2], { Type: 'Other', Name: 'VxlanPort', Raw: { Port: 4789, Nested: { Deep: undefined } } });
});

test('a policy that is not an object skips its item, and the other items still load', (t) => {
  const { capture, issues } = ingestCapture({
    hnsEndpoints: [
      { ID: 'good', VirtualNetwork: NET, Policies: [{ Type: 'L2Driver' }] },
      { ID: 'bad', VirtualNetwork: NET, Policies: ['@{Type=OutBoundNAT}'] },
    ],
  }, 'cap.json');
  t.deepEqual(capture.hnsEndpoints!.map((e) => e.ID), ['good']);
  t.is(issues.length, 1);
  t.is(issues[0]!.key, 'hnsEndpoints');
  t.is(issues[0]!.file, 'cap.json');
});

test('load balancers: the V1 policy list and the V2 HostComputeLoadBalancer read alike', (t) => {
  const { capture, issues } = ingestCapture({
    hnsLoadBalancers: [
      {
        ID: 'lb1', State: 1, IsApplied: true,
        Policies: [{ Type: 'ELB', VIPs: ['10.96.0.10'], SourceVIP: '10.244.1.2', InternalPort: 53, ExternalPort: 53, Protocol: 17, IsDSR: false, ILB: true }],
        References: ['/endpoints/aaaa', '/endpoints/bbbb'],
      },
      {
        ID: 'lb2', HostComputeEndpoints: ['aaaa', 'bbbb'], SourceVIP: '10.244.1.2', FrontendVIPs: ['10.96.0.10'],
        PortMappings: [{ Protocol: 17, InternalPort: 53, ExternalPort: 53, Flags: 1 }], Flags: 0,
      },
      { ID: 'lb3', HostComputeEndpoints: [], PortMappings: [{ Protocol: 6, InternalPort: 80, ExternalPort: 30080, Flags: 2 }], Flags: 1 },
      { ID: 'broken', PortMappings: 'Microsoft.Windows.HNS.PortMapping' },
    ],
  }, 'cap.json');
  const [a, b, c] = capture.hnsLoadBalancers!;
  const { ID: _a, Shape: _sa, $ptr: _pa, ...restA } = a!;
  const { ID: _b, Shape: _sb, $ptr: _pb, ...restB } = b!;
  t.deepEqual(restA, restB);
  t.deepEqual(a!.EndpointIds, ['aaaa', 'bbbb']);
  t.like(a!.PortMappings[0], { Protocol: 'udp', InternalPort: 53, ExternalPort: 53, Ilb: true, LocalRoutedVip: false });
  t.true(c!.Dsr);
  t.true(c!.PortMappings[0]!.LocalRoutedVip);
  t.is(capture.hnsLoadBalancers!.length, 3);
  t.is(issues.length, 1);
  t.is(issues[0]!.key, 'hnsLoadBalancers');
  t.regex(issues[0]!.message, /too small a depth|PortMappings/);
});

test('policy types compare case-insensitively and raw settings are copied clean', (t) => {
  t.is(normalizeHnsPolicy({ Type: 'outboundnat', ExceptionList: '10.0.0.0/8, 172.16.0.0/12' }).Type, 'OutBoundNAT');
  t.deepEqual((normalizeHnsPolicy({ Type: 'OUTBOUNDNAT', exceptionlist: '10.0.0.0/8, 172.16.0.0/12' }) as { Exceptions: string[] }).Exceptions, ['10.0.0.0/8', '172.16.0.0/12']);
  const hostile = JSON.parse('{"a":{"__proto__":{"polluted":1},"b":null}}') as unknown;
  const copy = plainCopy(hostile) as { a: Record<string, unknown> };
  t.false(Object.prototype.hasOwnProperty.call(copy.a, '__proto__'));
  t.is(copy.a['b'], undefined);
  t.is(({} as Record<string, unknown>)['polluted'], undefined);
});
