import test from 'ava';
import { ipamExhausted } from '../../src/core/checks/ipam-exhausted.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

/** Shrinks the named HNS network's subnet and adds local endpoints cloned from its first pod endpoint. */
function crowd(network: string, prefix: string, endpoints: { name: string; ip: string }[]) {
  return (raw: RawCapture): void => {
    const net = raw['hnsNetworks'].find((n: { Name: string }) => n.Name === network);
    net.Subnets[0].AddressPrefix = prefix;
    net.Subnets[0].IpSubnets[0].IpAddressPrefix = prefix;
    const model = raw['hnsEndpoints'].find((e: { VirtualNetworkName: string; IsRemoteEndpoint: boolean; Name: string }) => e.VirtualNetworkName === network && !e.IsRemoteEndpoint && /[0-9a-f]{12}/.test(e.Name));
    endpoints.forEach((x, i) => raw['hnsEndpoints'].push({ ...structuredClone(model), ID: `0000000${i}-AAAA-BBBB-CCCC-DDDDDDDDDDDD`, Name: x.name, IPAddress: x.ip }));
  };
}

testCheck(test, ipamExhausted, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: 3 endpoints in a /24', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS: 2 endpoints in a /16', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico: a /26 block with room', baseline: 'healthy-calico' },
    { name: 'nerdctl without Kubernetes', baseline: 'healthy-ws2025-containerd' },
    {
      name: 'AKS: endpoints whose names carry no sandbox id are not called leaked',
      baseline: 'healthy-aks-azurecni',
      patch: crowd('azure', '10.224.0.0/29', [
        { name: 'Ethernet', ip: '10.224.0.2' },
        { name: 'vm-nic-3', ip: '10.224.0.3' },
      ]),
    },
  ],
  invalid: [
    {
      name: 'Calico: a /29 block whose addresses are all taken',
      baseline: 'healthy-calico',
      patch: crowd('Calico', '192.168.94.0/29', [
        { name: 'aa11bb22cc33dd44_Calico', ip: '192.168.94.3' },
        { name: 'bb22cc33dd44ee55_Calico', ip: '192.168.94.4' },
        { name: 'cc33dd44ee55ff66_Calico', ip: '192.168.94.6' },
      ]),
      findings: [{ severity: 'error', subjects: ['Calico'], message: ['Pod subnet 192.168.94.0/29', '5 addresses', '5 local endpoints', 'no address is free', 'failed to allocate for range'] }],
    },
    {
      name: 'AKS: endpoints of no pod sandbox fill a small subnet',
      baseline: 'healthy-aks-azurecni',
      patch: crowd('azure', '10.224.0.0/29', [
        { name: '0123456789ab-eth0', ip: '10.224.0.2' },
        { name: 'ba9876543210-eth0', ip: '10.224.0.3' },
      ]),
      findings: [{ severity: 'warning', message: ['only 1 is free', '2 of them belong to no pod sandbox', '0123456789ab-eth0 (10.224.0.2)'] }],
    },
  ],
});
