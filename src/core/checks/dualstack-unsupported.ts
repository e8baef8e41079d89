import { kubernetesFacts, podNetwork } from '../model/derived/kubernetes.js';
import type { Check, FindingDraft } from './types.js';

const isV6 = (prefix: string | undefined) => typeof prefix === 'string' && prefix.includes(':');
/** The plugin types that may carry dual stack (windows-container-networking accepts it on l2bridge only). */
const BRIDGE_TYPES = new Set(['l2bridge', 'sdnbridge', 'win-bridge', 'azure-vnet']);

export const dualstackUnsupported: Check = {
  meta: {
    code: 'WCN739',
    knowledge: 'dualstack-unsupported',
    title: 'IPv6 or dual stack is asked of a Windows pod network that cannot do it',
    severity: 'warning',
    requires: ['hnsNetworks'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: "Finds IPv6 asked for (kube-proxy's cluster CIDR, the node's pod CIDRs, a CNI conf's IPv6 subnet or enableDualStack flag) on an overlay or Calico pod network, or dual stack on a plugin other than l2bridge.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const asked: string[] = [];
    const clusterCidr = facts.kubeProxy?.clusterCIDR;
    if (clusterCidr && clusterCidr.value.split(',').some(isV6)) asked.push(`--cluster-cidr '${clusterCidr.value}' (${clusterCidr.from})`);
    const podCidrs = model.capture.kubernetes?.node?.spec?.podCIDRs ?? [];
    if (podCidrs.some(isV6)) asked.push(`the node's podCIDRs ${podCidrs.join(', ')}`);
    const dualFlag: { file: string; type: string }[] = [];
    for (const dir of model.capture.cni?.confDirs ?? []) {
      for (const file of dir.files) {
        const conf = file.conf;
        if (!conf) continue;
        if (conf.subnets.some(isV6)) asked.push(`the IPv6 subnet of ${file.path}`);
        for (const p of conf.plugins) {
          if (p.optionalFlags['enableDualStack'] === true) {
            asked.push(`enableDualStack in ${file.path}`);
            dualFlag.push({ file: file.path, type: (p.delegateType ?? p.type ?? '').toLowerCase() });
          }
        }
      }
    }
    if (asked.length === 0) return [];
    const { network } = podNetwork(model);
    const out: FindingDraft[] = [];
    const what = [...new Set(asked)].join('; ');
    const calico = model.cniConfs.some((c) => c.type?.toLowerCase() === 'calico') || network?.name?.startsWith('Calico');
    const fix = {
      title: 'Keep this Windows node single-stack IPv4 (remove the IPv6 range from its CNI conf and kube-proxy), or move it to an l2bridge CNI that supports dual stack (win-bridge/sdnbridge, Azure CNI)',
      risk: 'disruptive' as const,
      disrupts: 'pods on the node are recreated with the new network settings',
      runOn: 'container-host' as const,
      commands: [],
      verify: "Get-HnsNetwork | Select-Object -Property 'Name','Type',@{Name='Prefixes';Expression={$_.Subnets.AddressPrefix}}",
      expect: 'The pod network is IPv4 only, or an L2Bridge network with both an IPv4 and an IPv6 subnet.',
    };
    if (network && network.type === 'overlay') {
      out.push({
        message: `IPv6 is asked for (${what}), but the pod network '${network.name ?? network.id}' is Overlay (VXLAN): Windows overlay networking is IPv4 only. kube-proxy logs "Winoverlay does not support dual-stack, falling back to single-stack" and IPv6 Services and pod addresses do not work on this node.`,
        subjects: [network.subject],
        fixes: [fix],
      });
    } else if (calico) {
      out.push({
        message: `IPv6 is asked for (${what}), but this node runs Calico for Windows, which supports neither IPv6 nor dual stack.`,
        subjects: network ? [network.subject] : [model.host.subject],
        fixes: [fix],
      });
    }
    for (const d of dualFlag) {
      if (BRIDGE_TYPES.has(d.type) || out.length > 0) continue;
      out.push({
        message: `${d.file} sets enableDualStack on a '${d.type || 'unknown'}' plugin: the Windows CNI plugins accept dual stack only on l2bridge networks and refuse with "Dual stack can only be specified with l2bridge network".`,
        subjects: [model.host.subject],
        fixes: [fix],
      });
    }
    return out;
  },
};
