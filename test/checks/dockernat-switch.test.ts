import test from 'ava';
import { dockernatSwitch } from '../../src/core/checks/dockernat-switch.js';
import { winnatSlotTaken } from '../../src/core/checks/winnat-slot-taken.js';
import { runChecks } from '../../src/core/engine.js';
import { testCheck } from '../helpers/check-tester.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';

/** Docker for Windows' internal switch and host vNIC on the Windows 11 laptop. */
const dockerNatSwitch = (raw: RawCapture) => {
  raw['vmSwitches'].push({ Name: 'DockerNAT', Id: '0f3b2c1d-7e6a-4b5c-9d8e-1a2b3c4d5e6f', SwitchType: 1, AllowManagementOS: true, NetAdapterInterfaceDescription: null, NetAdapterInterfaceDescriptions: null });
  raw['netAdapters'].push({ Name: 'vEthernet (DockerNAT)', InterfaceDescription: 'Hyper-V Virtual Ethernet Adapter #3', ifIndex: 61, Status: 'Up', MacAddress: '00-15-5D-B2-17-09', Virtual: true, HardwareInterface: false });
  raw['vmNetworkAdapters'].push({ Name: 'DockerNAT', SwitchName: 'DockerNAT', MacAddress: '00155DB21709', MacAddressSpoofing: 1, Status: [2] });
  raw['netIPAddresses'].push({ InterfaceAlias: 'vEthernet (DockerNAT)', InterfaceIndex: 61, IPAddress: '10.0.75.1', PrefixLength: 24, AddressFamily: 2, PrefixOrigin: 1 });
};
/** On 14393 a DockerNAT NetNat holds the only WinNAT slot, and docker has no nat network. */
const dockerNatTakesSlot = (raw: RawCapture) => {
  raw['netNat'] = [{ Name: 'DockerNAT', InternalIPInterfaceAddressPrefix: '10.0.75.0/24', ExternalIPInterfaceAddressPrefix: null, Active: true }];
  raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat');
};

testCheck(test, dockernatSwitch, {
  valid: [
    { name: 'WS2016 healthy (HNS-named NAT)', baseline: 'healthy-ws2016' },
    { name: 'WS2019 healthy', baseline: 'healthy-ws2019' },
    { name: 'WS2022 healthy', baseline: 'healthy-ws2022' },
    { name: 'Windows 11 healthy (Default Switch and nat only)', baseline: 'healthy-win11' },
    {
      name: 'a NAT merely named like Docker is not DockerNAT',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['netNat'] = [{ Name: 'DockerNAT-lab', InternalIPInterfaceAddressPrefix: '192.168.77.0/24' }]; },
    },
  ],
  invalid: [
    {
      name: "Windows 11 with Docker for Windows' DockerNAT switch",
      baseline: 'healthy-win11',
      patch: dockerNatSwitch,
      findings: [{ severity: 'info', subjects: ['DockerNAT'], message: ["vSwitch 'DockerNAT' (Internal, host vNIC 'vEthernet (DockerNAT)' 10.0.75.1/24)", 'Windows containers never use it'], minFixes: 1 }],
    },
    {
      name: 'WS2016: DockerNAT holds the WinNAT slot (the error is WCN201\'s)',
      baseline: 'healthy-ws2016',
      patch: dockerNatTakesSlot,
      findings: [{ severity: 'info', subjects: ['DockerNAT'], message: ["NetNat 'DockerNAT' (10.0.75.0/24)", 'WCN201'] }],
    },
    {
      name: 'WS2019: a DockerNAT NetNat does not block anything there',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['netNat'] = [{ Name: 'dockernat', InternalIPInterfaceAddressPrefix: '10.0.75.0/24' }]; },
      findings: [{ severity: 'info', subjects: ['dockernat'], message: ["NetNat 'dockernat'"] }],
    },
  ],
});

test('WCN310 with WCN201: one error (the slot), one information (DockerNAT), never two errors', (t) => {
  const raw = rawSample('healthy-ws2016');
  dockerNatTakesSlot(raw);
  const { findings } = runChecks(modelOf(raw).model, [winnatSlotTaken, dockernatSwitch]);
  t.deepEqual(findings.map((f) => `${f.check} ${f.severity}`), ['WCN201 error', 'WCN310 info']);
  const info = findings[1]!;
  t.true(info.fixes[0]!.commands.includes("Restart-Service -Name 'docker'"), 'removing the slot-holder restarts docker');
});

test('WCN310 fix: check for VMs on the switch, remove the NetNat and the switch', async (t) => {
  const raw = rawSample('healthy-win11');
  dockerNatSwitch(raw);
  raw['netNat'] = [{ Name: 'DockerNAT', InternalIPInterfaceAddressPrefix: '10.0.75.0/24' }];
  const { findings } = runChecks(modelOf(raw).model, [dockernatSwitch]);
  t.deepEqual(findings[0]!.fixes[0]!.commands, [
    "Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value 'DockerNAT'",
    "Get-NetNat -Name 'DockerNAT' | Remove-NetNat -Confirm:$false",
    "Remove-VMSwitch -Name 'DockerNAT' -Force",
  ]);
});
