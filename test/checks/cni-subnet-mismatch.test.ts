import test from 'ava';
import { cniSubnetMismatch } from '../../src/core/checks/cni-subnet-mismatch.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

/** HNS's `nat` was made by an ICS-chosen prefix; nerdctl's conf keeps its default 10.4.0.0/24. */
function icsNat(raw: RawCapture): void {
  const subnet = raw['hnsNetworks'][0].Subnets[0];
  subnet.AddressPrefix = '172.20.48.0/20';
  subnet.GatewayAddress = '172.20.48.1';
  subnet.IpSubnets[0].IpAddressPrefix = '172.20.48.0/20';
}

testCheck(test, cniSubnetMismatch, {
  valid: [
    { name: 'a docker host: no CNI conf', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'nerdctl: conf and HNS nat agree on 10.4.0.0/24 and 10.4.0.1', baseline: 'healthy-ws2025-containerd' },
    { name: 'flannel: the conf names no subnet (flannel hands it the lease)', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: usePodCidr is no prefix', baseline: 'healthy-calico' },
    { name: 'AKS: azure-vnet IPAM names no subnet', baseline: 'healthy-aks-azurecni' },
    { name: 'a conf whose network HNS does not have yet', baseline: 'healthy-ws2025-containerd', patch: (raw) => { raw['hnsNetworks'][0].Name = 'other'; } },
  ],
  invalid: [
    {
      name: "HNS nat on an ICS prefix, nerdctl's conf on 10.4.0.0/24",
      baseline: 'healthy-ws2025-containerd',
      patch: icsNat,
      findings: [{ severity: 'error', subjects: ['nerdctl-nat.conflist', 'nat'], message: ['subnet 10.4.0.0/24 and gateway 10.4.0.1', '172.20.48.0/20 (gateway 172.20.48.1)', 'no working default route'] }],
    },
    {
      name: 'only the gateway differs',
      baseline: 'healthy-ws2025-containerd',
      patch: (raw) => { raw['hnsNetworks'][0].Subnets[0].GatewayAddress = '10.4.0.254'; },
      findings: [{ message: ["gives network 'nat' gateway 10.4.0.1,", '10.4.0.0/24 (gateway 10.4.0.254)'] }],
    },
  ],
});

test('WCN703 rewrites the conf with the HNS values, or removes the network so the plugin makes it again', (t) => {
  const [f] = findingsOf(cniSubnetMismatch, 'healthy-ws2025-containerd', icsNat);
  const path = 'C:\\Program Files\\containerd\\cni\\conf\\nerdctl-nat.conflist';
  t.deepEqual(f?.fixes[0]?.commands, [
    `Copy-Item -Path '${path}' -Destination '${path}.bak' -Force`,
    `(Get-Content -Path '${path}' -Raw).Replace('"10.4.0.0/24"', '"172.20.48.0/20"') | Set-Content -Path '${path}' -NoNewline`,
    `(Get-Content -Path '${path}' -Raw).Replace('"10.4.0.1"', '"172.20.48.1"') | Set-Content -Path '${path}' -NoNewline`,
  ]);
  t.is(f?.fixes[1]?.risk, 'disruptive');
  t.regex(f?.fixes[1]?.title ?? '', /stop its 1 container first/);
});

test('WCN703: a gateway the conf names twice is rewritten in both places; one inside a longer address is left alone', (t) => {
  const path = 'C:\\Program Files\\containerd\\cni\\conf\\nerdctl-nat.conflist';
  const [f] = findingsOf(cniSubnetMismatch, 'healthy-ws2025-containerd', (raw) => {
    icsNat(raw);
    const file = raw['cni'].confDirs[0].files[0];
    // The gateway again (a DNS server on the gateway) and an address that starts with it.
    file.text = file.text.replace('"nerdctlLabels"', '"dns": { "nameservers": ["10.4.0.1", "10.4.0.10"] },\n  "nerdctlLabels"');
  });
  const replaceGateway = `(Get-Content -Path '${path}' -Raw).Replace('"10.4.0.1"', '"172.20.48.1"') | Set-Content -Path '${path}' -NoNewline`;
  t.true(f?.fixes[0]?.commands.includes(replaceGateway), f?.fixes[0]?.commands.join('\n'));
});
