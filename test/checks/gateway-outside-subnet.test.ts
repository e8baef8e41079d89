import test from 'ava';
import { gatewayOutsideSubnet } from '../../src/core/checks/gateway-outside-subnet.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import { findingsOf } from '../helpers/captures.js';
import type { RawCapture } from '../helpers/captures.js';

/** A docker-free node whose l2bridge network is flannel's cbr0, with its gateway moved out of its subnet. */
const cbr0BadGateway = (raw: RawCapture) => {
  withoutDocker(raw);
  const l2b = raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'l2b');
  l2b.Name = 'cbr0';
  l2b.Subnets[0].GatewayAddress = '10.99.0.1';
};

const natGateway = (gw: string) => (raw: RawCapture) => {
  raw['docker'].networks.find((n: { Name: string }) => n.Name === 'nat').IPAM.Config[0].Gateway = gw;
};

testCheck(test, gatewayOutsideSubnet, {
  valid: [
    { name: 'WS2019 healthy', baseline: 'healthy-ws2019' },
    { name: 'WS2022 l2bridge gateway inside', baseline: 'healthy-ws2022' },
    {
      name: '17763 nat shown as 0.0.0.0/0 without gateway is not judged',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['docker'].networks.find((n: { Name: string }) => n.Name === 'nat').IPAM.Config = [{ Subnet: '0.0.0.0/0' }]; },
    },
  ],
  invalid: [
    {
      name: 'the source document example: 172.16.2.0/24 with gateway 172.16.1.1',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        const nat = raw['docker'].networks.find((n: { Name: string }) => n.Name === 'nat');
        nat.IPAM.Config = [{ Subnet: '172.16.2.0/24', Gateway: '172.16.1.1' }];
      },
      findings: [{ severity: 'error', subjects: ['nat'], message: ['172.16.1.1', '172.16.2.0/24', '172.16.2.1'] }],
    },
    { name: 'gateway in another range on WS2016', baseline: 'healthy-ws2016', patch: natGateway('10.0.0.1'), findings: [{ message: ['10.0.0.1', '172.29.80.0/20'] }] },
    {
      name: 'a docker-free node: the CNI network cbr0 has its gateway outside its subnet',
      baseline: 'healthy-ws2022',
      patch: cbr0BadGateway,
      findings: [{ severity: 'error', subjects: ['cbr0'], message: ['10.99.0.1', '10.40.0.0/24', 'a Kubernetes CNI plugin, by its name', '10.40.0.1'] }],
    },
  ],
});

test('WCN203 on an HNS network with no recognisable owner removes it through the HNS module', (t) => {
  const [f] = findingsOf(gatewayOutsideSubnet, 'healthy-ws2022', (raw) => {
    cbr0BadGateway(raw);
    raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'cbr0').Name = 'podnet';
  });
  t.regex(f!.message, /owner: no recognisable owner/);
  t.deepEqual(f!.fixes.map((x) => x.commands), [["Get-HnsNetwork | Where-Object Id -eq '63822D0D-968A-4E9F-8FC9-F3BA3E74DDBC' | Remove-HnsNetwork"]]);
});
