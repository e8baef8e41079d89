import { parseAddress } from '../model/net.js';
import type { ContainerModel, HostModel, PortBinding, PortRange, StaticMappingModel, Subject } from '../model/types.js';
import { ps, psCode } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';

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
  const a = parseAddress(ip);
  return !a || a.toString() === '0.0.0.0' || a.toString() === '::';
};

/** Two host addresses collide when either is "every address" or they are the same address. */
export function hostAddressesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (isAny(a) || isAny(b)) return true;
  return parseAddress(a)!.toString() === parseAddress(b)!.toString();
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

/** The addresses a container has on its networks (docker's view and HNS's). */
function addressesOf(c: ContainerModel): Set<string> {
  const s = new Set<string>();
  for (const a of c.attachments) {
    for (const ip of [a.ipv4, a.staticIpv4, a.endpoint?.ipAddress]) {
      const parsed = ip ? parseAddress(ip) : undefined;
      if (parsed) s.add(parsed.toString());
    }
  }
  return s;
}

/** The first container (in capture order) that has each address. */
function containersByAddress(model: HostModel): Map<string, ContainerModel> {
  const byAddress = new Map<string, ContainerModel>();
  for (const c of model.containers) for (const a of addressesOf(c)) if (!byAddress.has(a)) byAddress.set(a, c);
  return byAddress;
}

/** A static mapping HNS made for a container's own published port (14393 creates one per port). */
function ownerOf(byAddress: Map<string, ContainerModel>, m: StaticMappingModel): { container: ContainerModel; publishesIt: boolean } | undefined {
  const target = m.internalAddress ? parseAddress(m.internalAddress)?.toString() : undefined;
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
 * The bindings of one host port that collide with a binding of another
 * container (see hostAddressesOverlap), in their order; linear in the group.
 */
function overlapping(group: readonly Published[]): Published[] {
  const addressOf = (p: Published) => (isAny(p.binding.hostIp) ? undefined : parseAddress(p.binding.hostIp)!.toString());
  const all = new Set<ContainerModel>();
  const onAny = new Set<ContainerModel>();
  const byAddress = new Map<string, Set<ContainerModel>>();
  for (const p of group) {
    all.add(p.container);
    const a = addressOf(p);
    if (a === undefined) onAny.add(p.container);
    else {
      const set = byAddress.get(a) ?? new Set<ContainerModel>();
      set.add(p.container);
      byAddress.set(a, set);
    }
  }
  const hasOther = (set: Set<ContainerModel> | undefined, c: ContainerModel) => set !== undefined && (set.size > 1 || (set.size === 1 && !set.has(c)));
  return group.filter((p) => {
    const a = addressOf(p);
    return a === undefined ? hasOther(all, p.container) : hasOther(onAny, p.container) || hasOther(byAddress.get(a), p.container);
  });
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
    requires: ['docker.containers'],
    description: 'Finds host ports that two containers publish, that a static NAT mapping not made for the container forwards elsewhere, or that lie in an excluded port range.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    const pubs = published(model);
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
      const involved = overlapping(group);
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
        const owner = ownerOf(byAddress, m);
        if (owner?.container === p.container) continue;
        // Another container's own mapping for a port it publishes: that is the two-container case above.
        if (owner?.publishesIt) continue;
        reported.add(m);
        const target = `${m.internalAddress ?? '?'}:${m.internalPort ?? '?'}`;
        const whose = owner ? `container '${owner.container.name}', which does not publish that port: a leftover` : 'no container in the capture: left over, or made by hand';
        const removal: Fix = {
          title: `Remove static mapping ${m.id ?? '?'} (${m.protocol ?? 'TCP'} ${m.externalPort} -> ${target})`,
          risk: 'disruptive',
          disrupts: `whatever receives traffic through ${target} on port ${m.externalPort} loses it`,
          runOn: 'container-host',
          commands: m.id !== undefined
            ? [multiNat && m.natName
              ? ps`Remove-NetNatStaticMapping -NatName ${m.natName} -StaticMappingID ${m.id} -Confirm:$false`
              : ps`Remove-NetNatStaticMapping -StaticMappingID ${m.id} -Confirm:$false`]
            : [ps`Get-NetNatStaticMapping | Where-Object -Property 'ExternalPort' -EQ -Value ${m.externalPort} | Remove-NetNatStaticMapping -Confirm:$false`],
          verify: ps`Get-NetNatStaticMapping | Where-Object -Property 'ExternalPort' -EQ -Value ${m.externalPort}`,
          expect: 'Prints nothing; then start the container again.',
        };
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
            "Stop-Service -Name 'winnat'",
            c.running ? ps`docker restart ${c.name}` : ps`docker start ${c.name}`,
            "Start-Service -Name 'winnat'",
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
    return out;
  },
};
