import test from 'ava';
import { calicoUnsupportedConfig } from '../../src/core/checks/calico-unsupported-config.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const calico = (raw: RawCapture) => raw['hnsNetworks'].find((n: { Name: string }) => n.Name === 'Calico');
const bgp = (ras: { Status: number; StartType: number } | undefined) => (raw: RawCapture): void => {
  calico(raw).Type = 'L2Bridge';
  raw['services'] = raw['services'].filter((s: { Name: string }) => s.Name !== 'RemoteAccess');
  if (ras) raw['services'].push({ Name: 'RemoteAccess', DisplayName: 'Routing and Remote Access', ...ras });
};

testCheck(test, calicoUnsupportedConfig, {
  valid: [
    { name: 'a docker host: no Calico', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'Calico VXLAN: RemoteAccess not needed', baseline: 'healthy-calico' },
    { name: 'flannel node: not Calico', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico BGP with RemoteAccess running', baseline: 'healthy-calico', patch: bgp({ Status: 4, StartType: 2 }) },
  ],
  invalid: [
    {
      name: 'Calico BGP with RemoteAccess disabled',
      baseline: 'healthy-calico',
      patch: bgp({ Status: 1, StartType: 4 }),
      findings: [{ severity: 'error', subjects: ['Calico', 'RemoteAccess'], message: ['BGP mode', 'Stopped (start type Disabled)'] }],
    },
    {
      name: 'Calico BGP without the RemoteAccess service',
      baseline: 'healthy-calico',
      patch: bgp(undefined),
      findings: [{ message: ['not installed'] }],
    },
    {
      name: 'two Calico networks: two IP blocks',
      baseline: 'healthy-calico',
      patch: (raw) => { raw['hnsNetworks'].push({ ...structuredClone(calico(raw)), ID: '0B7A4C1E-3D55-4F0A-9C21-7E6D5B4A3C2F', Name: 'Calico-2' }); },
      findings: [{ severity: 'warning', subjects: ['Calico', 'Calico-2'], message: ['2 Calico HNS networks', 'strictAffinity'] }],
    },
  ],
});

test('WCN724 a disabled RemoteAccess is re-enabled as Automatic and started on the node', (t) => {
  const [f] = findingsOf(calicoUnsupportedConfig, 'healthy-calico', bgp({ Status: 1, StartType: 4 }));
  t.is(f?.fixes[0]?.runOn, 'container-host');
  t.deepEqual(f?.fixes[0]?.commands, ["Set-Service -Name 'RemoteAccess' -StartupType 'Automatic'", "Start-Service -Name 'RemoteAccess'"]);
});
