import { kubernetesFacts, networkAgent } from '../model/derived/kubernetes.js';
import { ps } from '../powershell.js';
import { serviceState, startServiceCommands } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

export const calicoUnsupportedConfig: Check = {
  meta: {
    code: 'WCN724',
    knowledge: 'calico-unsupported-config',
    title: 'Calico runs in a way Windows cannot honour',
    severity: 'error',
    requires: ['hnsNetworks', 'services'],
    owners: ['cni'],
    description: "On a Calico node, reads the Calico HNS networks (L2Bridge means BGP mode, Overlay VXLAN) and the RemoteAccess service BGP mode needs; more than one Calico network means more than one IP block.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const agent = networkAgent(model);
    if (!k.isNode || agent?.kind !== 'calico') return [];
    const calico = model.hnsNetworks.filter((n) => /^calico/i.test(n.name ?? ''));
    const out: FindingDraft[] = [];
    const bgp = calico.find((n) => n.type === 'l2bridge');
    const ras = model.service('RemoteAccess');
    if (bgp && !ras?.running) {
      out.push({
        message: `Calico network '${bgp.name}' is an L2Bridge network, so Calico runs in BGP mode, but the RemoteAccess service that holds the BGP sessions on Windows is ${ras ? serviceState(ras) : 'not installed'}: no routes to other nodes' pod blocks are learned, and pods here reach local pods only.`,
        subjects: ras ? [bgp.subject, ras.subject] : [bgp.subject],
        fixes: ras ? [{
          title: "Start RemoteAccess (start type Automatic) so Calico's BGP peers connect",
          risk: 'safe',
          runOn: 'container-host',
          commands: startServiceCommands(ras, 'Automatic'),
          verify: "Get-BgpPeer | Select-Object -Property 'PeerName','PeerIPAddress','ConnectivityStatus'",
          expect: 'Every peer is Connected, and Get-BgpRouteInformation -Type all shows the other nodes\' blocks as Best.',
        }] : [{
          title: 'Install the RemoteAccess role (routing) that Calico BGP mode needs, then start Calico again',
          risk: 'disruptive',
          disrupts: 'installing the role may need a reboot',
          runOn: 'container-host',
          commands: ["Install-WindowsFeature -Name 'RemoteAccess','Routing','RSAT-RemoteAccess-PowerShell'"],
          verify: "Get-Service -Name 'RemoteAccess'",
          expect: 'The service exists and, once Calico starts it, is Running.',
        }],
      });
    }
    if (calico.length > 1) {
      out.push({
        severity: 'warning',
        message: `This node has ${calico.length} Calico HNS networks (${calico.map((n) => `'${n.name}'`).join(', ')}): it got more than one IP block, and kube-proxy programs only one network, so pods on the others get no Services. Calico on Windows needs one block per node (windows_use_single_network, strictAffinity true, a block size that fits the node's pods).`,
        subjects: calico.map((n) => n.subject),
        fixes: [{
          title: 'Turn on strict affinity so each Windows node keeps one block',
          risk: 'safe',
          runOn: 'cluster',
          commands: [ps`kubectl patch ipamconfigurations default --type merge --patch ${JSON.stringify({ spec: { strictAffinity: true } })}`],
          verify: 'kubectl get ipamconfigurations default -o yaml',
          expect: 'spec.strictAffinity is true; drain the node and start Calico again so it keeps one network.',
        }],
      });
    }
    return out;
  },
};
