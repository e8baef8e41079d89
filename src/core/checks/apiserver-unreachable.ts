import { kubernetesFacts } from '../model/derived/kubernetes.js';
import { ps } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';

/**
 * Words that name the API server or a failed call to it: its URL paths, its
 * usual ports, the in-cluster Service address, and the transport errors Go
 * prints on Windows when a call gets no answer.
 */
const API_CALL = /(\/api\/v1\/|\/apis\/|:6443\b|kubernetes\.default|api ?server|apiserver|k8s api)/i;
const NO_ANSWER = /(dial tcp [^\s:]+:\d+|i\/o timeout|TLS handshake timeout|connectex|connection refused|no route to host|did not properly respond)/i;

function reachFix(): Fix {
  const target = '<API server address>';
  return {
    title: 'Test the way from this node to the API server (its address and port 443 or 6443): a firewall, a proxy, a route or a security group between them blocks it',
    risk: 'safe',
    runOn: 'container-host',
    commands: [],
    verify: ps`Test-NetConnection -ComputerName ${target} -Port 6443`,
    expect: 'TcpTestSucceeded is True (use the port your API server listens on); then the CNI agent initializes and the node turns Ready.',
  };
}

export const apiserverUnreachable: Check = {
  meta: {
    code: 'WCN737',
    knowledge: 'apiserver-unreachable',
    title: 'The node cannot reach the API server, so its network never initializes',
    severity: 'error',
    requires: ['services'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: "Reads containerd's NetworkReady condition (crictl info) for a reason naming a failed call to the API server, and the node object's Ready condition (Unknown: kubelet stopped posting status) while kubelet runs here.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    if (!facts.isNode) return [];
    const out: FindingDraft[] = [];
    const cri = model.capture.containerd?.criInfo;
    if (cri && cri.networkReady === false) {
      const text = `${cri.networkReason ?? ''} ${cri.networkMessage ?? ''}`;
      if (NO_ANSWER.test(text) && API_CALL.test(text)) {
        out.push({
          message: `containerd reports NetworkReady=false (${cri.networkReason || 'no reason'}): "${cri.networkMessage ?? ''}". The call that failed went to the API server: the CNI agent (flanneld, calico-node, the Azure or VPC CNI) cannot read its node, lease or cluster settings, so it never writes the pod network and no pod starts here.`,
          subjects: [{ kind: 'runtime', name: 'containerd', pointer: model.capture.containerd?.$ptr }],
          evidence: [`${model.capture.containerd?.$ptr ?? '/containerd'}/criInfo`],
          fixes: [reachFix()],
        });
      }
    }
    const node = model.capture.kubernetes?.node;
    const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
    const kubelet = model.runtime('kubelet');
    if (ready?.status === 'Unknown' && kubelet?.running) {
      const name = node?.metadata?.name ?? facts.nodeName?.value ?? 'this node';
      out.push({
        message: `The node object '${name}' has Ready=Unknown (${ready.reason ?? 'no reason'}${ready.message ? `: ${ready.message}` : ''}), yet kubelet runs on this host: the API server stopped hearing from kubelet, which means the way from this node to the API server is broken (kubelet itself is up).`,
        subjects: [kubelet.subject],
        evidence: [`${node?.$ptr ?? '/kubernetes/node'}/status/conditions`],
        fixes: [reachFix()],
      });
    }
    return out;
  },
};
