import test from 'ava';
import { flannelNetworkNotReady } from '../../src/core/checks/flannel-network-not-ready.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const dropSubnetEnv = (raw: RawCapture): void => {
  raw['kubernetes'].files = raw['kubernetes'].files.filter((f: { path: string }) => !f.path.endsWith('subnet.env'));
};

testCheck(test, flannelNetworkNotReady, {
  valid: [
    { name: 'a docker host: no flannel', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['kubernetes'] = { files: [] }; } },
    { name: 'flannel: subnet.env and flannel.4096 present', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico node: not flannel', baseline: 'healthy-calico' },
    {
      name: 'the network is gone but endpoints still use it: that is pod-network-missing',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['hnsNetworks'] = []; },
    },
  ],
  invalid: [
    {
      name: 'no subnet.env',
      baseline: 'healthy-kubeadm-flannel',
      patch: dropSubnetEnv,
      findings: [{ severity: 'error', subjects: ['10-flannel.conf'], message: ['C:\\run\\flannel\\subnet.env was not found', 'KUBERNETES_SERVICE_HOST'] }],
    },
    {
      name: 'a subnet.env from an earlier lease',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].files.find((f: { path: string }) => f.path.endsWith('subnet.env')).text = 'FLANNEL_NETWORK=10.244.0.0/16\r\nFLANNEL_SUBNET=10.244.7.1/24\r\n'; },
      findings: [{ message: ['FLANNEL_SUBNET 10.244.7.1/24', "not inside this node's pod CIDR 10.244.1.0/24"] }],
    },
    {
      name: 'a fresh node: no network and nothing made yet',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { dropSubnetEnv(raw); raw['hnsNetworks'] = []; raw['hnsEndpoints'] = []; },
      findings: [{ message: ["HNS has no network 'flannel.4096'", '10-flannel.conf'] }],
    },
  ],
});

test('WCN723 the flannel pod is restarted from a workstation', (t) => {
  const [f] = findingsOf(flannelNetworkNotReady, 'healthy-kubeadm-flannel', dropSubnetEnv);
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.regex(f?.fixes[0]?.commands[0] ?? '', /-l 'app=flannel'$/);
});
