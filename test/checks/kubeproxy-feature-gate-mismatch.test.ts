import test from 'ava';
import { kubeproxyFeatureGateMismatch } from '../../src/core/checks/kubeproxy-feature-gate-mismatch.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { setKubeProxyFlag } from '../helpers/kube-node.js';

const gates = (value: string | undefined, version?: string) => (raw: RawCapture): void => {
  setKubeProxyFlag(raw, 'feature-gates', value);
  if (version) raw['kubernetes'].versions.kubeProxy = `Kubernetes ${version}`;
};

testCheck(test, kubeproxyFeatureGateMismatch, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['kubernetes'] = { processes: [] }; } },
    { name: 'flannel overlay, 1.31, WinOverlay=true', baseline: 'healthy-kubeadm-flannel' },
    { name: 'flannel overlay, 1.31, no gate: on by default since 1.20', baseline: 'healthy-kubeadm-flannel', patch: gates(undefined) },
    { name: 'AKS DSR, 1.30, WinDSR=true', baseline: 'healthy-aks-azurecni' },
    { name: 'AKS DSR, 1.33, no gate: on by default', baseline: 'healthy-aks-azurecni', patch: gates(undefined, 'v1.33.2') },
    { name: 'Calico overlay, 1.34, gates left out', baseline: 'healthy-calico', patch: gates(undefined, 'v1.34.1') },
    { name: 'l2bridge without DSR: WinOverlay=false is harmless before 1.34', baseline: 'healthy-aks-azurecni', patch: (raw) => {
      gates('WinOverlay=false')(raw);
      setKubeProxyFlag(raw, 'enable-dsr', 'false');
    } },
  ],
  invalid: [
    {
      name: 'flannel overlay with WinOverlay=false',
      baseline: 'healthy-kubeadm-flannel',
      patch: gates('WinOverlay=false'),
      findings: [{ severity: 'error', subjects: ['kube-proxy'], message: ["WinOverlay=false is set while the pod network 'flannel.4096' is Overlay", 'WinOverlay feature gate not enabled'] }],
    },
    {
      name: '1.34 refuses WinOverlay=false even on l2bridge',
      baseline: 'healthy-aks-azurecni',
      patch: gates('WinDSR=true,WinOverlay=false', 'v1.34.0'),
      findings: [{ severity: 'error', message: ['kube-proxy Kubernetes v1.34.0 locks WinOverlay to true', 'feature is locked to true'] }],
    },
    {
      name: 'AKS 1.30 with --enable-dsr and no WinDSR gate',
      baseline: 'healthy-aks-azurecni',
      patch: gates(undefined),
      findings: [{ severity: 'error', message: ['--enable-dsr is true (--enable-dsr of kube-proxy.exe)', 'leaves WinDSR off'] }],
    },
    {
      name: 'Calico overlay on 1.19 without WinOverlay',
      baseline: 'healthy-calico',
      patch: gates(undefined, 'v1.19.16'),
      findings: [{ severity: 'error', message: ['leaves WinOverlay off'] }],
    },
  ],
});

test('WCN712 the fix says which gate to change', (t) => {
  const [locked] = findingsOf(kubeproxyFeatureGateMismatch, 'healthy-calico', gates('WinOverlay=false', 'v1.34.0'));
  t.regex(locked?.fixes[0]?.title ?? '', /WinOverlay=false removed from --feature-gates .*service 'kube-proxy'/);
  const [dsr] = findingsOf(kubeproxyFeatureGateMismatch, 'healthy-aks-azurecni', gates(undefined));
  t.regex(dsr?.fixes[0]?.title ?? '', /--feature-gates=WinDSR=true/);
});
