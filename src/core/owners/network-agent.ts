/**
 * Fixes through the node's network agent (flanneld or calico-node): it
 * creates the pod network, its management address, its remote-subnet
 * policies and host routes, and makes them again when it starts.
 */
import { serviceRestartFix } from '../checks/fixes.js';
import type { Fix } from '../checks/types.js';
import { kubernetesFacts, type NetworkAgent } from '../model/derived/kubernetes.js';
import type { HostModel } from '../model/types.js';
import { ps } from '../powershell.js';

/** The label of the agent's Windows DaemonSet pods (flannel's manifests, and the Tigera operator's calico-node-windows). */
const POD_LABEL: Readonly<Record<NetworkAgent['kind'], string>> = { flannel: 'app=flannel', calico: 'k8s-app=calico-node-windows' };

const NAME: Readonly<Record<NetworkAgent['kind'], string>> = { flannel: 'flanneld', calico: 'calico-node' };

/** Restart the agent: its service, or its pod on this node from a workstation (the DaemonSet starts it again). */
export function networkAgentRestartFix(model: HostModel, agent: NetworkAgent, expect: string): Fix {
  const disrupts = `pods on this node lose cross-node traffic while ${NAME[agent.kind]} starts again`;
  if (agent.service) return serviceRestartFix(agent.service, disrupts, { title: `Restart '${agent.service}' so it programs the pod network again`, expect });
  const node = kubernetesFacts(model).nodeName?.value ?? '<node name>';
  const selector = `spec.nodeName=${node}`;
  return {
    title: `Delete this node's ${NAME[agent.kind]} pod so its DaemonSet starts it again`,
    risk: 'disruptive',
    disrupts,
    runOn: 'cluster',
    commands: [ps`kubectl delete pod --all-namespaces --field-selector ${selector} -l ${POD_LABEL[agent.kind]}`],
    verify: ps`kubectl get pod --all-namespaces --field-selector ${selector} -l ${POD_LABEL[agent.kind]} -o wide`,
    expect,
  };
}
