import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { runChecks } from '../../src/core/engine.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { buildModel } from '../../src/core/model/build.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { redactCapture } from '../../src/core/redact.js';
import { rawSample } from '../helpers/captures.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const BIN = SHIPPED_BIN;

function diagnosis(raw: Record<string, unknown>) {
  const model = buildModel(ingestCapture(raw, 'x').capture);
  const { findings, results } = runChecks(model, CHECKS);
  return {
    findings: findings.map((f) => `${f.check}:${f.severity}:${f.subjects.length}`),
    statuses: results.map((r) => `${r.check}:${r.status}`),
    links: model.switches.map((s) => `${s.type}:${s.hostVnics.length}:${s.boundAdapters.length}:${s.hnsNetworks.length}`),
    attachments: model.containers.map((c) => c.attachments.map((a) => `${a.ipv4}:${a.endpoint ? 'ep' : '-'}`).join()),
  };
}

for (const name of ['healthy-ws2016', 'healthy-ws2019', 'healthy-ws2022', 'healthy-win11', 'demo', 'healthy-ws2025-containerd', 'healthy-aks-azurecni', 'healthy-kubeadm-flannel', 'healthy-calico']) {
  test(`redacting ${name} keeps the diagnosis and the relations`, (t) => {
    const raw = rawSample(name);
    const { capture } = redactCapture(raw);
    t.deepEqual(diagnosis(capture), diagnosis(raw));
    const hostName = (raw['computerSystem'] as { Name: string }).Name;
    t.false(JSON.stringify(capture).toLowerCase().includes(hostName.toLowerCase()), 'the host name is gone everywhere');
  });
}

test('the keys of containerd and Kubernetes hosts: node names are host names, secrets go, the capture still loads', (t) => {
  const raw = {
    computerSystem: { Name: 'WIN-NODE-7', Domain: '' },
    containerd: {
      config: 'version = 2\n[plugins."io.containerd.grpc.v1.cri".cni]\n  conf_dir = "C:\\\\etc\\\\cni\\\\net.d"\n[plugins."io.containerd.grpc.v1.cri".registry.configs."r.example".auth]\n  username = "ci-bot"\n  password = "Pa55-w0rd"\n  auth = "Y2ktYm90OlBhNTUtdzByZA=="\n',
    },
    kubernetes: {
      processes: [{ Name: 'kube-proxy.exe', CommandLine: 'C:\\k\\kube-proxy.exe --hostname-override=win-node-7 --network-name=azure --token=eyJhbGciOi.secret --source-vip 20.1.2.3' }],
      services: { Name: 'kubelet', State: 'Running', PathName: 'C:\\k\\kubelet.exe --bootstrap-token abcdef.0123456789abcdef' },
      files: [
        { path: 'C:\\k\\config', text: 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    client-key-data: LS0tLS1CRUdJTg==\n' },
        { path: 'C:\\k\\kubeclusterconfig.json', text: '{"Kubernetes":{"Network":{"ClusterCidr":"10.224.0.0/16"}},"ServicePrincipalClientSecret":"sp-s3cret"}' },
        { path: 'C:\\k\\kube-proxy.yml', text: 'kind: KubeProxyConfiguration\nwinkernel:\n  networkName: azure\napiToken: tok-9\n' },
      ],
      node: { metadata: { name: 'win-node-7.cluster.example' }, spec: { providerID: 'azure:///subscriptions/0a1b2c3d-0000-4000-8000-00000000abcd/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/win-node-7' } },
      nodes: [{ name: 'linux-peer-3', internalIP: '10.224.0.4' }],
    },
  };
  const before = JSON.stringify(raw);
  const { capture } = redactCapture(raw);
  const text = JSON.stringify(capture);
  for (const secret of ['Pa55-w0rd', 'ci-bot', 'Y2ktYm90', 'eyJhbGciOi', 'abcdef.0123', 'LS0tLS1CRUdJTg', 'sp-s3cret', 'tok-9', '0a1b2c3d', 'rg-prod']) t.false(text.includes(secret), secret);
  for (const name of ['win-node-7', 'WIN-NODE-7', 'linux-peer-3']) t.false(text.includes(name), name);
  t.true(text.includes('198.18.'), 'a public source VIP moves to the reserved range like any public address');
  t.is(JSON.stringify(raw), before, 'the input is not modified');
  const { capture: loaded, issues } = ingestCapture(capture, 'redacted.json');
  t.deepEqual(issues.map((i) => i.message), ['file C:\\k\\config was dropped unread: its name says it is a kubeconfig, key or certificate, and wcn-doctor never keeps secrets']);
  t.is(loaded.kubernetes?.kubeProxy?.networkName?.value, 'azure');
  t.is(loaded.containerd?.config?.cni.confDir, 'C:\\etc\\cni\\net.d');
  t.is(loaded.kubernetes?.cluster?.clusterCIDR?.value, '10.224.0.0/16');
  t.regex(loaded.kubernetes?.node?.spec?.providerID ?? '', /^azure:\/\/\/<redacted>$/);
});

test('one value gets one placeholder; private addresses and masks stay; public ones move to reserved ranges', (t) => {
  const raw = {
    computerSystem: { Name: 'WEB01', Domain: 'corp.example.com' },
    netAdapters: [{ Name: 'Ethernet', MacAddress: '00-15-5D-01-02-03' }, { Name: 'x', MacAddress: '00-15-5D-01-02-03' }],
    vmNetworkAdapters: [{ Name: 'nat', MacAddress: '00155D010203' }],
    netIPAddresses: [{ IPAddress: '8.8.4.4', PrefixLength: 24 }, { IPAddress: '10.1.2.3', PrefixLength: 8 }, { IPAddress: '2a01:111:f400::5', PrefixLength: 64 }, { IPAddress: 'fe80::1%4', PrefixLength: 64 }],
    notes: 'WEB01.corp.example.com has 8.8.4.4 and mask 255.255.240.0',
  };
  const { capture, summary } = redactCapture(raw);
  const c = capture as typeof raw;
  t.is(c.computerSystem.Name, 'host-1');
  t.is(c.computerSystem.Domain, 'domain-1');
  t.is(c.netAdapters[0]!.MacAddress, c.netAdapters[1]!.MacAddress);
  t.is(c.netAdapters[0]!.MacAddress, '02-00-00-00-00-01');
  t.is(c.vmNetworkAdapters[0]!.MacAddress, '020000000001', 'the same MAC in another spelling keeps its spelling and its placeholder');
  t.regex(c.netIPAddresses[0]!.IPAddress, /^198\.1[89]\./);
  t.is(c.netIPAddresses[1]!.IPAddress, '10.1.2.3');
  t.regex(c.netIPAddresses[2]!.IPAddress, /^2001:db8::/);
  t.is(c.netIPAddresses[3]!.IPAddress, 'fe80::1%4');
  t.is(c.notes, `host-1.domain-1 has ${c.netIPAddresses[0]!.IPAddress} and mask 255.255.240.0`);
  t.deepEqual(summary, { hostNames: 1, domains: 1, macs: 1, ipv4: 1, ipv6: 1 });
  t.is(raw.computerSystem.Name, 'WEB01', 'the input object is not modified');
});

test('the redact command writes a new file, never the input, and never overwrites without --force', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-redact-'));
  const input = join(dir, 'in.json');
  const text = readFileSync(join(PACKAGE_ROOT, 'snapshots/demo.json'), 'utf8');
  writeFileSync(input, text);
  const out = join(dir, 'out.json');
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'redact', ...args], { encoding: 'utf8' });
  t.is(run([input, '--out', out]).status, 0);
  t.true(existsSync(out));
  t.is(readFileSync(input, 'utf8'), text);
  t.false(readFileSync(out, 'utf8').includes('CTR-LAB-07'));
  const again = run([input, '--out', out]);
  t.is(again.status, 2);
  t.regex(again.stderr, /exists; use --force/);
  t.is(run([input, '--out', out, '--force']).status, 0);
  t.is(run([input, '--out', input, '--force']).status, 2, 'the input is never the output');
  t.is(run([input]).status, 2, '--out is required');
});
