import { addressInPrefix } from '../model/net.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HnsEndpointModel } from '../model/types.js';
import { removeHnsEndpointCommand } from '../owners/hns.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft } from './types.js';

const VERIFY = "Get-HnsEndpoint | Group-Object -Property 'IPAddress' | Where-Object -Property 'Count' -GT 1";

/** Endpoints grouped by network and address (several endpoints with one address on one network are the fault). */
function byAddress(endpoints: readonly HnsEndpointModel[]): Map<string, HnsEndpointModel[]> {
  const groups = new Map<string, HnsEndpointModel[]>();
  for (const e of endpoints) {
    if (!e.ipAddress) continue;
    const key = `${e.networkId ?? ''} ${e.ipAddress}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}

const idList = (list: readonly HnsEndpointModel[]) => list.map((e) => e.id).join(', ');

export const staleRemoteEndpoints: Check = {
  meta: {
    code: 'WCN717',
    knowledge: 'stale-remote-endpoints',
    title: 'Stale or duplicate HNS endpoints on a node',
    severity: 'warning',
    requires: ['hnsEndpoints'],
    owners: ['kube-proxy'],
    description: "Groups HNS endpoints by network and address: a remote endpoint (kube-proxy's) beside a local pod's endpoint with the same address, several local endpoints with one address, and remote endpoints inside this node's own pod subnet.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const out: FindingDraft[] = [];
    const staleRemote = new Set<HnsEndpointModel>();
    const shadowed: string[] = [];
    const localDuplicates: HnsEndpointModel[][] = [];
    for (const group of byAddress(model.hnsEndpoints).values()) {
      if (group.length < 2) continue;
      const local = group.filter((e) => !e.isRemote);
      const remote = group.filter((e) => e.isRemote);
      if (local.length > 0 && remote.length > 0) {
        for (const e of remote) staleRemote.add(e);
        shadowed.push(`${group[0]!.ipAddress} (local ${idList(local)}; remote ${idList(remote)})`);
      } else if (local.length > 1) localDuplicates.push(local);
      else if (remote.length > 1) for (const e of remote.slice(1)) staleRemote.add(e);
    }
    const podCidr = facts.podCidr;
    const inOwnSubnet = podCidr
      ? model.hnsEndpoints.filter((e) => e.isRemote && !staleRemote.has(e) && addressInPrefix(e.ipAddress, podCidr.prefix))
      : [];
    for (const e of inOwnSubnet) staleRemote.add(e);
    if (staleRemote.size > 0) {
      const list = [...staleRemote];
      const parts: string[] = [];
      if (shadowed.length > 0) parts.push(`a remote endpoint has the address of a local pod: ${shadowed.join('; ')}`);
      if (inOwnSubnet.length > 0 && podCidr) parts.push(`remote endpoint${inOwnSubnet.length === 1 ? '' : 's'} ${inOwnSubnet.map((e) => `${e.ipAddress} (${e.id})`).join(', ')} lie${inOwnSubnet.length === 1 ? 's' : ''} in this node's own pod subnet ${podCidr.value} (${podCidr.from})`);
      const other = list.length - shadowed.length - inOwnSubnet.length;
      if (parts.length === 0 || other > 0) parts.push(`several remote endpoints share one address`);
      const referenced = list.filter((e) => e.loadBalancers.length > 0).length;
      out.push({
        message: `On this node ${parts.join('; ')}. kube-proxy makes remote endpoints for pods on other nodes; one left behind after its address moved to a pod here sends that pod's Service traffic to the wrong node, which shows as intermittent timeouts (DNS among them).${referenced > 0 ? ` ${referenced} of them ${referenced === 1 ? 'is' : 'are'} still behind a load balancer.` : ''}`,
        subjects: list.map((e) => ({ ...e.subject, name: e.id })),
        evidence: list.map((e) => e.subject.pointer).filter((p): p is string => !!p),
        fixes: [
          {
            title: `Remove the stale remote endpoint${list.length === 1 ? '' : 's'} (kube-proxy makes again what it still needs)`,
            risk: 'disruptive',
            disrupts: 'Services that balance over these endpoints fail on this node until kube-proxy syncs again',
            runOn: 'container-host',
            commands: list.map((e) => removeHnsEndpointCommand(e.id)),
            verify: VERIFY,
            expect: 'No address is listed: every address has one endpoint.',
          },
          kubeProxyRestartFix(model),
        ],
      });
    }
    for (const dup of localDuplicates) {
      out.push({
        message: `Local endpoints ${idList(dup)} on this node share address ${dup[0]!.ipAddress}: two pods' endpoints with one address (a known HNS fault with pod address reuse) break that pod's networking, and intermittently its Services.`,
        subjects: dup.map((e) => ({ ...e.subject, name: e.id })),
        evidence: dup.map((e) => e.subject.pointer).filter((p): p is string => !!p),
        fixes: [{
          title: 'Drain the node so its pods start again with clean endpoints',
          risk: 'disruptive',
          disrupts: 'every pod on this node is evicted and rescheduled',
          runOn: 'cluster',
          commands: [ps`kubectl drain ${facts.nodeName?.value ?? '<node name>'} --ignore-daemonsets --delete-emptydir-data`],
          verify: VERIFY,
          expect: 'No address is listed once the pods are back.',
        }],
      });
    }
    return out;
  },
};
