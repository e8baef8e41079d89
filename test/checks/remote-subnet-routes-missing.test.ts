import test from 'ava';
import { remoteSubnetRoutesMissing } from '../../src/core/checks/remote-subnet-routes-missing.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const overlay = (raw: RawCapture, name: string) => raw['hnsNetworks'].find((n: { Name: string }) => n.Name === name);
const dropRoute = (name: string, prefixOrPa: string) => (raw: RawCapture): void => {
  const n = overlay(raw, name);
  n.Policies = n.Policies.filter((p: { DestinationPrefix?: string; ProviderAddress?: string }) => p.DestinationPrefix !== prefixOrPa && p.ProviderAddress !== prefixOrPa);
};

testCheck(test, remoteSubnetRoutesMissing, {
  valid: [
    { name: 'a docker host with a nodes list: not a Kubernetes node', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['kubernetes'] = { nodes: [{ name: 'k8s-w2', podCIDRs: ['10.244.2.0/24'], internalIP: '10.0.0.12' }] }; } },
    { name: 'flannel vxlan: a route to each other node', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico vxlan: a route to the other node', baseline: 'healthy-calico' },
    { name: 'AKS Azure CNI: an l2bridge network has no remote-subnet routes', baseline: 'healthy-aks-azurecni', patch: (raw) => { raw['kubernetes'].nodes = [{ name: 'aksnpl000000', podCIDRs: ['10.224.1.0/24'], internalIP: '10.224.0.4' }]; } },
    {
      name: 'a node without an address cannot be matched and is left alone',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].nodes.push({ name: 'k8s-w3', podCIDRs: ['10.244.3.0/24'] }); },
    },
  ],
  invalid: [
    {
      name: 'flannel: the route to k8s-w2 is missing',
      baseline: 'healthy-kubeadm-flannel',
      patch: dropRoute('flannel.4096', '10.244.2.0/24'),
      findings: [{ severity: 'error', subjects: ['flannel.4096'], message: ['10.244.2.0/24 on k8s-w2 (10.0.0.12)', 'flanneld'] }],
    },
    {
      name: 'flannel: a node joined after the routes were made',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].nodes.push({ name: 'k8s-w3', podCIDRs: ['10.244.3.0/24'], internalIP: '10.0.0.13', os: 'linux' }); },
      findings: [{ message: ['10.244.3.0/24 on k8s-w3 (10.0.0.13)'] }],
    },
    {
      name: 'flannel: the route leads to an old node address',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].nodes.find((n: { name: string }) => n.name === 'k8s-w2').internalIP = '10.0.0.22'; },
      findings: [{ message: ['the route leads to 10.0.0.12, not 10.0.0.22'] }],
    },
    {
      name: 'flannel: the HostRoute policy is gone',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { const n = overlay(raw, 'flannel.4096'); n.Policies = n.Policies.filter((p: { Type: string }) => p.Type !== 'HostRoute'); },
      findings: [{ message: ['no HostRoute policy'] }],
    },
    {
      name: 'Calico: no block of the control-plane node',
      baseline: 'healthy-calico',
      patch: dropRoute('Calico', '10.10.4.10'),
      findings: [{ subjects: ['Calico'], message: ['any block of calico-cp1 (10.10.4.10)', 'calico-node'] }],
    },
  ],
});

test('WCN721 flannel as a HostProcess pod is restarted with kubectl; Calico as a service with Restart-Service', (t) => {
  const [f] = findingsOf(remoteSubnetRoutesMissing, 'healthy-kubeadm-flannel', dropRoute('flannel.4096', '10.244.2.0/24'));
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.is(f?.fixes[0]?.commands[0], "kubectl delete pod --all-namespaces --field-selector 'spec.nodeName=win-k8s-w1' -l 'app=flannel'");
  const [c] = findingsOf(remoteSubnetRoutesMissing, 'healthy-calico', dropRoute('Calico', '10.10.4.10'));
  t.deepEqual(c?.fixes[0]?.commands, ["Restart-Service -Name 'CalicoNode'"]);
});
