import test from 'ava';
import { managementIpLost } from '../../src/core/checks/management-ip-lost.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const mgmt = (name: string, ip: string) => (raw: RawCapture): void => {
  raw['hnsNetworks'].find((n: { Name: string }) => n.Name === name).ManagementIP = ip;
};

testCheck(test, managementIpLost, {
  valid: [
    { name: 'a docker host: nat networks have no management IP', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: the host address', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: both networks on the host address', baseline: 'healthy-calico' },
    { name: 'AKS: the l2bridge network on the host address', baseline: 'healthy-aks-azurecni' },
    { name: 'a routable address outside 169.254/16', baseline: 'healthy-calico', patch: mgmt('Calico', '169.255.1.1') },
  ],
  invalid: [
    {
      name: 'flannel: HNS caught an APIPA address',
      baseline: 'healthy-kubeadm-flannel',
      patch: mgmt('flannel.4096', '169.254.149.216'),
      findings: [{ severity: 'error', subjects: ['flannel.4096', 'vEthernet (Ethernet0)'], message: ['169.254.149.216', "now has 10.0.0.11, but HNS keeps"] }],
    },
    {
      name: 'Calico after a reboot: the network and the vNIC on APIPA',
      baseline: 'healthy-calico',
      patch: (raw) => {
        mgmt('Calico', '169.254.57.5')(raw);
        raw['netIPAddresses'].find((a: { IPAddress: string }) => a.IPAddress === '10.10.4.21').IPAddress = '169.254.57.5';
        raw['netIPAddresses'].find((a: { IPAddress: string }) => a.IPAddress === '169.254.57.5').PrefixLength = 16;
      },
      findings: [{ subjects: ['Calico'], message: ['169.254.57.5', 'still has only 169.254.57.5'] }],
    },
  ],
});

test('WCN731 fixes: the agent first (a Calico service restart), then removing the network', (t) => {
  const [f] = findingsOf(managementIpLost, 'healthy-calico', mgmt('Calico', '169.254.57.5'));
  t.deepEqual(f?.fixes[0]?.commands, ["Restart-Service -Name 'CalicoNode'"]);
  t.deepEqual(f?.fixes[1]?.commands, ["Get-HnsNetwork | Where-Object Id -eq '59E36266-ADE6-C28F-D4B7-587A4F91C911' | Remove-HnsNetwork"]);
  t.regex(f?.fixes[1]?.verify ?? '', /ManagementIP/);
});
