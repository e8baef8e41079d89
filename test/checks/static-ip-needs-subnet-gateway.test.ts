import test from 'ava';
import { staticIpNeedsSubnetGateway } from '../../src/core/checks/static-ip-needs-subnet-gateway.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addContainer, addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const ipam = (net: string, config: { Subnet: string; Gateway?: string }[]) => (raw: RawCapture) => { findDockerNetwork(raw, net).IPAM.Config = config; };
/** On the WS2019 host the default route leaves through 'Ethernet'; give the transparent switch's vNIC a router too. */
const routeOnExtVnic = (raw: RawCapture) => {
  raw['netRoutes'].push({ InterfaceAlias: 'vEthernet (Ethernet 2)', InterfaceIndex: 14, DestinationPrefix: '0.0.0.0/0', NextHop: '10.20.31.1', RouteMetric: 512 });
};

testCheck(test, staticIpNeedsSubnetGateway, {
  valid: [
    { name: "WS2019: 'ext' matches the vNIC's 10.20.31.0/24 (no router on that vNIC to compare)", baseline: 'healthy-ws2019' },
    { name: "WS2022: 'l2b' matches 10.40.0.0/24 and router 10.40.0.1", baseline: 'healthy-ws2022' },
    { name: 'WS2016: nat only', baseline: 'healthy-ws2016' },
    { name: 'Windows 11: nat and ics only', baseline: 'healthy-win11' },
    { name: 'WS2019: the router on the vNIC is the gateway', baseline: 'healthy-ws2019', patch: routeOnExtVnic },
    {
      name: 'a transparent DHCP network without static addresses',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        addDockerNetwork(raw, { name: 'dhcp', driver: 'transparent' });
        addContainer(raw, { name: 'leased', network: 'dhcp', ip: '10.20.30.140' });
      },
    },
    {
      name: 'l2bridge without subnet is left to l2bridge-dhcp-unsupported',
      baseline: 'healthy-ws2022',
      patch: ipam('l2b', []),
    },
    {
      name: 'without host addresses the subnet is not compared',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ipam('l2b', [{ Subnet: '10.40.0.0/23', Gateway: '10.40.0.1' }])(raw); delete raw['netIPAddresses']; },
    },
  ],
  invalid: [
    {
      name: 'WS2019: static address on a transparent network without subnet and gateway',
      baseline: 'healthy-ws2019',
      patch: (raw) => { ipam('ext', [])(raw); routeOnExtVnic(raw); },
      findings: [{ severity: 'error', subjects: ['ext', 'legacy-erp', 'vEthernet (Ethernet 2)'], message: ['no subnet and no gateway', "'legacy-erp' (10.20.31.50) has a static address", 'The object already exists'] }],
    },
    {
      name: 'a subnet but no gateway',
      baseline: 'healthy-ws2019',
      patch: ipam('ext', [{ Subnet: '10.20.31.0/24' }]),
      findings: [{ severity: 'error', subjects: ['ext'], message: ['it has no gateway'] }],
    },
    {
      name: "WS2022: a subnet that is not the physical network's, containers outside it",
      baseline: 'healthy-ws2022',
      patch: ipam('l2b', [{ Subnet: '10.41.0.0/24', Gateway: '10.41.0.1' }]),
      findings: [{ severity: 'error', subjects: ['l2b', 'vEthernet (Ethernet0)', 'app-blue'], message: ['10.41.0.0/24 is not the physical network', '10.40.0.10/24', "'app-blue' has static address 10.40.0.101"] }],
    },
    {
      name: 'a gateway that is not the router',
      baseline: 'healthy-ws2022',
      patch: ipam('l2b', [{ Subnet: '10.40.0.0/24', Gateway: '10.40.0.254' }]),
      findings: [{ severity: 'error', message: ['gateway 10.40.0.254 is not the physical network\'s router', '10.40.0.1'] }],
    },
    {
      name: "the gateway is the subnet's network address",
      baseline: 'healthy-ws2022',
      patch: ipam('l2b', [{ Subnet: '10.40.0.0/24', Gateway: '10.40.0.0' }]),
      findings: [{ severity: 'error', message: ['10.40.0.0 is the network address of 10.40.0.0/24'] }],
    },
    {
      name: 'a subnet narrower than the physical network: warning',
      baseline: 'healthy-ws2022',
      patch: ipam('l2b', [{ Subnet: '10.40.0.0/25', Gateway: '10.40.0.1' }]),
      findings: [{ severity: 'warning', message: ['narrower than the physical network 10.40.0.0/24'] }],
    },
    {
      name: 'a container with a static address outside the subnet',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addContainer(raw, { name: 'erp2', network: 'ext', ip: '10.20.99.5', static: true, running: false }); },
      findings: [{ severity: 'error', subjects: ['ext', 'erp2'], message: ["'erp2' has static address 10.20.99.5, outside 10.20.31.0/24"] }],
    },
    {
      name: 'hostile names still yield parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        const n = "l2'; Get-ChildItem env: | Out-File x; '";
        addDockerNetwork(raw, { name: n, driver: 'transparent', subnet: '10.40.0.0/24', gateway: '10.40.0.9', options: { 'com.docker.network.windowsshim.interface': 'Ethernet0' } });
        addContainer(raw, { name: "c'$(Stop-Computer)", network: n, ip: '10.40.0.120', static: true });
      },
      findings: [{ subjects: ["l2'; Get-ChildItem env: | Out-File x; '"] }],
    },
  ],
});

test('WCN305 fix: re-create on the physical subnet and router, and give the static addresses back', (t) => {
  const [f] = findingsOf(staticIpNeedsSubnetGateway, 'healthy-ws2022', ipam('l2b', [{ Subnet: '10.41.0.0/24', Gateway: '10.41.0.1' }]));
  const fix = f!.fixes[0]!;
  t.true(fix.commands.some((c) => c.startsWith("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1'")), fix.commands.join('\n'));
  t.true(fix.commands.includes("docker network connect --ip '10.40.0.101' 'l2b' 'app-blue'"));
  t.true(fix.commands.some((c) => c.includes('enable_outboundnat=true')), 'keeps the other options');
  t.is(fix.risk, 'disruptive');
});

test('WCN305 fix: without a router on the segment, only the read-out is offered', (t) => {
  const [f] = findingsOf(staticIpNeedsSubnetGateway, 'healthy-ws2019', ipam('ext', []));
  t.is(f!.fixes.length, 1);
  t.true(f!.fixes[0]!.commands.every((c) => c.startsWith('Get-Net')));
});
