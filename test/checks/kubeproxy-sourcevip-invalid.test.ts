import test from 'ava';
import { kubeproxySourcevipInvalid } from '../../src/core/checks/kubeproxy-sourcevip-invalid.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { setKubeProxyFlag } from '../helpers/kube-node.js';

const sourceVip = (value: string | undefined) => (raw: RawCapture): void => setKubeProxyFlag(raw, 'source-vip', value);

testCheck(test, kubeproxySourcevipInvalid, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel overlay: 10.244.1.2 reserved, its endpoint present', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico overlay: Calico_ep is the source VIP', baseline: 'healthy-calico' },
    { name: 'AKS l2bridge: no source VIP needed', baseline: 'healthy-aks-azurecni' },
  ],
  invalid: [
    {
      name: 'flannel: a source VIP from the former pod subnet',
      baseline: 'healthy-kubeadm-flannel',
      patch: sourceVip('10.244.3.2'),
      findings: [{ severity: 'error', subjects: ['kube-proxy', 'flannel.4096'], message: ['10.244.3.2 (--source-vip of kube-proxy.exe) is outside', '10.244.1.0/24', '0x803b002f'] }],
    },
    {
      name: 'Calico: no source VIP at all',
      baseline: 'healthy-calico',
      patch: sourceVip(undefined),
      findings: [{ severity: 'error', message: ['source-vip flag not set'] }],
    },
    {
      name: 'flannel: the source VIP is a pod\'s address',
      baseline: 'healthy-kubeadm-flannel',
      patch: sourceVip('10.244.1.5'),
      findings: [{ severity: 'error', message: ['pod endpoint 7e7e06dc8c79a32ad4f522ebe32610adad023d5e4e3058bfa6306db0235049a2_flannel.4096'] }],
    },
    {
      name: 'flannel: no endpoint holds the source VIP',
      baseline: 'healthy-kubeadm-flannel',
      patch: sourceVip('10.244.1.3'),
      findings: [{ severity: 'warning', message: ['no HNS endpoint on \'flannel.4096\' has', 'Source Vip endpoint creation failed'] }],
    },
    {
      name: 'flannel: the reservation file holds an error',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => {
        const f = raw['kubernetes'].files.find((x: { path: string }) => /sourceVip\.json$/i.test(x.path));
        f.text = '{"code": 100, "msg": "error reading network config"}';
      },
      findings: [{ severity: 'error', message: ['C:\\sourcevip\\sourceVip.json holds an error', 'error reading network config'] }],
    },
  ],
});

test('WCN711 on Calico the fix names Calico_ep\'s address', (t) => {
  const [f] = findingsOf(kubeproxySourcevipInvalid, 'healthy-calico', sourceVip('192.168.95.2'));
  t.regex(f?.fixes[0]?.title ?? '', /--source-vip=192\.168\.94\.2 \(the address of Calico's host endpoint Calico_ep\)/);
  t.is(f?.fixes[0]?.verify, "Get-HnsEndpoint | Where-Object -Property 'IPAddress' -EQ '192.168.94.2'");
});
