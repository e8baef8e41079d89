/** Fixes through kube-proxy: it owns the load balancers and remote endpoints, and programs them again at start. */
import { serviceRestartFix } from '../checks/fixes.js';
import type { Fix } from '../checks/types.js';
import type { HostModel } from '../model/types.js';
import { ps } from '../powershell.js';

/** kube-proxy's Windows service name here (`kubeproxy` on AKS, `kube-proxy` on manual installs), if it runs as one. */
function kubeProxyService(model: HostModel): string | undefined {
  return model.service('kubeproxy')?.name ?? model.service('kube-proxy')?.name;
}

/** Restart kube-proxy: its service, or its pod (HostProcess DaemonSet) from a workstation. */
export function kubeProxyRestartFix(model: HostModel): Fix {
  const service = kubeProxyService(model);
  if (service) {
    return serviceRestartFix(service, 'Service traffic through this node pauses while kube-proxy deletes and re-creates its load balancers', {
      title: `Restart '${service}' so it programs its load balancers again`,
      expect: 'Status is Running, and Get-HnsPolicyList lists load balancers again.',
    });
  }
  const node = model.host.name ?? '<node name>';
  return {
    title: "Delete this node's kube-proxy pod so its DaemonSet starts it again",
    risk: 'disruptive',
    disrupts: 'Service traffic through this node pauses while kube-proxy restarts',
    runOn: 'cluster',
    commands: [ps`kubectl -n kube-system delete pod --field-selector ${`spec.nodeName=${node.toLowerCase()}`} -l 'k8s-app=kube-proxy'`],
    verify: ps`kubectl -n kube-system get pods --field-selector ${`spec.nodeName=${node.toLowerCase()}`} -o wide`,
    expect: 'A kube-proxy pod on this node is Running.',
  };
}

/**
 * Change one of kube-proxy's settings where it is started, then restart it.
 * Where the flags live differs by installer (an nssm service's parameters or
 * start script; a HostProcess DaemonSet's arguments or ConfigMap), so the
 * change is named in the title and the commands restart kube-proxy.
 */
export function kubeProxyReconfigureFix(model: HostModel, change: string): Fix {
  const restart = kubeProxyRestartFix(model);
  const service = kubeProxyService(model);
  return {
    ...restart,
    title: service
      ? `Start kube-proxy with ${change} (in the parameters or start script of service '${service}'), then restart it`
      : `Start kube-proxy with ${change} (in its DaemonSet's arguments or ConfigMap), then restart its pod on this node`,
  };
}
