import type { CniConfFile } from '../capture/runtime-types.js';
import type { OutboundNatPolicy } from '../capture/hns-policies.js';
import { escapeRegExp as escape, clusterRanges, podConfFile, type RequiredRange } from '../model/derived/cni.js';
import { cniConfEditFix } from '../owners/cni-conf.js';
import { ENDPOINT_POLICIES, recreatePodsFix } from '../owners/pods.js';
import { kubernetesFacts, localPodEndpoints, podNetwork } from '../model/derived/kubernetes.js';
import { isPublicAddress, parsePrefix, prefixContains, prefixesOverlap, type Prefix } from '../model/net.js';
import type { HnsEndpointModel, HostModel } from '../model/types.js';
import type { Check, FindingDraft, Fix } from './types.js';

const covered = (list: readonly Prefix[], r: RequiredRange) => list.some((p) => prefixContains(p, r.prefix));
const canon = (list: readonly string[]) => [...new Set(list.map((x) => parsePrefix(x)?.text ?? x))].sort();

/** Exact replacements that add the missing ranges and drop the extra ones, when the raw text allows them. */
function editFix(file: CniConfFile, exceptions: readonly string[], add: readonly string[], drop: readonly string[]): Fix | undefined {
  const text = file.text ?? '';
  const changes: { oldText: string; newText: string }[] = [];
  if (add.length > 0) {
    const key = /"(?:ExceptionList|Exceptions)"\s*:\s*\[/i.exec(text)?.[0];
    if (!key || exceptions.length === 0) return undefined;
    changes.push({ oldText: key, newText: `${key}${add.map((a) => `"${a}", `).join('')}` });
  }
  for (const d of drop) {
    const m = new RegExp(`"${escape(d)}"\\s*,\\s*|,\\s*"${escape(d)}"`).exec(text)?.[0];
    if (!m) return undefined;
    changes.push({ oldText: m, newText: '' });
  }
  // Each replaced text must occur once in the conf: cniConfEditFix refuses the edit otherwise.
  return cniConfEditFix({
    file,
    changes,
    title: `Correct the OutBoundNAT exception list in ${file.name}`,
    expect: `The exception list ${add.length > 0 ? `includes ${add.join(', ')}` : ''}${add.length > 0 && drop.length > 0 ? ' and ' : ''}${drop.length > 0 ? `no longer names ${drop.join(', ')}` : ''}. The policy is applied when a pod is made: delete the pods on this node (kubectl delete pod) so they are made again with it.`,
  });
}

function hostSubnets(model: HostModel): Prefix[] {
  return model.adapters.flatMap((a) => a.ipv4.flatMap((ip) => (ip.prefix ? [ip.prefix] : [])));
}

function epNat(e: HnsEndpointModel): OutboundNatPolicy | undefined {
  return e.policies.find((p): p is OutboundNatPolicy => p.Type === 'OutBoundNAT');
}

export const outboundnatExceptionsWrong: Check = {
  meta: {
    code: 'WCN705',
    knowledge: 'outboundnat-exceptions-wrong',
    title: 'The OutBoundNAT exception list misses the cluster ranges or names outside ones',
    severity: 'error',
    requires: [],
    owners: ['cni', 'containerd'],
    description: "Compares the OutBoundNAT exceptions of the pod network's CNI conf and of its local pod endpoints with the cluster CIDR (else the node's pod CIDR or the network's subnet), the service CIDR (else the cluster DNS IP) and the host's subnets.",
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const { network, wanted } = podNetwork(model);
    const file = podConfFile(model, wanted?.value);
    const confNat = file?.conf?.plugins.flatMap((p) => p.policies).find((p) => p.kind === 'OutBoundNAT' && p.exceptions);
    const endpoints = network ? localPodEndpoints(model, network) : [];
    const epLists = endpoints.map((e) => ({ e, nat: epNat(e) }));
    const reference = confNat?.exceptions ?? epLists.find((x) => x.nat)?.nat?.Exceptions;
    if (!reference) return [];
    const refPrefixes = reference.flatMap((x) => parsePrefix(x) ?? []);
    const ranges = clusterRanges(model, network);
    const where = confNat && file ? `CNI conf '${file.name}'` : `the OutBoundNAT policy of the pods on HNS network '${network?.name}'`;
    const out: FindingDraft[] = [];
    const subjects = [...(file && confNat ? [{ kind: 'cni-conf' as const, name: file.name, pointer: file.$ptr }] : []), ...(network ? [network.subject] : [])];

    const missing = [...ranges.pods, ...ranges.services].filter((r) => !covered(refPrefixes, r));
    const known = [...ranges.pods.map((r) => r.prefix), ...ranges.services.map((r) => r.prefix), ...(network?.subnets.flatMap((s) => (s.prefix ? [s.prefix] : [])) ?? []), ...hostSubnets(model)];
    // Without the service CIDR, an exception around the DNS IP may be that range: only exceptions that touch nothing known count as outside.
    const outside = reference.filter((x) => {
      const p = parsePrefix(x);
      if (!p || known.some((k) => prefixesOverlap(k, p))) return false;
      // Nothing at all shows the service range (no CIDR, no DNS IP): a private exception may be it, so only a public one counts.
      if (ranges.services.length === 0) return isPublicAddress(p.network.toString());
      return !(!ranges.serviceKnown && ranges.services.some((s) => prefixContains(p, s.prefix)));
    });
    if (missing.length > 0 || outside.length > 0) {
      const parts = [`${where} lists OutBoundNAT exceptions ${reference.join(', ')}.`];
      if (missing.length > 0) parts.push(`They do not cover ${missing.map((m) => `${m.what} ${m.prefix.text} (from ${m.from})`).join(', ')}: pod traffic to ${missing.length === 1 ? 'it' : 'them'} is NATed to the node's address, so other pods and network policies see the node instead of the pod, and replies can miss.`);
      if (outside.length > 0) parts.push(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} neither a cluster range nor a subnet of this host: pods reach ${outside.length === 1 ? 'it' : 'them'} with their own addresses, which that network cannot route back, so those hosts look unreachable from pods.`);
      const fix = file && confNat ? editFix(file, reference, missing.map((m) => m.prefix.text), outside) : undefined;
      out.push({
        message: parts.join(' '),
        severity: missing.length > 0 ? 'error' : 'warning',
        subjects,
        evidence: [...(file ? [file.$ptr] : []), ...(network?.subject.pointer ? [network.subject.pointer] : [])],
        fixes: fix ? [fix] : [],
      });
    }
    if (confNat) {
      const want = canon(reference);
      const stale = epLists.filter((x) => !x.nat || JSON.stringify(canon(x.nat.Exceptions)) !== JSON.stringify(want));
      if (stale.length > 0) {
        out.push({
          message: `${stale.length} pod endpoint${stale.length === 1 ? '' : 's'} on HNS network '${network?.name}' ${stale.length === 1 ? 'has' : 'have'} other OutBoundNAT exceptions than ${where} (${want.join(', ')}): ${stale.map((x) => `${x.e.name ?? x.e.id} (${x.e.ipAddress ?? '?'}): ${x.nat ? x.nat.Exceptions.join(', ') || 'none' : 'no OutBoundNAT policy'}`).join('; ')}. The policy is fixed when a pod is made, so these pods were made before the conf changed, or the agent raced their creation.`,
          severity: 'warning',
          subjects: stale.map((x) => x.e.subject),
          evidence: stale.flatMap((x) => (x.e.subject.pointer ? [x.e.subject.pointer] : [])),
          fixes: [recreatePodsFix(model, stale.map((x) => x.e), {
            gets: 'the current policy',
            verify: ENDPOINT_POLICIES,
            expect: `The new endpoints list OutBoundNAT exceptions ${want.join(', ')}.`,
          })].filter((f) => f !== undefined),
        });
      }
    }
    return out;
  },
};
