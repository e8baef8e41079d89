import test from 'ava';
import { natSwitchNotInternal } from '../../src/core/checks/nat-switch-not-internal.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { combine, dockerNetworkRecord, hnsNetworkRecord } from '../helpers/capture-edits.js';

/** The switch loses its host vNIC: Hyper-V then reports it as Private (SwitchType 0). */
function loseVnic(switchName: string, vnicAlias: string) {
  return (raw: RawCapture) => {
    raw['vmSwitches'].find((s: { Name: string }) => s.Name === switchName).SwitchType = 0;
    raw['vmNetworkAdapters'] = raw['vmNetworkAdapters'].filter((v: { SwitchName: string }) => v.SwitchName !== switchName);
    raw['netAdapters'] = raw['netAdapters'].filter((a: { Name: string }) => a.Name !== vnicAlias);
    raw['netIPAddresses'] = raw['netIPAddresses'].filter((a: { InterfaceAlias: string }) => a.InterfaceAlias !== vnicAlias);
    raw['netIPInterfaces'] = raw['netIPInterfaces'].filter((a: { InterfaceAlias: string }) => a.InterfaceAlias !== vnicAlias);
  };
}

/** The vNIC is still there but its IPv4 address is gone (a half-finished cleanup). */
function loseGatewayAddress(vnicAlias: string) {
  return (raw: RawCapture) => {
    raw['netIPAddresses'] = raw['netIPAddresses'].filter((a: { InterfaceAlias: string; AddressFamily: number }) => !(a.InterfaceAlias === vnicAlias && a.AddressFamily === 2));
  };
}

function unsetDockerNatSubnet(raw: RawCapture) {
  raw['docker'].networks.find((n: { Name: string }) => n.Name === 'nat').IPAM.Config = [{ Subnet: '0.0.0.0/0' }];
}

/** A custom nat network with a switch of its own (17763 and later). */
function customNatWithSwitch(name: string, switchType: number) {
  const id = '6C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F';
  return (raw: RawCapture) => {
    raw['docker'].networks.push(dockerNetworkRecord(name, 'nat', '172.30.10.0/24', '172.30.10.1', id));
    raw['hnsNetworks'].push(hnsNetworkRecord(name, 'nat', '172.30.10.0/24', '172.30.10.1', id, 'ICS6C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F'));
    raw['vmSwitches'].push({ Name: name, Id: id.toLowerCase(), SwitchType: switchType, AllowManagementOS: switchType !== 0, NetAdapterInterfaceDescription: null, NetAdapterInterfaceDescriptions: null, EmbeddedTeamingEnabled: false, Notes: '' });
  };
}

testCheck(test, natSwitchNotInternal, {
  valid: [
    { name: 'healthy WS2016 (vEthernet (HNS Internal NIC))', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019 (vEthernet (nat))', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    { name: 'docker shows no gateway on 17763: the HNS gateway is checked and found', baseline: 'healthy-ws2019', patch: unsetDockerNatSubnet },
    {
      name: 'a Private switch for lab VMs is not a nat switch',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['vmSwitches'].push({ Name: 'isolated', Id: '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a', SwitchType: 0, AllowManagementOS: false }); },
    },
    {
      name: 'a 14393 partition without a switch of its own is not judged',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        raw['docker'].networks.push(dockerNetworkRecord('CustomNat1', 'nat', '172.29.81.0/24', '172.29.81.1', '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b'));
        raw['hnsNetworks'].push(hnsNetworkRecord('CustomNat1', 'nat', '172.29.81.0/24', '172.29.81.1', '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b'));
      },
    },
    {
      name: 'an HNS nat network that docker does not list is left to stale-hns-state',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['hnsNetworks'].push(hnsNetworkRecord('leftover', 'nat', '172.30.10.0/24', '172.30.10.1', '6C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F'));
        raw['vmSwitches'].push({ Name: 'leftover', Id: '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f', SwitchType: 0 });
      },
    },
    { name: 'a custom nat network with an Internal switch and its vNIC address elsewhere is fine', baseline: 'healthy-ws2019', patch: combine(customNatWithSwitch('backend', 1), (raw) => {
      raw['netAdapters'].push({ Name: 'vEthernet (backend)', InterfaceDescription: 'Hyper-V Virtual Ethernet Adapter #3', ifIndex: 23, Status: 'Up', MacAddress: '00-15-5D-1E-29-09', Virtual: true, HardwareInterface: false });
      raw['netIPAddresses'].push({ InterfaceAlias: 'vEthernet (backend)', InterfaceIndex: 23, IPAddress: '172.30.10.1', PrefixLength: 24, AddressFamily: 2, PrefixOrigin: 1 });
      raw['vmNetworkAdapters'].push({ Name: 'backend', SwitchName: 'backend', MacAddress: '00155D1E2909' });
    }) },
  ],
  invalid: [
    {
      name: 'the nat switch lost its vNIC and became Private (17763)',
      baseline: 'healthy-ws2019',
      patch: loseVnic('nat', 'vEthernet (nat)'),
      findings: [{ severity: 'error', subjects: ['nat'], message: ["vSwitch 'nat' is Private", 'no host vNIC carries its gateway 172.23.64.1', "'vEthernet (nat)'", "'web-frontend'"] }],
    },
    {
      name: 'the 14393 vNIC lost its gateway address',
      baseline: 'healthy-ws2016',
      patch: loseGatewayAddress('vEthernet (HNS Internal NIC)'),
      findings: [{ severity: 'error', subjects: ['nat'], message: ["no host vNIC carries its gateway 172.29.80.1 (expected on 'vEthernet (HNS Internal NIC)')"] }],
    },
    {
      name: '17763 with no docker gateway: the HNS gateway is the one missing',
      baseline: 'healthy-ws2019',
      patch: combine(unsetDockerNatSubnet, loseGatewayAddress('vEthernet (nat)')),
      findings: [{ severity: 'error', message: ['172.23.64.1'] }],
    },
    {
      name: 'a Private switch alone is enough',
      baseline: 'healthy-ws2022',
      patch: (raw) => { raw['vmSwitches'].find((s: { Name: string }) => s.Name === 'nat').SwitchType = 0; },
      findings: [{ severity: 'error', subjects: ['nat'], message: ["vSwitch 'nat' is Private"], minFixes: 2 }],
    },
    {
      name: 'without vmSwitches the gateway is still checked',
      baseline: 'healthy-win11',
      patch: combine(loseGatewayAddress('vEthernet (nat)'), (raw) => { delete raw['vmSwitches']; }),
      findings: [{ severity: 'error', message: ['172.27.112.1', 'vmSwitches was not captured'] }],
    },
    {
      name: 'a custom nat network with a Private switch is re-created',
      baseline: 'healthy-ws2019',
      patch: customNatWithSwitch('backend', 0),
      findings: [{ severity: 'error', subjects: ['backend'], message: ["vSwitch 'backend' is Private", '172.30.10.1'] }],
    },
    {
      name: 'a hostile network name still yields parseable fixes',
      baseline: 'healthy-ws2019',
      patch: customNatWithSwitch("x'; Remove-Item C:\\ -Recurse; '$(y)", 0),
      findings: [{ severity: 'error', subjects: ["x'; Remove-Item C:\\ -Recurse; '$(y)"] }],
    },
  ],
});

test('the default network is rebuilt through HNS, a custom one through docker', (t) => {
  const raw = rawSample('healthy-ws2019');
  loseVnic('nat', 'vEthernet (nat)')(raw);
  customNatWithSwitch('backend', 0)(raw);
  const findings = natSwitchNotInternal.run(modelOf(raw).model);
  t.is(findings.length, 2);
  const [natFix, backendFix] = findings.map((f) => f.fixes[0]!.commands);
  t.deepEqual(natFix, ["Stop-Service -Name 'docker'", "Get-HnsNetwork | Where-Object -Property 'Id' -EQ -Value 'A2BDCD4B-75FE-4C20-AC91-D3FC77D104E1' | Remove-HnsNetwork", "Start-Service -Name 'docker'"]);
  t.true(backendFix!.includes("docker network rm 'backend'"));
  t.true(backendFix!.some((c) => c.startsWith("docker network create -d 'nat' --subnet '172.30.10.0/24' --gateway '172.30.10.1'")));
  t.is(findings[0]!.fixes[0]!.verify, "Get-NetIPAddress -InterfaceAlias 'vEthernet (nat)' -AddressFamily 'IPv4'");
});

test('Docker Desktop hosts stop and start com.docker.service', (t) => {
  const raw = rawSample('healthy-win11');
  loseGatewayAddress('vEthernet (nat)')(raw);
  const [f] = natSwitchNotInternal.run(modelOf(raw).model);
  t.is(f?.fixes[0]?.commands[0], "Stop-Service -Name 'com.docker.service'");
});
