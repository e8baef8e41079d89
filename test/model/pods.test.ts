/**
 * Pod sandboxes (crictl pods) are bound to the HNS endpoints their CNI
 * plugin named after them; remote endpoints, unknown ids and ambiguous
 * short ids bind nothing.
 */
import test from 'ava';
import { sandboxIdOf } from '../../src/core/model/builders/pods.js';
import { modelOf, rawSample } from '../helpers/captures.js';

const SANDBOX_A = '7e7e06dc8c79a32ad4f522ebe32610adad023d5e4e3058bfa6306db0235049a2';
const SANDBOX_B = 'e66529ab79e4f652d7a65f3d723611574d109c749a495f3c4205b7e2dab7eb14';

const item = (id: string, name: string, namespace = 'default', state = 'SANDBOX_READY') => ({ id, metadata: { name, namespace, uid: 'u', attempt: 0 }, state });

test('the endpoint name read as a sandbox id: <id>_<network>, <12 digits>-<interface>, or nothing', (t) => {
  t.deepEqual(sandboxIdOf(`${SANDBOX_A.toUpperCase()}_flannel.4096`), { id: SANDBOX_A, short: false });
  t.deepEqual(sandboxIdOf('78ee3ca5b643-eth0'), { id: '78ee3ca5b643', short: true });
  t.is(sandboxIdOf('Ethernet'), undefined);
  t.is(sandboxIdOf('Calico_ep'), undefined);
  t.is(sandboxIdOf('7e7e06dc8c79_flannel'), undefined, 'a long name needs the whole id');
  t.is(sandboxIdOf('78ee3ca5b643-eth0-x'), undefined);
  t.is(sandboxIdOf(undefined), undefined);
});

test('Azure CNI: each pod is bound to its <12 digits>-eth0 endpoint, and the endpoint to its pod', (t) => {
  const { model } = modelOf(rawSample('healthy-aks-azurecni'));
  t.deepEqual(model.pods.map((p) => p.subject.name), ['default/web-7c9d5f8b6-kq2xz', 'kube-system/azure-ip-masq-agent-win-9zq7l']);
  for (const p of model.pods) {
    t.true(p.ready);
    t.is(p.endpoints.length, 1, p.subject.name);
    t.is(p.endpoints[0]!.name, `${p.id.slice(0, 12)}-eth0`);
    t.is(p.endpoints[0]!.pod, p);
  }
  for (const e of model.hnsEndpoints.filter((x) => x.isRemote)) t.is(e.pod, undefined, 'remote endpoints are no pod\'s');
});

test('flannel: <sandbox id>_<network> endpoints bind; a pod without an endpoint keeps none; remote and unnamed endpoints stay unbound', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  raw['containerd'].pods = { items: [item(SANDBOX_A, 'web-0'), item(SANDBOX_B, 'coredns-1', 'kube-system', 'SANDBOX_NOTREADY'), item('f'.repeat(64), 'hostnet')] };
  const { model } = modelOf(raw);
  const [a, b, host] = model.pods;
  t.is(a!.endpoints[0]!.name, `${SANDBOX_A}_flannel.4096`);
  t.is(b!.endpoints[0]!.name, `${SANDBOX_B}_flannel.4096`);
  t.false(b!.ready);
  t.deepEqual(host!.endpoints, []);
  t.is(model.hnsEndpoints.filter((e) => e.pod).length, 2);
  t.true(model.hnsEndpoints.filter((e) => e.name === 'Ethernet').every((e) => e.pod === undefined));
});

test('a short id two sandboxes share binds neither; without crictl pods the list is empty', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  const first = raw['containerd'].pods.items[0];
  raw['containerd'].pods.items.push(item(`${first.id.slice(0, 12)}${'0'.repeat(52)}`, 'twin'));
  const { model } = modelOf(raw);
  const web = model.pods.find((p) => p.name === 'web-7c9d5f8b6-kq2xz')!;
  t.deepEqual(web.endpoints, []);
  t.is(model.pods.find((p) => p.name === 'azure-ip-masq-agent-win-9zq7l')!.endpoints.length, 1);

  t.deepEqual(modelOf(rawSample('healthy-kubeadm-flannel')).model.pods, []);
  t.deepEqual(modelOf(rawSample('healthy-ws2022')).model.pods, []);
});

test('V1 SharedContainers naming a sandbox binds the endpoint when its name does not', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  raw['containerd'].pods = { items: [item(SANDBOX_A, 'web-0')] };
  const ep = raw['hnsEndpoints'].find((e: { Name: string }) => e.Name === `${SANDBOX_A}_flannel.4096`);
  ep.Name = 'renamed';
  ep.SharedContainers = [SANDBOX_A];
  const { model } = modelOf(raw);
  t.is(model.pods[0]!.endpoints[0]!.name, 'renamed');
});
