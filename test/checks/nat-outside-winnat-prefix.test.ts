import test from 'ava';
import { freeSubnetInside, natOutsideWinnatPrefix } from '../../src/core/checks/nat-outside-winnat-prefix.js';
import { parsePrefix } from '../../src/core/model/net.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

function addNatNetwork(name: string, subnet: string, gateway: string) {
  return (raw: RawCapture) => {
    raw['docker'].networks.push({
      Name: name, Id: 'f'.repeat(64), Driver: 'nat', Scope: 'local', EnableIPv6: false, Internal: false,
      IPAM: { Driver: 'windows', Options: {}, Config: [{ Subnet: subnet, Gateway: gateway }] },
      Options: { 'com.docker.network.windowsshim.hnsid': '11111111-2222-3333-4444-555555555555' },
      Containers: {},
    });
  };
}

testCheck(test, natOutsideWinnatPrefix, {
  valid: [
    { name: 'default nat inside the HNS NAT prefix (14393)', baseline: 'healthy-ws2016' },
    { name: 'a partition of the prefix, as the source document shows', baseline: 'healthy-ws2016', patch: addNatNetwork('CustomNat1', '172.29.81.0/24', '172.29.81.1') },
    { name: '17763 allows independent NAT networks', baseline: 'healthy-ws2019', patch: addNatNetwork('CustomNat1', '172.16.1.0/24', '172.16.1.1') },
  ],
  invalid: [
    {
      name: 'custom nat outside the prefix on 14393',
      baseline: 'healthy-ws2016',
      patch: addNatNetwork('CustomNat2', '172.16.2.0/24', '172.16.2.1'),
      findings: [{ severity: 'error', subjects: ['CustomNat2'], message: ['172.16.2.0/24', '172.29.80.0/20', '0x80004005'] }],
    },
  ],
});

test('the suggested subnet is free and inside the prefix', (t) => {
  const outer = parsePrefix('172.29.80.0/20')!;
  const used = [parsePrefix('172.29.80.0/24')!, parsePrefix('172.29.81.0/24')!];
  t.is(freeSubnetInside(outer, used)?.text, '172.29.82.0/24');
  t.is(freeSubnetInside(parsePrefix('10.0.0.0/24')!, [parsePrefix('10.0.0.0/24')!]), undefined);
  t.is(freeSubnetInside(parsePrefix('10.0.0.0/26')!, [])?.text, '10.0.0.0/26');
});
