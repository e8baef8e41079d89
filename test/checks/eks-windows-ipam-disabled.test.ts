import test from 'ava';
import { eksWindowsIpamDisabled } from '../../src/core/checks/eks-windows-ipam-disabled.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { combine } from '../helpers/capture-edits.js';

const eksNode = (raw: RawCapture): void => {
  raw['kubernetes'].node = { metadata: { name: 'ip-10-0-1-23.us-west-2.compute.internal', labels: { 'eks.amazonaws.com/nodegroup': 'windows-ng' } }, spec: { providerID: 'aws:///us-west-2a/i-0a1b2c3d4e5f60718' } };
};
const eksFolder = (raw: RawCapture): void => {
  const kubelet = raw['kubernetes'].processes.find((p: { Name: string }) => p.Name === 'kubelet.exe');
  kubelet.CommandLine = 'C:\\Program Files\\Kubernetes\\kubelet.exe --cloud-provider=external --image-credential-provider-config=C:\\Program Files\\Amazon\\EKS\\ecr-credential-provider\\ecr-credential-provider-config.json';
};
const noPodAddresses = (raw: RawCapture): void => {
  raw['hnsEndpoints'] = raw['hnsEndpoints'].filter((e: { IsRemoteEndpoint?: boolean }) => e.IsRemoteEndpoint);
};

testCheck(test, eksWindowsIpamDisabled, {
  valid: [
    { name: 'AKS node with pod endpoints', baseline: 'healthy-aks-azurecni' },
    { name: 'EKS node whose pods have endpoints', baseline: 'healthy-aks-azurecni', patch: eksNode },
    { name: 'not EKS: pods without endpoints are another failure', baseline: 'healthy-aks-azurecni', patch: noPodAddresses },
    { name: 'an aws:// node without EKS labels (self-managed on EC2)', baseline: 'healthy-aks-azurecni', patch: combine(noPodAddresses, (r) => { r['kubernetes'].node = { spec: { providerID: 'aws:///us-west-2a/i-0a1b2c3d4e5f60718' } }; }) },
    { name: 'a containerd host without Kubernetes', baseline: 'healthy-ws2025-containerd' },
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2019' },
  ],
  invalid: [
    {
      name: 'EKS node (provider id and labels): sandboxes but no pod endpoint',
      baseline: 'healthy-aks-azurecni',
      patch: combine(eksNode, noPodAddresses),
      findings: [{ severity: 'error', message: ['EKS node', "providerID 'aws:///", '2 pod sandboxes', 'enable', 'vpc.amazonaws.com/PrivateIPv4Address'] }],
    },
    {
      name: 'EKS node known from the install folder in kubelet\'s command line',
      baseline: 'healthy-aks-azurecni',
      patch: combine(eksFolder, noPodAddresses),
      findings: [{ message: ['kubelet.exe runs from the EKS folder'] }],
    },
  ],
});

test('WCN738 the fix patches the ConfigMap from a workstation', (t) => {
  const [f] = findingsOf(eksWindowsIpamDisabled, 'healthy-aks-azurecni', combine(eksNode, noPodAddresses));
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.is(f?.fixes[0]?.commands[0], `kubectl patch configmap 'amazon-vpc-cni' -n 'kube-system' --type merge -p '{"data":{"enable-windows-ipam":"true"}}'`);
});
