import test from 'ava';
import { dnsVipLbMissing } from '../../src/core/checks/dns-vip-lb-missing.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { stopKubeProxyService } from '../helpers/kube-node.js';

type Lb = { Policies: { VIPs: string[]; Protocol: number }[]; References: string[] };
const lbs = (raw: RawCapture): Lb[] => raw['hnsLoadBalancers'] as Lb[];
const dropDns = (proto?: number) => (raw: RawCapture): void => {
  raw['hnsLoadBalancers'] = lbs(raw).filter((l) => !(l.Policies[0]!.VIPs.includes('10.96.0.10') && (proto === undefined || l.Policies[0]!.Protocol === proto)));
};

testCheck(test, dnsVipLbMissing, {
  valid: [
    { name: 'a docker host: no cluster DNS', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['hnsLoadBalancers'] = []; } },
    { name: 'flannel node: UDP and TCP 53 on 10.96.0.10', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS node: the DNS address comes from kubelet and kubeclusterconfig.json', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico node', baseline: 'healthy-calico' },
    { name: 'kube-proxy stopped is judged by WCN109, not here', baseline: 'healthy-calico', patch: (raw) => {
      dropDns()(raw);
      stopKubeProxyService(raw);
    } },
    { name: 'no DNS address captured: nothing to judge', baseline: 'healthy-calico', patch: (raw) => {
      dropDns()(raw);
      for (const p of raw['kubernetes'].processes) p.CommandLine = p.CommandLine.replace(/ --cluster-dns=\S+/, '');
    } },
  ],
  invalid: [
    {
      name: 'flannel node: both DNS load balancers gone',
      baseline: 'healthy-kubeadm-flannel',
      patch: dropDns(),
      findings: [{ severity: 'error', message: ['10.96.0.10', 'C:\\var\\lib\\kubelet\\config.yaml clusterDNS', 'UDP 53 and TCP 53'] }],
    },
    {
      name: 'AKS node: only TCP 53 missing',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { raw['hnsLoadBalancers'] = lbs(raw).filter((l) => !(l.Policies[0]!.VIPs.includes('10.0.0.10') && l.Policies[0]!.Protocol === 6)); },
      findings: [{ severity: 'error', subjects: ['kube-proxy'], message: ['10.0.0.10', 'on TCP 53', '--cluster-dns of kubelet.exe'] }],
    },
    {
      name: 'Calico node: the UDP load balancer balances over no endpoint',
      baseline: 'healthy-calico',
      patch: (raw) => { lbs(raw).find((l) => l.Policies[0]!.VIPs.includes('10.96.0.10') && l.Policies[0]!.Protocol === 17)!.References = []; },
      findings: [{ severity: 'error', message: ['balances over no endpoint', 'UDP 53'] }],
    },
    {
      name: 'no load balancer at all',
      baseline: 'healthy-calico',
      patch: (raw) => { raw['hnsLoadBalancers'] = []; },
      findings: [{ severity: 'error', message: ['HNS holds 0 load balancers'] }],
    },
  ],
});

test('WCN716 a HostProcess kube-proxy is restarted from a workstation; a service on the node', (t) => {
  const [pod] = findingsOf(dnsVipLbMissing, 'healthy-kubeadm-flannel', dropDns());
  t.is(pod?.fixes[0]?.runOn, 'cluster');
  t.regex(pod?.fixes[0]?.commands[0] ?? '', /^kubectl -n kube-system delete pod --field-selector 'spec\.nodeName=win-k8s-w1'/);
  t.regex(pod?.fixes[0]?.verify ?? '', /-contains '10\.96\.0\.10'/);
  const [svc] = findingsOf(dnsVipLbMissing, 'healthy-calico', dropDns(17));
  t.deepEqual(svc?.fixes[0]?.commands, ["Restart-Service -Name 'kube-proxy'"]);
  t.regex(svc?.message ?? '', /on UDP 53[^,]/);
});
