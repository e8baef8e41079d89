import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HostModel } from '../model/types.js';
import { kubeProxyReconfigureFix } from '../owners/kube-proxy.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** HNS takes ports for load balancers and NAT in blocks of 64; ten free blocks or fewer is exhaustion (as networkhealth.ps1 counts). */
const BLOCK = 64;
const MIN_FREE_BLOCKS = 10;

/** Free 64-port blocks of [first, last] once the excluded ranges are taken out. */
export function freeBlocks(first: number, last: number, excluded: readonly { start: number; end: number }[]): { blocks: number; excludedPorts: number } {
  const inside = excluded
    .map((r) => ({ start: Math.max(r.start, first), end: Math.min(r.end, last) }))
    .filter((r) => r.start <= r.end)
    .sort((a, b) => a.start - b.start);
  let blocks = 0;
  let excludedPorts = 0;
  let next = first;
  for (const r of inside) {
    if (r.start > next) blocks += Math.floor((r.start - next) / BLOCK);
    if (r.end >= next) excludedPorts += r.end - Math.max(r.start, next) + 1;
    next = Math.max(next, r.end + 1);
  }
  if (last >= next) blocks += Math.floor((last - next + 1) / BLOCK);
  return { blocks, excludedPorts };
}

function widenFix(protocol: string): Fix {
  return {
    title: `Or widen the ${protocol.toUpperCase()} dynamic port range (netsh int ipv4 set dynamicportrange protocol=${protocol} startport=<n> numberofports=<n>) away from the excluded ranges`,
    risk: 'disruptive',
    disrupts: 'services on the host that listen on ports inside the new range',
    runOn: 'container-host',
    commands: [],
    verify: `netsh int ipv4 show dynamicportrange protocol=${protocol}`,
    expect: 'A range with more than ten 64-port blocks outside the excluded ranges.',
  };
}

function nonDsrLoadBalancers(model: HostModel): number {
  return model.hnsLoadBalancers.filter((lb) => !lb.dsr).length;
}

export const ephemeralPortExhaustion: Check = {
  meta: {
    code: 'WCN715',
    knowledge: 'ephemeral-port-exhaustion',
    title: 'The dynamic port range is nearly used up',
    severity: 'error',
    requires: ['dynamicPortRanges'],
    owners: ['kube-proxy', 'cni'],
    description: 'Counts the free 64-port blocks of the TCP and UDP dynamic port ranges once the excluded port ranges are taken out; ten or fewer is exhaustion, and non-DSR load balancers are named as the usual consumer.',
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const out: FindingDraft[] = [];
    for (const d of model.capture.dynamicPortRanges ?? []) {
      const protocol = (d.Protocol ?? '').toLowerCase();
      if (!['tcp', 'udp'].includes(protocol) || typeof d.StartPort !== 'number' || typeof d.NumberOfPorts !== 'number') continue;
      const first = d.StartPort;
      const last = first + d.NumberOfPorts - 1;
      const excluded = model.excludedPortRanges.filter((r) => r.protocol === protocol);
      const { blocks, excludedPorts } = freeBlocks(first, last, excluded);
      if (blocks > MIN_FREE_BLOCKS) continue;
      const nonDsr = nonDsrLoadBalancers(model);
      const dsrOff = facts.kubeProxy?.enableDSR?.value !== true;
      const lbText = model.captured.has('hnsLoadBalancers') ? ` HNS holds ${nonDsr} load balancer${nonDsr === 1 ? '' : 's'} without DSR, each of which reserves ports here.` : '';
      out.push({
        message: `The ${protocol.toUpperCase()} dynamic port range ${first}-${last} (${d.NumberOfPorts} ports) has ${excludedPorts} ports in excluded ranges, leaving ${blocks} free block${blocks === 1 ? '' : 's'} of 64 (exhaustion at ${MIN_FREE_BLOCKS} or fewer).${lbText} When HNS finds no free block it refuses new load balancers and NAT ("The specified port already exists", 0x803b0013): Services go missing on this node and pod DNS stops.`,
        subjects: model.runtime('kube-proxy')?.subject ? [model.runtime('kube-proxy')!.subject] : [],
        evidence: [d.$ptr, ...excluded.map((r) => r.pointer).filter((p): p is string => !!p)],
        fixes: [
          ...(dsrOff && nonDsr > 0 ? [kubeProxyReconfigureFix(model, '--enable-dsr=true (and WinDSR=true before 1.33), so load balancers stop reserving ports')] : []),
          widenFix(protocol),
        ],
      });
    }
    return out;
  },
};
