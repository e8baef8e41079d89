import test from 'ava';
import { kubeproxyNetworkNameMismatch } from '../../src/core/checks/kubeproxy-network-name-mismatch.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { setKubeProxyFlag } from '../helpers/kube-node.js';

/** Rewrites kube-proxy's --network-name on its captured command line. */
const networkName = (name: string) => (raw: RawCapture): void => setKubeProxyFlag(raw, 'network-name', name);

testCheck(test, kubeproxyNetworkNameMismatch, {
  valid: [
    { name: 'a docker host: kube-proxy not expected', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: flannel.4096 exists', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS: azure exists', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico: Calico exists', baseline: 'healthy-calico' },
    { name: 'containerd node without kube-proxy', expect: 'no-such-owner', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: 'flannel: a copied manifest names vxlan0',
      baseline: 'healthy-kubeadm-flannel',
      patch: networkName('vxlan0'),
      findings: [{ severity: 'error', subjects: ['kube-proxy', 'flannel.4096'], message: ["HNS network 'vxlan0'", '--network-name of kube-proxy.exe', "'flannel.4096'"] }],
    },
    {
      name: 'Calico: the pattern default reaches kube-proxy',
      baseline: 'healthy-calico',
      patch: networkName('Calico.*'),
      findings: [{ severity: 'error', subjects: ['Calico'], message: ['reads as a pattern', "'Calico'"] }],
    },
    {
      name: 'AKS: the case differs',
      baseline: 'healthy-aks-azurecni',
      patch: networkName('Azure'),
      findings: [{ severity: 'error', subjects: ['azure'], message: ['differs only in case'] }],
    },
    {
      name: 'the pod network does not exist yet',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['hnsNetworks'] = []; raw['hnsEndpoints'] = []; raw['hnsLoadBalancers'] = []; },
      findings: [{ severity: 'error', message: ['no l2bridge or overlay network at all', 'HNS holds 0 load balancers'] }],
    },
  ],
});

test('WCN710 the fix names the network to use and restarts kube-proxy where it runs', (t) => {
  const [pod] = findingsOf(kubeproxyNetworkNameMismatch, 'healthy-kubeadm-flannel', networkName('cbr0'));
  t.regex(pod?.fixes[0]?.title ?? '', /--network-name=flannel\.4096 .*DaemonSet/);
  t.is(pod?.fixes[0]?.runOn, 'cluster');
  const [svc] = findingsOf(kubeproxyNetworkNameMismatch, 'healthy-calico', networkName('calico'));
  t.regex(svc?.fixes[0]?.title ?? '', /--network-name=Calico .*service 'kube-proxy'/);
  t.deepEqual(svc?.fixes[0]?.commands, ["Restart-Service -Name 'kube-proxy'"]);
});
