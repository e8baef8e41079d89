import { physicalSubnetOf } from '../model/external.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const READ_PHYSICAL = "Get-NetIPConfiguration | Select-Object -Property 'InterfaceAlias','IPv4Address','IPv4DefaultGateway'";

export const l2bridgeDhcpUnsupported: Check = {
  meta: {
    code: 'WCN306',
    knowledge: 'l2bridge-dhcp-unsupported',
    title: 'An l2bridge network relies on DHCP',
    severity: 'error',
    requires: ['docker.networks'],
    description: 'l2bridge networks support only static addressing: they need a subnet and a gateway.',
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
      const subnet = subnets[0]?.prefix?.text ?? physical?.subnet;
      const gateway = subnets[0]?.gateway ?? (physical && subnet === physical.subnet ? physical.gateway : undefined);
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
      const missing = !hasSubnet ? 'no subnet and no gateway' : 'a subnet but no gateway';
      out.push({
        message: `l2bridge network '${net.name}' has ${missing}. l2bridge endpoints share the host's MAC address, so a DHCP server cannot tell the containers apart: Windows supports only static addressing on l2bridge. Create the network with --subnet and --gateway${physical ? ` (the physical network on '${physical.on}' is ${physical.subnet} with router ${physical.gateway})` : ''}.`,
        subjects: [net.subject],
        fixes,
      });
    }
    return out;
  },
};
