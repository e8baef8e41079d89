import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HnsNetworkModel } from '../model/types.js';
import { kubeProxyReconfigureFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

const POD_NETWORK_TYPES = new Set(['l2bridge', 'overlay', 'l2tunnel']);

/** A name written as a pattern (Calico's default `Calico.*`): kube-proxy matches names exactly, never as patterns. */
function looksLikePattern(name: string): boolean {
  return /[*+?^$[\]()|\\]/.test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return false;
  }
}

export const kubeproxyNetworkNameMismatch: Check = {
  meta: {
    code: 'WCN710',
    knowledge: 'kubeproxy-network-name-mismatch',
    title: "kube-proxy's network name matches no HNS network",
    severity: 'error',
    requires: ['hnsNetworks'],
    owners: ['kube-proxy'],
    description: "Compares the network name kube-proxy was given (--network-name, winkernel.networkName, KUBE_NETWORK) with the HNS networks' names, exactly and case-sensitively, as kube-proxy looks them up.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    const wanted = facts.kubeProxy?.networkName;
    if (!facts.isNode || !wanted) return [];
    if (model.hnsNetworks.some((n) => n.name === wanted.value)) return [];
    const name = wanted.value;
    const podNetworks = model.hnsNetworks.filter((n) => POD_NETWORK_TYPES.has(n.type));
    const byCase = model.hnsNetworks.filter((n) => n.name?.toLowerCase() === name.toLowerCase());
    const byPattern = looksLikePattern(name) ? model.hnsNetworks.filter((n) => n.name && patternMatches(name, n.name)) : [];
    const candidates: HnsNetworkModel[] = byCase.length > 0 ? byCase : byPattern.length > 0 ? byPattern : podNetworks;
    const names = (list: readonly HnsNetworkModel[]) => list.map((n) => `'${n.name ?? n.id}'`).join(', ');
    let why: string;
    if (byCase.length > 0) why = ` HNS has ${names(byCase)}, which differs only in case; kube-proxy compares names exactly.`;
    else if (byPattern.length > 0) why = ` '${name}' reads as a pattern (matching ${names(byPattern)}), but kube-proxy looks the name up exactly.`;
    else if (podNetworks.length > 0) why = ` The pod network${podNetworks.length === 1 ? ' here is' : 's here are'} ${names(podNetworks)}.`;
    else why = ' HNS has no l2bridge or overlay network at all: the CNI plugin or node agent has not created the pod network yet (or lost it).';
    const target = candidates.length === 1 ? candidates[0]!.name : undefined;
    const lbs = model.captured.has('hnsLoadBalancers') ? ` HNS holds ${model.hnsLoadBalancers.length} load balancer${model.hnsLoadBalancers.length === 1 ? '' : 's'}.` : '';
    const subject = model.runtime('kube-proxy')?.subject;
    const fix = kubeProxyReconfigureFix(model, target ? `--network-name=${target}` : '--network-name set to the pod network\'s exact HNS name');
    return [{
      message: `kube-proxy looks for HNS network '${name}' (${wanted.from}), and no HNS network has that name.${why} Until it finds it, kube-proxy programs no load balancer, so no Service answers from this node.${lbs}`,
      subjects: [...(subject ? [subject] : []), ...candidates.map((n) => n.subject)],
      evidence: ['/hnsNetworks'],
      fixes: [{
        ...fix,
        verify: ps`Get-HnsNetwork | Select-Object -Property 'Name','Type'`,
        expect: `A network named exactly as kube-proxy's --network-name${target ? ` ('${target}')` : ''}, and kube-proxy's log says "Hns Network loaded".`,
      }],
    }];
  },
};
