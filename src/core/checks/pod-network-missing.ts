import { kubernetesFacts, networkAgent, podNetwork } from '../model/derived/kubernetes.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';

export const podNetworkMissing: Check = {
  meta: {
    code: 'WCN733',
    knowledge: 'pod-network-missing',
    title: 'The pod network is gone while pods and endpoints still use it',
    severity: 'error',
    requires: ['hnsNetworks', 'hnsEndpoints'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: "Looks for the HNS network kube-proxy's --network-name or the CNI conf names, when endpoints point to a network HNS no longer has or pod sandboxes are ready.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    if (!k.isNode) return [];
    const { network, wanted } = podNetwork(model);
    if (network || !wanted) return [];
    const orphans = model.hnsEndpoints.filter((e) => !e.network && e.networkId);
    const ready = model.pods.filter((p) => p.ready);
    if (orphans.length === 0 && ready.length === 0) return [];
    const node = k.nodeName?.value ?? '<node name>';
    const agent = networkAgent(model);
    const verify = ps`Get-HnsNetwork | Where-Object Name -eq ${wanted.value} | Select-Object -Property 'Name','Id','Type'`;
    const fixes: Fix[] = [];
    if (agent) fixes.push(networkAgentRestartFix(model, agent, `Network '${wanted.value}' exists again: '${verify}'.`));
    fixes.push({
      title: "Recreate this node's pods so CNI gives them endpoints on the current network",
      risk: 'disruptive',
      disrupts: 'every pod on this node restarts',
      runOn: 'cluster',
      commands: [ps`kubectl delete pod --all-namespaces --field-selector ${`spec.nodeName=${node}`}`],
      verify: ps`Get-HnsEndpoint | Select-Object -Property 'Name','VirtualNetworkName','IPAddress','State'`,
      expect: `Every local endpoint is on network '${wanted.value}'.`,
    });
    fixes.push(kubeProxyRestartFix(model));
    const refs = [
      orphans.length > 0 ? `${orphans.length} HNS endpoint${orphans.length === 1 ? '' : 's'} (${orphans.slice(0, 3).map((e) => e.ipAddress ?? e.id).join(', ')}${orphans.length > 3 ? ', …' : ''}) still point to network ${orphans[0]!.networkId}, which HNS no longer has` : undefined,
      ready.length > 0 ? `${ready.length} pod sandbox${ready.length === 1 ? ' is' : 'es are'} ready in containerd` : undefined,
    ].filter(Boolean).join(', and ');
    return [{
      message: `HNS has no network named '${wanted.value}' (from ${wanted.from}), yet ${refs}. The network was lost (a reboot, an HNS restart, or its agent recreated it under a new id) after the pods started: new pods fail with "Element not found" (0x490) and kube-proxy cannot program Services.`,
      subjects: orphans.length > 0 ? orphans.slice(0, 5).map((e) => e.subject) : [{ kind: 'hns-network', name: wanted.value }],
      evidence: orphans.map((e) => e.subject.pointer ?? '').filter(Boolean),
      fixes,
    }];
  },
};
