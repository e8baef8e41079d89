import test from 'ava';
import { l2bridgeDhcpUnsupported } from '../../src/core/checks/l2bridge-dhcp-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const ipam = (config: { Subnet: string; Gateway?: string }[]) => (raw: RawCapture) => { findDockerNetwork(raw, 'l2b').IPAM.Config = config; };

testCheck(test, l2bridgeDhcpUnsupported, {
  valid: [
    { name: "WS2022: 'l2b' has subnet and gateway", baseline: 'healthy-ws2022' },
    { name: 'WS2019: transparent may use DHCP', baseline: 'healthy-ws2019', patch: (raw) => { findDockerNetwork(raw, 'ext').IPAM.Config = []; } },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
    {
      name: 'docker shows no IPAM entry but HNS holds subnet and gateway',
      baseline: 'healthy-ws2022',
      patch: ipam([]),
    },
  ],
  invalid: [
    {
      name: 'an l2bridge network without subnet and gateway (HNS has none either)',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ipam([])(raw); raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'l2b').Subnets = []; },
      findings: [{ severity: 'error', subjects: ['l2b'], message: ['no subnet and no gateway', 'only static addressing', '10.40.0.0/24 with router 10.40.0.1'] }],
    },
    {
      name: 'a subnet without a gateway',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ipam([{ Subnet: '10.40.0.0/24' }])(raw); raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'l2b').Subnets = [{ AddressPrefix: '10.40.0.0/24' }]; },
      findings: [{ severity: 'error', message: ['a subnet but no gateway'] }],
    },
    {
      name: 'a new l2bridge network with no known adapter gets only the read-out',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addDockerNetwork(raw, { name: 'l2new', driver: 'l2bridge' }); },
      findings: [{ severity: 'error', subjects: ['l2new'], message: ['no subnet and no gateway'] }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "b'; iex $(irm x) ;'", driver: 'l2bridge', options: { 'com.docker.network.windowsshim.interface': 'Ethernet0' } }); },
      findings: [{ subjects: ["b'; iex $(irm x) ;'"] }],
    },
  ],
});

test('WCN306 fix: re-create with the physical subnet and router of the adapter behind the network', (t) => {
  const [f] = findingsOf(l2bridgeDhcpUnsupported, 'healthy-ws2022', (raw) => { addDockerNetwork(raw, { name: 'l2new', driver: 'l2bridge', options: { 'com.docker.network.windowsshim.interface': 'Ethernet0' } }); });
  t.true(f!.fixes[0]!.commands.includes("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1' -o 'com.docker.network.windowsshim.interface=Ethernet0' 'l2new'"), f!.fixes[0]!.commands.join('\n'));
});
