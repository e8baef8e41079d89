import type { ContainerModel, DockerNetworkModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** Hyper-V isolated containers cannot change networks while running. */
function mustStop(model: HostModel, c: ContainerModel): boolean {
  if (!c.running) return false;
  const iso = c.isolation?.toLowerCase();
  return iso === 'hyperv' || ((iso === undefined || iso === 'default') && model.platform.isServer === false);
}

/** Hyper-V gives its Default Switch the same id on every machine, whatever its (localized) name. */
const DEFAULT_SWITCH_ID = 'c08cb7b8-9b3c-408e-8e30-5e16a3aeb444';

function isDefaultSwitch(net: DockerNetworkModel): boolean {
  const ids = [net.hnsId, net.hns?.id, net.hns?.switch?.id].map((x) => x?.toLowerCase().replace(/[{}]/g, ''));
  return ids.includes(DEFAULT_SWITCH_ID) || net.hns?.switch?.name.toLowerCase() === 'default switch' || net.name.toLowerCase() === 'default switch';
}

export const defaultSwitchIcs: Check = {
  meta: {
    code: 'WCN311',
    knowledge: 'default-switch-ics',
    title: 'Containers attached to the Hyper-V Default Switch (ics)',
    severity: 'info',
    requires: ['docker.networks'],
    owners: ['docker'],
    description: "Notes ICS networks (Hyper-V's Default Switch) that Docker lists, and warns when containers are attached to them instead of nat.",
  },
  run(model) {
    const out: FindingDraft[] = [];
    const nat = model.dockerNetworkByName('nat') ?? model.dockerNetworks.find((n) => n.driver === 'nat');
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'ics') continue;
      const what = isDefaultSwitch(net) ? "Hyper-V's Default Switch" : 'an ICS-backed Hyper-V network';
      const attached = net.containers.map((a) => a.container);
      if (attached.length === 0) {
        out.push({
          message: `Docker lists ${what} as network '${net.name}' (driver ics). No container is attached, so it is only visible: it is Hyper-V's switch for VMs, shared through Internet Connection Sharing, and its range changes across reboots. Windows containers belong on 'nat'.`,
          subjects: [net.subject],
          fixes: [],
        });
        continue;
      }
      const target = nat?.name ?? 'nat';
      const fixes: Fix[] = attached.map((c) => {
        const stop = mustStop(model, c);
        return {
          title: `Move '${c.name}' from '${net.name}' to '${target}'${stop ? ' (it is Hyper-V isolated, so it is stopped and started again)' : ''}`,
          risk: 'disruptive',
          disrupts: `the network connection of '${c.name}', which gets a new address on '${target}'${stop ? ' and restarts' : ''}`,
          runOn: 'container-host',
          commands: [
            ...(stop ? [ps`docker stop ${c.name}`] : []),
            ps`docker network disconnect ${net.name} ${c.name}`,
            ps`docker network connect ${target} ${c.name}`,
            ...(stop ? [ps`docker start ${c.name}`] : []),
          ],
          verify: ps`docker inspect ${c.name} --format '{{json .NetworkSettings.Networks}}'`,
          expect: `Lists only '${target}'.`,
        };
      });
      out.push({
        severity: 'warning',
        message: `Container${attached.length === 1 ? '' : 's'} ${attached.map((c) => `'${c.name}'`).join(', ')} ${attached.length === 1 ? 'is' : 'are'} attached to '${net.name}', ${what} (driver ics). It gives addresses and translation through Internet Connection Sharing, not through the HNS nat network: its range changes across reboots and port publishing follows other rules.${nat ? '' : " This host has no nat network; Docker creates 'nat' when it starts."}`,
        subjects: [net.subject, ...attached.map((c) => c.subject)],
        fixes,
      });
    }
    return out;
  },
};
