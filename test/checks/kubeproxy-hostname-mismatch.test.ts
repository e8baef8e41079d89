import test from 'ava';
import { kubeproxyHostnameMismatch } from '../../src/core/checks/kubeproxy-hostname-mismatch.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { setKubeProxyFlag } from '../helpers/kube-node.js';

const override = (value: string | undefined) => (raw: RawCapture): void => setKubeProxyFlag(raw, 'hostname-override', value);

testCheck(test, kubeproxyHostnameMismatch, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['kubernetes'] = { processes: [] }; } },
    { name: 'flannel: both win-k8s-w1', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico', baseline: 'healthy-calico' },
    { name: 'upper case is lower-cased by kube-proxy', baseline: 'healthy-calico', patch: override('CALWIN01') },
    { name: 'no override: the host name CALWIN01 is calwin01', baseline: 'healthy-calico', patch: override(undefined) },
  ],
  invalid: [
    {
      name: 'flannel: a fully qualified name',
      baseline: 'healthy-kubeadm-flannel',
      patch: override('win-k8s-w1.corp.example.com'),
      findings: [{ severity: 'error', subjects: ['kube-proxy'], message: ["runs as 'win-k8s-w1.corp.example.com'", "this node is 'win-k8s-w1' (kubernetes.node metadata.name)"] }],
    },
    {
      name: 'AKS: no override, host name differs from the node name',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { override(undefined)(raw); raw['computerSystem'].Name = 'AKSWIN-RENAMED'; },
      findings: [{ severity: 'error', message: ['kube-proxy has no --hostname-override', "'akswin000001'"] }],
    },
    {
      name: 'flannel: the node object names the node, and a remote endpoint shadows a local pod',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => {
        override('win-k8s-w9')(raw);
        raw['kubernetes'].node = { metadata: { name: 'win-k8s-w1' }, spec: { podCIDR: '10.244.1.0/24' } };
        const e = structuredClone(raw['hnsEndpoints'][3]);
        Object.assign(e, { ID: 'BBBB0000-0000-0000-0000-000000000001', IPAddress: '10.244.1.6' });
        raw['hnsEndpoints'].push(e);
      },
      findings: [{ severity: 'error', subjects: ['BBBB0000-0000-0000-0000-000000000001'], message: ['kubernetes.node metadata.name', '1 remote endpoint lies'] }],
    },
  ],
});

test('WCN714 the fix names the node name to use', (t) => {
  const [f] = findingsOf(kubeproxyHostnameMismatch, 'healthy-calico', override('calwin02'));
  t.regex(f?.fixes[0]?.title ?? '', /--hostname-override=calwin01 .*service 'kube-proxy'/);
});
