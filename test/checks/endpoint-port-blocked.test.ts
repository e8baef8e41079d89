import test from 'ava';
import { endpointPortBlocked } from '../../src/core/checks/endpoint-port-blocked.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const SANDBOX = '7e7e06dc8c79a32ad4f522ebe32610adad023d5e4e3058bfa6306db0235049a2';
const state = (ip: string, s: number) => (raw: RawCapture): void => {
  raw['hnsEndpoints'].find((e: { IPAddress: string }) => e.IPAddress === ip).State = s;
};
const pods = (raw: RawCapture): void => {
  raw['containerd'].pods = { items: [{ id: SANDBOX, metadata: { name: 'web-0', namespace: 'shop' }, state: 'SANDBOX_READY' }] };
};
const vfp = (ports: string, states: { port: string; text: string }[]) => (raw: RawCapture): void => { raw['vfp'] = { ports, portStates: states }; };
const PORTS = 'Port name : 5F1B2C3D-0000-4000-8000-000000000001\nMAC address : 0E-2A-0A-F4-01-05\n\nPort name : 5F1B2C3D-0000-4000-8000-0000000000FF\nMAC address : 00-15-5D-8E-44-09\n';

testCheck(test, endpointPortBlocked, {
  valid: [
    { name: 'a docker host: its endpoints in state 2 are not judged', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: every local endpoint attached', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: every local endpoint attached', baseline: 'healthy-calico' },
    { name: 'a remote endpoint in another state is not a pod here', baseline: 'healthy-kubeadm-flannel', patch: state('10.244.2.4', 1) },
    { name: 'VFP ports captured, none blocked', baseline: 'healthy-kubeadm-flannel', patch: vfp(PORTS, [{ port: '5F1B2C3D-0000-4000-8000-000000000001', text: 'Enabled : TRUE\nBlocked : FALSE\n' }]) },
  ],
  invalid: [
    {
      name: 'flannel: a pod endpoint only created, its pod known from crictl',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { state('10.244.1.5', 1)(raw); pods(raw); },
      findings: [{ severity: 'error', message: ['10.244.1.5, pod shop/web-0', 'in state 1 (Created)'] }],
    },
    {
      name: 'Calico: a detached endpoint, pod unknown',
      baseline: 'healthy-calico',
      patch: state('192.168.94.5', 4),
      findings: [{ message: ['192.168.94.5', '4 (Detached)'] }],
    },
    {
      name: "a pod's VFP port is blocked, and the host's",
      baseline: 'healthy-kubeadm-flannel',
      patch: vfp(PORTS, [
        { port: '5F1B2C3D-0000-4000-8000-000000000001', text: 'Enabled : TRUE\nBlocked : TRUE\n' },
        { port: '5F1B2C3D-0000-4000-8000-0000000000FF', text: 'Enabled : TRUE\nBlocked : TRUE\n' },
      ]),
      findings: [
        { message: ["VFP port '5F1B2C3D-0000-4000-8000-000000000001' blocked", '10.244.1.5'] },
        { subjects: ['flannel.4096'], message: ["'5F1B2C3D-0000-4000-8000-0000000000FF'", 'belongs to no pod endpoint'] },
      ],
    },
  ],
});

test('WCN734 an Azure CNI endpoint (named by the first 12 digits of its sandbox) names its pod too', (t) => {
  const [f] = findingsOf(endpointPortBlocked, 'healthy-aks-azurecni', state('10.224.0.48', 1));
  t.true(f?.message.includes('10.224.0.48, pod default/web-7c9d5f8b6-kq2xz'), f?.message);
  t.deepEqual(f?.fixes[0]?.commands, ["kubectl -n 'default' delete pod 'web-7c9d5f8b6-kq2xz'"]);
});

test('WCN734 a known pod is deleted with kubectl first; the endpoint removal comes after', (t) => {
  const [f] = findingsOf(endpointPortBlocked, 'healthy-kubeadm-flannel', (raw) => { state('10.244.1.5', 1)(raw); pods(raw); });
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.deepEqual(f?.fixes[0]?.commands, ["kubectl -n 'shop' delete pod 'web-0'"]);
  t.deepEqual(f?.fixes[1]?.commands, ["Get-HnsEndpoint | Where-Object Id -eq '25010E68-2F75-8842-DE32-482FF9750597' | Remove-HnsEndpoint"]);
});
