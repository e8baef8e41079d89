import test from 'ava';
import { natSubnetUnset } from '../../src/core/checks/nat-subnet-unset.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { combine, dockerNetworkRecord, hnsNetworkRecord } from '../helpers/capture-edits.js';

function unset(name = 'nat') {
  return (raw: RawCapture) => {
    raw['docker'].networks.find((n: { Name: string }) => n.Name === name).IPAM.Config = [{ Subnet: '0.0.0.0/0' }];
  };
}

testCheck(test, natSubnetUnset, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019 (docker shows the real subnet)', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    { name: 'not the known display on 14393', baseline: 'healthy-ws2016', patch: unset() },
    { name: 'a transparent network is not nat', baseline: 'healthy-ws2019', patch: unset('ext') },
  ],
  invalid: [
    {
      name: 'the default nat network on 17763',
      baseline: 'healthy-ws2019',
      patch: unset(),
      findings: [{ severity: 'info', subjects: ['nat'], message: ['0.0.0.0/0 and no gateway', 'The real subnet is 172.23.64.0/20 with gateway 172.23.64.1', "HNS network 'nat' (id A2BDCD4B-75FE-4C20-AC91-D3FC77D104E1)"], minFixes: 2 }],
    },
    {
      name: 'on 20348 without HNS in the capture',
      baseline: 'healthy-ws2022',
      patch: combine(unset(), (raw) => { delete raw['hnsNetworks']; }),
      findings: [{ severity: 'info', message: ['Get-HnsNetwork shows it (hnsNetworks was not captured)'], minFixes: 1 }],
    },
    {
      name: 'a hostile custom nat name still yields parseable fixes',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        const id = '6C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F';
        raw['docker'].networks.push(dockerNetworkRecord("n'; $(x) `; y", 'nat', '0.0.0.0/0', undefined, id));
        raw['hnsNetworks'].push(hnsNetworkRecord("n'; $(x) `; y", 'nat', '172.30.10.0/24', '172.30.10.1', id));
      },
      findings: [{ severity: 'info', subjects: ["n'; $(x) `; y"], message: ['172.30.10.0/24'] }],
    },
  ],
});

test('the optional pin uses the subnet HNS chose', (t) => {
  const raw = rawSample('healthy-ws2019');
  unset()(raw);
  const [f] = natSubnetUnset.run(modelOf(raw).model);
  t.is(f?.fixes[0]?.commands[0], "Restart-Service -Name 'docker'");
  t.true(f?.fixes[1]?.commands.includes("$config | Add-Member -NotePropertyName 'fixed-cidr' -NotePropertyValue '172.23.64.0/20' -Force"));
});
