import test from 'ava';
import { apiserverUnreachable } from '../../src/core/checks/apiserver-unreachable.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

const FLANNEL_MSG = 'Failed to create SubnetManager: error retrieving pod spec for \'kube-flannel/kube-flannel-ds-windows-amd64-6rf7t\': Get "https://10.96.0.1:443/api/v1/namespaces/kube-flannel/pods/kube-flannel-ds-windows-amd64-6rf7t": dial tcp 10.96.0.1:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time';
const networkNotReady = (message: string) => (raw: RawCapture): void => {
  const c = raw['containerd'].criInfo.status.conditions.find((x: { type: string }) => x.type === 'NetworkReady');
  c.status = false;
  c.reason = 'NetworkPluginNotReady';
  c.message = message;
};
const nodeReady = (status: string, reason: string, message: string) => (raw: RawCapture): void => {
  raw['kubernetes'].node = { metadata: { name: 'calwin01' }, status: { conditions: [{ type: 'Ready', status, reason, message }] } };
};

testCheck(test, apiserverUnreachable, {
  valid: [
    { name: 'AKS node: NetworkReady true', baseline: 'healthy-aks-azurecni' },
    { name: 'a containerd host without Kubernetes', baseline: 'healthy-ws2025-containerd' },
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2019' },
    { name: 'NetworkReady false for a missing CNI conf: not the API server', baseline: 'healthy-aks-azurecni', patch: networkNotReady('Network plugin returns error: cni plugin not initialized') },
    { name: 'node Ready=True', baseline: 'healthy-calico', patch: nodeReady('True', 'KubeletReady', 'kubelet is posting ready status') },
    { name: 'node Ready=Unknown but kubelet is stopped here: kubelet is down, not the way to the API server', baseline: 'healthy-calico', patch: (r) => { nodeReady('Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')(r); r['services'].find((s: { Name: string }) => s.Name === 'kubelet').Status = 1; r['kubernetes'].services.find((s: { Name: string }) => s.Name === 'kubelet').State = 'Stopped'; r['kubernetes'].processes = r['kubernetes'].processes.filter((p: { Name: string }) => p.Name !== 'kubelet.exe'); } },
  ],
  invalid: [
    {
      name: 'AKS node: NetworkReady false naming a call to the API server',
      baseline: 'healthy-aks-azurecni',
      patch: networkNotReady(FLANNEL_MSG),
      findings: [{ severity: 'error', subjects: ['containerd'], message: ['NetworkReady=false', 'dial tcp 10.96.0.1:443', 'API server'] }],
    },
    {
      name: 'Calico node: the API server stopped hearing from a running kubelet',
      baseline: 'healthy-calico',
      patch: nodeReady('Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
      findings: [{ severity: 'error', subjects: ['kubelet'], message: ["'calwin01' has Ready=Unknown", 'Kubelet stopped posting node status.'] }],
    },
  ],
});
