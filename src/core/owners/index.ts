/** The fixes of an HNS object's owner: one `OwnerFixes` per owner. */
import type { Fix } from '../checks/types.js';
import type { HnsNetworkModel, HostModel, Owner } from '../model/types.js';
import { cniFixes, containerdFixes } from './containerd.js';
import { dockerFixes } from './docker.js';
import { removeHnsNetworkFix } from './hns.js';
import { kubeProxyRestartFix } from './kube-proxy.js';
import type { NetworkChange, OwnerFixes } from './types.js';

/** An owner with no tool of its own (unknown, Hyper-V, WSL): HNS directly. */
function hnsOnlyFixes(): OwnerFixes {
  return {
    removeNetwork: (net) => removeHnsNetworkFix(net),
    recreateNetwork: () => undefined,
    restartRuntime: () => undefined,
  };
}

export function ownerFixes(model: HostModel, owner: Owner): OwnerFixes {
  switch (owner.kind) {
    case 'docker':
    case 'docker-desktop':
      return dockerFixes(model);
    case 'containerd':
      return containerdFixes(model);
    case 'cni':
      return cniFixes(model);
    case 'kube-proxy':
      return { ...hnsOnlyFixes(), restartRuntime: () => kubeProxyRestartFix(model) };
    default:
      return hnsOnlyFixes();
  }
}

/** Fixes for a network whose settings must change: through its owner when it can, else nothing automatic. */
export function recreateThroughOwner(model: HostModel, net: HnsNetworkModel, change: NetworkChange, title: string): Fix[] {
  const fix = ownerFixes(model, net.owner).recreateNetwork(net, change, title);
  return fix ? [fix] : [];
}
