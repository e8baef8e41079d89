import { kubernetesFacts, networkAgent, nodeInternalIP, podNetwork } from '../model/derived/kubernetes.js';
import { addressInPrefix, parsePrefix } from '../model/net.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

export const hostgwRoutesMissing: Check = {
  meta: {
    code: 'WCN722',
    knowledge: 'hostgw-routes-missing',
    title: "flannel host-gw has no host route to some nodes' pod subnets",
    severity: 'error',
    requires: ['ipRoutes', 'kubernetes.nodes'],
    owners: ['cni'],
    description: "On a flannel host-gw node, looks in the host's routing table for a route to each other node's pod CIDR through that node's address, and whether the node shares this host's subnet.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const agent = networkAgent(model);
    if (!k.isNode || agent?.kind !== 'flannel' || !k.otherNodes) return [];
    const backend = k.cluster?.flannelBackend?.value.type?.toLowerCase();
    const hostGw = backend === 'host-gw' || (backend === undefined && podNetwork(model).network?.type === 'l2bridge');
    if (!hostGw) return [];
    const routes = model.ipRoutes ?? [];
    const self = nodeInternalIP(model)?.value;
    const local = model.adapters.flatMap((a) => a.ipv4).map((a) => a.prefix).filter((p) => p !== undefined);
    const missing: string[] = [];
    const remoteL2: string[] = [];
    for (const node of k.otherNodes) {
      if (!node.internalIP || node.internalIP === self) continue;
      for (const cidr of (node.podCIDRs ?? []).filter((c) => !c.includes(':'))) {
        const p = parsePrefix(cidr);
        const r = routes.find((x) => x.destination && p && x.destination.text === p.text);
        if (!r) missing.push(`${cidr} via ${node.internalIP} (${node.name})`);
        else if (r.nextHop !== node.internalIP) missing.push(`${cidr} via ${node.internalIP} (${node.name}): the route goes through ${r.nextHop ?? 'no next hop'}`);
      }
      if (local.length > 0 && !local.some((p) => addressInPrefix(node.internalIP!, p))) remoteL2.push(`${node.name} (${node.internalIP})`);
    }
    if (missing.length === 0) return [];
    const verify = ps`Get-NetRoute -AddressFamily 'IPv4' | Where-Object DestinationPrefix -like '*/*' | Select-Object -Property 'DestinationPrefix','NextHop','InterfaceAlias'`;
    return [{
      message: `The routing table has no host-gw route for ${missing.join('; ')}. flannel's host-gw backend sends pod traffic for each other node straight to that node's address, so pods here cannot reach pods there.${remoteL2.length > 0 ? ` ${remoteL2.join(', ')} ${remoteL2.length === 1 ? 'is' : 'are'} not on this host's subnet: host-gw needs every node on one L2 segment (use vxlan across subnets).` : ''} In a cloud, the fabric also needs a route per pod subnet (Azure route table, AWS source/destination check off).`,
      subjects: [{ kind: 'runtime', name: 'flanneld' }],
      fixes: [networkAgentRestartFix(model, agent, `'${verify}' lists each other node's pod CIDR with that node's address as next hop.`)],
    }];
  },
};
