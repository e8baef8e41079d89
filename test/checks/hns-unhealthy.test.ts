import test from 'ava';
import { hnsUnhealthy } from '../../src/core/checks/hns-unhealthy.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

const TIMEOUT = "timed out after 60 s: 'Get-HnsEndpoint' did not answer (the service it asks may be hung).";
const unanswered = (key: string, message = TIMEOUT) => (raw: RawCapture): void => {
  delete raw[key];
  raw['collectorErrors'] = [...(raw['collectorErrors'] ?? []), { key, command: key === 'hnsEndpoints' ? 'Get-HnsEndpoint' : 'Get-HnsNetwork', message }];
};

testCheck(test, hnsUnhealthy, {
  valid: [
    { name: 'flannel node: HNS answered every query', baseline: 'healthy-kubeadm-flannel' },
    { name: 'docker host: HNS answered', baseline: 'healthy-ws2022' },
    { name: 'an HNS query refused (module missing), not unanswered', baseline: 'healthy-calico', patch: unanswered('hnsEndpoints', "The term 'Get-HnsEndpoint' is not recognized as the name of a cmdlet") },
    { name: 'a docker query timed out: not HNS', baseline: 'healthy-ws2022', patch: (r) => { r['collectorErrors'] = [{ key: 'docker', command: 'docker info', message: "timed out after 60 s: 'docker info' did not answer" }]; } },
    { name: 'HNS stopped: that is hns-not-running, not a hung HNS', baseline: 'healthy-ws2022', patch: (r) => { unanswered('hnsNetworks')(r); r['services'].find((s: { Name: string }) => s.Name === 'hns').Status = 1; } },
  ],
  invalid: [
    {
      name: 'flannel node: Get-HnsEndpoint timed out while hns runs',
      baseline: 'healthy-kubeadm-flannel',
      patch: unanswered('hnsEndpoints'),
      findings: [{ severity: 'error', subjects: ['hns'], message: ['Get-HnsEndpoint', 'timed out after 60 s', 'ContainerCreating'] }],
    },
    {
      name: 'docker host: Get-HnsNetwork got an RPC error',
      baseline: 'healthy-ws2022',
      patch: unanswered('hnsNetworks', 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)'),
      findings: [{ subjects: ['hns'], message: ['one HNS query'] }],
    },
  ],
});

test('WCN735 restarts HNS by force, then kube-proxy on a node; on a docker host only HNS', (t) => {
  const [node] = findingsOf(hnsUnhealthy, 'healthy-calico', unanswered('hnsEndpoints'));
  t.deepEqual(node?.fixes.map((f) => f.commands[0]), ["Restart-Service -Name 'hns' -Force", "Restart-Service -Name 'kube-proxy'"]);
  const [docker] = findingsOf(hnsUnhealthy, 'healthy-ws2022', unanswered('hnsNetworks'));
  t.is(docker?.fixes.length, 1);
});
