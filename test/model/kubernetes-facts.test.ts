import test from 'ava';
import { compareMinor, kubernetesFacts, localPodEndpoints, parseKubeVersion, podNetwork } from '../../src/core/model/derived/kubernetes.js';
import { modelOf, rawSample } from '../helpers/captures.js';

test('kube-proxy versions read from the text kube-proxy prints, and compare by minor', (t) => {
  const v = parseKubeVersion('Kubernetes v1.31.5');
  t.like(v, { major: 1, minor: 31, patch: 5 });
  t.is(compareMinor(v!, 1, 30), 1);
  t.is(compareMinor(v!, 1, 31), 0);
  t.is(compareMinor(v!, 2, 0), -1);
  t.is(parseKubeVersion('unknown'), undefined);
  t.is(parseKubeVersion(undefined), undefined);
});

test('a flannel node: pod subnet from subnet.env, node name from --hostname-override, pod network and its pods', (t) => {
  const { model } = modelOf(rawSample('healthy-kubeadm-flannel'));
  const k = kubernetesFacts(model);
  t.true(k.isNode);
  t.is(k.podCidr?.prefix.text, '10.244.1.0/24');
  t.regex(k.podCidr!.from, /subnet\.env/);
  t.is(k.nodeName?.value, 'win-k8s-w1');
  t.is(k.kubeProxyVersion?.minor, 31);
  t.deepEqual(k.otherNodes?.map((n) => n.name), ['k8s-cp1', 'k8s-w2'], 'the node itself is not among the others');
  const { network } = podNetwork(model);
  t.is(network?.name, 'flannel.4096');
  // The source-VIP endpoint and remote endpoints are not pods.
  t.deepEqual(localPodEndpoints(model, network!).map((e) => e.ipAddress).sort(), ['10.244.1.5', '10.244.1.6']);
});

test('the pod network is matched exactly as kube-proxy matches it: a name differing in case is no match', (t) => {
  const raw = rawSample('healthy-calico');
  for (const n of raw.hnsNetworks) if (n.Name === 'Calico') n.Name = 'calico';
  const { model } = modelOf(raw);
  const { network, wanted } = podNetwork(model);
  t.is(network, undefined);
  t.is(wanted?.value, 'Calico');
});

test('a docker host is not a Kubernetes node and has no pod network', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2019'));
  const k = kubernetesFacts(model);
  t.false(k.isNode);
  t.is(k.otherNodes, undefined, 'kubernetes.nodes was not captured');
  t.is(k.kubeProxy, undefined);
  t.is(podNetwork(model).wanted, undefined);
});

test('other nodes exclude this one; the node object supplies the pod subnet when flannel has none', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  raw.kubernetes.node = { metadata: { name: 'akswin000001' }, spec: { podCIDR: '10.224.0.0/24' } };
  raw.kubernetes.nodes = [{ name: 'akswin000001', podCIDRs: ['10.224.0.0/24'] }, { name: 'aksnpl000000', podCIDRs: ['10.224.1.0/24'] }];
  const { model } = modelOf(raw);
  const k = kubernetesFacts(model);
  t.is(k.podCidr?.prefix.text, '10.224.0.0/24');
  t.deepEqual(k.otherNodes?.map((n) => n.name), ['aksnpl000000']);
  t.is(k.serviceCidr?.prefix.text, '10.0.0.0/16');
});
