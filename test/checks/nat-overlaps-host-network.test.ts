import test from 'ava';
import { natOverlapsHostNetwork, suggestFreeNatSubnet } from '../../src/core/checks/nat-overlaps-host-network.js';
import { prefixesOverlap, parsePrefix } from '../../src/core/model/net.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { addAdapter, addNetwork, addRoute, combine, setIpv4 } from '../helpers/capture-edits.js';

/** Docker on 17763 showing the default nat network as 0.0.0.0/0 with no gateway (HNS keeps the real subnet). */
function unsetDockerNatSubnet(raw: RawCapture) {
  const nat = raw['docker'].networks.find((n: { Name: string }) => n.Name === 'nat');
  nat.IPAM.Config = [{ Subnet: '0.0.0.0/0' }];
}

testCheck(test, natOverlapsHostNetwork, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019 (transparent network on the LAN is not NAT)', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022 (LAN address on an External switch vNIC)', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11 (Default Switch is ICS, not compared)', baseline: 'healthy-win11' },
    { name: '0.0.0.0/0 shown by docker on 17763 overlaps nothing', baseline: 'healthy-ws2019', patch: unsetDockerNatSubnet },
    { name: 'an adjacent LAN prefix does not overlap', baseline: 'healthy-ws2016', patch: setIpv4('Ethernet', '172.29.96.20', 24) },
    { name: 'APIPA on a disconnected NIC is not a network', baseline: 'healthy-ws2019', patch: setIpv4('Ethernet', '169.254.10.20', 16) },
    {
      name: 'a default route through a VPN reaches everything but overlaps nothing',
      baseline: 'healthy-ws2019',
      patch: combine(addAdapter('CorpVPN', '10.99.0.5', 32), addRoute('CorpVPN', 40, '0.0.0.0/0', '10.99.0.1')),
    },
    {
      name: 'routes through the nat vNIC itself are its own',
      baseline: 'healthy-ws2019',
      patch: addRoute('vEthernet (nat)', 19, '172.23.64.0/20', '0.0.0.0'),
    },
  ],
  invalid: [
    {
      name: 'the LAN sits inside the WinNAT prefix on 14393',
      baseline: 'healthy-ws2016',
      patch: setIpv4('Ethernet', '172.29.85.20', 24),
      findings: [{
        severity: 'error',
        subjects: ['nat', 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31', 'Ethernet'],
        message: ["WinNAT 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31'", "docker network 'nat'", '172.29.80.0/20', "172.29.85.0/24 (address 172.29.85.20) on 'Ethernet'", '172.16.0.0/24 overlaps nothing'],
      }],
    },
    {
      name: "a VPN adapter's prefix inside the nat subnet (17763)",
      baseline: 'healthy-ws2019',
      patch: addAdapter('CorpVPN', '172.23.70.5', 24),
      findings: [{ severity: 'error', subjects: ['nat', 'CorpVPN'], message: ['172.23.64.0/20', "on 'CorpVPN'"] }],
    },
    {
      name: 'docker shows 0.0.0.0/0: the HNS subnet is compared instead',
      baseline: 'healthy-ws2019',
      patch: combine(unsetDockerNatSubnet, addAdapter('CorpVPN', '172.23.70.5', 24)),
      findings: [{ severity: 'error', subjects: ['nat', 'CorpVPN'], message: ['172.23.64.0/20'] }],
    },
    {
      name: 'the LAN on an External switch vNIC (WS2022)',
      baseline: 'healthy-ws2022',
      patch: setIpv4('vEthernet (Ethernet0)', '172.26.50.10', 24),
      findings: [{ severity: 'error', subjects: ['nat', 'vEthernet (Ethernet0)'], message: ["on 'vEthernet (Ethernet0)'"] }],
    },
    {
      name: 'a custom nat network inside a VPN route',
      baseline: 'healthy-ws2019',
      patch: combine(
        addNetwork('backend', 'nat', '10.50.1.0/24', '10.50.1.1', '0B9B1B3A-1111-4C3D-9E8F-1234567890AB'),
        addAdapter('CorpVPN', '10.99.0.5', 32),
        addRoute('CorpVPN', 40, '10.0.0.0/8', '10.99.0.1'),
      ),
      findings: [{ severity: 'error', subjects: ['backend', 'CorpVPN'], message: ['10.50.1.0/24', "the route to 10.0.0.0/8 through 'CorpVPN'"] }],
    },
    {
      name: 'a disconnected VPN adapter only warns',
      baseline: 'healthy-ws2019',
      patch: addAdapter('CorpVPN', '172.23.70.5', 24, { status: 'Disconnected' }),
      findings: [{ severity: 'warning', subjects: ['CorpVPN'], message: ['not connected now'] }],
    },
    {
      name: 'the default gateway inside the nat prefix',
      baseline: 'healthy-ws2019',
      patch: combine(setIpv4('Ethernet', '10.20.30.41', 32), (raw) => { raw['netRoutes'][0].NextHop = '172.23.64.254'; }),
      findings: [{ severity: 'error', message: ["the default gateway 172.23.64.254 of 'Ethernet'"] }],
    },
    {
      name: 'a lab WinNAT over the LAN (17763)',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '10.20.0.0/16', Active: true }]; },
      findings: [{ severity: 'error', subjects: ['LabNAT', 'Ethernet'], message: ["WinNAT 'LabNAT'", '10.20.0.0/16'] }],
    },
    {
      name: 'a hostile network name still yields parseable fixes',
      baseline: 'healthy-ws2019',
      patch: combine(
        addNetwork("it's; $(Stop-Computer) `n", 'nat', '10.20.30.128/25', '10.20.30.129', '0B9B1B3A-2222-4C3D-9E8F-1234567890AB'),
      ),
      findings: [{ severity: 'error', subjects: ["it's; $(Stop-Computer) `n", 'Ethernet'] }],
    },
  ],
});

test('the default nat network is moved with fixed-cidr, written without a byte order mark', (t) => {
  const raw = rawSample('healthy-ws2016');
  setIpv4('Ethernet', '172.29.85.20', 24)(raw);
  const { model } = modelOf(raw);
  const [finding] = natOverlapsHostNetwork.run(model);
  const fix = finding?.fixes[0];
  t.truthy(fix);
  const text = fix!.commands.join('\n');
  t.regex(text, /-NotePropertyName 'fixed-cidr' -NotePropertyValue '172\.16\.0\.0\/24'/);
  t.regex(text, /WriteAllText/);
  t.regex(text, /Stop-Service -Name 'docker'[\s\S]*Where-Object -Property 'Id' -EQ -Value 'c438be7b-70af-424d-9e82-c590ecc23a3a' \| Remove-HnsNetwork[\s\S]*Start-Service -Name 'docker'/);
  t.is(fix!.risk, 'disruptive');
});

test('a custom nat network is re-created in the free range', (t) => {
  const raw = rawSample('healthy-ws2019');
  addNetwork('backend', 'nat', '10.20.0.0/16', '10.20.0.1', '0B9B1B3A-1111-4C3D-9E8F-1234567890AB')(raw);
  const { model } = modelOf(raw);
  const findings = natOverlapsHostNetwork.run(model);
  t.is(findings.length, 1);
  const cmds = findings[0]!.fixes[0]!.commands;
  t.true(cmds.some((c) => c === "docker network rm 'backend'"));
  t.true(cmds.some((c) => c.startsWith("docker network create -d 'nat' --subnet '172.16.0.0/24' --gateway '172.16.0.1'")));
});

test('the suggested range avoids the neighbourhood of every host network and every container subnet', (t) => {
  const raw = rawSample('healthy-ws2019');
  setIpv4('Ethernet', '172.16.9.41', 24)(raw);
  addNetwork('one', 'nat', '172.17.0.0/24', '172.17.0.1', '0B9B1B3A-3333-4C3D-9E8F-1234567890AB')(raw);
  const { model } = modelOf(raw);
  const free = suggestFreeNatSubnet(model)!;
  // 172.16.0.0/16 is the LAN's neighbourhood, 172.17.0.0/24 a network: the next free /24 is 172.17.1.0/24.
  t.is(free.text, '172.17.1.0/24');
  const taken = ['172.16.0.0/16', '172.23.64.0/20', '10.20.31.0/24', '172.17.0.0/24'].map((x) => parsePrefix(x)!);
  t.false(taken.some((p) => prefixesOverlap(p, free)));
});

test('two overlapping networks get two different free ranges', (t) => {
  const raw = rawSample('healthy-ws2019');
  addAdapter('CorpVPN', '172.23.70.5', 24)(raw);
  addNetwork('backend', 'nat', '10.20.30.128/25', '10.20.30.129', '0B9B1B3A-4444-4C3D-9E8F-1234567890AB')(raw);
  const { model } = modelOf(raw);
  const findings = natOverlapsHostNetwork.run(model);
  t.is(findings.length, 2);
  const ranges = findings.map((f) => /(\d+\.\d+\.\d+\.\d+\/24) overlaps nothing/.exec(f.message)?.[1]);
  t.is(ranges.length, 2);
  t.truthy(ranges[0]);
  t.truthy(ranges[1]);
  t.not(ranges[0], ranges[1]);
});
