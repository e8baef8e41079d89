import test from 'ava';
import { externalNetworksShareAdapter } from '../../src/core/checks/external-networks-share-adapter.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addContainer, addDockerNetwork, addExternalSwitch, addHnsNetwork, guidFor } from '../helpers/capture-edits.js';

const IFACE = 'com.docker.network.windowsshim.interface';

/** WS2019: a second transparent network that asks for 'Ethernet 2', which 'ext' already holds. */
function secondOnEthernet2(name: string) {
  return (raw: RawCapture) => {
    addDockerNetwork(raw, { name, driver: 'transparent', options: { [IFACE]: 'Ethernet 2' } });
  };
}

/** A transparent network made through HNS directly on the Calico node's only adapter, which 'External' already holds. */
const manualTransparentOnEthernet = (raw: RawCapture) => {
  addHnsNetwork(raw, { id: '4B5C6D7E-8F90-4A1B-9C2D-3E4F5A6B7C8D', name: 'vlan-apps', type: 'Transparent', adapterName: 'Ethernet', subnet: '10.10.20.0/24', gateway: '10.10.20.1' });
};

testCheck(test, externalNetworksShareAdapter, {
  valid: [
    { name: 'WS2019: one transparent network on its own adapter', baseline: 'healthy-ws2019' },
    { name: 'WS2022: one l2bridge network', baseline: 'healthy-ws2022' },
    { name: 'WS2016: nat only', baseline: 'healthy-ws2016' },
    { name: 'Windows 11: nat and ics only', baseline: 'healthy-win11' },
    {
      name: 'WS2019: a second transparent network on the other adapter, with its own switch',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        const id = guidFor('hns:ext2');
        addExternalSwitch(raw, { name: 'ext2-switch', adapter: 'Ethernet', ip: '10.20.30.41', defaultGateway: '10.20.30.1' });
        addHnsNetwork(raw, { id, name: 'ext2-switch', type: 'Transparent', adapterName: 'Ethernet' });
        addDockerNetwork(raw, { name: 'ext2', driver: 'transparent', hnsId: id, options: { [IFACE]: 'Ethernet' } });
      },
    },
    {
      name: 'WS2022: two l2bridge networks that HNS put on one switch (Kubernetes-style)',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        const id = guidFor('hns:cbr0');
        addHnsNetwork(raw, { id, name: 'cbr0', type: 'L2Bridge', adapterName: 'Ethernet0', subnet: '10.244.1.0/24', gateway: '10.244.1.1' });
        addDockerNetwork(raw, { name: 'cbr0', driver: 'l2bridge', hnsId: id, subnet: '10.244.1.0/24', gateway: '10.244.1.1' });
      },
    },
    {
      name: 'a nat network naming the same adapter is not an External-switch network',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addDockerNetwork(raw, { name: 'nat2', driver: 'nat', subnet: '172.30.0.0/24', gateway: '172.30.0.1', options: { [IFACE]: 'Ethernet 2' } }); },
    },
    { name: 'an AKS node: one l2bridge network', baseline: 'healthy-aks-azurecni' },
    { name: "a Calico node: the l2bridge 'External' and the overlay 'Calico' share a switch, as HNS made them", baseline: 'healthy-calico' },
    { name: 'a flannel node: one overlay network', baseline: 'healthy-kubeadm-flannel' },
  ],
  invalid: [
    {
      name: "a docker-free Calico node: a transparent network made through HNS wants the adapter 'External' holds",
      baseline: 'healthy-calico',
      patch: manualTransparentOnEthernet,
      findings: [{
        severity: 'error', subjects: ['External', 'vlan-apps', 'Ethernet'], minFixes: 2,
        message: ["Networks 'External' (l2bridge; HNS, owner: a Kubernetes CNI plugin, by its name), 'vlan-apps' (transparent; HNS, owner: no recognisable owner) both use adapter 'Ethernet'", 'no other physical adapter is free'],
      }],
    },
    {
      name: 'a docker-free WS2016 VM: two transparent HNS networks, one physical adapter',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        withoutDocker(raw);
        addHnsNetwork(raw, { id: guidFor('hns:tp1'), name: 'tp1', type: 'Transparent' });
        addHnsNetwork(raw, { id: guidFor('hns:tp2'), name: 'tp2', type: 'Transparent' });
      },
      findings: [{ severity: 'error', subjects: ['tp1', 'tp2', 'Ethernet'], message: ['2 transparent networks', "named in its owner's configuration", "'tp1', 'tp2' do not name one, so HNS picks"], minFixes: 2 }],
    },
    {
      name: 'WS2019: a second transparent network asks for the adapter that ext holds',
      baseline: 'healthy-ws2019',
      patch: secondOnEthernet2('ext2'),
      findings: [{ severity: 'error', subjects: ['ext', 'ext2', 'Ethernet 2'], message: ["'ext' (transparent)", "'ext2' (transparent)", "adapter 'Ethernet 2'", "'Ethernet' is still free"], minFixes: 2 }],
    },
    {
      name: 'WS2022: an l2tunnel network on the adapter of the l2bridge network, no adapter free',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', subnet: '10.40.0.0/24', gateway: '10.40.0.1', options: { [IFACE]: 'Ethernet0' } });
        addContainer(raw, { name: 'edge', network: 'tun', ip: '10.40.0.150', static: true });
      },
      findings: [{ severity: 'error', subjects: ['l2b', 'tun', 'Ethernet0'], message: ['no other physical adapter is free'], minFixes: 2 }],
    },
    {
      name: 'WS2016 VM: two transparent networks, one physical adapter, no interface option',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        addDockerNetwork(raw, { name: 'tp1', driver: 'transparent' });
        addDockerNetwork(raw, { name: 'tp2', driver: 'transparent' });
      },
      findings: [{ severity: 'error', subjects: ['tp1', 'tp2', 'Ethernet'], message: ['2 transparent networks', "only 1 physical adapter ('Ethernet')", "'tp1', 'tp2' do not name one"], minFixes: 2 }],
    },
    {
      name: 'a hostile network name still yields parseable fixes',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        secondOnEthernet2("x'; Remove-Item C:\\ -Recurse; $(Stop-Computer) '")(raw);
        addContainer(raw, { name: "c'$(calc)", network: "x'; Remove-Item C:\\ -Recurse; $(Stop-Computer) '", ip: '10.20.31.77', static: true });
      },
      findings: [{ subjects: ["x'; Remove-Item C:\\ -Recurse; $(Stop-Computer) '"] }],
    },
  ],
});

test('WCN302 on a docker-free node removes the network nobody claims through the HNS module, never with docker', (t) => {
  const [f] = findingsOf(externalNetworksShareAdapter, 'healthy-calico', manualTransparentOnEthernet);
  // Safe first: adding an adapter (no command can), then the disruptive removal.
  t.regex(f?.fixes[0]?.title ?? '', /make 'vlan-apps' again on it where its owner configures it \(no recognisable owner\)/);
  t.deepEqual(f?.fixes[1]?.commands, ["Get-HnsNetwork | Where-Object Id -eq '4B5C6D7E-8F90-4A1B-9C2D-3E4F5A6B7C8D' | Remove-HnsNetwork"]);
  t.notRegex(JSON.stringify(f?.fixes), /docker/);
});
