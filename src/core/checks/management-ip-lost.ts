import { networkAgent } from '../model/derived/kubernetes.js';
import { addressInPrefix, parsePrefix } from '../model/net.js';
import { removeHnsNetworkFix } from '../owners/hns.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';

const APIPA = parsePrefix('169.254.0.0/16');
const BOUND_TYPES = new Set(['l2bridge', 'overlay', 'l2tunnel']);

export const managementIpLost: Check = {
  meta: {
    code: 'WCN731',
    knowledge: 'management-ip-lost',
    title: "The pod network's management IP is a link-local (APIPA) address",
    severity: 'error',
    requires: ['hnsNetworks'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: 'Reads the ManagementIP HNS recorded for each L2Bridge/Overlay network, and the addresses of the host vNIC of its switch.',
  },
  run(model) {
    const agent = networkAgent(model);
    const out = [];
    for (const n of model.hnsNetworks) {
      if (!BOUND_TYPES.has(n.type) || !n.managementIp || !addressInPrefix(n.managementIp, APIPA)) continue;
      const vnic = n.switch?.hostVnics[0];
      const vnicOnlyApipa = vnic && vnic.ipv4.length > 0 && vnic.ipv4.every((a) => addressInPrefix(a.address, APIPA));
      const name = n.name ?? n.id;
      const verify = ps`Get-HnsNetwork | Where-Object Name -eq ${name} | Select-Object -Property 'Name','ManagementIP'`;
      const expect = "ManagementIP is the host's own address (the node's InternalIP), not 169.254.x.x.";
      const fixes: Fix[] = [];
      if (agent) fixes.push(networkAgentRestartFix(model, agent, expect));
      fixes.push({ ...removeHnsNetworkFix(n, ` so ${agent ? (agent.kind === 'flannel' ? 'flanneld' : 'calico-node') : 'its owner'} creates it again with the host's address`), verify, expect });
      out.push({
        message: `HNS network '${name}' (${n.type}) was bound to management IP ${n.managementIp}, a link-local address: the host vNIC had no DHCP lease yet when HNS created the network.${vnic ? vnicOnlyApipa ? ` Host vNIC '${vnic.name}' still has only ${vnic.ipv4.map((a) => a.address).join(', ')}.` : ` Host vNIC '${vnic.name}' now has ${vnic.ipv4.map((a) => a.address).join(', ') || 'no IPv4 address'}, but HNS keeps the address it saw.` : ''} The overlay agent waits for an interface with that address, and traffic between this node and others through the network fails.`,
        subjects: vnic ? [n.subject, vnic.subject] : [n.subject],
        evidence: [n.subject.pointer ?? ''].filter(Boolean),
        fixes,
      });
    }
    return out;
  },
};
