import test from 'ava';
import { macSpoofingRequired } from '../../src/core/checks/mac-spoofing-required.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addContainer, addDockerNetwork } from '../helpers/capture-edits.js';

const IFACE = 'com.docker.network.windowsshim.interface';

/** A DHCP transparent network on the WS2016 VM's only adapter, with one container. */
const transparentOnVm = (raw: RawCapture) => {
  addDockerNetwork(raw, { name: 'tp', driver: 'transparent', options: { [IFACE]: 'Ethernet' } });
  addContainer(raw, { name: 'web-tp', network: 'tp', ip: '169.254.12.7' });
};
const parent = (spoofing: number | string, mac = '00155D010C2A') => (raw: RawCapture) => {
  transparentOnVm(raw);
  raw['parentVmNetworkAdapters'] = [{ Name: 'Network Adapter', VMName: 'CTR16VM01', SwitchName: 'External', MacAddress: mac, MacAddressSpoofing: spoofing }];
};
const hostIs = (manufacturer: string, model: string) => (raw: RawCapture) => {
  raw['computerSystem'].Manufacturer = manufacturer;
  raw['computerSystem'].Model = model;
  addDockerNetwork(raw, { name: 'tp', driver: 'transparent' });
};

testCheck(test, macSpoofingRequired, {
  valid: [
    { name: 'WS2016 Hyper-V VM with nat only', baseline: 'healthy-ws2016' },
    { name: 'WS2022 VMware VM with l2bridge only (l2bridge rewrites MACs)', baseline: 'healthy-ws2022' },
    { name: 'WS2019 physical host with a transparent network', baseline: 'healthy-ws2019' },
    { name: 'Windows 11 physical laptop', baseline: 'healthy-win11' },
    { name: 'the parent capture shows spoofing On (0)', baseline: 'healthy-ws2016', patch: parent(0) },
    { name: "the parent capture shows 'On' as a name", baseline: 'healthy-ws2016', patch: parent('On') },
  ],
  invalid: [
    {
      name: 'Hyper-V VM with a transparent network, parent not captured: reminder with the parent-side fix',
      baseline: 'healthy-ws2016',
      patch: transparentOnVm,
      findings: [{ severity: 'warning', subjects: ['CTR16VM01', 'tp'], message: ['Hyper-V VM', "'tp'", 'cannot be seen from inside the VM', 'parentVmNetworkAdapters', 'Azure'] }],
    },
    {
      name: 'the parent capture shows spoofing Off (1): error',
      baseline: 'healthy-ws2016',
      patch: parent(1),
      findings: [{ severity: 'error', message: ["MAC address spoofing is Off for adapter 'Network Adapter' (00-15-5D-01-0C-2A) of VM 'CTR16VM01'"] }],
    },
    {
      name: 'the parent capture for another VM name: judged on all its adapters',
      baseline: 'healthy-ws2016',
      patch: (raw) => { parent(1, '00155D99AA01')(raw); raw['parentVmNetworkAdapters'][0].VMName = 'ctr16-vm01.lab'; },
      findings: [{ severity: 'error', message: ["of VM 'ctr16-vm01.lab'"] }],
    },
    {
      name: 'the parent capture is empty',
      baseline: 'healthy-ws2016',
      patch: (raw) => { transparentOnVm(raw); raw['parentVmNetworkAdapters'] = []; },
      findings: [{ severity: 'warning', message: ['lists no adapters for this VM'] }],
    },
    {
      name: 'VMware VM with a transparent network: port group security, with PowerCLI',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: 'tp', driver: 'transparent' }); },
      findings: [{ severity: 'warning', subjects: ['CTRHOST22V', 'tp'], message: ['VMware VM', 'promiscuous mode, MAC address changes and forged transmits'] }],
    },
    {
      name: 'a KVM guest: no command on this host can fix it',
      baseline: 'healthy-ws2019',
      patch: hostIs('QEMU', 'Standard PC (Q35 + ICH9, 2009)'),
      findings: [{ severity: 'warning', message: ['This host is a VM', 'promiscuous mode, forged transmits or MAC spoofing'] }],
    },
    {
      name: 'an AWS instance: transparent does not work',
      baseline: 'healthy-ws2019',
      patch: hostIs('Amazon EC2', 'm5.xlarge'),
      findings: [{ severity: 'warning', message: ['cloud VM', 'use nat'] }],
    },
    {
      name: 'a hostile VM name still yields parseable fixes',
      baseline: 'healthy-ws2016',
      patch: (raw) => { parent(1)(raw); raw['parentVmNetworkAdapters'][0].VMName = "vm'; Stop-VM -Name * -Force; '"; },
      findings: [{ severity: 'error', message: ["vm'; Stop-VM -Name * -Force; '"] }],
    },
  ],
});

test('WCN309 fix: Hyper-V parent command for the VM named after the host, with a note that it may differ', (t) => {
  const [f] = findingsOf(macSpoofingRequired, 'healthy-ws2016', transparentOnVm);
  const fix = f!.fixes[0]!;
  t.is(fix.runOn, 'hyperv-parent');
  t.deepEqual(fix.commands, ["Get-VMNetworkAdapter -VMName 'CTR16VM01' | Set-VMNetworkAdapter -MacAddressSpoofing On"]);
  t.regex(fix.title, /may differ/);
});

test('WCN309 fix: a VM name reported by the parent is used as is', (t) => {
  const [f] = findingsOf(macSpoofingRequired, 'healthy-ws2016', (raw) => { parent(1)(raw); raw['parentVmNetworkAdapters'][0].VMName = 'ctr16-vm01.lab'; });
  t.deepEqual(f!.fixes[0]!.commands, ["Get-VMNetworkAdapter -VMName 'ctr16-vm01.lab' | Set-VMNetworkAdapter -MacAddressSpoofing On"]);
  t.notRegex(f!.fixes[0]!.title, /may differ/);
});

test('WCN309 fix: VMware gets PowerCLI for standard and distributed port groups', (t) => {
  const [f] = findingsOf(macSpoofingRequired, 'healthy-ws2022', (raw) => { addDockerNetwork(raw, { name: 'tp', driver: 'transparent' }); });
  const fix = f!.fixes[0]!;
  t.true(fix.commands.some((c) => c.includes("Get-VirtualPortGroup -VM 'CTRHOST22V' -Standard | Get-SecurityPolicy | Set-SecurityPolicy")));
  t.true(fix.commands.some((c) => c.includes('Set-VDSecurityPolicy')));
  t.regex(fix.title, /PowerCLI/);
  t.regex(fix.title, /vSphere Client/);
});
