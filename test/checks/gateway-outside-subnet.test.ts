import test from 'ava';
import { gatewayOutsideSubnet } from '../../src/core/checks/gateway-outside-subnet.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

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
  ],
});
