import test from 'ava';
import { podNetworkMissing } from '../../src/core/checks/pod-network-missing.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const dropNetwork = (name: string) => (raw: RawCapture): void => {
  raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Name: string }) => n.Name !== name);
};
const readyPod = (raw: RawCapture): void => {
  raw['containerd'].pods = { items: [{ id: 'a1'.repeat(32), metadata: { name: 'web-0', namespace: 'shop' }, state: 'SANDBOX_READY' }] };
};

testCheck(test, podNetworkMissing, {
  valid: [
    { name: 'a docker host: not a Kubernetes node', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['hnsNetworks'] = []; } },
    { name: 'flannel: the network is there', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: the network is there', baseline: 'healthy-calico' },
    {
      name: 'a fresh node: no network yet, and nothing uses it',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { dropNetwork('flannel.4096')(raw); raw['hnsEndpoints'] = []; },
    },
    {
      name: 'Calico with no network and only sandboxes that are not ready (SANDBOX_NOTREADY is not ready)',
      baseline: 'healthy-calico',
      patch: (raw) => {
        dropNetwork('Calico')(raw);
        raw['hnsEndpoints'] = [];
        raw['containerd'].pods = { items: [{ id: 'b2'.repeat(32), metadata: { name: 'web-1', namespace: 'shop' }, state: 'SANDBOX_NOTREADY' }] };
      },
    },
  ],
  invalid: [
    {
      name: 'flannel after a reboot: the network is gone, its endpoints left',
      baseline: 'healthy-kubeadm-flannel',
      patch: dropNetwork('flannel.4096'),
      findings: [{ severity: 'error', message: ["no network named 'flannel.4096'", '--network-name of kube-proxy.exe', '5 HNS endpoints', '0x490'] }],
    },
    {
      name: 'Calico after an HNS restart: no network, no endpoints, a ready sandbox',
      baseline: 'healthy-calico',
      patch: (raw) => { dropNetwork('Calico')(raw); raw['hnsEndpoints'] = []; raw['containerd'].pods = undefined; readyPod(raw); },
      findings: [{ subjects: ['Calico'], message: ["'Calico'", '1 pod sandbox is ready'] }],
    },
  ],
});

test('WCN733 fixes: the agent first, then the pods, then kube-proxy', (t) => {
  const [f] = findingsOf(podNetworkMissing, 'healthy-kubeadm-flannel', dropNetwork('flannel.4096'));
  t.deepEqual(f?.fixes.map((x) => x.runOn), ['cluster', 'cluster', 'cluster']);
  t.is(f?.fixes[1]?.commands[0], "kubectl delete pod --all-namespaces --field-selector 'spec.nodeName=win-k8s-w1'");
  t.regex(f?.fixes[2]?.commands[0] ?? '', /k8s-app=kube-proxy/);
});
