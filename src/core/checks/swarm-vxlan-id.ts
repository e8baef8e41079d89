import { OPT } from '../model/build.js';
import type { DockerNetworkModel } from '../model/types.js';
import { ps, psQuote } from '../powershell.js';
import { isIngress } from '../model/derived/docker.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** HNS accepts VXLAN network identifiers (VSIDs) from 4096 up. */
const MIN_WINDOWS_VNI = 4096;

/** The ids in `com.docker.network.driver.overlay.vxlanid_list` ("256", "4097,4098"); non-numbers are skipped. */
export function vxlanIds(net: DockerNetworkModel): number[] {
  const text = net.options[OPT.vxlanIds];
  if (text === undefined) return [];
  return text.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)).map(Number);
}

function recreateFix(net: DockerNetworkModel, ids: readonly number[], manager: boolean): Fix {
  const subnets = net.subnets.filter((s) => s.prefix && s.prefix.length > 0);
  let create = `docker network create${isIngress(net) ? ' --ingress' : ''} -d 'overlay'`;
  for (const s of subnets) {
    create += ` --subnet ${psQuote(s.prefix!.text)}`;
    if (s.gateway) create += ` --gateway ${psQuote(s.gateway)}`;
  }
  create += ` -o ${psQuote(`${OPT.vxlanIds}=${ids.join(',')}`)} ${psQuote(net.name)}`;
  return {
    title: `Re-create '${net.name}' with VXLAN ${ids.length === 1 ? 'id' : 'ids'} ${ids.join(', ')}${manager ? '' : ' (on a swarm manager)'}`,
    risk: 'disruptive',
    disrupts: isIngress(net)
      ? 'every service that publishes ports: remove them (or their published ports) first, and confirm the prompt of docker network rm for the routing-mesh network'
      : `every service attached to '${net.name}': remove it from the network (docker service update --network-rm) first`,
    runOn: manager ? 'container-host' : 'swarm-manager',
    commands: [ps`docker network rm ${net.name}`, create],
    verify: ps`docker network inspect ${net.name} --format '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}'`,
    expect: `Prints ${ids.join(',')}.`,
  };
}

const upgradeManager: Fix = {
  title: 'Update the engine on every swarm manager, one at a time, so new overlay networks get ids of 4096 or more; no command here installs it',
  risk: 'disruptive',
  disrupts: "each manager's engine restarts; its tasks are rescheduled",
  runOn: 'swarm-manager',
  commands: [],
  verify: "docker version --format '{{.Server.Version}}'",
  expect: 'A current engine version on every manager.',
};

/**
 * Swarm only, by design. HNS refuses an overlay network with a VSID below
 * 4096, so HNS never holds one: its VSID and VxlanPort policies cannot show
 * this fault, only the owner's record of the id it will ask for can. Here
 * that record is the swarm overlay's vxlanid_list option, which only docker
 * keeps. flannel's and Calico's VXLAN networks meet the same HNS rule
 * through their own settings (flannel's net-conf.json VNI and Port, Calico's
 * FelixConfiguration), and are judged under their own knowledge id.
 */
export const swarmVxlanId: Check = {
  meta: {
    code: 'WCN504',
    knowledge: 'swarm-vxlan-id',
    title: 'An overlay network uses a VXLAN id below 4096',
    severity: 'error',
    requires: ['docker.networks'],
    owners: ['docker'],
    description: 'Reads the VXLAN ids of overlay networks (com.docker.network.driver.overlay.vxlanid_list): HNS refuses ids below 4096.',
  },
  run(model) {
    const overlays = model.dockerNetworks.filter((n) => n.driver === 'overlay');
    const used = new Set(overlays.flatMap(vxlanIds).filter((id) => id >= MIN_WINDOWS_VNI));
    const next = (from: number) => {
      let id = from;
      while (used.has(id)) id++;
      used.add(id);
      return id;
    };
    const out: FindingDraft[] = [];
    for (const net of overlays) {
      const ids = vxlanIds(net);
      const low = ids.filter((id) => id < MIN_WINDOWS_VNI);
      if (low.length === 0) continue;
      const count = Math.max(1, net.subnets.filter((s) => s.prefix && s.prefix.length > 0).length);
      const fresh = Array.from({ length: count }, () => next(isIngress(net) ? MIN_WINDOWS_VNI : MIN_WINDOWS_VNI + 1));
      const failed = net.containers.map((a) => a.container).find((c) => c.error);
      const err = failed?.error ? (failed.error.length > 200 ? `${failed.error.slice(0, 200)}…` : failed.error) : '';
      const last = err ? ` Container '${failed!.name}' last failed with: ${err}${/[.!?…]$/.test(err) ? '' : '.'}` : '';
      out.push({
        message: `Overlay network '${net.name}' has VXLAN ${low.length === 1 ? 'id' : 'ids'} ${low.join(', ')} (${OPT.vxlanIds}), below ${MIN_WINDOWS_VNI}. HNS accepts only ids from ${MIN_WINDOWS_VNI} up, so the network is never created on Windows nodes and their tasks fail with "HNS failed with error : Element not found" (0x490). A swarm manager running an older engine hands out ids from 256.${last}`,
        subjects: [net.subject],
        fixes: [recreateFix(net, fresh, model.docker?.swarmManager === true), upgradeManager],
      });
    }
    return out;
  },
};
