import test from 'ava';
import { dualstackUnsupported } from '../../src/core/checks/dualstack-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

const clusterCidr = (value: string) => (raw: RawCapture): void => {
  const kp = raw['kubernetes'].processes.find((p: { Name: string }) => p.Name === 'kube-proxy.exe');
  kp.CommandLine += ` --cluster-cidr=${value}`;
};
const podCidrs = (...cidrs: string[]) => (raw: RawCapture): void => {
  raw['kubernetes'].node = { metadata: { name: 'n' }, spec: { podCIDR: cidrs[0], podCIDRs: cidrs } };
};

testCheck(test, dualstackUnsupported, {
  valid: [
    { name: 'flannel overlay, IPv4 only', baseline: 'healthy-kubeadm-flannel', patch: clusterCidr('10.244.0.0/16') },
    { name: 'AKS l2bridge with an IPv6 pod range: l2bridge can do dual stack', baseline: 'healthy-aks-azurecni', patch: podCidrs('10.224.0.0/24', 'fd00:10:224::/64') },
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
  ],
  invalid: [
    {
      name: 'flannel overlay with a dual-stack cluster CIDR',
      baseline: 'healthy-kubeadm-flannel',
      patch: clusterCidr('10.244.0.0/16,fd00:10:244::/56'),
      findings: [{ severity: 'warning', subjects: ['flannel.4096'], message: ['fd00:10:244::/56', 'Overlay', 'Winoverlay does not support dual-stack'] }],
    },
    {
      name: 'Calico with IPv6 pod CIDRs on the node',
      baseline: 'healthy-calico',
      patch: podCidrs('192.168.178.0/26', 'fd00:192:168::/64'),
      findings: [{ message: ["node's podCIDRs"] }],
    },
  ],
});
