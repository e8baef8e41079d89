import test from 'ava';
import { l2tunnelCloudOnly } from '../../src/core/checks/l2tunnel-cloud-only.js';
import { testCheck } from '../helpers/check-tester.js';
import { addContainer, addDockerNetwork, addHnsNetwork } from '../helpers/capture-edits.js';
import type { RawCapture } from '../helpers/captures.js';

/** The AKS node's network 'azure' as Azure CNI's older l2tunnel mode made it. */
const azureL2tunnel = (raw: RawCapture) => { raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'azure').Type = 'L2Tunnel'; };
/** An l2tunnel network made through HNS directly on a Calico node: nothing names its owner. */
const manualL2tunnel = (raw: RawCapture) => { addHnsNetwork(raw, { id: '1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9', name: 'tunnel0', type: 'L2Tunnel', adapterName: 'Ethernet', subnet: '10.10.9.0/24', gateway: '10.10.9.1' }); };
import { findingsOf } from '../helpers/captures.js';

const IFACE = 'com.docker.network.windowsshim.interface';

testCheck(test, l2tunnelCloudOnly, {
  valid: [
    { name: 'WS2022: l2bridge is not l2tunnel', baseline: 'healthy-ws2022' },
    { name: 'WS2019: transparent', baseline: 'healthy-ws2019' },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
    { name: 'an AKS node: l2bridge', baseline: 'healthy-aks-azurecni' },
    { name: "Azure CNI's own l2tunnel network on an AKS node: the owner's mode on Azure, not a mistake", baseline: 'healthy-aks-azurecni', patch: azureL2tunnel },
  ],
  invalid: [
    {
      name: 'a docker-free node: an l2tunnel network made through HNS, owner unknown',
      baseline: 'healthy-calico',
      patch: manualL2tunnel,
      findings: [{ severity: 'warning', subjects: ['tunnel0'], message: ["HNS network 'tunnel0' (l2tunnel; owner: no recognisable owner)", 'SDN network controller'] }],
    },
    {
      name: 'an l2tunnel network with subnet and gateway',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', subnet: '10.20.31.0/24', gateway: '10.20.31.1' });
        addContainer(raw, { name: 'sdn-app', network: 'tun', ip: '10.20.31.90', static: true });
      },
      findings: [{ severity: 'warning', subjects: ['tun'], message: ["'tun' uses the l2tunnel driver", 'SDN network controller'] }],
    },
    {
      name: 'on a Hyper-V VM the message mentions Azure',
      baseline: 'healthy-ws2016',
      patch: (raw) => { addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel' }); },
      findings: [{ severity: 'warning', message: ['is an Azure VM'] }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "t'; $(Stop-Computer); '", driver: 'l2tunnel', options: { [IFACE]: 'Ethernet0' } }); },
      findings: [{ subjects: ["t'; $(Stop-Computer); '"] }],
    },
  ],
});

test('WCN308 fix: replace with l2bridge on the same subnet, with OutboundNAT, keeping static addresses', (t) => {
  const [f] = findingsOf(l2tunnelCloudOnly, 'healthy-ws2019', (raw) => {
    addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', subnet: '10.20.31.0/24', gateway: '10.20.31.1' });
    addContainer(raw, { name: 'sdn-app', network: 'tun', ip: '10.20.31.90', static: true });
  });
  const cmds = f!.fixes[0]!.commands;
  t.true(cmds.includes("docker network create -d 'l2bridge' --subnet '10.20.31.0/24' --gateway '10.20.31.1' -o 'com.docker.network.windowsshim.enable_outboundnat=true' 'tun'"), cmds.join('\n'));
  t.true(cmds.includes("docker network connect --ip '10.20.31.90' 'tun' 'sdn-app'"));
});

test('WCN308 fix: with no subnet to reuse, the network is removed', (t) => {
  const [f] = findingsOf(l2tunnelCloudOnly, 'healthy-ws2016', (raw) => { addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel' }); });
  t.deepEqual(f!.fixes[0]!.commands, ["docker network rm 'tun'"]);
});

test('WCN308 on a docker-free node removes the l2tunnel network through the HNS module', (t) => {
  const [f] = findingsOf(l2tunnelCloudOnly, 'healthy-calico', manualL2tunnel);
  t.deepEqual(f!.fixes.map((x) => x.commands), [["Get-HnsNetwork | Where-Object Id -eq '1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9' | Remove-HnsNetwork"]]);
});
