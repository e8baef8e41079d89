import { winnatSlotHolders } from '../model/derived/winnat.js';
import type { ContainerModel, HostModel } from '../model/types.js';
import { dockerNetworkRm, engineServiceName, removeDaemonJsonValue, restartService } from './fixes.js';
import type { Check, Fix } from './types.js';

/** Containers that would run on the default network: `NetworkMode` default (no --network) or nat. */
function onDefaultNetwork(model: HostModel): ContainerModel[] {
  return model.containers.filter((c) => ['default', 'nat'].includes((c.networkMode ?? '').toLowerCase()));
}

/** Before 15063, a NAT that Docker did not make holds the only slot: `winnat-slot-taken` reports that cause. */
function slotTaken(model: HostModel): boolean {
  return winnatSlotHolders(model).length > 0;
}

const names = (cs: readonly ContainerModel[]) => cs.map((c) => `'${c.name}'`).join(', ');

export const defaultNatMissing: Check = {
  meta: {
    code: 'WCN207',
    knowledge: 'default-nat-missing',
    title: "Docker's default nat network is missing",
    severity: 'error',
    requires: ['docker.networks'],
    owners: ['docker'],
    description: 'Docker creates its default network `nat` at start unless daemon.json says "bridge": "none"; without it `docker run` with no --network fails.',
  },
  run(model) {
    // An engine in Linux mode has no nat driver at all: engine-in-linux-mode reports that.
    if ((model.docker?.osType ?? '').toLowerCase() === 'linux') return [];
    const existing = model.dockerNetworkByName('nat');
    if (existing && existing.driver === 'nat') return [];
    const users = onDefaultNetwork(model);
    const config = model.docker?.daemonConfig;
    const bridge = config?.['bridge'];
    if (typeof bridge === 'string' && bridge.trim().toLowerCase() === 'none') {
      // Set on purpose, the missing network is intended; say so only when containers still expect it.
      if (users.length === 0) return [];
      return [{
        severity: 'info',
        message: `daemon.json sets "bridge": "none", so Docker creates no default nat network, yet ${users.length === 1 ? 'container' : 'containers'} ${names(users)} ${users.length === 1 ? 'uses the default network and fails' : 'use the default network and fail'} to start with "network nat not found". If "bridge": "none" is intended, give ${users.length === 1 ? 'it' : 'them'} a --network; otherwise remove it.`,
        subjects: users.map((c) => c.subject),
        evidence: [...users.map((c) => c.subject.pointer), model.capture.docker?.daemonConfig?.$ptr ?? '/docker/daemonConfig'].filter((p): p is string => p !== undefined),
        fixes: [removeBridgeNone(model)],
      }];
    }
    if (slotTaken(model)) return [];
    const service = engineServiceName(model);
    const failedRead = model.collectorErrors.find((e) => e.key === 'docker.daemonConfig' || e.key === 'docker');
    const configUnknown = config === undefined;
    const wrongDriver = existing ? ` A network named 'nat' exists, but with driver '${existing.driver}'.` : '';
    const rebuiltAtStart = model.platform.natNetworksRecreatedAtBoot
      ? ' On this build nat networks are not kept across a reboot: Docker recreates nat each time it starts, and a start that failed leaves the host without it.'
      : '';
    const orphan = model.hnsNetworks.find((h) => h.type === 'nat' && !h.dockerNetwork);
    const adopt = orphan ? ` HNS still has the nat network '${orphan.name ?? orphan.id}', which Docker takes over as 'nat' when it starts.` : '';
    const dependents = users.length > 0 ? ` ${users.length === 1 ? 'Container' : 'Containers'} ${names(users)} ${users.length === 1 ? 'uses' : 'use'} the default network and cannot start while it is missing.` : '';
    const unknownNote = configUnknown
      ? failedRead
        ? ` daemon.json could not be read (${failedRead.message ?? 'no reason given'}); if it says "bridge": "none", the missing network is intended.`
        : ' daemon.json is not in the capture (there may be none); if it says "bridge": "none", the missing network is intended.'
      : '';
    const fixes: Fix[] = [{
      title: existing ? "Remove the network squatting the name 'nat' and restart Docker so it creates its default network" : 'Restart Docker so it creates its default nat network',
      risk: 'disruptive',
      disrupts: 'the Docker engine restarts: every running container stops',
      runOn: 'container-host',
      commands: [...(existing ? [dockerNetworkRm(existing.name)] : []), restartService(service)],
      verify: "docker network ls --filter 'driver=nat'",
      expect: "Lists a network named 'nat'. If not, the daemon's start error (Application event log, source docker) names the cause: see winnat-slot-taken, ipv6-disabled and stale-hns-state.",
    }];
    return [{
      ...(configUnknown && failedRead ? { severity: 'warning' as const } : {}),
      message: `Docker has no default network 'nat' (driver nat), and daemon.json does not disable it.${wrongDriver} "docker run" without --network fails with "network nat not found".${dependents}${rebuiltAtStart}${adopt}${unknownNote}`,
      subjects: [...(model.docker ? [model.docker.subject] : []), ...(existing ? [existing.subject] : []), ...users.map((c) => c.subject)],
      evidence: [model.capture.docker?.networks?.[0]?.$ptr ? '/docker/networks' : '/docker'],
      fixes,
    }];
  },
};

function removeBridgeNone(model: HostModel): Fix {
  const service = engineServiceName(model);
  return {
    title: 'Remove "bridge": "none" from daemon.json and restart Docker',
    risk: 'disruptive',
    disrupts: 'the Docker engine restarts: every running container stops',
    runOn: 'container-host',
    commands: [...removeDaemonJsonValue('bridge'), restartService(service)],
    verify: "docker network ls --filter 'driver=nat'",
    expect: "Lists a network named 'nat'.",
  };
}
