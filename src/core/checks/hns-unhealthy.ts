import { kubernetesFacts } from '../model/derived/kubernetes.js';
import { kubeProxyRestartFix } from '../owners/kube-proxy.js';
import type { Check, Fix } from './types.js';
import { restartService } from './fixes.js';

/** The capture keys that are HNS's own answers. */
const HNS_KEYS = new Set(['hnsNetworks', 'hnsEndpoints', 'hnsLoadBalancers', 'hnsVersion']);
/** A collector error that says the call did not come back, rather than that it was refused. */
const NO_ANSWER = /timed? ?out|time limit|did not (answer|respond|return)|not responding|hung|RPC server is (unavailable|too busy)|0x800706ba|0x800706bb/i;

const THREADS = "Get-Process -Id (Get-CimInstance -ClassName Win32_Service -Filter \"Name='hns'\").ProcessId | Select-Object -Property 'Id','StartTime',@{Name='Threads';Expression={$_.Threads.Count}}";

export const hnsUnhealthy: Check = {
  meta: {
    code: 'WCN735',
    knowledge: 'hns-unhealthy',
    title: 'The Host Network Service runs but does not answer',
    severity: 'error',
    requires: ['services'],
    description: "Reads the collector's record of HNS queries (Get-HnsNetwork, Get-HnsEndpoint, Get-HnsPolicyList) that ran out of time or got no answer while the hns service was Running.",
  },
  run(model) {
    const hns = model.service('hns');
    if (!hns?.running) return [];
    const hung = model.collectorErrors.filter((e) => HNS_KEYS.has(e.key) && NO_ANSWER.test(`${e.message ?? ''}`));
    if (hung.length === 0) return [];
    const what = hung.map((e) => `${e.command ?? e.key} (${e.message ?? 'no answer'})`).join('; ');
    const restart: Fix = {
      title: "Restart HNS (stop it by force: a hung HNS does not stop on request), then let the network owners program the node again",
      risk: 'disruptive',
      disrupts: 'every pod and container on the host loses networking until HNS is back and the owners (CNI agent, kube-proxy) have re-created their networks, endpoints and load balancers',
      runOn: 'container-host',
      commands: [restartService('hns', { force: true })],
      verify: THREADS,
      expect: 'HNS has a new StartTime, Get-HnsNetwork answers within seconds, and its thread count stays well below 200.',
    };
    return [{
      message: `The hns service is Running, but ${hung.length === 1 ? 'one HNS query' : `${hung.length} HNS queries`} got no answer when this capture was taken: ${what}. An HNS that does not answer is hung or deadlocked: every CNI ADD and DEL and every kube-proxy sync waits on it, so pods stay in ContainerCreating or Terminating.`,
      subjects: [hns.subject],
      evidence: hung.map((e) => e.$ptr),
      fixes: kubernetesFacts(model).isNode ? [restart, kubeProxyRestartFix(model)] : [restart],
    }];
  },
};
