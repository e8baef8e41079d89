/**
 * The host tree with HNS at the root: networks grouped by owner, each with
 * its endpoints (pods, remote ones), policies and load balancers; long lists
 * counted; folding as the tree already folds.
 */
import test from 'ava';
import { diagnoseModel } from '../../src/core/diagnose.js';
import type { Finding } from '../../src/core/checks/types.js';
import { policyText } from '../../src/core/report/policy-text.js';
import { nodeDetail } from '../../src/ui/logic/detail.js';
import { linesText } from '../../src/ui/logic/lines.js';
import { buildHostTree, flattenTree, initiallyFolded, LIST_MAX, walk, type TreeNode } from '../../src/ui/logic/tree.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';

function treeOf(raw: RawCapture, findings: (model: ReturnType<typeof modelOf>['model']) => Finding[] = () => []) {
  const { model } = modelOf(raw);
  const f = findings(model);
  return { model, root: buildHostTree(model, f), findings: f };
}

const find = (root: TreeNode, pred: (n: TreeNode) => boolean): TreeNode | undefined => {
  let hit: TreeNode | undefined;
  walk(root, (n) => {
    if (!hit && pred(n)) hit = n;
  });
  return hit;
};
const owners = (root: TreeNode) => root.children.filter((n) => n.tag === 'owner').map((n) => `${n.name}: ${n.children.map((c) => c.name).join(', ')}`);

test('HNS networks are grouped by owner on each sample: docker, containerd / nerdctl, the CNI plugin with its flavor, Hyper-V / ICS', (t) => {
  t.deepEqual(owners(treeOf(rawSample('healthy-ws2025-containerd')).root), ['containerd / nerdctl: nat']);
  t.deepEqual(owners(treeOf(rawSample('healthy-aks-azurecni')).root), ['Kubernetes CNI: Azure CNI: azure']);
  t.deepEqual(owners(treeOf(rawSample('healthy-kubeadm-flannel')).root), ['Kubernetes CNI: flannel VXLAN: flannel.4096']);
  t.deepEqual(owners(treeOf(rawSample('healthy-calico')).root), ['Kubernetes CNI plugin (host preparation): External', 'Kubernetes CNI: Calico: Calico']);
  t.deepEqual(owners(treeOf(rawSample('healthy-win11')).root), ['Hyper-V / ICS: Default Switch', 'Docker Desktop: nat']);
  const ws2019 = owners(treeOf(rawSample('healthy-ws2019')).root);
  t.is(ws2019.length, 1);
  t.regex(ws2019[0]!, /^docker: nat, a62fe2bc/);
});

test('an HNS network nobody claims sits under "owner unknown"', (t) => {
  const raw = rawSample('healthy-ws2025-containerd');
  raw['hnsNetworks'].push({ ID: '11111111-2222-3333-4444-555555555555', Name: 'mystery', Type: 'L2Bridge', Subnets: [{ AddressPrefix: '10.9.0.0/24', GatewayAddress: '10.9.0.1' }] });
  const { root } = treeOf(raw);
  t.true(owners(root).includes('owner unknown: mystery'));
  const g = root.children.find((n) => n.name === 'owner unknown')!;
  t.true(g.props.some(([k, v]) => k === 'recognised by' && v === 'no recognisable owner'));
});

test('under a network: pods on their endpoints, remote endpoints in a folded group, policies one line each', (t) => {
  const { root } = treeOf(rawSample('healthy-aks-azurecni'));
  const azure = find(root, (n) => n.kind === 'hns-network' && n.name === 'azure')!;
  const pods = azure.children.filter((n) => n.kind === 'pod');
  t.deepEqual(pods.map((p) => `${p.name} ${p.note}`), ['default/web-7c9d5f8b6-kq2xz 10.224.0.48', 'kube-system/azure-ip-masq-agent-win-9zq7l 10.224.0.51']);
  t.true(pods[0]!.subjects.some((s) => s.kind === 'hns-endpoint'), 'the pod node stands for its endpoint too');
  const detail = linesText(nodeDetail(pods[0]!, [], 80));
  t.regex(detail, /sandbox id\s+78ee3ca5b643/);
  t.regex(detail, /policies\s+OutBoundNAT exceptions/);
  const remote = azure.children.find((n) => n.name === 'remote endpoints')!;
  t.is(remote.note, '2');
  t.true(remote.children.every((n) => n.note === 'remote'));
  t.true(initiallyFolded(root).has(remote.id), 'a quiet list starts folded');

  const flannel = find(treeOf(rawSample('healthy-kubeadm-flannel')).root, (n) => n.kind === 'hns-network' && n.name === 'flannel.4096')!;
  const policies = flannel.children.find((n) => n.name === 'policies')!;
  t.deepEqual(policies.children.map((n) => n.name), [
    'HostRoute',
    'RemoteSubnetRoute 10.244.0.0/24 via 10.0.0.10 VSID 4096',
    'RemoteSubnetRoute 10.244.2.0/24 via 10.0.0.12 VSID 4096',
    'subnet 10.244.1.0/24: VSID 4096',
  ]);
  t.regex(find(flannel, (n) => n.kind === 'hns-endpoint' && n.name === '10.244.1.2')!.note, /kube-proxy \(source VIP endpoint\)/);
});

function withLoadBalancers(count: number, remote: number): RawCapture {
  const raw = rawSample('healthy-kubeadm-flannel');
  const net = raw['hnsNetworks'][0].ID;
  const local = raw['hnsEndpoints'].find((e: { Name: string }) => e.Name.endsWith('_flannel.4096'));
  for (let i = 0; i < remote; i++) {
    raw['hnsEndpoints'].push({ ID: `aaaaaaaa-0000-0000-0000-${String(i).padStart(12, '0')}`, Name: 'Ethernet', HostComputeNetwork: net, Flags: 1,
      IpConfigurations: [{ IpAddress: `10.244.9.${i % 250}`, PrefixLength: 24 }], MacAddress: '02-11-0a-f4-09-01' });
  }
  raw['hnsLoadBalancers'] = Array.from({ length: count }, (_, i) => ({
    ID: `bbbbbbbb-0000-0000-0000-${String(i).padStart(12, '0')}`,
    Policies: [{ Type: 'ELB', VIPs: [`10.96.0.${i + 1}`], InternalPort: 8080, ExternalPort: 80, Protocol: 6, IsDSR: i === 0 }],
    References: [`/endpoints/${local.ID}`, '/endpoints/cccccccc-0000-0000-0000-000000000009'],
  }));
  return raw;
}

test('load balancers: VIP, ports, DSR and endpoint count; an id HNS no longer has is counted as missing', (t) => {
  const { root } = treeOf(withLoadBalancers(2, 0));
  const lbs = find(root, (n) => n.name === 'load balancers')!;
  t.is(lbs.note, '2');
  const [first] = lbs.children;
  t.is(first!.tag, 'LB');
  t.is(first!.name, '10.96.0.1:80/tcp');
  t.is(first!.note, 'DSR · 2 endpoints · 1 missing');
  const detail = linesText(nodeDetail(first!, [], 80));
  t.regex(detail, /ports\s+tcp 80 → 8080/);
  t.regex(detail, /DSR\s+yes/);
  t.regex(detail, /endpoints\s+2 \(1 not among the captured HNS endpoints\)/);
  t.regex(detail, /owner\s+kube-proxy/);
});

test('big lists stay usable: the first LIST_MAX items and a count of the rest, but never a named one hidden', (t) => {
  const raw = withLoadBalancers(300, 500);
  const { root, findings } = treeOf(raw, (model) => {
    const lb = model.hnsLoadBalancers[250]!;
    return [{ check: 'WCN999', knowledge: 'x', title: 'x', severity: 'warning', message: 'x', subjects: [lb.subject], fixes: [] } as unknown as Finding];
  });
  const lbs = find(root, (n) => n.name === 'load balancers')!;
  t.is(lbs.note, '300');
  t.is(lbs.children.length, LIST_MAX + 2, 'LIST_MAX, the named one, the count');
  t.is(lbs.children[LIST_MAX]!.name, '10.96.0.251:80/tcp');
  t.deepEqual(lbs.children[LIST_MAX]!.findings, [0]);
  const more = lbs.children[LIST_MAX + 1]!;
  t.is(more.kind, 'more');
  t.is(more.name, '279 more load balancers');
  t.is(more.note, 'of 300, not listed');
  const remote = find(root, (n) => n.name === 'remote endpoints')!;
  t.is(remote.note, '502');
  t.is(remote.children.length, LIST_MAX + 1);
  t.is(remote.children[LIST_MAX]!.name, '482 more remote endpoints');
  // The group with a finding inside starts open; the others stay folded.
  const folded = initiallyFolded(root);
  t.false(folded.has(lbs.id));
  t.true(folded.has(remote.id));
  const rows = flattenTree(root, folded, findings);
  t.true(rows.length < 120, `${rows.length} rows`);
  const ids = new Set<string>();
  walk(root, (n) => {
    t.false(ids.has(n.id), `unique id ${n.id}`);
    ids.add(n.id);
  });
});

test('pods with no endpoint are listed apart; runtimes are nodes of their own', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  raw['containerd'].pods.items.push({ id: 'd'.repeat(64), metadata: { name: 'kube-proxy-win', namespace: 'kube-system' }, state: 'SANDBOX_READY' });
  const { root } = treeOf(raw);
  const alone = root.children.find((n) => n.name === 'pods without an HNS endpoint')!;
  t.deepEqual(alone.children.map((n) => n.name), ['kube-system/kube-proxy-win']);
  t.deepEqual(root.children.filter((n) => n.kind === 'runtime').map((n) => n.name), ['containerd', 'kubelet', 'kube-proxy']);
  t.regex(root.children.find((n) => n.kind === 'runtime')!.note, /^1\.7\.23\+azure running$/);
});

test('policy lines: the normalized type and its key setting, whatever the schema', (t) => {
  t.is(policyText({ Type: 'OutBoundNAT', Exceptions: ['10.96.0.0/12', '10.244.0.0/16', 'a', 'b', 'c', 'd'], Destinations: [], VirtualIP: undefined }),
    'OutBoundNAT exceptions 10.96.0.0/12, 10.244.0.0/16, a, b and 2 more');
  t.is(policyText({ Type: 'OutBoundNAT', Exceptions: [], Destinations: [], VirtualIP: '10.0.0.5' }), 'OutBoundNAT no exceptions VIP 10.0.0.5');
  t.is(policyText({ Type: 'Route', DestinationPrefix: '10.0.0.0/8', NeedEncap: true }), 'Route 10.0.0.0/8 encapsulated');
  t.is(policyText({ Type: 'RemoteSubnetRoute', DestinationPrefix: '10.244.2.0/24', ProviderAddress: '10.0.0.12', IsolationId: 4096, DistributedRouterMacAddress: undefined }),
    'RemoteSubnetRoute 10.244.2.0/24 via 10.0.0.12 VSID 4096');
  t.is(policyText({ Type: 'VSID', Vsid: 4096 }), 'VSID 4096');
  t.is(policyText({ Type: 'PortMapping', Protocol: 'tcp', InternalPort: 80, ExternalPort: 8080, VIP: undefined }), 'PortMapping tcp 8080 → 80');
  t.is(policyText({ Type: 'Other', Name: 'Custom', Raw: { Type: 'Custom', Level: 3, Deep: { x: 1 } } }), 'Custom Level=3');
});

test('capture text in network, pod, policy and load balancer labels is sanitized', (t) => {
  const raw = withLoadBalancers(1, 1);
  raw['hnsNetworks'][0].Name = 'flannel\u001b]0;pwned\u0007.4096';
  raw['hnsNetworks'][0].Policies.push({ Type: 'Evil\u001b[2J', Settings: { Note: 'x\u009b31m' } });
  raw['containerd'].pods = { items: [{ id: '7e7e06dc8c79a32ad4f522ebe32610adad023d5e4e3058bfa6306db0235049a2', metadata: { name: 'web\u202e', namespace: 'ns\u0007' }, state: 'SANDBOX_READY' }] };
  const { root } = treeOf(raw);
  t.truthy(find(root, (n) => n.kind === 'pod'));
  walk(root, (n) => {
    for (const text of [n.name, n.note, n.tag, ...n.props.flat()]) {
      t.notRegex(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, `${n.id}: ${JSON.stringify(text)}`);
    }
  });
});

test('the host view of a docker-free report draws owner groups (reducer-free: rows of the tree)', (t) => {
  const { model } = modelOf(rawSample('healthy-kubeadm-flannel'));
  const report = diagnoseModel(model, []);
  const root = buildHostTree(model, report.findings);
  const rows = flattenTree(root, initiallyFolded(root), report.findings);
  const text = rows.map((r) => `${r.guide}${r.node.tag} ${r.node.name}`);
  t.true(text.some((l) => /owner Kubernetes CNI: flannel VXLAN$/.test(l)));
  t.true(text.some((l) => /HNS flannel\.4096$/.test(l)));
  t.true(rows.find((r) => r.node.name === 'policies')!.collapsed);
});
