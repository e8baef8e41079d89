import test from 'ava';
import { cloudMetadataRouteLost } from '../../src/core/checks/cloud-metadata-route-lost.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const aws = (raw: RawCapture): void => { raw['kubernetes'].node.spec.providerID = 'aws:///us-east-1a/i-0a1b2c3d4e5f60718'; };
const metadataRoute = (raw: RawCapture): void => {
  raw['ipRoutes'].push({ InterfaceAlias: 'vEthernet (Ethernet)', InterfaceIndex: 9, DestinationPrefix: '169.254.169.254/32', NextHop: '10.10.4.1', RouteMetric: 0, AddressFamily: 2 });
};

testCheck(test, cloudMetadataRouteLost, {
  valid: [
    { name: 'a docker host with a node object: not a node', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['ipRoutes'] ??= []; raw['kubernetes'] = { node: { spec: { providerID: 'aws:///x/i-1' } } }; } },
    { name: 'on premises: no provider', baseline: 'healthy-calico' },
    { name: 'AWS with the metadata route', baseline: 'healthy-calico', patch: (raw) => { aws(raw); metadataRoute(raw); } },
    { name: 'a provider other than AWS is not judged', baseline: 'healthy-kubeadm-flannel', patch: (raw) => { raw['kubernetes'].node.spec.providerID = 'vsphere://4211d1c2-0b2c-7e5e-1a38-7f0c6a2a9b11'; } },
  ],
  invalid: [
    {
      name: 'AWS Calico node: the route is gone after the vSwitch was made',
      baseline: 'healthy-calico',
      patch: aws,
      findings: [{ severity: 'error', message: ['169.254.169.254', 'aws:///us-east-1a/i-0a1b2c3d4e5f60718'] }],
    },
    {
      name: 'AWS flannel node: the route is gone',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].node.spec.providerID = 'aws:///eu-west-1b/i-0f0e0d0c0b0a09080'; },
      findings: [{ subjects: ['flannel.4096'], message: ["'flannel.4096'"] }],
    },
  ],
});

test('WCN732 the route is added through the default gateway on the host vNIC, persistently', (t) => {
  const [f] = findingsOf(cloudMetadataRouteLost, 'healthy-calico', aws);
  t.deepEqual(f?.fixes[0]?.commands, ["New-NetRoute -DestinationPrefix '169.254.169.254/32' -InterfaceIndex '9' -NextHop '10.10.4.1' -PolicyStore 'PersistentStore'"]);
});
