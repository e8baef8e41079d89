/** Fixes through docker (and Docker Desktop): the engine owns its networks' HNS objects. */
import { dockerNetworkRm, recreateNetworkFix, serviceRestartFix } from '../checks/fixes.js';
import type { Fix } from '../checks/types.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { removeHnsNetworkFix } from './hns.js';
import type { NetworkChange, OwnerFixes } from './types.js';

/** The service that runs the docker engine here, when there is one. */
function dockerService(model: HostModel): string | undefined {
  if (model.service('docker')) return 'docker';
  if (model.service('com.docker.service')) return 'com.docker.service';
  return undefined;
}

export function dockerFixes(model: HostModel): OwnerFixes {
  return {
    removeNetwork(net: HnsNetworkModel): Fix {
      const d = net.dockerNetwork;
      if (!d) return removeHnsNetworkFix(net);
      return {
        title: `Remove docker network '${d.name}'`,
        risk: d.containers.length > 0 ? 'disruptive' : 'safe',
        ...(d.containers.length > 0 ? { disrupts: `the containers attached to '${d.name}'` } : {}),
        runOn: 'container-host',
        commands: [dockerNetworkRm(d.name)],
        verify: "docker network ls --format '{{.Name}}'",
        expect: `'${d.name}' is not listed.`,
      };
    },
    recreateNetwork(net: HnsNetworkModel, change: NetworkChange, title: string): Fix | undefined {
      return net.dockerNetwork ? recreateNetworkFix(net.dockerNetwork, change, title) : undefined;
    },
    restartRuntime(): Fix | undefined {
      const service = dockerService(model);
      if (!service) return undefined;
      return serviceRestartFix(service, 'every running container: they stop while the engine restarts');
    },
  };
}
