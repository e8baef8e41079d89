/**
 * l2bridge endpoints reach beyond their own subnet only through an
 * OutBoundNAT endpoint policy. HNS holds the truth: the local endpoints of
 * every l2bridge network, whoever made it. What the next endpoints get is
 * the owner's to say: docker's enable_outboundnat option for a docker
 * network (judged as docker states it, so a network with no container yet is
 * judged too), the OutBoundNAT endpoint policy of the CNI conf that names a
 * CNI network.
 */
import { policyOf } from '../capture/hns-policies.js';
import type { CniConfFile } from '../capture/runtime-types.js';
import { OPT } from '../model/build.js';
import { kubernetesFacts, localPodEndpoints } from '../model/derived/kubernetes.js';
import type { HnsEndpointModel, HnsNetworkModel, HostModel } from '../model/types.js';
import { confFileOf, rewriteConfFix, withEndpointPolicy } from '../owners/cni-conf.js';
import { recreatePodsFix } from '../owners/pods.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const listed = (eps: readonly HnsEndpointModel[]) => {
  const names = eps.slice(0, 5).map((e) => `'${e.name ?? e.id}' (${e.ipAddress ?? 'no address'})`);
  return `${names.join(', ')}${eps.length > 5 ? ` and ${eps.length - 5} more` : ''}`;
};

/** The prefixes pods must reach without NAT: the cluster's and the services' ranges where captured, else the network's own subnets. */
function exceptionsFor(model: HostModel, net: HnsNetworkModel): string[] {
  const k = kubernetesFacts(model);
  const cluster = [k.clusterCidr?.value, k.serviceCidr?.value].filter((x): x is string => !!x);
  return [...new Set(cluster.length > 0 ? cluster : net.subnets.map((s) => s.prefix?.text).filter((x): x is string => !!x))];
}

function addToConfFix(model: HostModel, net: HnsNetworkModel, file: CniConfFile): Fix | undefined {
  if (file.text === undefined) return undefined;
  const exceptions = exceptionsFor(model, net);
  const text = withEndpointPolicy(file.text, 'OutBoundNAT', { ExceptionList: exceptions }, { Exceptions: exceptions });
  if (text === undefined) return undefined;
  return rewriteConfFix(
    file, text,
    `Add an OutBoundNAT endpoint policy (exceptions ${exceptions.join(', ') || 'none'}) to CNI conf ${file.name}`,
    `nothing runs differently until pods are re-created on this node: only endpoints made after the edit get the policy`,
    'The conf shows an EndpointPolicy of type OutBoundNAT; pods created after the edit have it in Get-HnsEndpoint.',
  );
}

function judgeHnsNetwork(model: HostModel, net: HnsNetworkModel): FindingDraft | undefined {
  const name = net.name ?? net.id;
  const pods = localPodEndpoints(model, net);
  const lacking = pods.filter((e) => !policyOf(e.policies, 'OutBoundNAT'));
  const file = confFileOf(model, net.cni);
  const confHas = file?.conf ? file.conf.plugins.some((p) => p.policies.some((x) => x.kind === 'OutBoundNAT')) : undefined;
  const subnet = net.subnets.find((s) => s.prefix && s.prefix.length > 0)?.prefix?.text;
  const scope = subnet ? `their own subnet ${subnet}` : 'their own subnet';
  const subjects = [net.subject, ...(net.cni ? [net.cni.subject] : []), ...lacking.slice(0, 5).map((e) => e.subject)];
  if (confHas === false) {
    const fix = addToConfFix(model, net, file!);
    return {
      message: `l2bridge network '${name}' (owner: ${net.owner.label}): CNI conf ${file!.path} gives its endpoints no OutBoundNAT policy, so pods reach ${scope} but not the internet or other subnets, because replies have no way back to their addresses.${lacking.length > 0 ? ` Endpoints without it now: ${listed(lacking)}.` : ''}`,
      subjects,
      fixes: fix ? [fix] : [],
    };
  }
  if (lacking.length === 0) return undefined;
  const why = confHas
    ? `CNI conf ${file!.name} has the policy now, so they were made before it was added (HNS applies endpoint policies only when it creates an endpoint)`
    : 'HNS gave them none';
  const fix = recreatePodsFix(model, lacking, {
    gets: 'OutBoundNAT',
    verify: "Get-HnsEndpoint | Select-Object -Property 'Name','IPAddress','Policies'",
    expect: 'Every pod endpoint on the network lists an OutBoundNAT policy.',
  });
  return {
    message: `l2bridge network '${name}' (owner: ${net.owner.label}) has ${lacking.length === 1 ? 'an endpoint' : `${lacking.length} endpoints`} without an OutBoundNAT policy: ${listed(lacking)}. ${why}; they reach ${scope} but not the internet or other subnets.`,
    subjects,
    fixes: fix ? [fix] : [],
  };
}

export const l2bridgeOutboundNat: Check = {
  meta: {
    code: 'WCN307',
    knowledge: 'l2bridge-outbound-nat',
    title: 'An l2bridge network has no OutboundNAT policy',
    severity: 'warning',
    requires: ['hnsNetworks'],
    description: "Reads the OutBoundNAT policies of every l2bridge network's local endpoints in HNS, and what gives the next ones: docker's enable_outboundnat option or the CNI conf's endpoint policies.",
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
    for (const net of model.hnsNetworks) {
      if (net.type !== 'l2bridge' || net.dockerNetwork) continue;
      const f = judgeHnsNetwork(model, net);
      if (f) out.push(f);
    }
    return out;
  },
};
