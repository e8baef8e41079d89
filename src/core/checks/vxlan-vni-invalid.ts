import { policiesOf } from '../capture/hns-policies.js';
import { kubernetesFacts, networkAgent } from '../model/derived/kubernetes.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';

/** What Windows accepts for VXLAN: a VNI of at least 4096, and UDP port 4789 only. */
const MIN_VNI = 4096;
const VXLAN_PORT = 4789;

export const vxlanVniInvalid: Check = {
  meta: {
    code: 'WCN720',
    knowledge: 'vxlan-vni-invalid',
    title: 'The VXLAN VNI or UDP port is not one Windows accepts',
    severity: 'error',
    requires: ['hnsNetworks'],
    owners: ['cni'],
    description: "Reads flannel's net-conf.json backend and this node's backend annotation, and the VSID, remote-subnet IsolationIds and VxlanPort of the HNS overlay networks.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    if (!k.isNode) return [];
    const problems: string[] = [];
    const subjects = [];
    const backend = k.cluster?.flannelBackend;
    if (backend && (backend.value.type ?? '').toLowerCase() === 'vxlan') {
      if (backend.value.vni !== undefined && backend.value.vni < MIN_VNI) problems.push(`VNI ${backend.value.vni} in ${backend.from} (Windows needs ${MIN_VNI} or more)`);
      if (backend.value.port !== undefined && backend.value.port !== VXLAN_PORT) problems.push(`port ${backend.value.port} in ${backend.from} (Windows supports only ${VXLAN_PORT})`);
    }
    const data = model.capture.kubernetes?.node?.metadata?.annotations?.['flannel.alpha.coreos.com/backend-data'];
    const annotated = data ? /"VNI"\s*:\s*(\d+)/i.exec(data)?.[1] : undefined;
    if (annotated !== undefined && Number(annotated) < MIN_VNI) problems.push(`VNI ${annotated} in this node's annotation flannel.alpha.coreos.com/backend-data`);
    for (const n of model.hnsNetworks.filter((x) => x.type === 'overlay')) {
      const vsid = n.subnets.flatMap((s) => policiesOf(s.policies ?? [], 'VSID')).find((p) => p.Vsid !== undefined)?.Vsid;
      const before = problems.length;
      if (vsid !== undefined && vsid < MIN_VNI) problems.push(`VSID ${vsid} on HNS network '${n.name}'`);
      const others = policiesOf(n.policies, 'RemoteSubnetRoute').filter((r) => r.IsolationId !== undefined && vsid !== undefined && r.IsolationId !== vsid);
      if (others.length > 0) problems.push(`remote-subnet routes of '${n.name}' with IsolationId ${[...new Set(others.map((r) => r.IsolationId))].join(', ')} (to ${others.map((r) => r.DestinationPrefix).join(', ')}) while its own VSID is ${vsid}: the nodes disagree on the VNI`);
      for (const p of n.policies) {
        if (p.Type !== 'Other' || p.Name.toLowerCase() !== 'vxlanport') continue;
        const port = Number(p.Raw['Port'] ?? p.Raw['port']);
        if (Number.isFinite(port) && port !== VXLAN_PORT) problems.push(`VxlanPort ${port} on HNS network '${n.name}'`);
      }
      if (problems.length > before) subjects.push(n.subject);
    }
    if (problems.length === 0) return [];
    const agent = networkAgent(model);
    const fixes: Fix[] = [];
    if (agent?.kind === 'calico') {
      fixes.push({
        title: 'Set Calico\'s VXLAN VNI to 4096 and port to 4789 (FelixConfiguration default)',
        risk: 'disruptive',
        disrupts: 'cross-node pod traffic in the whole cluster while the nodes reprogram VXLAN',
        runOn: 'cluster',
        commands: [ps`kubectl patch felixconfiguration default --type merge --patch ${JSON.stringify({ spec: { vxlanVNI: MIN_VNI, vxlanPort: VXLAN_PORT } })}`],
        verify: 'kubectl get felixconfiguration default -o yaml',
        expect: 'spec.vxlanVNI is 4096 and spec.vxlanPort 4789; on Windows nodes, remove the Calico HNS network and restart Calico so it is made with the new VNI.',
      });
    } else {
      const conf = model.capture.kubernetes?.files?.find((f) => f.kind === 'flannel-net-conf')?.data;
      const network = conf && typeof conf === 'object' ? (conf as Record<string, unknown>)['Network'] : undefined;
      const netConf = JSON.stringify({ ...(typeof network === 'string' ? { Network: network } : {}), Backend: { Type: 'vxlan', VNI: MIN_VNI, Port: VXLAN_PORT } });
      fixes.push({
        title: "Set flannel's backend to VNI 4096 and port 4789 in kube-flannel-cfg, then restart flannel on every node",
        risk: 'disruptive',
        disrupts: 'cross-node pod traffic in the whole cluster while every flannel pod restarts (Linux interfaces become flannel.4096)',
        runOn: 'cluster',
        commands: [
          ps`kubectl -n kube-flannel patch configmap kube-flannel-cfg --type merge --patch ${JSON.stringify({ data: { 'net-conf.json': netConf } })}`,
          ps`kubectl delete pod --all-namespaces -l 'app=flannel'`,
        ],
        verify: "kubectl get nodes -o yaml | Select-String -Pattern 'backend-data'",
        expect: 'Every node\'s backend-data shows "VNI":4096.',
      });
    }
    return [{
      message: `VXLAN settings Windows refuses: ${problems.join('; ')}. Windows overlay networking works only with a VNI of 4096 or more on UDP port 4789, and every node must use the same VNI; flanneld on Windows exits with "invalid VXLAN backend config", and cross-node pod traffic fails.`,
      subjects: subjects.length > 0 ? subjects : [{ kind: 'cni-conf', name: backend?.from ?? 'flannel backend' }],
      fixes,
    }];
  },
};
