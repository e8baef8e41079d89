import test from 'ava';
import { outboundnatExceptionsWrong } from '../../src/core/checks/outboundnat-exceptions-wrong.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { combine } from '../helpers/capture-edits.js';

/** Replaces text in the first CNI conf. */
const editConf = (from: string, to: string) => (raw: RawCapture): void => {
  const file = raw['cni'].confDirs[0].files[0];
  if (!file.text.includes(from)) throw new Error(`'${from}' is not in the conf`);
  file.text = file.text.replace(from, to);
};

/** Sets the V1 ExceptionList of every local endpoint that has one. */
const endpointExceptions = (list: string[]) => (raw: RawCapture): void => {
  for (const e of raw['hnsEndpoints']) for (const p of e.Policies ?? []) if (p.Type === 'OutBoundNAT') p.ExceptionList = list;
};


testCheck(test, outboundnatExceptionsWrong, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'AKS: cluster 10.224.0.0/16 and service 10.0.0.0/16 excepted', baseline: 'healthy-aks-azurecni' },
    { name: 'flannel: 10.244.0.0/16 and 10.96.0.0/12 excepted', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: service range judged by the DNS IP, pod range by the network subnet', baseline: 'healthy-calico' },
    { name: 'nerdctl host without Kubernetes', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: 'flannel: the cluster CIDR left out of the conf',
      baseline: 'healthy-kubeadm-flannel',
      patch: editConf('"10.96.0.0/12",\n              "10.244.0.0/16"', '"10.96.0.0/12"'),
      findings: [
        { severity: 'error', subjects: ['10-flannel.conf', 'flannel.4096'], message: ["CNI conf '10-flannel.conf' lists OutBoundNAT exceptions 10.96.0.0/12.", 'the cluster CIDR 10.244.0.0/16 (from C:\\etc\\kube-flannel\\net-conf.json Network)', 'NATed'] },
        { severity: 'warning', message: ['2 pod endpoints', 'made before the conf changed'] },
      ],
    },
    {
      name: 'AKS: a LAN range excepted in the conf and on the pods',
      baseline: 'healthy-aks-azurecni',
      patch: combine(editConf('"10.0.0.0/16"\n', '"10.0.0.0/16",\n              "192.168.50.0/24"\n'), endpointExceptions(['10.224.0.0/16', '10.0.0.0/16', '192.168.50.0/24'])),
      findings: [{ severity: 'warning', subjects: ['10-azure.conflist'], message: ['192.168.50.0/24 is neither a cluster range nor a subnet of this host'] }],
    },
    {
      name: 'Calico: the service range missing everywhere, judged by the cluster DNS IP',
      baseline: 'healthy-calico',
      patch: combine(editConf('"10.96.0.0/12",\n', ''), endpointExceptions(['192.168.0.0/16'])),
      findings: [{ severity: 'error', message: ['the cluster DNS Service IP 10.96.0.10 10.96.0.10/32 (from --cluster-dns of kubelet.exe)'] }],
    },
    {
      name: 'Calico: a pod endpoint made without the OutBoundNAT policy',
      baseline: 'healthy-calico',
      patch: (raw) => {
        const e = raw['hnsEndpoints'].find((x: { IPAddress?: string }) => x.IPAddress === '192.168.94.5');
        e.Policies = e.Policies.filter((p: { Type: string }) => p.Type !== 'OutBoundNAT');
      },
      findings: [{ severity: 'warning', message: ['1 pod endpoint', '(192.168.94.5): no OutBoundNAT policy'] }],
    },
  ],
});

test('WCN705 adds a missing range next to a kept one, and drops an outside one with its comma', (t) => {
  const path = 'C:\\k\\azurecni\\netconf\\10-azure.conflist';
  const [added] = findingsOf(outboundnatExceptionsWrong, 'healthy-aks-azurecni', combine(editConf('"10.224.0.0/16",\n', ''), endpointExceptions(['10.0.0.0/16'])));
  t.is(added?.fixes[0]?.commands[1], `(Get-Content -Path '${path}' -Raw).Replace('"ExceptionList": [', '"ExceptionList": ["10.224.0.0/16", ') | Set-Content -Path '${path}' -NoNewline`);
  const [dropped] = findingsOf(outboundnatExceptionsWrong, 'healthy-aks-azurecni', combine(editConf('"10.0.0.0/16"\n', '"10.0.0.0/16",\n              "192.168.50.0/24"\n'), endpointExceptions(['10.224.0.0/16', '10.0.0.0/16', '192.168.50.0/24'])));
  t.is(dropped?.fixes[0]?.commands[1], `(Get-Content -Path '${path}' -Raw).Replace((',' + [char]0x000A + '              "192.168.50.0/24"'), '') | Set-Content -Path '${path}' -NoNewline`);
});

/** Takes away everything that shows the service range: kubelet's clusterDNS (as a redacted capture may). */
const withoutServiceRange = (raw: RawCapture): void => {
  raw['kubernetes'].files = raw['kubernetes'].files.filter((f: { path: string }) => !/kubelet\\config\.yaml$/i.test(f.path));
};

test('with nothing showing the service range, a private exception may be that range and is not reported; a public one still is', (t) => {
  t.deepEqual(findingsOf(outboundnatExceptionsWrong, 'healthy-kubeadm-flannel', withoutServiceRange).map((f) => f.message), []);
  const pub = findingsOf(outboundnatExceptionsWrong, 'healthy-kubeadm-flannel', combine(withoutServiceRange, editConf('"10.96.0.0/12"', '"20.50.0.0/16"'), endpointExceptions(['20.50.0.0/16', '10.244.0.0/16'])));
  t.true(pub.some((f) => f.message.includes('20.50.0.0/16 is neither a cluster range')), pub.map((f) => f.message).join(' | '));
});
