import { policiesOf, policyOf } from '../capture/hns-policies.js';
import { kubernetesFacts, networkAgent, nodeInternalIP, podNetwork } from '../model/derived/kubernetes.js';
import { parsePrefix, prefixesOverlap } from '../model/net.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

export const remoteSubnetRoutesMissing: Check = {
  meta: {
    code: 'WCN721',
    knowledge: 'remote-subnet-routes-missing',
    title: 'The overlay pod network has no remote-subnet route to some nodes',
    severity: 'error',
    requires: ['hnsNetworks', 'kubernetes.nodes'],
    owners: ['cni'],
    description: "Compares the RemoteSubnetRoute policies of the VXLAN pod network with the other nodes' pod CIDRs and addresses (kubernetes.nodes).",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const { network } = podNetwork(model);
    if (!k.isNode || !network || network.type !== 'overlay' || !k.otherNodes) return [];
    const routes = policiesOf(network.policies, 'RemoteSubnetRoute');
    const self = nodeInternalIP(model)?.value;
    const missing: string[] = [];
    for (const node of k.otherNodes) {
      if (!node.internalIP || node.internalIP === self) continue;
      const cidrs = (node.podCIDRs ?? []).filter((c) => !c.includes(':'));
      if (cidrs.length > 0) {
        // flannel: one route per lease, to the node's pod CIDR through its address.
        for (const cidr of cidrs) {
          const p = parsePrefix(cidr);
          const hit = routes.find((r) => prefixesOverlap(parsePrefix(r.DestinationPrefix), p));
          if (!hit) missing.push(`${cidr} on ${node.name} (${node.internalIP})`);
          else if (hit.ProviderAddress && hit.ProviderAddress !== node.internalIP) missing.push(`${cidr} on ${node.name}: the route leads to ${hit.ProviderAddress}, not ${node.internalIP}`);
        }
      } else if (!routes.some((r) => r.ProviderAddress === node.internalIP)) {
        // Calico: its IPAM blocks are not in the node object; every VXLAN node has at least one.
        missing.push(`any block of ${node.name} (${node.internalIP})`);
      }
    }
    const noHostRoute = routes.length > 0 && !policyOf(network.policies, 'HostRoute');
    if (missing.length === 0 && !noHostRoute) return [];
    const agent = networkAgent(model);
    const parts = [
      missing.length > 0 ? `HNS overlay network '${network.name}' has no RemoteSubnetRoute for ${missing.join('; ')}` : undefined,
      noHostRoute ? `network '${network.name}' has no HostRoute policy, so the host itself cannot reach remote pods through it` : undefined,
    ].filter(Boolean);
    const verify = ps`Get-HnsNetwork | Where-Object Name -eq ${network.name ?? network.id} | Select-Object -ExpandProperty 'Policies' | Format-Table -Property 'Type','DestinationPrefix','ProviderAddress','IsolationId'`;
    return [{
      message: `${parts.join('; and ')}. Pods here cannot reach pods on ${missing.length === 1 ? 'that node' : 'those nodes'} (and Services backed by them); ${agent ? `${agent.kind === 'flannel' ? 'flanneld' : 'calico-node'} (${agent.evidence}) adds one route per node` : 'the overlay agent adds one route per node'} when it starts or a node joins, so it missed the event or failed to add it.`,
      subjects: [network.subject],
      evidence: [network.subject.pointer ?? ''].filter(Boolean),
      fixes: agent ? [networkAgentRestartFix(model, agent, `A RemoteSubnetRoute for every other node: '${verify}'.`)] : [],
    }];
  },
};
