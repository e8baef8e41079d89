import { kubernetesFacts, networkAgent, podNetwork } from '../model/derived/kubernetes.js';
import { normalizeMac } from '../model/net.js';
import type { HnsEndpointModel } from '../model/types.js';
import { removeHnsEndpointsFix, removeHnsNetworkFix } from '../owners/hns.js';
import { recreatePodsFix } from '../owners/pods.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft, Fix } from './types.js';

/** V1 endpoint states (HNS); 3, attached and shared, is what every running pod's endpoint shows. */
const STATES: Readonly<Record<number, string>> = { 1: 'Created', 2: 'Attached', 3: 'AttachedSharing', 4: 'Detached', 5: 'Degraded', 6: 'Destroyed' };
const stateText = (s: number) => `${s} (${STATES[s] ?? 'unknown'})`;

export const endpointPortBlocked: Check = {
  meta: {
    code: 'WCN734',
    knowledge: 'endpoint-port-blocked',
    title: 'A pod endpoint is not attached, or its VFP port is blocked',
    severity: 'error',
    requires: ['hnsEndpoints'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: 'Reads the State of each local endpoint on a Kubernetes node (3 when attached) and, where captured, the Blocked field of each VFP port, matched to its endpoint by MAC address.',
  },
  run(model) {
    const k = kubernetesFacts(model);
    if (!k.isNode) return [];
    const out: FindingDraft[] = [];
    // A blocked VFP port belongs to the endpoint with its MAC address (vfpctrl /list-vmswitch-port).
    const vfp = model.capture.vfp;
    const blockedPorts = (vfp?.portStates ?? []).filter((p) => p.blocked === true);
    const macOfPort = (port: string) => {
      const block = vfp?.ports.find((b) => String(b['Port name'] ?? '').toLowerCase() === port.toLowerCase());
      return normalizeMac(typeof block?.['MAC address'] === 'string' ? block['MAC address'] : undefined);
    };
    const blockedEndpoint = new Map<HnsEndpointModel, string>();
    const otherPorts: string[] = [];
    for (const p of blockedPorts) {
      const mac = macOfPort(p.port);
      const e = mac ? model.hnsEndpoints.find((x) => !x.isRemote && x.mac === mac) : undefined;
      if (e) blockedEndpoint.set(e, p.port);
      else otherPorts.push(p.port);
    }
    // docker's endpoints show state 2 when attached: the state rule is for the endpoints CNI plugins make.
    const bad = model.hnsEndpoints.filter((e) => !e.isRemote && ((e.state !== undefined && e.state !== 3 && !e.container && e.owner.kind !== 'docker') || blockedEndpoint.has(e)));
    const why = (e: HnsEndpointModel) => [
      e.state !== undefined && e.state !== 3 ? `in state ${stateText(e.state)}` : undefined,
      blockedEndpoint.has(e) ? `its VFP port '${blockedEndpoint.get(e)}' blocked` : undefined,
    ].filter(Boolean).join(' and ');
    if (bad.length > 0) {
      const fixes: Fix[] = [];
      const recreate = recreatePodsFix(model, bad, {
        gets: 'new endpoints',
        verify: ps`Get-HnsEndpoint | Select-Object -Property 'Name','IPAddress','State'`,
        expect: "The new pods' endpoints show State 3.",
      });
      if (recreate) fixes.push(recreate);
      fixes.push(removeHnsEndpointsFix(bad, 'the pods on these endpoints have no network until they are recreated (delete them afterwards so CNI gives them new endpoints)'));
      out.push({
        message: `${bad.length === 1 ? 'Endpoint' : 'Endpoints'} ${bad.map((e) => `'${e.name ?? e.id}' (${e.ipAddress ?? 'no IP'}${e.pod?.name ? `, pod ${e.pod.namespace ?? 'default'}/${e.pod.name}` : ''}) ${why(e)}`).join(', ')}: a running pod's endpoint is attached (state 3) with an open port, so ${bad.length === 1 ? 'this pod has' : 'these pods have'} no working network.`,
        subjects: bad.map((e) => e.subject),
        evidence: bad.map((e) => e.subject.pointer ?? '').filter(Boolean),
        fixes,
      });
    }
    if (otherPorts.length > 0) {
      const { network } = podNetwork(model);
      const agent = networkAgent(model);
      const fixes: Fix[] = [];
      if (network) {
        if (agent) fixes.push(networkAgentRestartFix(model, agent, 'The pod network exists again and vfpctrl /get-port-state prints Blocked : FALSE for its ports.'));
        fixes.push(removeHnsNetworkFix(network, ' so its owner creates it again with fresh ports'));
      }
      out.push({
        message: `VFP ${otherPorts.length === 1 ? 'port' : 'ports'} ${otherPorts.map((p) => `'${p}'`).join(', ')} ${otherPorts.length === 1 ? 'is' : 'are'} blocked (Blocked : TRUE) and belong${otherPorts.length === 1 ? 's' : ''} to no pod endpoint: the host vNIC or external port of ${network ? `network '${network.name ?? network.id}'` : 'the pod network'}, so the switch drops the node's own pod traffic.`,
        subjects: network ? [network.subject] : [],
        evidence: vfp ? [vfp.$ptr] : [],
        fixes,
      });
    }
    return out;
  },
};
