import test from 'ava';
import { staleRemoteEndpoints } from '../../src/core/checks/stale-remote-endpoints.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

type Ep = Record<string, unknown> & { ID: string; IPAddress: string; IsRemoteEndpoint?: boolean };
const eps = (raw: RawCapture): Ep[] => raw['hnsEndpoints'] as Ep[];

/** A copy of the sample's endpoint at `from`, with a new id and address, remote or local. */
const addEndpoint = (from: number, id: string, ip: string, remote: boolean) => (raw: RawCapture): void => {
  const e = structuredClone(eps(raw)[from]!);
  Object.assign(e, { ID: id, IPAddress: ip, IsRemoteEndpoint: remote });
  eps(raw).push(e);
};

testCheck(test, staleRemoteEndpoints, {
  valid: [
    { name: 'a docker host: no kube-proxy endpoints', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: remote endpoints only for other nodes', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS: remote and local endpoints share the VNet subnet, none shares an address', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico', baseline: 'healthy-calico' },
    { name: 'Calico: one address on two networks is not a duplicate', baseline: 'healthy-calico', patch: (raw) => {
      addEndpoint(2, 'AAAA0000-0000-0000-0000-000000000001', '192.168.71.9', false)(raw);
      const e = eps(raw).at(-1)!;
      Object.assign(e, { VirtualNetwork: '872E32F3-E02D-6287-6102-A074C8326438', VirtualNetworkName: 'External' });
    } },
  ],
  invalid: [
    {
      name: 'flannel: a remote endpoint with a local pod\'s address',
      baseline: 'healthy-kubeadm-flannel',
      patch: addEndpoint(3, 'AAAA0000-0000-0000-0000-000000000002', '10.244.1.5', true),
      findings: [{ severity: 'warning', subjects: ['AAAA0000-0000-0000-0000-000000000002'], message: ['10.244.1.5', 'local 25010E68-2F75-8842-DE32-482FF9750597'], minFixes: 2 }],
    },
    {
      name: 'flannel: a remote endpoint inside this node\'s pod subnet',
      baseline: 'healthy-kubeadm-flannel',
      patch: addEndpoint(3, 'AAAA0000-0000-0000-0000-000000000003', '10.244.1.40', true),
      findings: [{ severity: 'warning', message: ["own pod subnet 10.244.1.1/24", 'C:\\run\\flannel\\subnet.env FLANNEL_SUBNET'] }],
    },
    {
      name: 'AKS: two remote endpoints for one address',
      baseline: 'healthy-aks-azurecni',
      patch: addEndpoint(2, 'AAAA0000-0000-0000-0000-000000000004', '10.224.0.9', true),
      findings: [{ severity: 'warning', subjects: ['AAAA0000-0000-0000-0000-000000000004'], message: ['several remote endpoints share one address'] }],
    },
    {
      name: 'AKS: two local endpoints for one pod address',
      baseline: 'healthy-aks-azurecni',
      patch: addEndpoint(0, 'AAAA0000-0000-0000-0000-000000000005', '10.224.0.48', false),
      findings: [{ severity: 'warning', message: ['share address 10.224.0.48'] }],
    },
  ],
});

test('WCN717 removes exactly the stale remote endpoint, by id, and never a referenced local one', (t) => {
  const [f] = findingsOf(staleRemoteEndpoints, 'healthy-kubeadm-flannel', addEndpoint(3, 'AAAA0000-0000-0000-0000-000000000002', '10.244.1.5', true));
  t.deepEqual(f?.fixes[0]?.commands, ["Get-HnsEndpoint | Where-Object Id -eq 'AAAA0000-0000-0000-0000-000000000002' | Remove-HnsEndpoint"]);
  t.is(f?.fixes[1]?.runOn, 'cluster');
  const [dup] = findingsOf(staleRemoteEndpoints, 'healthy-aks-azurecni', addEndpoint(0, 'AAAA0000-0000-0000-0000-000000000005', '10.224.0.48', false));
  t.deepEqual(dup?.fixes[0]?.commands, ["kubectl drain 'akswin000001' --ignore-daemonsets --delete-emptydir-data"]);
});
