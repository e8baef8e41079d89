import test from 'ava';
import { natMissingWinnat } from '../../src/core/checks/nat-missing-winnat.js';
import { natOutsideWinnatPrefix } from '../../src/core/checks/nat-outside-winnat-prefix.js';
import { winnatSlotTaken } from '../../src/core/checks/winnat-slot-taken.js';
import { runChecks } from '../../src/core/engine.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import { addHnsNetwork, combine, dockerNetworkRecord, hnsNetworkRecord, setBuild } from '../helpers/capture-edits.js';

const emptyNetNat = (raw: RawCapture) => {
  raw['netNat'] = [];
  raw['netNatStaticMappings'] = [];
};

/** The 14393 sample as a Windows 10 1703 (15063) host: several NAT networks, still WinNAT-backed. */
const asBuild15063 = (raw: RawCapture) => {
  Object.assign(raw['os'], { Caption: 'Microsoft Windows 10 Enterprise', Version: '10.0.15063', BuildNumber: '15063', ProductType: 1, UBR: 2108, ReleaseId: '1703' });
  raw['hnsNetworks'][0].NatName = 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31';
};

function addPartition(name: string, subnet: string, gateway: string, id: string) {
  return (raw: RawCapture) => {
    raw['docker'].networks.push(dockerNetworkRecord(name, 'nat', subnet, gateway, id));
    raw['hnsNetworks'].push(hnsNetworkRecord(name, 'nat', subnet, gateway, id));
  };
}

/** A docker-free 14393 host whose nat network was made through HNS directly (New-HnsNetwork): no owner names it. */
const manualNat = combine(withoutDocker, (raw) => {
  raw['hnsNetworks'] = [];
  addHnsNetwork(raw, { id: '3C2B1A09-8F7E-4D6C-9B5A-4A3B2C1D0E9F', name: 'labnat', type: 'NAT', subnet: '172.29.80.0/20', gateway: '172.29.80.1' });
});

/** The nerdctl host as a WinNAT-backed 15063 build: its nat network's NatName is an ICS name that Get-NetNat never lists. */
const nerdctlOn15063 = (raw: RawCapture) => { setBuild(raw, 15063, 2108, { server: false, caption: 'Microsoft Windows 10 Enterprise' }); };

testCheck(test, natMissingWinnat, {
  valid: [
    { name: 'a docker-free nerdctl host on 26100: ICS-backed, not judged', baseline: 'healthy-ws2025-containerd' },
    { name: 'a Kubernetes node (Azure CNI, l2bridge): no nat network', baseline: 'healthy-aks-azurecni' },
    { name: "docker-free 14393: HNS's own NAT covers an HNS nat network nobody claims", baseline: 'healthy-ws2016', patch: manualNat },
    { name: "HNS's own NAT covers nat on 14393 (prefix written with host bits)", baseline: 'healthy-ws2016' },
    { name: 'empty Get-NetNat is normal on 17763', baseline: 'healthy-ws2019' },
    { name: 'empty Get-NetNat is normal on 20348', baseline: 'healthy-ws2022' },
    { name: 'empty Get-NetNat is normal on Windows 11', baseline: 'healthy-win11' },
    { name: 'empty Get-NetNat on 17763 even with a custom nat network', baseline: 'healthy-ws2019', patch: addPartition('backend', '172.30.10.0/24', '172.30.10.1', '6C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F') },
    {
      name: 'a stray NAT holding the slot on 14393 is winnat-slot-taken, not this',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', Active: true }]; },
    },
    {
      name: 'a subnet outside the container-owned NAT on 14393 is nat-outside-winnat-prefix, not this',
      baseline: 'healthy-ws2016',
      patch: addPartition('CustomNat2', '172.16.2.0/24', '172.16.2.1', '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b'),
    },
    { name: 'on 15063 the NAT named by HNS NatName is enough', baseline: 'healthy-ws2016', patch: combine(asBuild15063, (raw) => { raw['netNat'][0].InternalIPInterfaceAddressPrefix = null; }) },
    { name: 'an unknown build is not judged', baseline: 'healthy-ws2016', patch: combine(emptyNetNat, (raw) => { delete raw['os'].BuildNumber; delete raw['os'].Version; }) },
  ],
  invalid: [
    {
      name: 'Get-NetNat emptied on 14393',
      baseline: 'healthy-ws2016',
      patch: emptyNetNat,
      findings: [{ severity: 'error', subjects: ['nat'], message: ["'nat' (172.29.80.0/20)", 'Get-NetNat is empty', 'H<GUID>'] }],
    },
    {
      name: 'two nat networks on 14393 give one finding and one NAT for the wider subnet',
      baseline: 'healthy-ws2016',
      patch: combine(emptyNetNat, addPartition('CustomNat1', '172.29.81.0/24', '172.29.81.1', '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b')),
      findings: [{ severity: 'error', subjects: ['nat', 'CustomNat1'], message: ["'nat' (172.29.80.0/20), 'CustomNat1' (172.29.81.0/24)"] }],
    },
    {
      name: 'each nat network needs its own NAT on 15063',
      baseline: 'healthy-ws2016',
      patch: combine(asBuild15063, emptyNetNat, addPartition('backend', '172.30.10.0/24', '172.30.10.1', '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f')),
      findings: [
        { severity: 'error', subjects: ['nat'], message: ["'nat' (172.29.80.0/20)", "HNS expects the NAT 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31'"] },
        { severity: 'error', subjects: ['backend'], message: ["'backend' (172.30.10.0/24)"] },
      ],
    },
    {
      name: 'on 15063 a NAT for another network does not cover this one',
      baseline: 'healthy-ws2016',
      patch: combine(asBuild15063, addPartition('backend', '172.30.10.0/24', '172.30.10.1', '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f')),
      findings: [{ severity: 'error', subjects: ['backend'], message: ["Get-NetNat lists only 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31' (172.29.80.1/20)"] }],
    },
    {
      name: 'a docker-free 14393 host: the HNS nat network has no NAT behind it',
      baseline: 'healthy-ws2016',
      patch: combine(manualNat, emptyNetNat),
      findings: [{ severity: 'error', subjects: ['labnat'], message: ["the nat network 'labnat' (172.29.80.0/20; owner: no recognisable owner)", 'Get-NetNat is empty'] }],
    },
    {
      name: "a nerdctl nat network on a WinNAT-backed build: judged from HNS, the ICS NatName is not a WinNAT name",
      baseline: 'healthy-ws2025-containerd',
      patch: nerdctlOn15063,
      findings: [{ severity: 'error', subjects: ['nat'], message: ["HNS nat network 'nat' (10.4.0.0/24; owner: CNI conf nerdctl-nat.conflist (nerdctl))"] }],
    },
    {
      name: 'a hostile network name still yields a parseable New-NetNat',
      baseline: 'healthy-ws2016',
      patch: combine(asBuild15063, addPartition("x'; $(Stop-Computer); 'y", '172.30.10.0/24', '172.30.10.1', '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f')),
      findings: [{ severity: 'error', subjects: ["x'; $(Stop-Computer); 'y"] }],
    },
  ],
});

test('the new NAT is named nat, or after the network when nat is taken', (t) => {
  const raw = rawSample('healthy-ws2016');
  asBuild15063(raw);
  raw['netNat'][0].Name = 'nat';
  addPartition('backend', '172.30.10.0/24', '172.30.10.1', '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f')(raw);
  const [f] = natMissingWinnat.run(modelOf(raw).model);
  t.is(f?.fixes[0]?.commands[0], "New-NetNat -Name 'backend-nat' -InternalIPInterfaceAddressPrefix '172.30.10.0/24'");
  const raw2 = rawSample('healthy-ws2016');
  emptyNetNat(raw2);
  const [g] = natMissingWinnat.run(modelOf(raw2).model);
  t.is(g?.fixes[0]?.commands[0], "New-NetNat -Name 'nat' -InternalIPInterfaceAddressPrefix '172.29.80.0/20'");
  t.is(g?.fixes[0]?.risk, 'safe');
});

test('one missing or misplaced NAT on 14393 gives exactly one finding among the three NAT checks', (t) => {
  const cases: [string, (raw: RawCapture) => void, string][] = [
    ['no NAT at all', emptyNetNat, 'WCN206'],
    ['a lab NAT holds the slot', (raw) => {
      raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', Active: true }];
      raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat');
    }, 'WCN201'],
    ['a partition outside the prefix', addPartition('CustomNat2', '172.16.2.0/24', '172.16.2.1', '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b'), 'WCN202'],
  ];
  for (const [name, patch, code] of cases) {
    const raw = rawSample('healthy-ws2016');
    patch(raw);
    const { findings } = runChecks(modelOf(raw).model, [winnatSlotTaken, natOutsideWinnatPrefix, natMissingWinnat]);
    t.deepEqual(findings.map((f) => f.check), [code], name);
  }
});

test('WCN206 on a docker-free host offers New-NetNat, then an HNS restart: never a docker command', (t) => {
  const raw = rawSample('healthy-ws2016');
  combine(manualNat, emptyNetNat)(raw);
  const [f] = natMissingWinnat.run(modelOf(raw).model);
  t.deepEqual(f?.fixes.map((x) => x.commands), [
    ["New-NetNat -Name 'nat' -InternalIPInterfaceAddressPrefix '172.29.80.0/20'"],
    ["Restart-Service -Name 'hns'"],
  ]);
  t.notRegex(JSON.stringify(f), /docker/i);
});

test('WCN206 with docker down and its networks not captured still judges the docker-owned HNS nat network, with docker\'s fix', (t) => {
  const raw = rawSample('healthy-ws2016');
  emptyNetNat(raw);
  delete raw['docker'].networks;
  const [f] = natMissingWinnat.run(modelOf(raw).model);
  t.regex(f?.message ?? '', /'nat' \(172\.29\.80\.0\/20; owner: docker/);
  t.deepEqual(f?.fixes[1]?.commands, ["Stop-Service -Name 'docker'", "Restart-Service -Name 'hns'", "Start-Service -Name 'docker'"]);
});
