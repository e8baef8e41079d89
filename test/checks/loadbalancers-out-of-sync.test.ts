import test from 'ava';
import { loadbalancersOutOfSync } from '../../src/core/checks/loadbalancers-out-of-sync.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { stopKubeProxyService } from '../helpers/kube-node.js';

type Lb = { ID: string; Policies: Record<string, unknown>[]; References: string[] };
const lbs = (raw: RawCapture): Lb[] => raw['hnsLoadBalancers'] as Lb[];
const GONE = '9E1F3A77-0C4B-4D2E-8A61-7B5C3D9E2F40';
const staleApi = (raw: RawCapture): void => { lbs(raw)[2]!.References = [`/endpoints/${GONE}`]; };

testCheck(test, loadbalancersOutOfSync, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['hnsLoadBalancers'] = []; } },
    { name: 'flannel', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS (DSR)', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico', baseline: 'healthy-calico' },
    { name: 'no load balancer while kube-proxy is stopped is WCN109\'s', baseline: 'healthy-calico', patch: (raw) => {
      raw['hnsLoadBalancers'] = [];
      stopKubeProxyService(raw);
    } },
  ],
  invalid: [
    {
      name: 'flannel: the API load balancer references an endpoint HNS no longer has',
      baseline: 'healthy-kubeadm-flannel',
      patch: staleApi,
      findings: [{ severity: 'error', subjects: ['10.96.0.1:443/tcp'], message: [GONE, 'no longer has'] }],
    },
    {
      name: 'AKS: a policy list without its ELB policy',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { lbs(raw)[2]!.Policies = []; },
      findings: [{ severity: 'error', message: ['no port mapping'] }],
    },
    {
      name: 'Calico: two load balancers for DNS over UDP',
      baseline: 'healthy-calico',
      patch: (raw) => { const copy = structuredClone(lbs(raw)[0]!); copy.ID = 'C47D9E32-6A0B-4F1D-A5E8-3B9C7D2E1F99'; lbs(raw).push(copy); },
      findings: [{ severity: 'warning', message: ['10.96.0.10:53/udp (C47D9E32-6A0B-4F1D-A5E8-3B9C7D2E1F01)', 'C47D9E32-6A0B-4F1D-A5E8-3B9C7D2E1F99'] }],
    },
    {
      name: 'AKS: kube-proxy runs beside pods and HNS has no load balancer',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { raw['hnsLoadBalancers'] = []; },
      findings: [{ severity: 'error', subjects: ['kube-proxy'], message: ['no load balancer at all'] }],
    },
  ],
});

test('WCN718 the fix restarts kube-proxy where it runs', (t) => {
  const [pod] = findingsOf(loadbalancersOutOfSync, 'healthy-kubeadm-flannel', staleApi);
  t.is(pod?.fixes[0]?.runOn, 'cluster');
  const [svc] = findingsOf(loadbalancersOutOfSync, 'healthy-aks-azurecni', (raw) => { lbs(raw)[0]!.References.push(`/endpoints/${GONE}`); });
  t.deepEqual(svc?.fixes[0]?.commands, ["Restart-Service -Name 'kubeproxy'"]);
  t.regex(svc?.message ?? '', /10\.0\.0\.10:53\/udp/);
});
