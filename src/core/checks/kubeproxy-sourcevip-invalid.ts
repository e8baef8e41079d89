import { addressInPrefix } from '../model/net.js';
import { kubeProxyProcess, kubernetesFacts, podNetwork } from '../model/derived/kubernetes.js';
import { kubeProxyReconfigureFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import type { Check } from './types.js';

/** A CNI result file (sourceVip.json) that holds an error (`code`, `msg`) where the address should be. */
function failedReservation(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  return d['code'] !== undefined && typeof d['msg'] === 'string' ? d['msg'] : undefined;
}

export const kubeproxySourcevipInvalid: Check = {
  meta: {
    code: 'WCN711',
    knowledge: 'kubeproxy-sourcevip-invalid',
    title: 'kube-proxy has no usable source VIP on an overlay network',
    severity: 'error',
    requires: ['hnsNetworks'],
    owners: ['kube-proxy'],
    description: "On an Overlay pod network, reads kube-proxy's --source-vip (or sourceVip in its config) and checks it is set, inside the network's subnet, not a pod's address, and present as an HNS endpoint; also a source-VIP file that holds an error.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    const kp = facts.kubeProxy;
    const { network } = podNetwork(model);
    if (!facts.isNode || !kp || network?.type !== 'overlay') return [];
    const subject = model.runtime('kube-proxy')?.subject;
    const subjects = [...(subject ? [subject] : []), network.subject];
    const subnets = network.subnets.filter((s) => s.prefix);
    const subnetText = subnets.map((s) => s.text).join(', ') || 'none captured';
    const calicoEp = network.endpoints.find((e) => e.name === 'Calico_ep' && e.ipAddress);
    const badFiles = (model.capture.kubernetes?.files ?? []).filter((f) => f.kind === 'source-vip' && failedReservation(f.data));
    const suggestion = calicoEp?.ipAddress ? `--source-vip=${calicoEp.ipAddress} (the address of Calico's host endpoint Calico_ep)` : `--source-vip set to an unused address of ${subnetText} reserved for it`;
    const sv = kp.sourceVip;
    const problems: string[] = [];
    let severity: 'error' | 'warning' = 'error';
    if (!sv) {
      if (!kubeProxyProcess(model) && badFiles.length === 0) return [];
      problems.push(`kube-proxy has no source VIP (no --source-vip, no sourceVip in its config): on an overlay network it stops with "source-vip flag not set"`);
    } else if (subnets.length > 0 && !subnets.some((s) => addressInPrefix(sv.value, s.prefix))) {
      problems.push(`kube-proxy's source VIP ${sv.value} (${sv.from}) is outside the network's subnet ${subnetText}: HNS refuses the endpoint ("An address provided is invalid or reserved", 0x803b002f). A node that joined again with a new pod subnet keeps its old source-VIP file and shows this`);
    } else if (model.captured.has('hnsEndpoints')) {
      const holders = network.endpoints.filter((e) => e.ipAddress === sv.value);
      const pods = holders.filter((e) => e.container || /^[0-9a-f]{64}_/i.test(e.name ?? ''));
      if (pods.length > 0) {
        problems.push(`kube-proxy's source VIP ${sv.value} (${sv.from}) is the address of pod endpoint ${pods.map((e) => e.name ?? e.id).join(', ')}: the address must be reserved for kube-proxy alone`);
      } else if (holders.length === 0) {
        severity = 'warning';
        problems.push(`no HNS endpoint on '${network.name ?? network.id}' has kube-proxy's source VIP ${sv.value} (${sv.from}): kube-proxy makes that endpoint when it starts, so its absence means kube-proxy could not (its log repeats "Source Vip endpoint creation failed")`);
      }
    }
    for (const f of badFiles) problems.push(`the source-VIP file ${f.path} holds an error instead of an address ("${failedReservation(f.data)}")`);
    if (problems.length === 0) return [];
    return [{
      severity,
      message: `${problems.join('; ')}. kube-proxy uses the source VIP as the source address of Service traffic leaving pods on overlay networks; without a usable one no Service answers from this node.`,
      subjects,
      evidence: badFiles.map((f) => f.$ptr),
      fixes: [{
        ...kubeProxyReconfigureFix(model, suggestion),
        verify: ps`Get-HnsEndpoint | Where-Object -Property 'IPAddress' -EQ ${calicoEp?.ipAddress ?? sv?.value ?? '<source VIP>'}`,
        expect: 'One endpoint with that address on the overlay network, and the load balancers show it as SourceVIP.',
      }],
    }];
  },
};
