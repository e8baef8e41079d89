import test from 'ava';
import { kubeproxyDsrMismatch } from '../../src/core/checks/kubeproxy-dsr-mismatch.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { setKubeProxyFlag } from '../helpers/kube-node.js';

const lbDsr = (value: boolean) => (raw: RawCapture): void => {
  for (const lb of raw['hnsLoadBalancers'] as { Policies: { IsDSR: boolean }[] }[]) lb.Policies[0]!.IsDSR = value;
};
const dsrOn = (raw: RawCapture): void => {
  setKubeProxyFlag(raw, 'enable-dsr', 'true');
  setKubeProxyFlag(raw, 'feature-gates', 'WinOverlay=true,WinDSR=true');
};

testCheck(test, kubeproxyDsrMismatch, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['kubernetes'] = { processes: [] }; } },
    { name: 'AKS: DSR on and every load balancer DSR', baseline: 'healthy-aks-azurecni' },
    { name: 'flannel: DSR off and no load balancer DSR', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: DSR off', baseline: 'healthy-calico' },
    { name: 'AKS: DSR on where HNS 10.2 supports it', baseline: 'healthy-aks-azurecni', patch: (raw) => { raw['hnsVersion'] = { Major: 10, Minor: 2 }; } },
    { name: 'flannel: DSR on, load balancers not captured', baseline: 'healthy-kubeadm-flannel', patch: (raw) => { dsrOn(raw); delete raw['hnsLoadBalancers']; } },
  ],
  invalid: [
    {
      name: 'flannel: DSR on but the load balancers are not DSR',
      baseline: 'healthy-kubeadm-flannel',
      patch: dsrOn,
      findings: [{ severity: 'warning', subjects: ['kube-proxy', '10.96.0.10:53/udp'], message: ['--enable-dsr=true (--enable-dsr of kube-proxy.exe)', 'none of the 3 Service load balancers'] }],
    },
    {
      name: 'AKS: DSR on an HNS that cannot do it',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { raw['hnsVersion'] = { Major: 9, Minor: 2 }; },
      findings: [{ severity: 'error', message: ['HNS 9.2 cannot do Direct Server Return', 'platform does not support feature Direct Server Return (DSR)'], minFixes: 2 }],
    },
    {
      name: 'Calico: DSR off but load balancers left DSR',
      baseline: 'healthy-calico',
      patch: lbDsr(true),
      findings: [{ severity: 'warning', message: ['--enable-dsr=false', '3 of the 3 Service load balancers HNS holds are DSR'] }],
    },
  ],
});

test('WCN713 DSR refused by HNS: turning DSR off comes first, the update second', (t) => {
  const [f] = findingsOf(kubeproxyDsrMismatch, 'healthy-aks-azurecni', (raw) => { raw['hnsVersion'] = { Major: 10, Minor: 1 }; });
  t.regex(f?.fixes[0]?.title ?? '', /--enable-dsr=false .*service 'kubeproxy'/);
  t.deepEqual(f?.fixes[0]?.commands, ["Restart-Service -Name 'kubeproxy'"]);
  t.deepEqual(f?.fixes[1]?.commands, []);
});
