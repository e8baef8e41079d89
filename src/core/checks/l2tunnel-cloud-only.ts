import { OPT } from '../model/build.js';
import { physicalSubnetOf } from '../model/external.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { ownerFixes } from '../owners/index.js';
import { ps } from '../powershell.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const WHY = 'l2tunnel hands every container packet to the physical virtualization host, where a Microsoft SDN network controller (as in Azure) applies policy; without that stack nothing forwards the traffic.';

const unlessSdn = (model: HostModel) => `Unless this host ${model.host.virtualization?.hypervisor === 'hyper-v' ? 'is an Azure VM or ' : ''}runs under a Microsoft SDN network controller`;

/**
 * An l2tunnel network only HNS shows. Its owner decides the verdict: Azure
 * CNI made l2tunnel networks itself on Azure VMs (its older mode), where the
 * SDN stack is there, so a network it owns is not reported.
 */
function hnsFinding(model: HostModel, hns: HnsNetworkModel): FindingDraft | undefined {
  if (hns.owner.kind === 'cni' && hns.owner.flavor === 'azure-vnet') return undefined;
  const name = hns.name ?? hns.id;
  return {
    message: `HNS network '${name}' (l2tunnel; owner: ${hns.owner.label}) is an l2tunnel network. ${WHY} ${unlessSdn(model)}, make it an l2bridge or transparent network instead.`,
    subjects: [hns.subject, ...(hns.cni ? [hns.cni.subject] : [])],
    fixes: [ownerFixes(model, hns.owner).removeNetwork(hns)],
  };
}

export const l2tunnelCloudOnly: Check = {
  meta: {
    code: 'WCN308',
    knowledge: 'l2tunnel-cloud-only',
    title: 'The l2tunnel driver is used outside the Microsoft cloud stack',
    severity: 'warning',
    requires: ['hnsNetworks'],
    description: 'An l2tunnel network (docker, or HNS whoever made it, except Azure CNI on Azure) sends every container packet to the virtualization host for SDN policy; it is meant only for the Microsoft cloud stack.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'l2tunnel') continue;
      const declared = net.effectiveSubnets.find((s) => s.prefix && s.prefix.length > 0 && s.gateway);
      const physical = physicalSubnetOf(model, net);
      const subnet = declared?.prefix?.text ?? physical?.subnet;
      const gateway = declared?.gateway ?? physical?.gateway;
      const fixes: Fix[] = [];
      if (subnet && gateway) {
        fixes.push(recreateNetworkWith(net, { driver: 'l2bridge', subnet, gateway, options: { [OPT.outboundNat]: 'true' } }, `Replace '${net.name}' with an l2bridge network on ${subnet} (gateway ${gateway}, OutboundNAT on)`, {
          verify: inspectNetwork(net.name),
          expect: `Shows driver l2bridge, subnet ${subnet} and gateway ${gateway}.`,
        }));
      } else {
        const cs = net.containers.map((a) => a.container.name);
        fixes.push({
          title: `Remove '${net.name}' (then create an l2bridge or transparent network for its containers)`,
          risk: cs.length > 0 ? 'disruptive' : 'safe',
          ...(cs.length > 0 ? { disrupts: `the network connection of ${cs.map((c) => `'${c}'`).join(', ')}` } : {}),
          runOn: 'container-host',
          commands: [...cs.map((c) => ps`docker network disconnect --force ${net.name} ${c}`), ps`docker network rm ${net.name}`],
          verify: "docker network ls --filter 'driver=l2tunnel'",
          expect: `'${net.name}' is no longer listed.`,
        });
      }
      out.push({
        message: `Docker network '${net.name}' uses the l2tunnel driver. ${WHY} ${unlessSdn(model)}, use l2bridge or transparent instead.`,
        subjects: [net.subject],
        fixes,
      });
    }
    for (const hns of model.hnsNetworks) {
      if (hns.type !== 'l2tunnel' || hns.dockerNetwork) continue;
      const f = hnsFinding(model, hns);
      if (f) out.push(f);
    }
    return out;
  },
};
