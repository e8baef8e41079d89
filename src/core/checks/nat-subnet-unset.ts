import type { DockerNetworkModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { engineServiceName, pinDefaultNatSubnetFix, restartService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const showsUnset = (n: DockerNetworkModel) => n.subnets.some((s) => s.prefix?.length === 0);

export const natSubnetUnset: Check = {
  meta: {
    code: 'WCN209',
    knowledge: 'nat-subnet-unset',
    title: 'The default nat network shows subnet 0.0.0.0/0 and no gateway',
    severity: 'info',
    requires: ['os', 'docker.networks'],
    owners: ['docker'],
    description: 'On 17763 and later Docker may record a nat subnet that HNS chose as 0.0.0.0/0 with no gateway; the real subnet is on the HNS network.',
  },
  run(model) {
    if (model.platform.natSubnetMayShowUnset !== true) return [];
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'nat' || !showsUnset(net)) continue;
      const shown = net.subnets.find((s) => s.prefix?.length === 0);
      const real = net.hns?.subnets.find((s) => s.prefix && s.prefix.length > 0);
      const hnsName = net.hns ? `'${net.hns.name ?? net.hns.id}' (id ${net.hns.id})` : undefined;
      const where = real && hnsName
        ? `The real subnet is ${real.prefix!.text}${real.gateway ? ` with gateway ${real.gateway}` : ''}, on HNS network ${hnsName}.`
        : model.captured.has('hnsNetworks')
          ? 'No HNS network in the capture matches it, so the real subnet is unknown here (Get-HnsNetwork shows it).'
          : 'The real subnet is on the HNS network: Get-HnsNetwork shows it (hnsNetworks was not captured).';
      out.push({
        message: `Docker network '${net.name}' shows subnet ${shown?.text ?? '0.0.0.0/0'}${shown?.gateway ? '' : ' and no gateway'} in docker network inspect. On ${model.platform.label} this is how Docker records a subnet that HNS chose itself; containers are not affected. ${where} wcn-doctor compares the HNS subnet, never 0.0.0.0/0.`,
        subjects: [net.subject, ...(net.hns ? [net.hns.subject] : [])],
        fixes: fixesFor(model, net, real?.prefix?.text),
      });
    }
    return out;
  },
};

function fixesFor(model: HostModel, net: DockerNetworkModel, realSubnet: string | undefined): Fix[] {
  const service = engineServiceName(model);
  const fixes: Fix[] = [{
    title: 'Optional: restart Docker, which usually reads the subnet back from HNS',
    risk: 'disruptive',
    disrupts: 'the Docker engine restarts: every running container stops',
    runOn: 'container-host',
    commands: [restartService(service)],
    verify: ps`docker network inspect ${net.name} --format '{{json .IPAM.Config}}'`,
    expect: realSubnet ? `Shows ${realSubnet} and its gateway. On engines before 18.09.3 it may show 0.0.0.0/0 again after the next reboot.` : 'Shows the HNS subnet and its gateway.',
  }];
  if (realSubnet && net.name.toLowerCase() === 'nat') {
    fixes.push(pinDefaultNatSubnetFix(model, realSubnet, net.hns?.id ?? net.hnsId, `Optional: pin the nat subnet to ${realSubnet} with "fixed-cidr" so Docker always records it`));
  }
  return fixes;
}
