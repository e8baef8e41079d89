import { physicalSubnetOf } from '../model/external.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { recreateThroughOwner } from '../owners/index.js';
import { ps } from '../powershell.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const READ_PHYSICAL = "Get-NetIPConfiguration | Select-Object -Property 'InterfaceAlias','IPv4Address','IPv4DefaultGateway'";
const WHY = 'l2bridge endpoints share the host\'s MAC address, so a DHCP server cannot tell the containers apart: Windows supports only static addressing on l2bridge.';

type Physical = ReturnType<typeof physicalSubnetOf>;

const missingText = (hasSubnet: boolean) => (!hasSubnet ? 'no subnet and no gateway' : 'a subnet but no gateway');
const physicalText = (physical: Physical) => (physical ? ` (the physical network on '${physical.on}' is ${physical.subnet} with router ${physical.gateway})` : '');

/** The subnet and gateway to give the network: its own subnet, else the physical network it bridges to. */
function proposal(subnets: readonly { prefix?: { text: string } | undefined; gateway?: string | undefined }[], physical: Physical) {
  const subnet = subnets[0]?.prefix?.text ?? physical?.subnet;
  const gateway = subnets[0]?.gateway ?? (physical && subnet === physical.subnet ? physical.gateway : undefined);
  return { subnet, gateway };
}

/** An l2bridge network that only HNS shows (a CNI plugin's, nerdctl's, one made with New-HnsNetwork): fixed through its owner. */
function hnsFinding(model: HostModel, hns: HnsNetworkModel): FindingDraft | undefined {
  const subnets = hns.subnets.filter((s) => s.prefix && s.prefix.length > 0);
  const hasSubnet = subnets.length > 0;
  if (hasSubnet && subnets.some((s) => s.gateway)) return undefined;
  const name = hns.name ?? hns.id;
  const physical = physicalSubnetOf(model, hns);
  const { subnet, gateway } = proposal(subnets, physical);
  const fixes: Fix[] = subnet && gateway ? recreateThroughOwner(model, hns, { subnet, gateway }, `Give '${name}' subnet ${subnet} and gateway ${gateway}`) : [];
  if (fixes.length === 0) fixes.push({
    title: `Read the physical network's prefix and router, then set them as the subnet and gateway of '${name}' where its owner makes it (${hns.owner.label})`,
    risk: 'safe',
    runOn: 'container-host',
    commands: [READ_PHYSICAL],
    verify: ps`Get-HnsNetwork | Where-Object Id -eq ${hns.id} | Select-Object -ExpandProperty 'Subnets'`,
    expect: 'Lists an address prefix and a gateway address.',
  });
  return {
    message: `HNS network '${name}' (l2bridge; owner: ${hns.owner.label}) has ${missingText(hasSubnet)}. ${WHY} Its owner must create it with a subnet and a gateway${physicalText(physical)}.`,
    subjects: [hns.subject, ...(hns.cni ? [hns.cni.subject] : [])],
    fixes,
  };
}

export const l2bridgeDhcpUnsupported: Check = {
  meta: {
    code: 'WCN306',
    knowledge: 'l2bridge-dhcp-unsupported',
    title: 'An l2bridge network relies on DHCP',
    severity: 'error',
    requires: ['hnsNetworks'],
    description: 'l2bridge networks (docker, a CNI plugin, or HNS directly) support only static addressing: they need a subnet and a gateway.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'l2bridge') continue;
      // Docker's own IPAM entry, or the subnet HNS holds when docker shows none.
      const subnets = net.effectiveSubnets.filter((s) => s.prefix && s.prefix.length > 0);
      const hasSubnet = subnets.length > 0;
      const hasGateway = subnets.some((s) => s.gateway);
      if (hasSubnet && hasGateway) continue;
      const physical = physicalSubnetOf(model, net);
      const { subnet, gateway } = proposal(subnets, physical);
      const fixes: Fix[] = [];
      if (subnet && gateway) {
        fixes.push(recreateNetworkWith(net, { subnet, gateway }, `Re-create '${net.name}' with --subnet ${subnet} --gateway ${gateway}${physical && physical.subnet === subnet ? ` (the physical network on '${physical.on}')` : ''}`, {
          verify: inspectNetwork(net.name),
          expect: `IPAM.Config shows subnet ${subnet} and gateway ${gateway}.`,
        }));
      }
      if (fixes.length === 0) fixes.push({
        title: `Read the physical network's prefix and router, then re-create '${net.name}' with --subnet and --gateway set to them`,
        risk: 'safe',
        runOn: 'container-host',
        commands: [READ_PHYSICAL],
        verify: inspectNetwork(net.name),
        expect: 'IPAM.Config lists a subnet and a gateway.',
      });
      out.push({
        message: `l2bridge network '${net.name}' has ${missingText(hasSubnet)}. ${WHY} Create the network with --subnet and --gateway${physicalText(physical)}.`,
        subjects: [net.subject],
        fixes,
      });
    }
    for (const hns of model.hnsNetworks) {
      if (hns.type !== 'l2bridge' || hns.dockerNetwork) continue;
      const f = hnsFinding(model, hns);
      if (f) out.push(f);
    }
    return out;
  },
};
