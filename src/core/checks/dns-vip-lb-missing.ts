import { clusterDnsIps, kubernetesFacts, loadBalancersFor } from '../model/derived/kubernetes.js';
import type { HostModel, Subject } from '../model/types.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft } from './types.js';

const PROTOCOLS = ['udp', 'tcp'] as const;

/** Who programs the load balancers: kube-proxy's runtime, else the pod network. */
function kubeProxySubjects(model: HostModel): Subject[] {
  const s = model.runtime('kube-proxy')?.subject;
  return s ? [s] : [];
}

export const dnsVipLbMissing: Check = {
  meta: {
    code: 'WCN716',
    knowledge: 'dns-vip-lb-missing',
    title: 'No HNS load balancer for the cluster DNS Service address',
    severity: 'error',
    requires: ['hnsLoadBalancers'],
    owners: ['kube-proxy'],
    description: "Looks for kube-proxy's load balancers on the cluster DNS address (kubelet's clusterDNS, AKS's DnsIp) on UDP 53 and TCP 53, and whether they balance over any endpoint.",
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    // kube-proxy stopped is its own finding (WCN109); then nothing is programmed at all.
    if (model.runtime('kube-proxy')?.running === false) return [];
    const dns = clusterDnsIps(model);
    if (!dns) return [];
    const out: FindingDraft[] = [];
    for (const ip of dns.value) {
      const missing: string[] = [];
      const empty: string[] = [];
      const found = new Set<string>();
      for (const proto of PROTOCOLS) {
        const lbs = loadBalancersFor(model, ip, 53, proto);
        if (lbs.length === 0) missing.push(`${proto.toUpperCase()} 53`);
        else if (lbs.every((lb) => lb.endpointIds.length === 0)) empty.push(`${proto.toUpperCase()} 53`);
        for (const lb of lbs) found.add(lb.subject.pointer ?? lb.id);
      }
      if (missing.length === 0 && empty.length === 0) continue;
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`no HNS load balancer answers ${ip} on ${missing.join(' and ')}`);
      if (empty.length > 0) parts.push(`the load balancer for ${ip} on ${empty.join(' and ')} balances over no endpoint`);
      const total = model.hnsLoadBalancers.length;
      out.push({
        message: `The cluster DNS address is ${ip} (${dns.from}), but ${parts.join(', and ')}. HNS holds ${total} load balancer${total === 1 ? '' : 's'} in all. Pods on this node send their DNS queries to ${ip}, so name resolution times out there, while querying a CoreDNS pod's own address still works.`,
        subjects: kubeProxySubjects(model),
        evidence: ['/hnsLoadBalancers', ...found],
        fixes: [{
          ...kubeProxyRestartFix(model),
          verify: ps`Get-HnsPolicyList | Where-Object { $_.Policies.VIPs -contains ${ip} } | Measure-Object`,
          expect: `Count is 2 (UDP 53 and TCP 53 for ${ip}), each with references to endpoints.`,
        }],
      });
    }
    return out;
  },
};
