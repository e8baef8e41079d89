/**
 * What happens when the docker engine, HNS or the whole host (re)starts:
 * docker recreates its default nat network if it can, adopts HNS networks it
 * does not know (External switches made outside Docker show up as transparent
 * networks after HNS restarts), rebuilds nat networks that HNS lost; a reboot
 * applies pending registry changes and, on 17763 and later, drops the
 * non-persistent networks.
 */
import { OPT } from '../model/build.js';
import { buildModel } from '../model/build.js';
import { parsePrefix, type Prefix } from '../model/net.js';
import type { HostModel } from '../model/types.js';
import { createNetwork, daemonConfig, dockerStop, pickNatSubnet, removeNetwork, stopContainer } from './docker-state.js';
import { createHnsNetwork, planHnsNetwork, removeHnsNetwork } from './hns/network.js';
import { hnsUnavailable } from './hns/ready.js';
import { dockerId, dockerServiceName, guid, push, removeWhere, serviceRecord, setServiceStatus } from './state.js';
import type { SimState, StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

export interface LifecycleResult {
  readonly changes: StateChange[];
  readonly notes: string[];
  /** Errors the service would log while starting (it still runs). */
  readonly problems: string[];
}

/** Capture keys that are HNS's own answers. */
const HNS_QUERY_KEYS: ReadonlySet<string> = new Set(['hnsNetworks', 'hnsEndpoints', 'hnsLoadBalancers', 'hnsVersion']);

/** HNS starts: External vSwitches that no HNS network uses become transparent HNS networks. */
export function hnsStart(state: SimState): LifecycleResult {
  const changes: StateChange[] = [...setServiceStatus(state.capture, 'hns', true)];
  const notes: string[] = [];
  if (state.pending.hnsStoreReset) {
    // An empty store: HNS forgets every network and endpoint; the switches it made for nat networks go, External switches stay.
    delete state.pending.hnsStoreReset;
    for (const h of buildModel(state.capture).hnsNetworks) {
      changes.push(...removeHnsNetwork(state, buildModel(state.capture), h.id, { keepSwitch: h.switch?.type === 'External' }));
    }
    removeWhere(state.capture, 'hnsEndpoints', () => true);
    notes.push('HNS starts with an empty store: every container network is gone from HNS; External vSwitches stay and are found again.');
  }
  // A freshly started HNS answers again: the queries the collector recorded as unanswered would now return.
  const errors = state.capture.collectorErrors;
  if (errors?.some((e) => HNS_QUERY_KEYS.has(e.key))) {
    state.capture.collectorErrors = errors.filter((e) => !HNS_QUERY_KEYS.has(e.key));
    changes.push({ kind: 'service', action: 'changed', name: 'hns', detail: 'restarted: answers queries again' });
    notes.push('HNS answers again after its start; what it holds now is known only from a new capture.');
  }
  const model = buildModel(state.capture);
  for (const sw of model.switches) {
    if (sw.type !== 'External' || sw.hnsNetworks.length > 0) continue;
    const adapter = sw.boundAdapters[0];
    const ok = push(state.capture, 'hnsNetworks', {
      ID: guid(state, `hns:discover:${sw.name}`), Name: sw.name, Type: 'Transparent', Subnets: [], NetworkAdapterName: adapter?.name,
      Extensions: [], Policies: [], Shape: 'v1',
    });
    if (ok) {
      changes.push({ kind: 'hns-network', action: 'added', name: sw.name, detail: `Transparent, discovered on the existing External vSwitch${adapter ? ` (adapter '${adapter.name}')` : ''}` });
      notes.push(`HNS found External vSwitch '${sw.name}' and made a transparent network for it; Docker lists it after Docker (re)starts.`);
    }
  }
  return { changes, notes, problems: [] };
}

/** Why HNS refuses the nat network docker (re)creates at start, as the daemon logs it, or undefined. */
function natRefusal(state: SimState, model: HostModel, name: string, subnet?: Prefix, gateway?: string): string | undefined {
  const down = hnsUnavailable(model);
  if (down) return `Error creating default network: ${down.message} (${down.reason})`;
  const planned = planHnsNetwork(state, model, { name, type: 'nat', ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}) });
  if (planned.ok) return undefined;
  const r = planned.refusal;
  return `Error creating default network: ${r.exact ? `HNS failed with error : ${r.message}` : r.message} (${r.reason})`;
}

/** The docker engine starts. */
export function dockerStart(state: SimState): LifecycleResult {
  const c = state.capture;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  const svc = dockerServiceName(c);
  if (svc) changes.push(...setServiceStatus(c, svc, true));
  const hnsRec = serviceRecord(c, 'hns');
  if (hnsRec && hnsRec.StartType !== 'Disabled' && hnsRec.Status !== 'Running') {
    // Docker starts HNS on demand.
    const h = hnsStart(state);
    changes.push(...h.changes);
    notes.push(...h.notes);
  }
  // An info with ServerErrors is the client speaking for a daemon that did not answer: nothing of the engine was read.
  if ((!c.docker?.info || c.docker.info.answered === false) && !c.docker?.networks) {
    // The engine was not running when the host was captured: its state is unknown, but what it builds at start is not.
    c.docker ??= {};
    c.docker.info = { OSType: 'windows', Swarm: { LocalNodeState: 'inactive', ControlAvailable: false, NodeID: '' }, $ptr: '/docker/info' } as NonNullable<typeof c.docker.info>;
    c.docker.networks = [];
    (c as { collectorErrors?: unknown[] }).collectorErrors = (c.collectorErrors ?? []).filter((e) => !e.key.startsWith('docker'));
    notes.push("The engine's own state was not in the capture (it was not running): the simulation knows only what Docker builds at start, networks for the HNS networks it finds and its default nat; containers that existed are unknown.");
  }
  if (!c.docker?.networks) {
    notes.push('Docker networks were not captured, so what docker does at start is not simulated.');
    return { changes, notes, problems };
  }
  let model = buildModel(c);
  // 1. Networks docker knows whose HNS network is gone.
  for (const net of [...c.docker.networks]) {
    const id = net.Options?.[OPT.hnsId];
    if (!id || model.hnsNetworks.some((h) => lower(h.id) === lower(id))) continue;
    if (lower(net.Driver) === 'nat') {
      if (lower(net.Name) === 'nat') {
        // The default network is deleted and made again below.
        const prev = net.IPAM?.Config?.find((x) => parsePrefix(x.Subnet)?.length)?.Subnet ?? model.dockerNetworkByName('nat')?.effectiveSubnets[0]?.text;
        removeNetwork(state, model, net);
        (state as SimState & { previousNatSubnet?: string }).previousNatSubnet = prev;
        continue;
      }
      const subnet = parsePrefix(net.IPAM?.Config?.[0]?.Subnet);
      if (natRefusal(state, model, net.Options?.[OPT.networkName] ?? net.Name, subnet, net.IPAM?.Config?.[0]?.Gateway)) continue;
      const hnsId = createHnsNetwork(state, model, { name: net.Options?.[OPT.networkName] ?? net.Name, type: 'nat', ...(subnet ? { subnet } : {}), ...(net.IPAM?.Config?.[0]?.Gateway ? { gateway: net.IPAM.Config[0].Gateway } : {}) }, changes);
      (net.Options as Record<string, string>)[OPT.hnsId] = hnsId;
      changes.push({ kind: 'docker-network', action: 'changed', name: net.Name, detail: `re-created in HNS with a new id (${subnet?.text ?? 'subnet chosen by HNS'})` });
      model = buildModel(c);
    } else {
      notes.push(`Docker network '${net.Name}' (${net.Driver ?? '?'}) points at an HNS network that no longer exists; Docker keeps it as it is (see stale-hns-state).`);
    }
  }
  model = buildModel(c);
  // 2. HNS networks docker does not know: docker lists them (this is how External switches and the Default Switch show up).
  for (const h of model.hnsNetworks) {
    if (h.dockerNetwork) continue;
    const name = h.name ?? h.id;
    if (c.docker.networks.some((n) => lower(n.Name) === lower(name))) continue;
    if (h.type === 'nat' && lower(name) !== 'nat') continue;
    const driver = h.type === 'ics' ? 'ics' : h.type;
    c.docker.networks.push({
      Name: name, Id: dockerId(state, `adopt:${name}`), Driver: driver, Scope: 'local', EnableIPv6: false, Internal: false, Ingress: false,
      IPAM: { Driver: 'windows', Options: {}, Config: h.subnets.filter((s) => s.text).map((s) => ({ Subnet: s.text, Gateway: s.gateway, IPRange: undefined, AuxiliaryAddresses: undefined })) },
      Options: { [OPT.hnsId]: h.id, [OPT.networkName]: name }, Containers: {},
      $ptr: `/docker/networks/${c.docker.networks.length}`,
    });
    changes.push({ kind: 'docker-network', action: 'added', name, detail: `driver ${driver}, discovered from HNS${h.adapterName ? ` (adapter '${h.adapterName}')` : ''}` });
  }
  model = buildModel(c);
  // 2b. nat networks whose subnet docker shows as 0.0.0.0/0: current engines read it back from HNS at start.
  const version = /^(\d+)\.(\d+)\.(\d+)/.exec(model.docker?.serverVersion ?? '');
  const oldEngine = version ? Number(version[1]) * 10000 + Number(version[2]) * 100 + Number(version[3]) < 180903 : false;
  for (const n of model.dockerNetworks) {
    if (n.driver !== 'nat' || !n.hns || n.subnets.some((x) => x.prefix && x.prefix.length > 0)) continue;
    const real = n.hns.subnets.filter((x) => x.text);
    if (real.length === 0) continue;
    if (oldEngine) {
      notes.push(`Engine ${model.docker?.serverVersion} (before 18.09.3) keeps showing '${n.name}' as 0.0.0.0/0 (see nat-subnet-unset).`);
      continue;
    }
    const rec = c.docker.networks.find((x) => x.Name === n.name);
    if (!rec) continue;
    rec.IPAM ??= { Driver: 'windows', Options: {}, Config: [] };
    (rec.IPAM as { Config?: unknown }).Config = real.map((x) => ({ Subnet: x.text, Gateway: x.gateway, IPRange: undefined, AuxiliaryAddresses: undefined }));
    changes.push({ kind: 'docker-network', action: 'changed', name: n.name, detail: `subnet ${real.map((x) => x.text).join(', ')} read back from HNS` });
  }
  model = buildModel(c);
  // 3. The default nat network.
  const bridgeNone = lower(String(daemonConfig(c)['bridge'] ?? '')) === 'none';
  const hasNat = c.docker.networks.some((n) => lower(n.Name) === 'nat' && lower(n.Driver) === 'nat');
  if (!hasNat && !bridgeNone) {
    const prev = (state as SimState & { previousNatSubnet?: string }).previousNatSubnet;
    const pick = pickNatSubnet(c, model, prev);
    const blocker = natRefusal(state, model, 'nat', pick?.subnet, pick?.gateway);
    if (blocker) {
      problems.push(blocker);
    } else {
      if (!pick) {
        problems.push('Error creating default network: no free range for the nat network.');
      } else {
        const r = createNetwork(state, model, { name: 'nat', driver: 'nat', subnet: pick.subnet, gateway: pick.gateway, options: { [OPT.networkName]: 'nat' }, isDefault: true });
        changes.push(...r.changes);
        notes.push(`Docker creates its default 'nat' network with ${pick.how}.`);
      }
    }
  } else if (!hasNat && bridgeNone) {
    notes.push('"bridge": "none" in daemon.json: Docker creates no default nat network.');
  }
  delete (state as SimState & { previousNatSubnet?: string }).previousNatSubnet;
  if ((c.docker.containers ?? []).length > 0) notes.push('Containers are shown stopped: whether they start again depends on their restart policy, which the capture does not hold.');
  return { changes, notes, problems };
}

export function dockerRestart(state: SimState): LifecycleResult {
  const stop = dockerStop(state);
  const start = dockerStart(state);
  return { changes: [...stop, ...start.changes], notes: start.notes, problems: start.problems };
}

/** The host restarts. */
export function reboot(state: SimState): LifecycleResult {
  const c = state.capture;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  // Registry values read at boot.
  if (state.pending.disabledComponents !== undefined && c.tcpip6) {
    const v = state.pending.disabledComponents;
    if (v === null) delete (c.tcpip6 as { DisabledComponents?: number }).DisabledComponents;
    else (c.tcpip6 as { DisabledComponents?: number }).DisabledComponents = v;
    changes.push({ kind: 'registry', action: 'changed', name: 'Tcpip6\\Parameters\\DisabledComponents', detail: v === null ? 'deleted value now in effect' : `0x${v.toString(16).toUpperCase()} now in effect` });
    delete state.pending.disabledComponents;
  }
  let model = buildModel(c);
  // Everything stops.
  for (const ct of c.docker?.containers ?? []) changes.push(...stopContainer(state, ct, 'exited'));
  for (const s of c.services ?? []) {
    const target = s.StartType === 'Automatic' ? true : s.StartType === 'Disabled' ? false : undefined;
    if (target !== undefined) changes.push(...setServiceStatus(c, s.Name, target));
  }
  model = buildModel(c);
  // Non-persistent networks.
  if (model.platform.natNetworksRecreatedAtBoot) {
    for (const h of model.hnsNetworks.filter((x) => x.type === 'nat')) changes.push(...removeHnsNetwork(state, buildModel(c), h.id));
    notes.push('On 17763 and later HNS does not keep nat networks across a reboot; Docker creates them again when it starts (with new ids).');
  }
  model = buildModel(c);
  if (model.platform.build === 17763 && model.platform.has('KB4482887') === false) {
    for (const net of model.dockerNetworks.filter((n) => n.driver === 'transparent')) {
      const rec = c.docker?.networks?.find((n) => n.Name === net.name);
      if (rec) changes.push(...removeNetwork(state, buildModel(c), rec));
    }
    for (const h of buildModel(c).hnsNetworks.filter((x) => x.type === 'transparent')) changes.push(...removeHnsNetwork(state, buildModel(c), h.id));
    notes.push(`${model.platform.label} is below UBR 348 (KB4482887): transparent networks are lost at reboot (see networks-lost-after-reboot).`);
  }
  const problems: string[] = [];
  const svc = dockerServiceName(c);
  const docker = svc ? serviceRecord(c, svc) : undefined;
  if (docker && docker.StartType === 'Automatic') {
    if (serviceRecord(c, 'hns')?.StartType !== 'Disabled') changes.push(...hnsStart(state).changes.filter((x) => x.kind !== 'service'));
    const r = dockerStart(state);
    changes.push(...r.changes);
    notes.push(...r.notes);
    problems.push(...r.problems);
  } else if (docker) {
    changes.push(...setServiceStatus(c, docker.Name, false));
    notes.push(`'${docker.Name}' does not start automatically (start type ${docker.StartType ?? 'unknown'}).`);
  }
  return { changes, notes, problems };
}
