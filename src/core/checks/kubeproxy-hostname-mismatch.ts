import { addressInPrefix } from '../model/net.js';
import { kubeletNodeName, kubernetesFacts } from '../model/derived/kubernetes.js';
import type { Sourced } from '../capture/runtime-types.js';
import { kubeProxyReconfigureFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

export const kubeproxyHostnameMismatch: Check = {
  meta: {
    code: 'WCN714',
    knowledge: 'kubeproxy-hostname-mismatch',
    title: 'kube-proxy does not know this node by its node name',
    severity: 'error',
    requires: ['kubernetes'],
    owners: ['kube-proxy'],
    description: "Compares the name kube-proxy runs under (--hostname-override, else the host name in lower case) with this node's name (the node object, else kubelet's --hostname-override).",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    const kp = facts.kubeProxy;
    if (!facts.isNode || !kp) return [];
    const nodeRecord = model.capture.kubernetes?.node?.metadata?.name;
    const expected: Sourced<string> | undefined = nodeRecord ? { value: nodeRecord, from: 'kubernetes.node metadata.name' } : kubeletNodeName(model);
    // kube-proxy lower-cases whatever name it runs under.
    const actual: Sourced<string> | undefined = kp.hostnameOverride
      ?? (model.host.name ? { value: model.host.name, from: 'the host name (kube-proxy has no --hostname-override)' } : undefined);
    if (!expected || !actual || actual.value.toLowerCase() === expected.value.toLowerCase()) return [];
    const podCidr = facts.podCidr;
    const shadows = podCidr ? model.hnsEndpoints.filter((e) => e.isRemote && addressInPrefix(e.ipAddress, podCidr.prefix)) : [];
    const evidence = shadows.length > 0 && podCidr
      ? ` As a sign of it, ${shadows.length} remote endpoint${shadows.length === 1 ? ' lies' : 's lie'} in this node's own pod subnet ${podCidr.value}.`
      : '';
    const subject = model.runtime('kube-proxy')?.subject;
    return [{
      message: `kube-proxy runs as '${actual.value.toLowerCase()}' (${actual.from}), but this node is '${expected.value}' (${expected.from}). kube-proxy tells local endpoints from remote ones by node name, so it takes this node's pods for pods elsewhere: it makes remote endpoints for them and removes what it believes is not its own, and pods lose their endpoints after a while.${evidence}`,
      subjects: [...(subject ? [subject] : []), ...shadows.map((e) => ({ ...e.subject, name: e.id }))],
      fixes: [{
        ...kubeProxyReconfigureFix(model, `--hostname-override=${expected.value}`),
        verify: ps`Get-HnsEndpoint | Where-Object -Property 'IsRemoteEndpoint' -EQ $true | Select-Object -Property 'IPAddress'`,
        expect: "No remote endpoint has an address of this node's pod subnet once kube-proxy has synced.",
      }],
    }];
  },
};
