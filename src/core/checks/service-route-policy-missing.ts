import type { CniConfFile, CniPolicy } from '../capture/runtime-types.js';
import type { RoutePolicy } from '../capture/hns-policies.js';
import { clusterRanges, escapeRegExp, podConfFile, type RequiredRange } from '../model/derived/cni.js';
import { cniConfEditFix, occursOnce } from '../owners/cni-conf.js';
import { ENDPOINT_POLICIES, recreatePodsFix } from '../owners/pods.js';
import { CLUSTER_FACT_COMMANDS, kubernetesFacts, localPodEndpoints, podNetwork } from '../model/derived/kubernetes.js';
import { parsePrefix, prefixContains } from '../model/net.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft, Fix } from './types.js';

/** Plugins whose pods reach Services through a route policy in the conf. */
const ROUTED = new Set(['flannel', 'win-bridge', 'win-overlay', 'sdnbridge', 'sdnoverlay', 'azure-vnet', 'calico']);

const reaches = (prefix: string | undefined, ranges: readonly RequiredRange[]) => {
  const p = parsePrefix(prefix);
  return !!p && ranges.every((r) => prefixContains(p, r.prefix));
};

/** The conf edit that makes the route right, when the service CIDR is known and the raw text allows one exact replacement. */
function editFix(file: CniConfFile, routes: readonly CniPolicy[], service: string | undefined, services: readonly RequiredRange[]): Fix | undefined {
  if (!service) return undefined;
  const text = file.text ?? '';
  const unique = (s: string) => occursOnce(text, s);
  let change: { oldText: string; newText: string } | undefined;
  const wrong = routes.find((r) => r.needEncap !== false);
  const old = wrong ? new RegExp(`"DestinationPrefix"\\s*:\\s*"${escapeRegExp(wrong.destinationPrefix ?? '')}"`, 'i').exec(text)?.[0] : undefined;
  const noEncap = /"NeedEncap"\s*:\s*false/i.exec(text)?.[0];
  if (routes.some((r) => r.needEncap === false && reaches(r.destinationPrefix, services)) && noEncap && unique(noEncap)) change = { oldText: noEncap, newText: '"NeedEncap": true' };
  else if (old && unique(old)) change = { oldText: old, newText: `"DestinationPrefix": "${service}"` };
  else if (routes.length === 0) {
    const key = /"(?:AdditionalArgs|policies)"\s*:\s*\[/i.exec(text)?.[0];
    const v2 = /"Settings"\s*:/.test(text);
    const policy = v2
      ? `{ "Name": "EndpointPolicy", "Value": { "Type": "SDNRoute", "Settings": { "DestinationPrefix": "${service}", "NeedEncap": true } } }`
      : `{ "Name": "EndpointPolicy", "Value": { "Type": "ROUTE", "DestinationPrefix": "${service}", "NeedEncap": true } }`;
    if (key && unique(key)) change = { oldText: key, newText: `${key} ${policy},` };
  }
  if (!change) return undefined;
  return cniConfEditFix({
    file,
    changes: [change],
    title: `Route the service CIDR ${service} (NeedEncap) in ${file.name}`,
    expect: `The conf has a route policy for ${service} with NeedEncap true. Policies are applied when a pod is made: delete the pods on this node so they are made again with it.`,
  });
}

export const serviceRoutePolicyMissing: Check = {
  meta: {
    code: 'WCN706',
    knowledge: 'service-route-policy-missing',
    title: 'Pods lack the route policy for the service CIDR',
    severity: 'error',
    requires: [],
    owners: ['cni', 'containerd'],
    description: "Reads the ROUTE/SDNRoute policies of the pod network's CNI conf and of its local pod endpoints: one must cover the service CIDR (else the cluster DNS IP) with NeedEncap true.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const { network, wanted } = podNetwork(model);
    const file = podConfFile(model, wanted?.value);
    const conf = file?.conf;
    if (!file || !conf || !conf.types.some((t) => ROUTED.has(t))) return [];
    const { services, serviceKnown } = clusterRanges(model, network);
    if (services.length === 0) return [];
    const service = facts.serviceCidr?.prefix.text;
    const what = services.map((s) => `${s.what}${serviceKnown ? ` ${s.prefix.text}` : ''} (from ${s.from})`).join(', ');
    const routes = conf.plugins.flatMap((p) => p.policies).filter((p) => p.kind === 'Route');
    const good = routes.find((r) => reaches(r.destinationPrefix, services) && r.needEncap === true);
    const out: FindingDraft[] = [];
    if (!good) {
      const empty = routes.find((r) => !r.destinationPrefix);
      const noEncap = routes.find((r) => reaches(r.destinationPrefix, services));
      const state = empty ? 'has a route policy with an empty DestinationPrefix (a template that was never filled in)'
        : noEncap ? `routes ${noEncap.destinationPrefix} without NeedEncap true`
        : routes.length > 0 ? `routes only ${routes.map((r) => r.destinationPrefix).join(', ')}, which ${routes.length === 1 ? 'does' : 'do'} not contain ${what}`
        : 'has no ROUTE/SDNRoute policy at all';
      const fixes: Fix[] = [];
      const edit = editFix(file, routes, service, services);
      if (edit) fixes.push(edit);
      if (!service) {
        fixes.push({
          title: 'Look up the service CIDR, then write it into the route policy of the conf',
          risk: 'safe',
          runOn: 'cluster',
          commands: ["kubectl cluster-info dump | Select-String -Pattern 'service-cluster-ip-range'"],
          verify: ps`Get-Content -Path ${file.path} -Raw`,
          expect: `The conf routes the service CIDR with NeedEncap true (${CLUSTER_FACT_COMMANDS.serviceCIDR}).`,
        });
      }
      out.push({
        message: `CNI conf '${file.name}' (network '${conf.name ?? '?'}') ${state}. Pods need a route policy for the service range (${what}) with NeedEncap true: without it, pods reach pod IPs but not ClusterIPs, cluster DNS included.`,
        subjects: [{ kind: 'cni-conf', name: file.name, pointer: file.$ptr }],
        evidence: [file.$ptr],
        fixes,
      });
    }
    const endpoints = network ? localPodEndpoints(model, network) : [];
    const bare = endpoints.filter((e) => !e.policies.some((p): p is RoutePolicy => p.Type === 'Route' && p.NeedEncap && reaches(p.DestinationPrefix, services)));
    if (good && bare.length > 0) {
      out.push({
        message: `${bare.length} pod endpoint${bare.length === 1 ? '' : 's'} on HNS network '${network?.name}' lack${bare.length === 1 ? 's' : ''} the route policy for ${what} that CNI conf '${file.name}' has (${good.destinationPrefix}): ${bare.map((e) => `${e.name ?? e.id} (${e.ipAddress ?? '?'})`).join(', ')}. Those pods were made before the conf had it; they cannot reach Services.`,
        severity: 'warning',
        subjects: bare.map((e) => e.subject),
        evidence: bare.flatMap((e) => (e.subject.pointer ? [e.subject.pointer] : [])),
        fixes: [recreatePodsFix(model, bare, {
          gets: 'the route policy',
          verify: ENDPOINT_POLICIES,
          expect: `The new endpoints list a Route policy to ${good.destinationPrefix} with NeedEncap true.`,
        })].filter((f) => f !== undefined),
      });
    }
    return out;
  },
};
