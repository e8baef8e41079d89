import { policiesOf } from '../capture/hns-policies.js';
import { canonicalAddress } from '../model/net.js';
import type { ContainerModel, HnsEndpointModel, HostModel, PortBinding, PortRange, StaticMappingModel, Subject } from '../model/types.js';
import { removeHnsEndpointsFix } from '../owners/hns.js';
import { ps, psCode } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';
import { restartService, startService, stopService } from './fixes.js';

type Proto = 'tcp' | 'udp';

/** One host port a container asks for. */
interface Published {
  readonly container: ContainerModel;
  readonly binding: PortBinding;
  readonly port: number;
  readonly protocol: Proto;
}

const isAny = (ip: string | undefined) => {
  if (!ip) return true;
  const a = canonicalAddress(ip);
  return !a || a === '0.0.0.0' || a === '::';
};

/** Two host addresses collide when either is "every address" or they are the same address. */
export function hostAddressesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (isAny(a) || isAny(b)) return true;
  return canonicalAddress(a) === canonicalAddress(b);
}

const protoOf = (p: string | undefined): Proto => ((p ?? 'tcp').toLowerCase() === 'udp' ? 'udp' : 'tcp');
const where = (ip: string | undefined) => (isAny(ip) ? 'on all addresses' : `on ${ip}`);
const state = (c: ContainerModel) => (c.running ? 'running' : c.status ?? 'not running');
const HNS_BUSY = '"The process cannot access the file because it is being used by another process." (0x20)';

function published(model: HostModel): Published[] {
  const out: Published[] = [];
  for (const c of model.containers) {
    for (const b of c.ports) {
      if (b.hostPort === undefined || b.hostPort < 1 || b.hostPort > 65535) continue;
      out.push({ container: c, binding: b, port: b.hostPort, protocol: protoOf(b.protocol) });
    }
  }
  return out;
}

/**
 * One host port an HNS endpoint holds through a PortMapping policy (V1
 * `NAT`), for an endpoint no docker container accounts for: a nerdctl
 * container, a pod with a hostPort, or an endpoint left behind. Docker's
 * containers are judged from their published ports, which say more.
 */
interface Held {
  readonly endpoint: HnsEndpointModel;
  readonly port: number;
  readonly protocol: Proto;
  /** The host address the mapping listens on (`VIP`); undefined means every address. */
  readonly vip: string | undefined;
}

function heldByHns(model: HostModel): Held[] {
  const out: Held[] = [];
  for (const e of model.hnsEndpoints) {
    if (e.isRemote || e.container) continue;
    for (const m of policiesOf(e.policies, 'PortMapping')) {
      const port = m.ExternalPort;
      if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) continue;
      if (m.Protocol !== undefined && m.Protocol !== 'tcp' && m.Protocol !== 'udp') continue;
      out.push({ endpoint: e, port, protocol: protoOf(m.Protocol), vip: m.VIP });
    }
  }
  return out;
}

const heldAddress = (h: Held) => (h.endpoint.ipAddress ? canonicalAddress(h.endpoint.ipAddress) : undefined);

const endpointName = (e: HnsEndpointModel) => `HNS endpoint '${e.name ?? e.id}' (${e.ipAddress ?? 'no address'}; owner: ${e.owner.label})`;

/** Take a host port back from an HNS endpoint, through its owner where the owner has a command for it. */
function releaseFix(h: Held): Fix {
  const e = h.endpoint;
  // nerdctl names a container's endpoint `<container id>_<network>`.
  const nerdctlId = e.owner.kind === 'containerd' ? /^([0-9a-f]{12,64})_/i.exec(e.name ?? '')?.[1] : undefined;
  if (nerdctlId) {
    return {
      title: `Remove the nerdctl container ${nerdctlId.slice(0, 12)} that holds host port ${h.port}/${h.protocol}`,
      risk: 'disruptive',
      disrupts: `container ${nerdctlId.slice(0, 12)} is removed; start it again with another host port (-p) if it is still needed`,
      runOn: 'container-host',
      commands: [ps`nerdctl rm --force ${nerdctlId}`],
      verify: ps`Get-HnsEndpoint | Where-Object Id -eq ${e.id}`,
      expect: 'Prints nothing.',
    };
  }
  return removeHnsEndpointsFix([e], e.owner.kind === 'cni'
    ? 'the pod behind it loses its network until it is re-created (its CNI plugin makes a new endpoint)'
    : `whatever uses ${e.ipAddress ?? 'the endpoint'} loses its network`);
}

/** The first container (in capture order) that has each address on its networks (docker's view and HNS's). */
function containersByAddress(model: HostModel): Map<string, ContainerModel> {
  const byAddress = new Map<string, ContainerModel>();
  const add = (ip: string | undefined, c: ContainerModel) => {
    const canonical = ip ? canonicalAddress(ip) : undefined;
    if (canonical && !byAddress.has(canonical)) byAddress.set(canonical, c);
  };
  for (const c of model.containers) {
    for (const a of c.attachments) {
      add(a.ipv4, c);
      add(a.staticIpv4, c);
      add(a.endpoint?.ipAddress, c);
    }
  }
  return byAddress;
}

/** A static mapping HNS made for a container's own published port (14393 creates one per port). */
function ownerOf(byAddress: Map<string, ContainerModel>, m: StaticMappingModel): { container: ContainerModel; publishesIt: boolean } | undefined {
  const target = m.internalAddress ? canonicalAddress(m.internalAddress) : undefined;
  if (!target) return undefined;
  const c = byAddress.get(target);
  if (!c) return undefined;
  const publishesIt = c.ports.some((b) => b.hostPort === m.externalPort && protoOf(b.protocol) === protoOf(m.protocol)
    && (m.internalPort === undefined || String(m.internalPort) === b.containerPort));
  return { container: c, publishesIt };
}

const PORTS = 65536;

/**
 * For one protocol: the first port from `start` on that no container, static
 * mapping or excluded range holds. Built once in linear time, then each
 * question is answered at once.
 */
function freePortFinder(model: HostModel, protocol: Proto): (start: number) => number | undefined {
  const blocked = new Uint8Array(PORTS);
  for (const p of published(model)) if (p.protocol === protocol) blocked[p.port] = 1;
  for (const h of heldByHns(model)) if (h.protocol === protocol) blocked[h.port] = 1;
  for (const m of model.staticMappings) {
    if (protoOf(m.protocol) === protocol && Number.isInteger(m.externalPort) && m.externalPort >= 0 && m.externalPort < PORTS) blocked[m.externalPort] = 1;
  }
  // Excluded ranges, through a difference array.
  const delta = new Int32Array(PORTS + 1);
  for (const r of model.excludedPortRanges) {
    if (r.protocol !== protocol || !(r.start <= r.end)) continue;
    const from = Math.max(0, r.start);
    const to = Math.min(PORTS - 1, r.end);
    if (from > to) continue;
    delta[from]! += 1;
    delta[to + 1]! -= 1;
  }
  const next = new Int32Array(PORTS + 1).fill(-1);
  let depth = 0;
  for (let port = 0; port < PORTS; port++) {
    depth += delta[port]!;
    if (depth > 0) blocked[port] = 1;
  }
  for (let port = PORTS - 1; port >= 0; port--) next[port] = blocked[port] ? next[port + 1]! : port;
  return (start) => {
    const from = Math.max(0, Math.ceil(start));
    if (from >= PORTS) return undefined;
    const port = next[from]!;
    return port < 0 ? undefined : port;
  };
}

/** The first port above `from` that no container, static mapping or excluded range of the same protocol holds. */
export function freeHostPort(model: HostModel, from: number, protocol: Proto): number | undefined {
  return freePortFinder(model, protocol)(from + 1);
}

/** For each port, the first excluded range (in capture order) of one protocol that holds it. */
function excludedRangeFinder(ranges: readonly PortRange[], protocol: Proto): (port: number) => PortRange | undefined {
  const owner = new Int32Array(PORTS).fill(-1);
  // Ports already given a range are skipped through "next unset" links, so each port is set once.
  const nextUnset = new Int32Array(PORTS + 1);
  for (let i = 0; i <= PORTS; i++) nextUnset[i] = i;
  const find = (i: number): number => {
    let root = i;
    while (nextUnset[root] !== root) root = nextUnset[root]!;
    while (nextUnset[i] !== root) {
      const up = nextUnset[i]!;
      nextUnset[i] = root;
      i = up;
    }
    return root;
  };
  ranges.forEach((r, index) => {
    if (r.protocol !== protocol || !(r.start <= r.end)) return;
    const to = Math.min(PORTS - 1, r.end);
    for (let i = find(Math.max(0, r.start)); i <= to; i = find(i + 1)) {
      owner[i] = index;
      nextUnset[i] = i + 1;
    }
  });
  return (port) => (Number.isInteger(port) && port >= 0 && port < PORTS && owner[port]! >= 0 ? ranges[owner[port]!] : undefined);
}

function publishArg(b: PortBinding, hostPort: number, protocol: Proto): string {
  const ip = isAny(b.hostIp) ? '' : `${b.hostIp!.includes(':') ? `[${b.hostIp}]` : b.hostIp}:`;
  return `${ip}${hostPort}:${b.containerPort}/${protocol}`;
}

/**
 * Re-create a container with another host port. The capture holds only its
 * networking, so the fix says plainly what it cannot carry over.
 */
function movePortFix(model: HostModel, p: Published, newPort: number): Fix {
  const c = p.container;
  const network = c.networkMode && c.networkMode.toLowerCase() !== 'default' && !c.networkMode.includes(':') ? c.networkMode : undefined;
  const publishes = c.ports
    .filter((b) => b.hostPort !== undefined)
    .map((b) => (b === p.binding ? publishArg(b, newPort, p.protocol) : publishArg(b, b.hostPort!, protoOf(b.protocol))));
  let run = ps`docker run --detach --name ${c.name}`;
  if (network) run += ps` --network ${network}`;
  for (const x of publishes) run += ps` --publish ${x}`;
  run += ' $image';
  return {
    title: `Re-create '${c.name}' publishing host port ${newPort} instead of ${p.port}/${p.protocol}`,
    risk: 'disruptive',
    disrupts: `container '${c.name}' is removed and started again from its image: files written inside it are lost, and options of its original "docker run" other than its name, network and published ports (volumes, environment, restart policy) must be added to the command`,
    runOn: 'container-host',
    commands: [
      ps`$image = docker container inspect --format '{{.Config.Image}}' ${c.name}`,
      ps`docker rm --force ${c.name}`,
      run,
    ],
    verify: ps`docker port ${c.name}`,
    expect: `Shows ${p.binding.containerPort}/${p.protocol} published on host port ${newPort}.`,
  };
}

/**
 * The holders of one host port that collide with a holder of another owner
 * (see hostAddressesOverlap), in their order; linear in the group.
 */
function overlapping<T>(group: readonly T[], hostIp: (x: T) => string | undefined, ownerOf: (x: T) => object): T[] {
  const addressOf = (x: T) => (isAny(hostIp(x)) ? undefined : canonicalAddress(hostIp(x)));
  const all = new Set<object>();
  const onAny = new Set<object>();
  const byAddress = new Map<string, Set<object>>();
  for (const x of group) {
    all.add(ownerOf(x));
    const a = addressOf(x);
    if (a === undefined) onAny.add(ownerOf(x));
    else {
      const set = byAddress.get(a) ?? new Set<object>();
      set.add(ownerOf(x));
      byAddress.set(a, set);
    }
  }
  const hasOther = (set: Set<object> | undefined, o: object) => set !== undefined && (set.size > 1 || (set.size === 1 && !set.has(o)));
  return group.filter((x) => {
    const a = addressOf(x);
    return a === undefined ? hasOther(all, ownerOf(x)) : hasOther(onAny, ownerOf(x)) || hasOther(byAddress.get(a), ownerOf(x));
  });
}

const targetOf = (m: StaticMappingModel) => `${m.internalAddress ?? '?'}:${m.internalPort ?? '?'}`;

function removeMappingFix(m: StaticMappingModel, multiNat: boolean, then: string): Fix {
  return {
    title: `Remove static mapping ${m.id ?? '?'} (${m.protocol ?? 'TCP'} ${m.externalPort} -> ${targetOf(m)})`,
    risk: 'disruptive',
    disrupts: `whatever receives traffic through ${targetOf(m)} on port ${m.externalPort} loses it`,
    runOn: 'container-host',
    commands: m.id !== undefined
      ? [multiNat && m.natName
        ? ps`Remove-NetNatStaticMapping -NatName ${m.natName} -StaticMappingID ${m.id} -Confirm:$false`
        : ps`Remove-NetNatStaticMapping -StaticMappingID ${m.id} -Confirm:$false`]
      : [ps`Get-NetNatStaticMapping | Where-Object -Property 'ExternalPort' -EQ -Value ${m.externalPort} | Remove-NetNatStaticMapping -Confirm:$false`],
    verify: ps`Get-NetNatStaticMapping | Where-Object -Property 'ExternalPort' -EQ -Value ${m.externalPort}`,
    expect: `Prints nothing; then ${then}.`,
  };
}

function rangeSubject(r: PortRange): Subject {
  return { kind: 'host', name: `excluded ${r.protocol.toUpperCase()} ports ${r.start}-${r.end}`, ...(r.pointer ? { pointer: r.pointer } : {}) };
}

export const portConflict: Check = {
  meta: {
    code: 'WCN210',
    knowledge: 'port-conflict',
    title: 'A published host port is already taken',
    severity: 'error',
    // HNS endpoints are the ground truth on every host; docker's containers, when captured, add the ports they ask for.
    requires: ['hnsEndpoints'],
    description: "Finds host ports that two holders claim (docker's published ports, HNS endpoints' PortMapping policies of any owner), that a static NAT mapping not made for the holder forwards elsewhere, or that lie in an excluded port range.",
  },
  run(model) {
    const out: FindingDraft[] = [];
    const pubs = published(model);
    const held = heldByHns(model);
    // The address and port of each HNS endpoint's own mapping: a static mapping to it is that holder's, judged with the HNS holders below.
    const heldTargets = new Set(held.map((h) => `${heldAddress(h)}|${h.protocol}/${h.port}`));
    const multiNat = new Set(model.staticMappings.map((m) => (m.natName ?? '').toLowerCase())).size > 1;
    // Every lookup below is prepared once, so the check stays linear in the size of the capture;
    // and only when first asked: each table spans all 65,536 ports, which costs more than a whole
    // capture of a small host when no finding needs it.
    const finders: Partial<Record<Proto, (start: number) => number | undefined>> = {};
    const freePortAbove = (port: number, protocol: Proto) => (finders[protocol] ??= freePortFinder(model, protocol))(port + 1);

    // 1. Two containers, one host port.
    const groups = new Map<string, Published[]>();
    for (const p of pubs) {
      const key = `${p.protocol}/${p.port}`;
      const group = groups.get(key);
      if (group) group.push(p);
      else groups.set(key, [p]);
    }
    for (const group of groups.values()) {
      const involved = overlapping(group, (p) => p.binding.hostIp, (p) => p.container);
      const containers = [...new Set(involved.map((p) => p.container))];
      if (containers.length < 2) continue;
      const running = containers.filter((c) => c.running);
      const keeper = running[0] ?? containers[0]!;
      const movers = involved.filter((p) => p.container !== keeper);
      const first = involved[0]!;
      const fixes: Fix[] = [];
      const seen = new Set<ContainerModel>();
      for (const p of movers) {
        if (seen.has(p.container)) continue;
        seen.add(p.container);
        const port = freePortAbove(p.port, p.protocol);
        if (port !== undefined) fixes.push(movePortFix(model, p, port));
      }
      out.push({
        ...(running.length >= 2 ? {} : { severity: 'warning' as const }),
        message: `${containers.map((c) => `'${c.name}' (${state(c)})`).join(' and ')} ${containers.length === 2 ? 'both' : 'all'} publish host port ${first.port}/${first.protocol} ${where(first.binding.hostIp)}. A host port forwards to one container only, so they cannot run together: starting the ${running.length >= 2 ? 'second' : 'other'} fails with "port is already allocated" or, from HNS, ${HNS_BUSY}.`,
        subjects: containers.map((c) => c.subject),
        fixes,
      });
    }

    // 2. A static NAT mapping, not made for this container, already forwards the port.
    const reported = new Set<StaticMappingModel>();
    const mappingsByPort = new Map<string, StaticMappingModel[]>();
    for (const m of model.staticMappings) {
      const key = `${protoOf(m.protocol)}/${m.externalPort}`;
      const list = mappingsByPort.get(key);
      if (list) list.push(m);
      else mappingsByPort.set(key, [m]);
    }
    const byAddress = containersByAddress(model);
    for (const p of pubs) {
      for (const m of mappingsByPort.get(`${p.protocol}/${p.port}`) ?? []) {
        if (reported.has(m)) continue;
        if (!hostAddressesOverlap(m.externalAddress, p.binding.hostIp)) continue;
        if (heldTargets.has(`${m.internalAddress ? canonicalAddress(m.internalAddress) : undefined}|${p.protocol}/${p.port}`)) continue;
        const owner = ownerOf(byAddress, m);
        if (owner?.container === p.container) continue;
        // Another container's own mapping for a port it publishes: that is the two-container case above.
        if (owner?.publishesIt) continue;
        reported.add(m);
        const target = targetOf(m);
        const whose = owner ? `container '${owner.container.name}', which does not publish that port: a leftover` : 'no container in the capture: left over, or made by hand';
        const removal = removeMappingFix(m, multiNat, 'start the container again');
        const port = freePortAbove(p.port, p.protocol);
        out.push({
          message: `Container '${p.container.name}' (${state(p.container)}) publishes host port ${p.port}/${p.protocol}, but WinNAT static mapping ${m.id ?? '?'}${m.natName ? ` on NAT '${m.natName}'` : ''} already forwards that port to ${target}, which belongs to ${whose}. HNS then fails to create the container's endpoint with ${HNS_BUSY}, or the traffic goes to the old target.`,
          subjects: [p.container.subject, m.subject],
          fixes: [removal, ...(port !== undefined ? [movePortFix(model, p, port)] : [])],
        });
      }
    }

    // 3. The port lies in a range Windows keeps for itself or an administrator reserved.
    const rangeOf: Partial<Record<Proto, (port: number) => PortRange | undefined>> = {};
    for (const p of model.excludedPortRanges.length > 0 ? pubs : []) {
      const r = (rangeOf[p.protocol] ??= excludedRangeFinder(model.excludedPortRanges, p.protocol))(p.port);
      if (!r) continue;
      const c = p.container;
      const range = r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`;
      const who = r.administered
        ? 'reserved by an administrator (netsh marks it with *)'
        : 'taken dynamically by Windows (Hyper-V and WinNAT reserve such blocks, often at boot)';
      const fixes: Fix[] = [];
      if (r.administered) {
        fixes.push({
          title: `Delete the administered exclusion ${range}/${p.protocol}, then start '${c.name}'`,
          risk: 'disruptive',
          disrupts: `the reservation of ports ${range}, which an administrator made for some other program`,
          runOn: 'container-host',
          commands: [
            ps`netsh int ipv4 delete excludedportrange protocol=${psCode(p.protocol)} startport=${r.start} numberofports=${r.end - r.start + 1}`,
            c.running ? ps`docker restart ${c.name}` : ps`docker start ${c.name}`,
          ],
          verify: ps`netsh int ipv4 show excludedportrange protocol=${psCode(p.protocol)}`,
          expect: `No range contains ${p.port}.`,
        });
      } else {
        fixes.push({
          title: `Stop WinNAT so Windows releases its dynamic reservations, ${c.running ? 'restart' : 'start'} '${c.name}', and start WinNAT again`,
          risk: 'disruptive',
          disrupts: 'NAT for every container and VM on the host stops while WinNAT is stopped',
          runOn: 'container-host',
          commands: [
            stopService('winnat'),
            c.running ? ps`docker restart ${c.name}` : ps`docker start ${c.name}`,
            startService('winnat'),
          ],
          verify: ps`docker port ${c.name}`,
          expect: `Shows ${p.binding.containerPort}/${p.protocol} on host port ${p.port}.`,
        });
      }
      const port = freePortAbove(p.port, p.protocol);
      if (port !== undefined) fixes.push(movePortFix(model, p, port));
      out.push({
        ...(c.running ? { severity: 'warning' as const } : {}),
        message: `Host port ${p.port}/${p.protocol} of container '${c.name}' (${state(c)}) lies in the excluded port range ${range}, ${who}. HNS cannot take the port: ${c.running ? 'the container runs now, but it will fail the next time it starts' : 'the container fails to start'} with ${HNS_BUSY}.`,
        subjects: [c.subject, rangeSubject(r)],
        fixes,
      });
    }
    out.push(...hnsHolderFindings(model, held, pubs, mappingsByPort, reported, multiNat, freePortAbove));
    return out;
  },
};

/**
 * The same three rules for ports HNS endpoints hold that no docker container
 * accounts for (nerdctl containers, pods with a hostPort, leftovers): another
 * holder of the port, a static mapping that forwards it elsewhere, an
 * excluded range that holds it.
 */
function hnsHolderFindings(
  model: HostModel,
  held: readonly Held[],
  pubs: readonly Published[],
  mappingsByPort: ReadonlyMap<string, readonly StaticMappingModel[]>,
  reported: Set<StaticMappingModel>,
  multiNat: boolean,
  freePortAbove: (port: number, protocol: Proto) => number | undefined,
): FindingDraft[] {
  if (held.length === 0) return [];
  const out: FindingDraft[] = [];

  // 1. Another HNS endpoint, or a docker container, claims the same host port.
  type Holder = { readonly held?: Held; readonly pub?: Published; readonly owner: object; readonly hostIp: string | undefined };
  const groups = new Map<string, Holder[]>();
  const add = (key: string, h: Holder) => {
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  };
  for (const h of held) add(`${h.protocol}/${h.port}`, { held: h, owner: h.endpoint, hostIp: h.vip });
  for (const p of pubs) if (groups.has(`${p.protocol}/${p.port}`)) add(`${p.protocol}/${p.port}`, { pub: p, owner: p.container, hostIp: p.binding.hostIp });
  for (const group of groups.values()) {
    const involved = overlapping(group, (h) => h.hostIp, (h) => h.owner);
    const endpoints = [...new Set(involved.flatMap((h) => (h.held ? [h.held] : [])))];
    if (endpoints.length === 0) continue;
    const containers = [...new Set(involved.flatMap((h) => (h.pub ? [h.pub] : [])))];
    const first = endpoints[0]!;
    const names = [
      ...endpoints.map((h) => endpointName(h.endpoint)),
      ...containers.map((p) => `docker container '${p.container.name}' (${state(p.container)})`),
    ];
    const fixes: Fix[] = [];
    // A stopped docker container gives way first; else the later endpoints are released.
    const seen = new Set<ContainerModel>();
    for (const p of containers) {
      if (seen.has(p.container)) continue;
      seen.add(p.container);
      const port = freePortAbove(p.port, p.protocol);
      if (port !== undefined) fixes.push(movePortFix(model, p, port));
    }
    for (const h of endpoints.slice(containers.length > 0 ? 0 : 1)) fixes.push(releaseFix(h));
    const runningDocker = containers.some((p) => p.container.running);
    out.push({
      ...(runningDocker || endpoints.length > 1 ? {} : { severity: 'warning' as const }),
      message: `Host port ${first.port}/${first.protocol} ${where(first.vip)} is claimed by ${names.join(' and ')}. A host port forwards to one endpoint only: ${runningDocker || endpoints.length > 1 ? 'one of them does not get its traffic, and the one created last' : 'the container'} fails to start with ${HNS_BUSY}${containers.length > 0 && !runningDocker ? ' or "port is already allocated"' : ''}.`,
      subjects: [...endpoints.map((h) => h.endpoint.subject), ...containers.map((p) => p.container.subject)],
      fixes,
    });
  }

  // 2. A static NAT mapping forwards the endpoint's port somewhere else.
  const endpointAddresses = new Set(held.map(heldAddress).filter((a): a is string => !!a));
  const byAddress = containersByAddress(model);
  for (const h of held) {
    for (const m of mappingsByPort.get(`${h.protocol}/${h.port}`) ?? []) {
      if (reported.has(m) || !hostAddressesOverlap(m.externalAddress, h.vip)) continue;
      const target = m.internalAddress ? canonicalAddress(m.internalAddress) : undefined;
      const own = heldAddress(h);
      // HNS's own mapping for this endpoint, or one for another holder of the port (rule 1 reports that pair).
      if (target !== undefined && (target === own || endpointAddresses.has(target) || byAddress.get(target)?.ports.some((b) => b.hostPort === h.port))) continue;
      reported.add(m);
      const container = target !== undefined ? byAddress.get(target) : undefined;
      const whose = container ? `docker container '${container.name}', which does not publish that port: a leftover` : 'no endpoint or container in the capture: left over, or made by hand';
      out.push({
        message: `${endpointName(h.endpoint)} maps host port ${h.port}/${h.protocol}, but WinNAT static mapping ${m.id ?? '?'}${m.natName ? ` on NAT '${m.natName}'` : ''} forwards that port to ${targetOf(m)}, which belongs to ${whose}. The traffic goes to the old target, and HNS fails to create the endpoint again with ${HNS_BUSY}.`,
        subjects: [h.endpoint.subject, m.subject],
        fixes: [removeMappingFix(m, multiNat, 'restart what the endpoint serves'), releaseFix(h)],
      });
    }
  }

  // 3. The port lies in an excluded range: the endpoint works now, but cannot be made again.
  if (model.excludedPortRanges.length > 0) {
    const rangeOf: Partial<Record<Proto, (port: number) => PortRange | undefined>> = {};
    for (const h of held) {
      const r = (rangeOf[h.protocol] ??= excludedRangeFinder(model.excludedPortRanges, h.protocol))(h.port);
      if (!r) continue;
      const range = r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`;
      const fix: Fix = r.administered
        ? {
          title: `Delete the administered exclusion ${range}/${h.protocol}`,
          risk: 'disruptive',
          disrupts: `the reservation of ports ${range}, which an administrator made for some other program`,
          runOn: 'container-host',
          commands: [ps`netsh int ipv4 delete excludedportrange protocol=${psCode(h.protocol)} startport=${r.start} numberofports=${r.end - r.start + 1}`],
          verify: ps`netsh int ipv4 show excludedportrange protocol=${psCode(h.protocol)}`,
          expect: `No range contains ${h.port}.`,
        }
        : {
          title: 'Restart WinNAT so Windows releases its dynamic reservations',
          risk: 'disruptive',
          disrupts: 'NAT for every container, pod and VM on the host stops while WinNAT restarts',
          runOn: 'container-host',
          commands: [restartService('winnat')],
          verify: ps`netsh int ipv4 show excludedportrange protocol=${psCode(h.protocol)}`,
          expect: `No range contains ${h.port}.`,
        };
      out.push({
        severity: 'warning',
        message: `${endpointName(h.endpoint)} maps host port ${h.port}/${h.protocol}, which lies in the excluded port range ${range}, ${r.administered ? 'reserved by an administrator (netsh marks it with *)' : 'taken dynamically by Windows'}. The endpoint works now, but the next time it is made (container or pod re-created, host restarted) HNS fails with ${HNS_BUSY}.`,
        subjects: [h.endpoint.subject, rangeSubject(r)],
        fixes: [fix],
      });
    }
  }
  return out;
}
