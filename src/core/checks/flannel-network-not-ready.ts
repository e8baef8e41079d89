import { flannelSubnetEnv, kubernetesFacts, networkAgent } from '../model/derived/kubernetes.js';
import { parsePrefix, prefixContains } from '../model/net.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

export const flannelNetworkNotReady: Check = {
  meta: {
    code: 'WCN723',
    knowledge: 'flannel-network-not-ready',
    title: 'flanneld has not finished setting up the node',
    severity: 'error',
    requires: ['kubernetes.files', 'hnsNetworks'],
    owners: ['cni'],
    description: "On a flannel node, looks for C:\\run\\flannel\\subnet.env, its FLANNEL_SUBNET inside the node's pod CIDR, and the HNS network the flannel CNI conf names.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const agent = networkAgent(model);
    if (!k.isNode || agent?.kind !== 'flannel') return [];
    const problems: string[] = [];
    const env = flannelSubnetEnv(model);
    if (!env) problems.push('C:\\run\\flannel\\subnet.env was not found (flanneld writes it once it has a lease and its network; the flannel CNI plugin reads it for every pod)');
    const nodeCidr = model.capture.kubernetes?.node?.spec?.podCIDR;
    const subnet = env?.vars['FLANNEL_SUBNET'];
    if (env && subnet && nodeCidr && !prefixContains(parsePrefix(nodeCidr), parsePrefix(subnet))) {
      problems.push(`FLANNEL_SUBNET ${subnet} in ${env.path} is not inside this node's pod CIDR ${nodeCidr} (a subnet.env left from an earlier lease)`);
    }
    const conf = model.cniConfs.find((c) => c.type === 'flannel');
    const backend = k.cluster?.flannelBackend?.value;
    const name = conf?.name ?? (backend?.type?.toLowerCase() === 'vxlan' ? `flannel.${backend.vni ?? 4096}` : backend?.type?.toLowerCase() === 'host-gw' ? 'cbr0' : undefined);
    // A missing network that endpoints or pods still use is pod-network-missing; here nothing was made yet.
    const used = model.hnsEndpoints.some((e) => !e.network && e.networkId) || model.pods.some((p) => p.ready);
    if (name && !model.hnsNetworks.some((n) => n.name === name) && !used) {
      problems.push(`HNS has no network '${name}'${conf ? ` (named by CNI conf ${conf.file})` : ''}: flanneld has not created it`);
    }
    if (problems.length === 0) return [];
    const verify = ps`Get-Content -Path 'C:\run\flannel\subnet.env'`;
    return [{
      message: `flannel is not ready on this node: ${problems.join('; ')}. Pods stay in ContainerCreating until flanneld finishes; a flanneld that cannot reach the API server through the kubernetes Service (its own network does not exist yet) never does, so its Windows pod must point KUBERNETES_SERVICE_HOST at the API server's address.`,
      subjects: [conf?.subject ?? { kind: 'runtime', name: 'flanneld' }],
      evidence: env ? [env.pointer] : [],
      fixes: [networkAgentRestartFix(model, agent, `'${verify}' prints FLANNEL_NETWORK and a FLANNEL_SUBNET inside this node's pod CIDR${name ? `, and Get-HnsNetwork lists '${name}'` : ''}.`)],
    }];
  },
};
