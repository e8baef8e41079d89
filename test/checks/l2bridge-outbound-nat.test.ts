import test from 'ava';
import { l2bridgeOutboundNat } from '../../src/core/checks/l2bridge-outbound-nat.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import { findingsOf, modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, combine, findDockerNetwork } from '../helpers/capture-edits.js';
import { parseCniConf } from '../../src/core/capture/parse/cni.js';
import { syntaxErrors } from '../helpers/powershell-grammar.js';
import { psLiteralValue } from '../helpers/ps-literal.js';

const OUTBOUND = 'com.docker.network.windowsshim.enable_outboundnat';
const setOutbound = (value: string | undefined) => (raw: RawCapture) => {
  const options = findDockerNetwork(raw, 'l2b').Options;
  if (value === undefined) delete options[OUTBOUND];
  else options[OUTBOUND] = value;
};

type Json = Record<string, any>;

/** The WS2022 sample as a docker-free node: its l2bridge network is a CNI network by name, with no conf captured. */
const cniNode = (raw: RawCapture) => {
  withoutDocker(raw);
  raw['hnsNetworks'].find((n: Json) => n['Name'] === 'l2b').Name = 'cbr0';
  for (const e of raw['hnsEndpoints']) if (e.VirtualNetworkName === 'l2b') e.VirtualNetworkName = 'cbr0';
};
const dropEndpointNat = (match: (e: Json) => boolean) => (raw: RawCapture) => {
  for (const e of raw['hnsEndpoints']) if (match(e)) e.Policies = e.Policies.filter((p: Json) => p.Type !== 'OutBoundNAT');
};
/** The AKS sample's conf without its OutBoundNAT endpoint policy. */
const azureConfWithoutNat = (raw: RawCapture) => {
  const file = raw['cni'].confDirs[0].files[0];
  const conf = JSON.parse(file.text);
  conf.plugins[0].AdditionalArgs = conf.plugins[0].AdditionalArgs.filter((a: Json) => a.Value.Type !== 'OutBoundNAT');
  file.text = JSON.stringify(conf, null, 2);
};
const WEB_POD = '78ee3ca5b643-eth0';

testCheck(test, l2bridgeOutboundNat, {
  valid: [
    { name: "WS2022: 'l2b' sets enable_outboundnat=true", baseline: 'healthy-ws2022' },
    { name: 'the value is case-insensitive', baseline: 'healthy-ws2022', patch: setOutbound('True') },
    { name: 'WS2019: transparent needs no OutboundNAT', baseline: 'healthy-ws2019' },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
    { name: 'AKS node: the conf and every pod endpoint carry OutBoundNAT', baseline: 'healthy-aks-azurecni' },
    { name: 'docker-free node: every endpoint of cbr0 has OutBoundNAT', baseline: 'healthy-ws2022', patch: cniNode },
    { name: 'AKS node: remote endpoints (no OutBoundNAT of their own) are not judged', baseline: 'healthy-aks-azurecni', patch: (raw) => { for (const e of raw['hnsEndpoints']) if (e.IsRemoteEndpoint) e.Policies = []; } },
    { name: 'Calico node: an l2bridge network with no pods', baseline: 'healthy-calico' },
    { name: 'flannel node: an overlay network is not l2bridge', baseline: 'healthy-kubeadm-flannel', patch: dropEndpointNat(() => true) },
  ],
  invalid: [
    {
      name: 'the option is missing',
      baseline: 'healthy-ws2022',
      patch: setOutbound(undefined),
      findings: [{ severity: 'warning', subjects: ['l2b'], message: ["'l2b'", 'their own subnet 10.40.0.0/24', 'not the internet'] }],
    },
    {
      name: 'set to false on purpose: information only',
      baseline: 'healthy-ws2022',
      patch: setOutbound('false'),
      findings: [{ severity: 'info', subjects: ['l2b'], message: ['enable_outboundnat=false'] }],
    },
    {
      name: 'AKS node: the CNI conf gives new pods no OutBoundNAT',
      baseline: 'healthy-aks-azurecni',
      patch: azureConfWithoutNat,
      findings: [{ severity: 'warning', subjects: ['azure', '10-azure.conflist'], message: ["l2bridge network 'azure'", 'CNI conf C:\\k\\azurecni\\netconf\\10-azure.conflist gives its endpoints no OutBoundNAT policy', 'not the internet'] }],
    },
    {
      name: 'AKS node: a pod endpoint made before the conf had the policy',
      baseline: 'healthy-aks-azurecni',
      patch: dropEndpointNat((e) => e.Name === WEB_POD),
      findings: [{ severity: 'warning', subjects: ['azure', WEB_POD], message: [`'${WEB_POD}' (10.224.0.48)`, 'made before it was added'] }],
    },
    {
      name: 'docker-free node: endpoints of cbr0 without OutBoundNAT and no conf captured',
      baseline: 'healthy-ws2022',
      patch: combine(cniNode, dropEndpointNat(() => true)),
      findings: [{ severity: 'warning', subjects: ['cbr0'], message: ["l2bridge network 'cbr0' (owner: a Kubernetes CNI plugin, by its name)", '2 endpoints', 'HNS gave them none'], minFixes: 0 }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "o'; $(Stop-Computer); '", driver: 'l2bridge', subnet: '10.40.0.0/24', gateway: '10.40.0.1' }); },
      findings: [{ subjects: ["o'; $(Stop-Computer); '"] }],
    },
  ],
});

test('WCN307 fix: re-create with the option, keeping subnet, gateway and static addresses', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-ws2022', setOutbound(undefined));
  const cmds = f!.fixes[0]!.commands;
  t.true(cmds.includes("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1' -o 'com.docker.network.windowsshim.interface=Ethernet0' -o 'com.docker.network.windowsshim.networkname=l2b' -o 'com.docker.network.windowsshim.enable_outboundnat=true' 'l2b'"), cmds.join('\n'));
  t.true(cmds.includes("docker network connect --ip '10.40.0.102' 'l2b' 'app-green'"));
});

test('WCN307 on an AKS node adds the policy to the conf in its own spelling, with the cluster ranges as exceptions', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-aks-azurecni', azureConfWithoutNat);
  const fix = f!.fixes[0]!;
  t.is(fix.commands[0], "Copy-Item -Path 'C:\\k\\azurecni\\netconf\\10-azure.conflist' -Destination 'C:\\k\\azurecni\\netconf\\10-azure.conflist.bak' -Force");
  t.deepEqual(syntaxErrors(fix.commands.join('\n')), []);
  const written = psLiteralValue(/^Set-Content -Path '[^']+' -Value (.*) -NoNewline$/.exec(fix.commands[1]!)?.[1] ?? '');
  t.truthy(written, fix.commands[1]);
  const { conf } = parseCniConf(written!);
  const nat = conf!.plugins[0]!.policies.find((p) => p.kind === 'OutBoundNAT');
  // V1 spelling (ExceptionList), as the conf's other policies; cluster and service CIDR from kubeclusterconfig.json.
  t.deepEqual(nat?.settings['ExceptionList'], nat?.exceptions);
  t.deepEqual([...nat!.exceptions!], ['10.224.0.0/16', '10.0.0.0/16']);
  t.is(conf!.plugins[0]!.policies.filter((p) => p.kind === 'Route').length, 1, 'the other policies stay');
});

test('WCN307: a V2 conf (flannel delegate with Settings) gets the policy nested under Settings', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  const file = raw['cni'].confDirs[0].files[0];
  const conf = JSON.parse(file.text);
  conf.delegate.AdditionalArgs = conf.delegate.AdditionalArgs.filter((a: Json) => a.Value.Type !== 'OutBoundNAT');
  conf.delegate.type = 'sdnbridge';
  file.text = `// flannel host-gw\n${JSON.stringify(conf, null, 2)}`;
  const net = raw['hnsNetworks'][0];
  net.Type = 'L2Bridge';
  const [f] = l2bridgeOutboundNat.run(modelOf(raw).model);
  const written = psLiteralValue(/-Value (.*) -NoNewline$/.exec(f!.fixes[0]!.commands[1]!)?.[1] ?? '');
  t.false(written!.includes('\n'), 'one line of JSON (the backup keeps the comment)');
  const nat = parseCniConf(written!).conf!.plugins[0]!.policies.find((p) => p.kind === 'OutBoundNAT');
  t.deepEqual(nat?.settings, { Exceptions: nat?.exceptions });
  t.deepEqual([...nat!.exceptions!], ['10.244.0.0/16']);
});

test('WCN307: pods whose endpoints lack the policy are re-created with kubectl from a workstation', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-aks-azurecni', dropEndpointNat((e) => e.Name === WEB_POD));
  t.deepEqual(f!.fixes.map((x) => [x.runOn, x.commands]), [['cluster', ["kubectl -n 'default' delete pod 'web-7c9d5f8b6-kq2xz'"]]]);
  t.is(f!.fixes[0]!.title, 'Delete pod default/web-7c9d5f8b6-kq2xz so its controller makes it again with OutBoundNAT');
});

test('WCN307: a pod crictl did not list is found by its IP in the node\'s pod list', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-aks-azurecni', combine(dropEndpointNat((e) => e.Name === WEB_POD), (raw) => { delete raw['containerd'].pods; }));
  t.deepEqual(f!.fixes[0]!.commands, ["kubectl get pods -A -o wide --field-selector 'spec.nodeName=akswin000001'"]);
  t.regex(f!.fixes[0]!.expect ?? '', /^Find the pod with IP 10\.224\.0\.48 in that list and delete it/);
});

test('WCN307: on a host that is no Kubernetes node, no kubectl command is offered', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-aks-azurecni', combine(dropEndpointNat((e) => e.Name === WEB_POD), (raw) => {
    delete raw['kubernetes'];
    raw['services'] = raw['services'].filter((s: Json) => !['kubelet', 'kubeproxy', 'kube-proxy'].includes(String(s.Name).toLowerCase()));
  }));
  t.truthy(f, 'the missing policy is still reported');
  t.false(f!.fixes.some((x) => x.commands.some((c) => c.startsWith('kubectl'))), f!.fixes.map((x) => x.commands.join('; ')).join(' | '));
});
