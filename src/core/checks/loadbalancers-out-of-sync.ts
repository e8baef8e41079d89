import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HnsLoadBalancerModel, HostModel } from '../model/types.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import type { Check, Fix, FindingDraft } from './types.js';

const VERIFY = "Get-HnsPolicyList | Select-Object -Property 'ID','References' | ConvertTo-Json -Depth 4";

function resyncFix(model: HostModel): Fix {
  return {
    ...kubeProxyRestartFix(model),
    title: `${kubeProxyRestartFix(model).title} (kube-proxy removes every policy list at start and programs them again)`,
    verify: VERIFY,
    expect: "Every load balancer's References name endpoints that Get-HnsEndpoint lists.",
  };
}

const names = (lbs: readonly HnsLoadBalancerModel[]) => lbs.map((lb) => `${lb.subject.name} (${lb.id})`).join(', ');

export const loadbalancersOutOfSync: Check = {
  meta: {
    code: 'WCN718',
    knowledge: 'loadbalancers-out-of-sync',
    title: "kube-proxy's load balancers are out of sync with HNS",
    severity: 'error',
    requires: ['hnsLoadBalancers', 'hnsEndpoints'],
    owners: ['kube-proxy'],
    description: 'Looks for load balancers that reference endpoints HNS no longer has, load balancers without ports, several load balancers for one address, port and protocol, and none at all while kube-proxy runs beside pods.',
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const out: FindingDraft[] = [];
    const lbs = model.hnsLoadBalancers;
    const stale = lbs.filter((lb) => lb.endpoints.length < lb.endpointIds.length);
    if (stale.length > 0) {
      const known = new Set(model.hnsEndpoints.map((e) => e.id.toLowerCase()));
      const missing = [...new Set(stale.flatMap((lb) => lb.endpointIds.filter((id) => !known.has(id.toLowerCase()))))];
      out.push({
        message: `${stale.length} load balancer${stale.length === 1 ? '' : 's'} (${names(stale)}) balance${stale.length === 1 ? 's' : ''} over endpoint${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that HNS no longer has. Traffic HNS sends there is lost: the Service answers some requests and times out on others. kube-proxy keeps its own list of what it programmed and does not notice objects that changed behind its back (after an HNS restart, say).`,
        subjects: stale.map((lb) => lb.subject),
        evidence: stale.map((lb) => lb.subject.pointer).filter((p): p is string => !!p),
        fixes: [resyncFix(model)],
      });
    }
    const portless = lbs.filter((lb) => lb.ports.length === 0);
    if (portless.length > 0) {
      out.push({
        message: `Load balancer${portless.length === 1 ? '' : 's'} ${names(portless)} ${portless.length === 1 ? 'has' : 'have'} no port mapping: HNS holds a policy list without its ELB policy, which some kube-proxy versions cannot read (they stop with an index out of range).`,
        subjects: portless.map((lb) => lb.subject),
        fixes: [resyncFix(model)],
      });
    }
    // A set per address and port: a capture may list thousands of load balancers for one VIP.
    const seen = new Map<string, Set<HnsLoadBalancerModel>>();
    for (const lb of lbs) {
      for (const p of lb.ports) {
        for (const vip of lb.vips) {
          const key = `${vip} ${p.protocol ?? ''} ${p.externalPort ?? ''} ${p.nodePort}`;
          const same = seen.get(key);
          if (!same) seen.set(key, new Set([lb]));
          else same.add(lb);
        }
      }
    }
    const dups = [...seen.values()].filter((l) => l.size > 1).map((l) => [...l]);
    if (dups.length > 0) {
      out.push({
        severity: 'warning',
        message: `Several load balancers answer the same address, protocol and port: ${dups.map((l) => names(l)).join('; ')}. kube-proxy makes one per Service port; a second one is left from an earlier run (an HNS restart restores load balancers kube-proxy then makes again).`,
        subjects: dups.flat().map((lb) => lb.subject),
        fixes: [resyncFix(model)],
      });
    }
    const kubeProxy = model.runtime('kube-proxy');
    const pods = model.hnsEndpoints.some((e) => !e.isRemote);
    if (lbs.length === 0 && kubeProxy?.running === true && pods) {
      out.push({
        message: 'kube-proxy runs and pods have endpoints here, but HNS holds no load balancer at all: no Service answers from this node. Load balancer counts collapsing to nothing after an HNS restart have been reported, and kube-proxy does not always program them again.',
        subjects: [kubeProxy.subject],
        evidence: ['/hnsLoadBalancers'],
        fixes: [resyncFix(model)],
      });
    }
    return out;
  },
};
