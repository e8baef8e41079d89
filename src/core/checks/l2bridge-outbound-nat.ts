import { OPT } from '../model/build.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

export const l2bridgeOutboundNat: Check = {
  meta: {
    code: 'WCN307',
    knowledge: 'l2bridge-outbound-nat',
    title: 'An l2bridge network has no OutboundNAT policy',
    severity: 'warning',
    requires: ['docker.networks'],
    description: 'l2bridge containers reach only their own subnet unless the network sets com.docker.network.windowsshim.enable_outboundnat=true.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'l2bridge') continue;
      const raw = net.options[OPT.outboundNat];
      const value = raw?.trim().toLowerCase();
      if (value === 'true' || value === '1') continue;
      const subnet = net.effectiveSubnets.find((s) => s.prefix && s.prefix.length > 0)?.prefix?.text;
      const scope = subnet ? `their own subnet ${subnet}` : 'their own subnet';
      // Set to false on purpose: the user chose it; say what it means, quietly.
      const deliberate = value === 'false' || value === '0';
      out.push({
        ...(deliberate ? { severity: 'info' as const } : {}),
        message: deliberate
          ? `l2bridge network '${net.name}' sets com.docker.network.windowsshim.enable_outboundnat=${raw}: its containers reach only ${scope}, unless a router sends the replies for that subnet back through this host.`
          : `l2bridge network '${net.name}' has no com.docker.network.windowsshim.enable_outboundnat=true, so HNS gives its endpoints no OutboundNAT policy: containers reach ${scope} but not the internet or other subnets, because replies have no way back to their addresses.`,
        subjects: [net.subject],
        fixes: [recreateNetworkWith(net, { options: { [OPT.outboundNat]: 'true' } }, `Re-create '${net.name}' with OutboundNAT enabled`, {
          verify: inspectNetwork(net.name),
          expect: 'The options show com.docker.network.windowsshim.enable_outboundnat = true.',
        })],
      });
    }
    return out;
  },
};
