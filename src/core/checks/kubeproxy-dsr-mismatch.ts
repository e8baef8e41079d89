import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HnsLoadBalancerModel } from '../model/types.js';
import { kubeProxyReconfigureFix, kubeProxyRestartFix } from '../owners/kube-proxy.js';
import type { Check, FindingDraft } from './types.js';

const VERIFY = "Get-HnsPolicyList | ForEach-Object { $_.Policies[0].IsDSR }";

/** Load balancers on a Service address (ClusterIP, external IP), not NodePorts. */
const serviceLbs = (lbs: readonly HnsLoadBalancerModel[]) => lbs.filter((lb) => lb.vips.length > 0 && lb.ports.some((p) => !p.nodePort));

export const kubeproxyDsrMismatch: Check = {
  meta: {
    code: 'WCN713',
    knowledge: 'kubeproxy-dsr-mismatch',
    title: "kube-proxy's DSR setting and HNS disagree",
    severity: 'warning',
    requires: ['kubernetes'],
    owners: ['kube-proxy'],
    description: "Compares kube-proxy's --enable-dsr with what HNS can do (its captured version) and with the DSR flag of the load balancers HNS holds.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    const setting = facts.kubeProxy?.enableDSR;
    if (!facts.isNode || !facts.kubeProxy) return [];
    const subject = model.runtime('kube-proxy')?.subject;
    const subjects = subject ? [subject] : [];
    const hns = model.platform.hns;
    const on = setting?.value === true;
    if (on && hns.dsr === false) {
      const v = hns.version ? `${hns.version.major}.${hns.version.minor}` : '';
      return [{
        severity: 'error',
        message: `kube-proxy runs with --enable-dsr=true (${setting.from}), but this host's HNS ${v} cannot do Direct Server Return (DSR needs HNS 9.3 to 9.x, or 10.2 and later): kube-proxy stops with "platform does not support feature Direct Server Return (DSR)", and no Service answers from this node.`,
        subjects,
        fixes: [
          kubeProxyReconfigureFix(model, '--enable-dsr=false'),
          {
            title: 'Or install a Windows update whose HNS supports DSR (on Windows Server 2019, the October 2020 update or later), then keep DSR on',
            risk: 'disruptive', disrupts: 'the node restarts', runOn: 'container-host', commands: [],
            verify: "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object -Property 'CurrentBuild','UBR'",
            expect: 'A build and revision at or after the update.',
          },
        ],
      }];
    }
    if (!model.captured.has('hnsLoadBalancers')) return [];
    const lbs = serviceLbs(model.hnsLoadBalancers);
    if (lbs.length === 0) return [];
    const dsr = lbs.filter((lb) => lb.dsr);
    const out: FindingDraft[] = [];
    if (on && dsr.length === 0) {
      out.push({
        message: `kube-proxy runs with --enable-dsr=true (${setting.from}), but none of the ${lbs.length} Service load balancers HNS holds is DSR: either HNS did not apply DSR (an HNS without DSR support), or they are left from a run without DSR. Without DSR every load balancer takes ports from the dynamic range, and externalTrafficPolicy: Local is not honoured.`,
        subjects: [...subjects, ...lbs.slice(0, 3).map((lb) => lb.subject)],
        fixes: [{ ...kubeProxyRestartFix(model), verify: VERIFY, expect: 'True for every load balancer.' }],
      });
    } else if (!on && dsr.length > 0) {
      out.push({
        message: `kube-proxy runs without DSR (${setting ? `--enable-dsr=false, ${setting.from}` : 'no --enable-dsr'}), but ${dsr.length} of the ${lbs.length} Service load balancers HNS holds ${dsr.length === 1 ? 'is' : 'are'} DSR: they are left from an earlier configuration, and kube-proxy does not manage them as it expects.`,
        subjects: [...subjects, ...dsr.slice(0, 3).map((lb) => lb.subject)],
        fixes: [{ ...kubeProxyRestartFix(model), verify: VERIFY, expect: 'False for every load balancer.' }],
      });
    }
    return out;
  },
};
