import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

/** Why this host looks like an EKS node, or undefined: the node object's provider id and labels, or the EKS install folder in an agent's command line. */
function eksEvidence(model: HostModel): string | undefined {
  const k = model.capture.kubernetes;
  const node = k?.node;
  const labels = Object.keys(node?.metadata?.labels ?? {});
  if (node?.spec?.providerID?.startsWith('aws://') && labels.some((l) => l.startsWith('eks.amazonaws.com/'))) {
    return `the node object's providerID '${node.spec.providerID}' and its eks.amazonaws.com labels`;
  }
  const agent = [...(k?.processes ?? []), ...(k?.services ?? [])]
    .find((p) => /\\Amazon\\EKS\\/i.test(`${'CommandLine' in p ? p.CommandLine ?? '' : ''} ${'PathName' in p ? p.PathName ?? '' : ''}`));
  return agent ? `${agent.Name} runs from the EKS folder (C:\\Program Files\\Amazon\\EKS)` : undefined;
}

export const eksWindowsIpamDisabled: Check = {
  meta: {
    code: 'WCN738',
    knowledge: 'eks-windows-ipam-disabled',
    title: 'EKS: Windows pods get no address (Windows IPAM of the VPC CNI not enabled)',
    severity: 'error',
    requires: ['hnsEndpoints'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: 'On a node recognized as EKS (provider id and labels, or the EKS install folder), reads whether pod sandboxes exist while no pod has an HNS endpoint: the VPC resource controller hands out no addresses.',
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const why = eksEvidence(model);
    if (!why) return [];
    const pods = model.capture.containerd?.pods;
    if (!pods || pods.length === 0) return [];
    const podEndpoints = model.hnsEndpoints.filter((e) => !e.isRemote);
    if (podEndpoints.length > 0) return [];
    const notReady = pods.filter((p) => p.state !== 'SANDBOX_READY');
    return [{
      message: `This is an EKS node (${why}). It has ${pods.length} pod sandbox${pods.length === 1 ? '' : 'es'}${notReady.length > 0 ? ` (${notReady.length} not ready)` : ''}, and not one pod has an HNS endpoint: no Windows pod got an address. On EKS the VPC resource controller assigns Windows pod addresses only when Windows IPAM is enabled in the amazon-vpc-cni ConfigMap; without it the CNI fails with "pod does not have label vpc.amazonaws.com/PrivateIPv4Address". The ConfigMap lives in the cluster: confirm it there.`,
      subjects: [model.runtime('kubelet')?.subject ?? model.host.subject],
      evidence: [`${model.capture.containerd?.$ptr ?? '/containerd'}/pods`, '/hnsEndpoints'],
      fixes: [{
        title: 'Enable Windows IPAM in the amazon-vpc-cni ConfigMap, then recreate the pods that got no address',
        risk: 'safe',
        runOn: 'cluster',
        commands: [ps`kubectl patch configmap 'amazon-vpc-cni' -n 'kube-system' --type merge -p '{"data":{"enable-windows-ipam":"true"}}'`],
        verify: ps`kubectl -n 'kube-system' get configmap 'amazon-vpc-cni' -o 'jsonpath={.data.enable-windows-ipam}'`,
        expect: "true; new Windows pods get the label vpc.amazonaws.com/PrivateIPv4Address and an address.",
      }],
    }];
  },
};
