import { ps, psQuote } from '../powershell.js';
import type { DockerNetworkModel, HnsEndpointModel, HnsNetworkModel, HostModel } from '../model/types.js';
import { removeHnsEndpointsFix, removeHnsNetworkFix } from '../owners/hns.js';
import { isLeftoverJudgeable } from '../owners/resolve.js';
import { daemonDefaultNatRange, dockerEngineDown, hnsDefaultNat } from '../model/derived/engine.js';
import { firstHost, prefixContains } from '../model/net.js';
import { DAEMON_JSON, engineServiceName, pinDefaultNatSubnetFix, recreateNetworkFix, restartService, setDaemonJsonValue, startService, stopService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const HNS_DATA = 'C:\\ProgramData\\Microsoft\\Windows\\HNS\\HNS.data';
const id = (s: string | undefined) => (s ?? '').toLowerCase().replace(/[{}]/g, '');

const CROSS_CHECK = "Get-HnsNetwork | Select-Object -Property 'ID','Name','Type'";

function escalation(model: HostModel): Fix[] {
  const engine = engineServiceName(model);
  return [
    {
      title: `Restart HNS and '${engine}'`,
      risk: 'disruptive',
      disrupts: 'all container networking on the host: running containers stop while HNS and the engine restart',
      runOn: 'container-host',
      commands: [stopService(engine), restartService('hns'), startService(engine)],
      verify: CROSS_CHECK,
      expect: "Every network listed is also in 'docker network ls' (by its com.docker.network.windowsshim.hnsid), apart from Default Switch, WSL or Kubernetes networks.",
    },
    {
      title: 'Last resort: set the HNS store (HNS.data) aside and let HNS start empty',
      risk: 'disruptive',
      disrupts: 'every container network on the host, transparent and overlay ones included: they are rebuilt, custom networks must be created again, and the host can lose connectivity briefly (run it from the console)',
      runOn: 'container-host',
      commands: [
        stopService(engine),
        stopService('hns'),
        `Rename-Item -Path ${psQuote(HNS_DATA)} -NewName ('HNS.data.{0:yyyyMMddHHmmss}.bak' -f (Get-Date))`,
        startService('hns'),
        startService(engine),
      ],
      verify: 'docker network ls',
      expect: 'Lists nat (and the External-switch networks docker rediscovers); create custom networks again and test a container.',
    },
  ];
}

function subnetText(n: HnsNetworkModel): string {
  const s = n.subnets.map((x) => x.text).filter(Boolean);
  return s.length > 0 ? `, ${s.join(', ')}` : '';
}

/**
 * HNS networks that their owner no longer knows. Only an owner recognised
 * from its records or configuration, whose inventory the capture holds, can
 * say a network is a leftover; a network nothing claims is information only
 * (calling another tool's network stale is how dockerd once deleted
 * Kubernetes' endpoints).
 */
function orphanNetworks(model: HostModel): FindingDraft[] {
  const dockerIds = model.dockerNetworks.map((d) => id(d.id)).filter((x) => x.length > 0);
  const out: FindingDraft[] = [];
  for (const n of model.hnsNetworks) {
    if (n.dockerNetwork || n.cni) continue;
    if (!isLeftoverJudgeable(n.owner, model.inventory)) {
      if (n.owner.kind === 'unknown') out.push(noOwner(n));
      continue;
    }
    if (n.owner.kind !== 'docker' && n.owner.kind !== 'docker-desktop') continue;
    // Some drivers name the HNS network after the docker network id.
    const name = id(n.name);
    if (name.length >= 12 && dockerIds.some((d) => d === name || d.startsWith(name))) continue;
    if (model.dockerNetworkByName(n.name ?? '')) continue;
    const eps = n.endpoints.filter((e) => !e.isRemote).length;
    out.push({
      message: `HNS network '${n.name ?? n.id}' (${n.type}${subnetText(n)}, id ${n.id}) has no docker network: no docker network refers to its id. It is a leftover of a crash, an upgrade or a manual cleanup${eps > 0 ? `, with ${eps} endpoint${eps === 1 ? '' : 's'} still on it` : ''}, and can make new networks fail with "The object already exists".`,
      subjects: [n.subject, ...(n.switch ? [n.switch.subject] : [])],
      fixes: [removeHnsNetworkFix(n), ...escalation(model)],
    });
  }
  return out;
}

function noOwner(n: HnsNetworkModel): FindingDraft {
  return {
    severity: 'info',
    message: `HNS network '${n.name ?? n.id}' (${n.type}${subnetText(n)}, id ${n.id}) has no recognisable owner: no docker network, CNI conf or platform feature in the capture names it. It may belong to a tool the capture does not show, so it is not called a leftover; if nothing on the host uses it, it can be removed through the HNS module.`,
    subjects: [n.subject, ...(n.switch ? [n.switch.subject] : [])],
    fixes: [removeHnsNetworkFix(n)],
  };
}

/** Docker networks whose hnsid names no HNS network. */
function danglingDockerNetworks(model: HostModel): FindingDraft[] {
  const hnsIds = new Set(model.hnsNetworks.map((n) => id(n.id)));
  const engine = engineServiceName(model);
  const out: FindingDraft[] = [];
  for (const d of model.dockerNetworks) {
    // ICS networks (the Default Switch) belong to Windows, which re-creates them with new ids.
    if (!d.hnsId || d.driver === 'ics' || hnsIds.has(id(d.hnsId))) continue;
    const sameName = model.hnsNetworks.find((n) => n.name !== undefined && n.name.toLowerCase() === d.name.toLowerCase());
    const hint = sameName ? ` HNS has a network named '${sameName.name}' with id ${sameName.id}: the HNS network was re-created and docker kept the old id.` : '';
    const attached = d.containers.map((a) => `'${a.container.name}'`);
    const isDefaultNat = d.name.toLowerCase() === 'nat' && d.driver === 'nat';
    const first: Fix = isDefaultNat
      ? {
        title: `Restart '${engine}' so it creates its default nat network again`,
        risk: 'disruptive',
        disrupts: 'every running container: they stop while the engine restarts',
        runOn: 'container-host',
        commands: [restartService(engine)],
        verify: "docker network inspect 'nat' --format '{{json .Options}}'",
        expect: 'Shows com.docker.network.windowsshim.hnsid with an id that Get-HnsNetwork lists.',
      }
      : {
        ...recreateNetworkFix(d, {}, `Re-create docker network '${d.name}' so HNS gets a network for it`),
        verify: ps`docker network inspect ${d.name} --format '{{json .Options}}'`,
        expect: 'Shows com.docker.network.windowsshim.hnsid with an id that Get-HnsNetwork lists.',
      };
    out.push({
      message: `Docker network '${d.name}' (${d.driver}) refers to HNS network ${d.hnsId} (com.docker.network.windowsshim.hnsid), which HNS does not have.${hint} Containers on it fail to start with "network ... not found" or HNS errors${attached.length > 0 ? `; attached: ${attached.join(', ')}` : ''}.`,
      subjects: [d.subject, ...d.containers.map((a) => a.container.subject)],
      fixes: [first, ...escalation(model)],
    });
  }
  return out;
}

/** Endpoints whose container is gone, grouped by network. */
function orphanEndpoints(model: HostModel): FindingDraft[] {
  // The ids of docker's containers, gathered only if an endpoint's shared containers need them.
  let known: Set<string> | undefined;
  const isKnown = (c: string) => (known ??= new Set(model.containers.map((k) => id(k.id)))).has(id(c));
  const rawAttached = new Set<string>();
  for (const n of model.capture.docker?.networks ?? []) if (Object.keys(n.Containers ?? {}).length > 0) rawAttached.add(n.Name.toLowerCase());
  const hasContainers = (d: DockerNetworkModel) => d.containers.length > 0 || rawAttached.has(d.name.toLowerCase());
  const groups = new Map<string, { network: HnsNetworkModel | undefined; endpoints: HnsEndpointModel[] }>();
  for (const e of model.hnsEndpoints) {
    if (e.isRemote || e.container || !isLeftoverJudgeable(e.owner, model.inventory)) continue;
    if (e.owner.kind !== 'docker' && e.owner.kind !== 'docker-desktop') continue;
    const n = e.network;
    let stale: boolean;
    if (!n) stale = e.networkId !== undefined; // its network is gone
    else if (!n.dockerNetwork) stale = false; // reported with its network, or not docker's
    else if (!hasContainers(n.dockerNetwork)) stale = true;
    else stale = e.sharedContainers.length > 0 && e.sharedContainers.every((c) => !isKnown(c));
    if (!stale) continue;
    const key = n ? id(n.id) : `gone:${id(e.networkId)}`;
    const g = groups.get(key) ?? { network: n, endpoints: [] };
    g.endpoints.push(e);
    groups.set(key, g);
  }
  const out: FindingDraft[] = [];
  for (const { network, endpoints } of groups.values()) {
    const listed = endpoints.map((e) => `${e.id}${e.ipAddress ? ` (${e.ipAddress})` : ''}`).join(', ');
    const where = network
      ? `HNS network '${network.name ?? network.id}' (docker network '${network.dockerNetwork!.name}')`
      : `HNS network ${endpoints[0]!.networkId}, which no longer exists`;
    const plural = endpoints.length === 1 ? 'endpoint' : 'endpoints';
    out.push({
      message: `${where} holds ${endpoints.length} ${plural} whose container is gone: ${listed}. No container in docker uses ${endpoints.length === 1 ? 'it' : 'them'}; leftover endpoints keep their addresses and port mappings and can make new containers fail with "The object already exists".`,
      // HNS names most endpoints 'Ethernet': the id is what Get-HnsEndpoint shows.
      subjects: [...endpoints.map((e) => ({ ...e.subject, name: e.id })), ...(network ? [network.subject] : [])],
      fixes: [
        removeHnsEndpointsFix(endpoints, `the ${plural} listed (no container in docker uses ${endpoints.length === 1 ? 'it' : 'them'}; check 'docker ps' first)`),
        ...escalation(model),
      ],
    });
  }
  return out;
}

/**
 * HNS's default nat network that daemon.json's range now contradicts: the
 * engine adopts the nat network HNS holds at start and uses `fixed-cidr`
 * (or `bip`) only when it creates one, so the setting never takes effect
 * while this network stays.
 */
function contradictedDefaultNat(model: HostModel): FindingDraft[] {
  const nat = hnsDefaultNat(model);
  const range = daemonDefaultNatRange(model);
  if (!nat || !range) return [];
  // nerdctl's default network is named nat too: only docker's own network answers to daemon.json.
  if (nat.owner.kind !== 'docker' && nat.owner.kind !== 'docker-desktop') return [];
  const subnets = nat.subnets.filter((s) => s.prefix && s.prefix.length > 0);
  const held = subnets[0];
  if (!held?.prefix || subnets.some((s) => s.prefix!.text === range.prefix.text)) return [];
  const engine = dockerEngineDown(model);
  const unseen = engine && engine.unseen.length > 0 ? ` (${engine.unseen.join(', ')} could not be captured; this is judged from daemon.json and HNS)` : '';
  const when = engine
    ? ` The docker engine ${engine.phrase}${unseen}; when it starts it adopts this network again rather than apply ${range.prefix.text}.`
    : ` The engine adopted it at its last start and did not apply ${range.prefix.text}.`;
  // On a build with one WinNAT the new range must fit the NAT that other nat networks keep alive.
  const winnat = model.platform.multipleNatNetworks === false ? model.nats.find((n) => n.ownedByContainers && n.internalPrefix) : undefined;
  const others = model.hnsNetworks.filter((n) => n.type === 'nat' && n !== nat);
  const blocked = winnat?.internalPrefix && others.length > 0 && !prefixContains(winnat.internalPrefix, range.prefix);
  const rule = blocked
    ? ` On this build the new range must also be a partition of ${winnat.internalPrefix!.text}, the prefix of WinNAT '${winnat.name}' that ${others.map((n) => `'${n.name ?? n.id}'`).join(', ')} keep${others.length === 1 ? 's' : ''}, or HNS refuses the re-created network (see nat-outside-winnat-prefix).`
    : '';
  const agreeValue = range.key === 'bip' ? `${held.gateway ?? firstHost(held.prefix)}/${held.prefix.length}` : held.prefix.text;
  const fixes: Fix[] = [{
    title: `Make daemon.json agree with what HNS holds: "${range.key}" ${agreeValue}`,
    risk: 'safe',
    runOn: 'container-host',
    commands: setDaemonJsonValue(range.key, agreeValue),
    verify: ps`Get-Content -Path ${DAEMON_JSON}`,
    expect: `"${range.key}" is ${agreeValue}, the range the default nat network has.`,
  }];
  if (!blocked) {
    fixes.push(pinDefaultNatSubnetFix(model, range.prefix.text, nat.id, `Rebuild the default nat network with ${range.prefix.text}: stop the engine, remove HNS's nat network, start the engine`));
  }
  return [{
    title: "HNS's default nat network contradicts daemon.json",
    message: `HNS still holds the default nat network '${nat.name ?? nat.id}' (${subnets.map((s) => s.text).join(', ')}, id ${nat.id}), but daemon.json sets "${range.key}" to ${range.text}. The engine uses that range only when it creates its default nat network; while HNS keeps this one, the setting has no effect.${when}${rule}`,
    subjects: [nat.subject, ...(engine ? [engine.subject] : [])],
    evidence: [range.pointer, ...(nat.subject.pointer ? [nat.subject.pointer] : []), ...(engine?.evidence ?? [])],
    fixes,
  }];
}

export const staleHnsState: Check = {
  meta: {
    code: 'WCN601',
    knowledge: 'stale-hns-state',
    title: 'Docker and HNS disagree about networks and endpoints',
    severity: 'warning',
    requires: ['hnsNetworks'],
    description: "Cross-references docker networks and HNS: HNS networks no docker network refers to, docker networks whose hnsid HNS does not have, HNS endpoints whose container is gone, and HNS's default nat network when daemon.json's fixed-cidr or bip now contradicts it.",
  },
  run(model) {
    // A Linux engine's networks are not HNS's; a stopped HNS lists nothing (see hns-not-running).
    if (model.docker?.osType?.toLowerCase() === 'linux') return [];
    const hns = model.service('hns');
    if (hns && !hns.running) return [];
    const out = [...(model.captured.has('docker.networks') ? danglingDockerNetworks(model) : []), ...orphanNetworks(model), ...contradictedDefaultNat(model)];
    if (model.captured.has('hnsEndpoints') && model.captured.has('docker.containers')) out.push(...orphanEndpoints(model));
    return out;
  },
};
