import { addressInPrefix, firstHost } from '../model/net.js';
import { ownerFixes, recreateThroughOwner } from '../owners/index.js';
import { recreateNetworkFix } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

export const gatewayOutsideSubnet: Check = {
  meta: {
    code: 'WCN203',
    knowledge: 'gateway-outside-subnet',
    title: "Gateway outside the network's subnet",
    severity: 'error',
    requires: ['hnsNetworks'],
    description: 'Every network subnet (docker or HNS) must contain its gateway.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      for (const s of net.subnets) {
        if (!s.prefix || s.prefix.length === 0 || !s.gateway || addressInPrefix(s.gateway, s.prefix)) continue;
        const gw = firstHost(s.prefix);
        out.push({
          message: `Docker network '${net.name}' (${net.driver}) has gateway ${s.gateway}, which is not inside its subnet ${s.prefix.text}.${gw ? ` The usual gateway is ${gw}.` : ''}`,
          subjects: [net.subject],
          fixes: gw ? [recreateNetworkFix(net, { subnet: s.prefix.text, gateway: gw }, `Re-create '${net.name}' with gateway ${gw}`)] : [],
        });
      }
    }
    for (const hns of model.hnsNetworks) {
      if (hns.dockerNetwork) continue;
      for (const s of hns.subnets) {
        if (!s.prefix || s.prefix.length === 0 || !s.gateway || addressInPrefix(s.gateway, s.prefix)) continue;
        const gw = firstHost(s.prefix);
        const recreate = gw ? recreateThroughOwner(model, hns, { subnet: s.prefix.text, gateway: gw }, `Re-create '${hns.name ?? hns.id}' with gateway ${gw}`) : [];
        out.push({
          message: `HNS network '${hns.name ?? hns.id}' (${hns.type}; owner: ${hns.owner.label}) has gateway ${s.gateway}, outside its subnet ${s.prefix.text}.${gw ? ` The usual gateway is ${gw}.` : ''} Containers and pods on it get an address they cannot route from.`,
          subjects: [hns.subject, ...(hns.cni ? [hns.cni.subject] : [])],
          fixes: recreate.length > 0 ? recreate : [ownerFixes(model, hns.owner).removeNetwork(hns)],
        });
      }
    }
    return out;
  },
};
