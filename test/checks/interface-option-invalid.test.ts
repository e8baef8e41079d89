import test from 'ava';
import { interfaceOptionInvalid } from '../../src/core/checks/interface-option-invalid.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const IFACE = 'com.docker.network.windowsshim.interface';

/** Sets `master` on the first plugin of a CNI conf, by file name. */
const confMaster = (file: string, master: string) => (raw: RawCapture) => {
  const f = raw['cni'].confDirs.flatMap((d: { files: { name: string; text: string }[] }) => d.files).find((x: { name: string }) => x.name === file);
  const conf = JSON.parse(f.text);
  (conf.plugins ? conf.plugins[0] : conf).master = master;
  f.text = JSON.stringify(conf, null, 2);
};
/** The adapter name HNS holds for a network, by network name (an adapter renamed since, or a typo in a script). */
const hnsAdapterName = (net: string, name: string) => (raw: RawCapture) => { raw['hnsNetworks'].find((n: { Name: string }) => n.Name === net).NetworkAdapterName = name; };

const setExtInterface = (value: string) => (raw: RawCapture) => { findDockerNetwork(raw, 'ext').Options[IFACE] = value; };
const newTransparent = (name: string, value: string) => (raw: RawCapture) => { addDockerNetwork(raw, { name, driver: 'transparent', options: { [IFACE]: value } }); };

testCheck(test, interfaceOptionInvalid, {
  valid: [
    { name: "WS2019: 'ext' names adapter 'Ethernet 2'", baseline: 'healthy-ws2019' },
    { name: "WS2022: 'l2b' names adapter 'Ethernet0'", baseline: 'healthy-ws2022' },
    { name: 'WS2016: no interface option', baseline: 'healthy-ws2016' },
    { name: 'Windows 11: no interface option', baseline: 'healthy-win11' },
    { name: 'adapter names are case-insensitive', baseline: 'healthy-ws2019', patch: setExtInterface('ethernet 2') },
    { name: 'a Switch Embedded Team of two existing adapters', baseline: 'healthy-ws2019', patch: setExtInterface('Ethernet 2, Ethernet') },
    { name: 'an empty value lets HNS pick the adapter', baseline: 'healthy-ws2019', patch: newTransparent('ext2', '') },
    { name: "an AKS node: HNS holds adapter 'Ethernet 2'", baseline: 'healthy-aks-azurecni' },
    { name: 'a flannel node', baseline: 'healthy-kubeadm-flannel' },
    { name: 'a Calico node', baseline: 'healthy-calico' },
    { name: "a nerdctl host: the nat conf's master is ignored by nat, whatever it says", baseline: 'healthy-ws2025-containerd', patch: confMaster('nerdctl-nat.conflist', 'Ethernet 7') },
  ],
  invalid: [
    {
      name: 'a flannel node whose HNS network holds an adapter name that no adapter has now',
      baseline: 'healthy-kubeadm-flannel',
      patch: hnsAdapterName('flannel.4096', 'Ethernet 9'),
      findings: [{ severity: 'warning', subjects: ['flannel.4096'], message: ["HNS network 'flannel.4096' (overlay; owner: CNI conf 10-flannel.conf (flannel)) names adapter 'Ethernet 9'", "no adapter is named 'Ethernet 9'", "Use 'Ethernet0'", 'works today'] }],
    },
    {
      name: "an AKS node whose CNI conf names the host vNIC as master",
      baseline: 'healthy-aks-azurecni',
      patch: confMaster('10-azure.conflist', 'vEthernet (Ethernet 2)'),
      findings: [{ severity: 'warning', subjects: ['azure', '10-azure.conflist', 'vEthernet (Ethernet 2)'], message: ["'master' in CNI conf 10-azure.conflist", 'is a host vNIC', "Use 'Ethernet 2'"] }],
    },
    {
      name: 'a host vNIC on a network that HNS still runs: warning',
      baseline: 'healthy-ws2019',
      patch: setExtInterface('vEthernet (Ethernet 2)'),
      findings: [{ severity: 'warning', subjects: ['ext', 'vEthernet (Ethernet 2)'], message: ["'vEthernet (Ethernet 2)' is a host vNIC", "Use 'Ethernet 2'", 'works today'] }],
    },
    {
      name: 'the InterfaceDescription instead of the Name',
      baseline: 'healthy-ws2019',
      patch: newTransparent('ext2', 'Intel(R) Ethernet Converged Network Adapter X710'),
      findings: [{ severity: 'error', subjects: ['ext2', 'Ethernet'], message: ['InterfaceDescription of adapter', "Use 'Ethernet' for", '0x57'] }],
    },
    {
      name: 'an adapter that does not exist',
      baseline: 'healthy-ws2019',
      patch: newTransparent('ext2', 'Ethernet 5'),
      findings: [{ severity: 'error', subjects: ['ext2'], message: ["no adapter is named 'Ethernet 5'", "Use 'Ethernet' for 'Ethernet 5'", '0x803b0006'] }],
    },
    {
      name: 'one bad name in a Switch Embedded Team',
      baseline: 'healthy-ws2019',
      patch: setExtInterface('Ethernet 2,NIC9'),
      findings: [{ severity: 'warning', subjects: ['ext'], message: ['Switch Embedded Team', "Use 'Ethernet' for 'NIC9'"] }],
    },
    {
      name: 'the option on a nat network',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: 'natx', driver: 'nat', subnet: '172.31.0.0/24', gateway: '172.31.0.1', options: { [IFACE]: 'Ethernet0' } }); },
      findings: [{ severity: 'warning', subjects: ['natx'], message: ['nat network', 'ignore'] }],
    },
    {
      name: 'a hostile network name and value still yield parseable fixes',
      baseline: 'healthy-ws2019',
      patch: newTransparent("n'; $(Restart-Computer) #", "vEthernet (Ethernet 2)'; Stop-Computer; '"),
      findings: [{ subjects: ["n'; $(Restart-Computer) #"] }],
    },
  ],
});

test('WCN303 fix: a host vNIC in a team is replaced by the adapter behind it, keeping the other member and the static address', (t) => {
  const [f] = findingsOf(interfaceOptionInvalid, 'healthy-ws2019', setExtInterface('vEthernet (Ethernet 2),Ethernet'));
  const fix = f!.fixes[0]!;
  t.true(fix.commands.some((c) => c.includes("-o 'com.docker.network.windowsshim.interface=Ethernet 2,Ethernet'")), fix.commands.join('\n'));
  t.true(fix.commands.includes("docker network connect --ip '10.20.31.50' 'ext' 'legacy-erp'"));
  t.is(fix.risk, 'disruptive');
});

test('WCN303 on a CNI conf naming the host vNIC edits the conf, then removes the HNS network for the plugin to make again', (t) => {
  const [f] = findingsOf(interfaceOptionInvalid, 'healthy-aks-azurecni', confMaster('10-azure.conflist', 'vEthernet (Ethernet 2)'));
  t.deepEqual(f?.fixes[0]?.commands, [
    "Copy-Item -Path 'C:\\k\\azurecni\\netconf\\10-azure.conflist' -Destination 'C:\\k\\azurecni\\netconf\\10-azure.conflist.bak' -Force",
    `(Get-Content -Path 'C:\\k\\azurecni\\netconf\\10-azure.conflist' -Raw).Replace('"vEthernet (Ethernet 2)"', '"Ethernet 2"') | Set-Content -Path 'C:\\k\\azurecni\\netconf\\10-azure.conflist' -NoNewline`,
    "Get-HnsNetwork | Where-Object Id -eq '203EF5ED-3668-D692-2073-6376F9BD3BAF' | Remove-HnsNetwork",
  ]);
});
