import type { HostModel } from '../model/types.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import { ps } from '../powershell.js';
import { serviceState, startServiceCommands } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

const LB_CHECK = "Get-HnsPolicyList | Measure-Object | Select-Object -Property 'Count'";

function lbText(model: HostModel): string {
  if (!model.captured.has('hnsLoadBalancers')) return '';
  const n = model.hnsLoadBalancers.length;
  return n === 0 ? ' HNS has no load balancer at all.' : ` HNS still holds ${n} load balancer${n === 1 ? '' : 's'} from its last run, which go stale as Services and pods change.`;
}

export const kubeproxyNotRunning: Check = {
  meta: {
    code: 'WCN109',
    knowledge: 'kubeproxy-not-running',
    title: 'kube-proxy is not running on this node',
    severity: 'error',
    requires: ['services'],
    description: "Reads kube-proxy's service ('kubeproxy' or 'kube-proxy') and, where processes were captured, whether kube-proxy.exe runs beside kubelet.",
  },
  run(model) {
    const kubelet = model.runtime('kubelet');
    const kubeProxy = model.runtime('kube-proxy');
    const effect = 'no HNS load balancer is programmed or updated, so ClusterIP and NodePort Services (cluster DNS included) do not answer from pods on this node';
    if (kubeProxy?.service && kubeProxy.running === false) {
      const s = kubeProxy.service;
      const draft: FindingDraft = {
        message: `Service '${s.name}' is ${serviceState(s)}: ${effect}.${lbText(model)}`,
        subjects: [s.subject],
        fixes: [{
          title: s.startType === 'Disabled' ? `Re-enable service '${s.name}' (start type Automatic) and start it` : `Start service '${s.name}'`,
          risk: 'safe',
          runOn: 'container-host',
          commands: startServiceCommands(s, 'Automatic'),
          verify: ps`Get-Service -Name ${s.name} | Select-Object -Property 'Name','Status'`,
          expect: `Status is Running, and '${LB_CHECK}' counts load balancers again.`,
        }],
      };
      return [draft];
    }
    // No service: kube-proxy runs as a HostProcess pod. Judge only where processes were captured and kubelet runs.
    if (kubeProxy || !kubelet || kubelet.running === false || !model.captured.has('kubernetes.processes')) return [];
    return [{
      message: `kubelet runs on this node, but no kube-proxy.exe process and no kube-proxy service were found: ${effect}.${lbText(model)} A kube-proxy pod that crash-loops (a rejected flag or feature gate, a network name that matches no HNS network) looks like this.`,
      subjects: [kubelet.subject],
      fixes: [kubeProxyRestartFix(model)],
    }];
  },
};
