import test from 'ava';
import { l2bridgeDhcpUnsupported } from '../../src/core/checks/l2bridge-dhcp-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, addHnsNetwork, combine, findDockerNetwork } from '../helpers/capture-edits.js';

/** Edits the subnets of one HNS network, by name (V1 `Subnets` or V2 `Ipams[].Subnets`, whichever the sample has). */
const hnsSubnets = (name: string, edit: (subnets: Record<string, unknown>[]) => Record<string, unknown>[]) => (raw: RawCapture) => {
  const n = raw['hnsNetworks'].find((x: { Name: string }) => x.Name === name);
  if (!n) throw new Error(`no HNS network '${name}'`);
  if (Array.isArray(n.Subnets)) n.Subnets = edit(n.Subnets);
  for (const ipam of n.Ipams ?? []) ipam.Subnets = edit(ipam.Subnets ?? []);
};
const noGateway = (s: Record<string, unknown>[]) => s.map(({ GatewayAddress: _g, Routes: _r, ...rest }) => rest);

const ipam = (config: { Subnet: string; Gateway?: string }[]) => (raw: RawCapture) => { findDockerNetwork(raw, 'l2b').IPAM.Config = config; };

testCheck(test, l2bridgeDhcpUnsupported, {
  valid: [
    { name: "WS2022: 'l2b' has subnet and gateway", baseline: 'healthy-ws2022' },
    { name: 'WS2019: transparent may use DHCP', baseline: 'healthy-ws2019', patch: (raw) => { findDockerNetwork(raw, 'ext').IPAM.Config = []; } },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
    {
      name: 'docker shows no IPAM entry but HNS holds subnet and gateway',
      baseline: 'healthy-ws2022',
      patch: ipam([]),
    },
    { name: 'an AKS node: azure has subnet and gateway in HNS', baseline: 'healthy-aks-azurecni' },
    { name: "a Calico node: the host-preparation 'External' l2bridge network has both", baseline: 'healthy-calico' },
    { name: 'a nerdctl host: nat is not l2bridge', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: "an AKS node whose l2bridge network 'azure' has no gateway in HNS",
      baseline: 'healthy-aks-azurecni',
      patch: hnsSubnets('azure', noGateway),
      findings: [{ severity: 'error', subjects: ['azure', '10-azure.conflist'], message: ["HNS network 'azure' (l2bridge; owner: CNI conf 10-azure.conflist (azure-vnet)) has a subnet but no gateway"] }],
    },
    {
      name: 'a docker-free host: an l2bridge network made through HNS with no subnet',
      baseline: 'healthy-calico',
      patch: (raw) => { addHnsNetwork(raw, { id: '7D6C5B4A-3F2E-4D1C-8B0A-9F8E7D6C5B4A', name: 'bridge-dhcp', type: 'L2Bridge', adapterName: 'Ethernet' }); },
      findings: [{ severity: 'error', subjects: ['bridge-dhcp'], message: ['no subnet and no gateway', 'owner: no recognisable owner'] }],
    },
    {
      name: 'an l2bridge network without subnet and gateway (HNS has none either)',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ipam([])(raw); raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'l2b').Subnets = []; },
      findings: [{ severity: 'error', subjects: ['l2b'], message: ['no subnet and no gateway', 'only static addressing', '10.40.0.0/24 with router 10.40.0.1'] }],
    },
    {
      name: 'a subnet without a gateway',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ipam([{ Subnet: '10.40.0.0/24' }])(raw); raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'l2b').Subnets = [{ AddressPrefix: '10.40.0.0/24' }]; },
      findings: [{ severity: 'error', message: ['a subnet but no gateway'] }],
    },
    {
      name: 'a new l2bridge network with no known adapter gets only the read-out',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addDockerNetwork(raw, { name: 'l2new', driver: 'l2bridge' }); },
      findings: [{ severity: 'error', subjects: ['l2new'], message: ['no subnet and no gateway'] }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "b'; iex $(irm x) ;'", driver: 'l2bridge', options: { 'com.docker.network.windowsshim.interface': 'Ethernet0' } }); },
      findings: [{ subjects: ["b'; iex $(irm x) ;'"] }],
    },
  ],
});

test('WCN306 fix: re-create with the physical subnet and router of the adapter behind the network', (t) => {
  const [f] = findingsOf(l2bridgeDhcpUnsupported, 'healthy-ws2022', (raw) => { addDockerNetwork(raw, { name: 'l2new', driver: 'l2bridge', options: { 'com.docker.network.windowsshim.interface': 'Ethernet0' } }); });
  t.true(f!.fixes[0]!.commands.includes("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1' -o 'com.docker.network.windowsshim.interface=Ethernet0' 'l2new'"), f!.fixes[0]!.commands.join('\n'));
});

test('WCN306 on an Azure CNI node reads the physical network instead of editing a conf that names no subnet', (t) => {
  const [f] = findingsOf(l2bridgeDhcpUnsupported, 'healthy-aks-azurecni', hnsSubnets('azure', noGateway));
  t.is(f?.fixes.length, 1);
  t.deepEqual(f?.fixes[0]?.commands, ["Get-NetIPConfiguration | Select-Object -Property 'InterfaceAlias','IPv4Address','IPv4DefaultGateway'"]);
  t.regex(f?.fixes[0]?.title ?? '', /CNI conf 10-azure\.conflist/);
});

test('WCN306 on a nerdctl l2bridge network re-creates it with nerdctl, on the physical network it bridges to', (t) => {
  const [f] = findingsOf(l2bridgeDhcpUnsupported, 'healthy-ws2025-containerd', combine(
    (raw) => { addHnsNetwork(raw, { id: '5A4B3C2D-1E0F-4A9B-8C7D-6E5F4A3B2C1D', name: 'bridge1', type: 'L2Bridge', adapterName: 'Ethernet' }); },
    (raw) => {
      raw['cni'].confDirs[0].files.push({ name: 'nerdctl-bridge1.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'bridge1', plugins: [{ type: 'sdnbridge' }] }) });
    },
  ));
  t.regex(f?.message ?? '', /owner: CNI conf nerdctl-bridge1\.conflist \(nerdctl\)/);
  t.deepEqual(f?.fixes[0]?.commands, ["nerdctl network rm 'bridge1'", "nerdctl network create --driver 'l2bridge' --subnet '10.50.8.0/24' --gateway '10.50.8.1' 'bridge1'"]);
});
