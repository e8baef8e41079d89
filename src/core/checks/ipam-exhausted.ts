import { sandboxIdOf } from '../model/builders/pods.js';
import { kubernetesFacts, localPodEndpoints, podNetwork } from '../model/derived/kubernetes.js';
import type { Prefix } from '../model/net.js';
import { removeHnsEndpointsFix } from '../owners/hns.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';

/** Addresses a pod can get in an IPv4 prefix: all but the network address, the gateway (.1) and the broadcast address. */
function usable(p: Prefix): number | undefined {
  if (p.family !== 'ipv4' || p.length > 30) return undefined;
  return 2 ** (32 - p.length) - 3;
}

export const ipamExhausted: Check = {
  meta: {
    code: 'WCN707',
    knowledge: 'ipam-exhausted',
    title: "The node's pod subnet has no free address",
    severity: 'error',
    requires: ['hnsEndpoints'],
    owners: ['cni', 'containerd'],
    description: "Counts the pod network's local HNS endpoints against the addresses of the node's pod CIDR (else the network's subnet), and, where crictl's pods were captured, the endpoints that belong to no pod sandbox.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const { network } = podNetwork(model);
    if (!network) return [];
    const subnet = facts.podCidr?.prefix ?? network.subnets.find((s) => s.prefix?.family === 'ipv4')?.prefix;
    const size = subnet ? usable(subnet) : undefined;
    if (!subnet || size === undefined) return [];
    const from = facts.podCidr ? facts.podCidr.from : `the subnet of HNS network '${network.name}'`;
    const local = network.endpoints.filter((e) => !e.isRemote);
    const pods = localPodEndpoints(model, network);
    // With crictl's sandboxes captured, the model binds each pod endpoint to its sandbox. Leaked is an endpoint
    // whose name carries a sandbox id that no listed sandbox has; a name that carries none says nothing either way.
    const leaked = facts.pods ? pods.filter((e) => !e.pod && sandboxIdOf(e.name) !== undefined) : [];
    const free = size - local.length;
    const full = free <= 0;
    const nearlyFull = leaked.length > 0 && local.length >= size * 0.8;
    if (!full && !nearlyFull) return [];
    const parts = [`Pod subnet ${subnet.text} (${from}) has ${size} addresses for pods; HNS network '${network.name}' holds ${local.length} local endpoint${local.length === 1 ? '' : 's'}, so ${full ? 'no address is free' : `only ${free} ${free === 1 ? 'is' : 'are'} free`}.`];
    if (leaked.length > 0) parts.push(`${leaked.length} of them belong to no pod sandbox crictl lists (leaked): ${leaked.slice(0, 5).map((e) => `${e.name ?? e.id} (${e.ipAddress ?? '?'})`).join(', ')}${leaked.length > 5 ? ', ...' : ''}.`);
    parts.push(full ? 'New pods on this node fail with "failed to allocate for range" and stay in ContainerCreating.' : 'New pods will soon fail with "failed to allocate for range".');
    const node = facts.nodeName?.value ?? '';
    const fixes: Fix[] = [];
    if (leaked.length > 0) fixes.push(removeHnsEndpointsFix(leaked, 'nothing that runs: these endpoints belong to no pod sandbox (check the list against crictl pods first)'));
    fixes.push({
      title: 'Drain the node, so its pods move and their addresses can be reclaimed',
      risk: 'disruptive',
      disrupts: "every pod on this node is evicted",
      runOn: 'cluster',
      commands: [ps`kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data`],
      verify: ps`kubectl get pods -A -o wide --field-selector ${`spec.nodeName=${node}`}`,
      expect: `Only DaemonSet pods remain; then remove the node's leftover local endpoints (Get-HnsEndpoint) and host-local reservations, start the agents again and run 'kubectl uncordon ${node}'.`,
    });
    return [{
      message: parts.join(' '),
      severity: full ? 'error' : 'warning',
      subjects: [network.subject, ...leaked.slice(0, 5).map((e) => e.subject)],
      evidence: network.subject.pointer ? [network.subject.pointer] : [],
      fixes,
    }];
  },
};
