import test from 'ava';
import { parseVlanId, vlanOptionInvalid } from '../../src/core/checks/vlan-option-invalid.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const VLAN = 'com.docker.network.windowsshim.vlanid';
const setVlan = (net: string, value: string) => (raw: RawCapture) => { findDockerNetwork(raw, net).Options[VLAN] = value; };
/** A VLAN policy on an HNS network, by name: in its first subnet (HCN, V2) or among the network's policies (V1). */
const hnsVlan = (name: string, vlan: number, where: 'subnet' | 'network') => (raw: RawCapture) => {
  const n = raw['hnsNetworks'].find((x: { Name: string }) => x.Name === name);
  if (!n) throw new Error(`no HNS network '${name}'`);
  if (where === 'subnet') n.Subnets[0].Policies = [...(n.Subnets[0].Policies ?? []), { Type: 'VLAN', VLAN: vlan }];
  else n.Policies = [...(n.Policies ?? []), { Type: 'VLAN', VLAN: vlan }];
};
const vmTransparentWithVlan = (raw: RawCapture) => { addDockerNetwork(raw, { name: 'tp11', driver: 'transparent', options: { [VLAN]: '11' } }); };

testCheck(test, vlanOptionInvalid, {
  valid: [
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'WS2019 healthy: transparent without VLAN', baseline: 'healthy-ws2019' },
    { name: 'WS2022 healthy: l2bridge without VLAN', baseline: 'healthy-ws2022' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
    { name: 'an empty vlanid is no VLAN', baseline: 'healthy-ws2019', patch: setVlan('ext', '') },
    { name: "a flannel node: the overlay's VSID is not a VLAN", baseline: 'healthy-kubeadm-flannel' },
    { name: 'a Calico node without VLAN', baseline: 'healthy-calico' },
    { name: 'an AKS node without VLAN', baseline: 'healthy-aks-azurecni' },
  ],
  invalid: [
    {
      name: "a docker-free Calico node: its l2bridge 'External' network has a VLAN subnet policy",
      baseline: 'healthy-calico',
      patch: hnsVlan('External', 11, 'subnet'),
      findings: [{ severity: 'info', subjects: ['External'], message: ["HNS network 'External' (l2bridge; owner: a Kubernetes CNI plugin, by its name)", 'VLAN 11', "adapter 'Ethernet'", 'trunk'], minFixes: 0 }],
    },
    {
      name: 'a VLAN policy on an overlay network made by flannel',
      baseline: 'healthy-kubeadm-flannel',
      patch: hnsVlan('flannel.4096', 7, 'network'),
      findings: [{ severity: 'error', subjects: ['flannel.4096', '10-flannel.conf'], message: ['(overlay; owner: CNI conf 10-flannel.conf (flannel)) has a VLAN policy (VLAN 7)', 'Only transparent and l2bridge'] }],
    },
    {
      name: 'a VLAN id out of range on the AKS l2bridge network',
      baseline: 'healthy-aks-azurecni',
      patch: hnsVlan('azure', 5000, 'subnet'),
      findings: [{ severity: 'error', subjects: ['azure'], message: ['VLAN id 5000', 'valid ids are 1 to 4094'] }],
    },
    {
      name: 'vlanid on a nat network',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addDockerNetwork(raw, { name: 'nat11', driver: 'nat', subnet: '172.30.11.0/24', gateway: '172.30.11.1', options: { [VLAN]: '11' } }); },
      findings: [{ severity: 'error', subjects: ['nat11'], message: ['driver nat', 'vlanid=11', 'Only transparent and l2bridge'] }],
    },
    {
      name: 'vlanid on an l2tunnel network',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', options: { [VLAN]: '20' } }); },
      findings: [{ severity: 'error', subjects: ['tun'], message: ['driver l2tunnel'] }],
    },
    {
      name: 'transparent with a VLAN on a physical host: a trunk reminder',
      baseline: 'healthy-ws2019',
      patch: setVlan('ext', '11'),
      findings: [{ severity: 'info', subjects: ['ext'], message: ['VLAN 11', "adapter 'Ethernet 2'", 'trunk'], minFixes: 0 }],
    },
    {
      name: 'l2bridge with a VLAN on a VMware VM mentions the port group',
      baseline: 'healthy-ws2022',
      patch: setVlan('l2b', '40'),
      findings: [{ severity: 'info', subjects: ['l2b'], message: ['VLAN 40', 'VMware', '4095'], minFixes: 0 }],
    },
    {
      name: 'transparent with a VLAN on a Hyper-V VM: the parent must trunk too',
      baseline: 'healthy-ws2016',
      patch: vmTransparentWithVlan,
      findings: [{ severity: 'info', subjects: ['tp11'], message: ['VLAN 11', 'this host is a VM'], minFixes: 1 }],
    },
    { name: 'VLAN 4095 is out of range', baseline: 'healthy-ws2019', patch: setVlan('ext', '4095'), findings: [{ severity: 'error', message: ["'4095'", '1 to 4094'] }] },
    { name: 'VLAN 0 is not a VLAN', baseline: 'healthy-ws2022', patch: setVlan('l2b', '0'), findings: [{ severity: 'error', message: ["'0'"] }] },
    { name: 'a word is not a VLAN', baseline: 'healthy-ws2019', patch: setVlan('ext', 'ten'), findings: [{ severity: 'error', message: ["'ten'"] }] },
    {
      name: 'a hostile network name still yields parseable fixes',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addDockerNetwork(raw, { name: "v'; Remove-VMSwitch -Name * -Force; '", driver: 'nat', options: { [VLAN]: "1'; Stop-Computer; '" } }); },
      findings: [{ severity: 'error', subjects: ["v'; Remove-VMSwitch -Name * -Force; '"] }],
    },
  ],
});

test('WCN304 VLAN ids: 1-4094 only', (t) => {
  t.is(parseVlanId('1'), 1);
  t.is(parseVlanId(' 4094 '), 4094);
  for (const bad of ['0', '4095', '-1', '1.5', '0x10', '', '12345']) t.is(parseVlanId(bad), undefined, bad);
});

test('WCN304 fix: on a Hyper-V guest the trunk is set on the parent, for the VM named after the host', (t) => {
  const [f] = findingsOf(vlanOptionInvalid, 'healthy-ws2016', vmTransparentWithVlan);
  const fix = f!.fixes[0]!;
  t.is(fix.runOn, 'hyperv-parent');
  t.deepEqual(fix.commands, ["Set-VMNetworkAdapterVlan -VMName 'CTR16VM01' -Trunk -AllowedVlanIdList '11' -NativeVlanId 0"]);
  t.is(fix.verify, "Get-VMNetworkAdapterVlan -VMName 'CTR16VM01'");
});

test('WCN304 on a flannel node: the fix removes the HNS network for flannel to make again from its conf', (t) => {
  const [f] = findingsOf(vlanOptionInvalid, 'healthy-kubeadm-flannel', hnsVlan('flannel.4096', 7, 'network'));
  t.is(f?.fixes.length, 1);
  t.regex(f?.fixes[0]?.title ?? '', /its CNI plugin makes it again/);
  t.regex(f?.fixes[0]?.commands[0] ?? '', /^Get-HnsNetwork \| Where-Object Id -eq '[0-9A-F-]+' \| Remove-HnsNetwork$/);
});
