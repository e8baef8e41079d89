/** `docker run | create | start | stop | restart | kill | rm`: container networking on Windows. */
import type { DockerContainerRecord } from '../capture/schema.js';
import { ps, psQuote } from '../powershell.js';
import { all, bool, last, parseDockerFlags, type FlagSpec, type ParsedFlags } from './args.js';
import { engineReady } from './docker-common.js';
import { hnsReady } from './hns/ready.js';
import { staticIpProblem } from './docker-network.js';
import { attachEndpoints, containerName, findContainer, findNetwork, isRunning, stopContainer } from './docker-state.js';
import { freeHostPort, portHolder, PORT_TEXTS } from './hns/endpoint.js';
import { dockerId } from './state.js';
import { described, exact, fail, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

const V = { value: true } as const;
const B = { value: false } as const;
export const RUN_FLAGS: FlagSpec = {
  name: V, network: V, net: V, ip: V, ip6: V, link: V, dns: V, 'dns-option': V, 'dns-opt': V, 'dns-search': V,
  publish: { value: true, short: 'p' }, 'publish-all': { value: false, short: 'P' }, isolation: V, 'network-alias': V, 'net-alias': V,
  detach: { value: false, short: 'd' }, interactive: { value: false, short: 'i' }, tty: { value: false, short: 't' }, rm: B,
  env: { value: true, short: 'e' }, 'env-file': V, volume: { value: true, short: 'v' }, mount: V, restart: V,
  hostname: { value: true, short: 'h' }, workdir: { value: true, short: 'w' }, entrypoint: V, memory: { value: true, short: 'm' },
  cpus: V, 'cpu-count': V, user: { value: true, short: 'u' }, label: { value: true, short: 'l' }, expose: V, platform: V, pull: V,
  'add-host': V, 'stop-timeout': V, 'log-driver': V, 'log-opt': V, 'storage-opt': V, 'read-only': B, init: B,
  'health-cmd': V, 'health-interval': V, 'health-retries': V, 'health-timeout': V, 'no-healthcheck': B,
};

export interface PortRequest {
  readonly hostIp: string | undefined;
  readonly hostPort: number | undefined;
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
}

function expand(range: string): number[] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(range);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || b > 65535 || b < a || b - a > 1000) return undefined;
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** `-p [ip:][hostPort:]containerPort[/proto]` → requests, or an error text. */
export function parsePublish(spec: string): PortRequest[] | string {
  let body = spec;
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = body.lastIndexOf('/');
  if (slash >= 0) {
    const proto = lower(body.slice(slash + 1));
    if (proto !== 'tcp' && proto !== 'udp') return `invalid proto: ${body.slice(slash + 1)}`;
    protocol = proto;
    body = body.slice(0, slash);
  }
  if (body.startsWith('[')) return 'IPv6 host addresses in -p are not modelled';
  const parts = body.split(':');
  if (parts.length > 3) return `invalid port format: ${spec}`;
  const containerPart = parts[parts.length - 1]!;
  const hostPart = parts.length >= 2 ? parts[parts.length - 2]! : '';
  const hostIp = parts.length === 3 ? parts[0] || undefined : undefined;
  const cports = expand(containerPart);
  if (!cports) return `invalid containerPort: ${containerPart}`;
  if (hostPart === '') return cports.map((c) => ({ hostIp, hostPort: undefined, containerPort: c, protocol }));
  const hports = expand(hostPart);
  if (!hports) return `invalid hostPort: ${hostPart}`;
  if (hports.length !== cports.length && cports.length !== 1) return `invalid ranges specified for container and host Ports: ${containerPart} and ${hostPart}`;
  return hports.map((h, i) => ({ hostIp, hostPort: h, containerPort: cports.length === 1 ? cports[0]! : cports[i]!, protocol }));
}

interface StartProblem { outcome: Outcome }

/** Checks what a container start needs; returns a failure or undefined. */
function startProblem(ctx: Ctx, ct: DockerContainerRecord, changes: StateChange[], notes: string[], image = '<image>'): StartProblem | undefined {
  const { model, state } = ctx;
  const name = containerName(ct);
  for (const [netName, s] of Object.entries(ct.NetworkSettings?.Networks ?? {})) {
    const net = (s.NetworkID ? findNetwork(state.capture, s.NetworkID) : undefined) ?? findNetwork(state.capture, netName);
    if (!net) {
      return {
        outcome: fail(
          `'${name}' refers to network '${netName}', which no longer exists (removed, or re-created with a new id).`,
          exact(`Error response from daemon: network ${netName} not found\nError: failed to start containers: ${name}`, [`Error response from daemon: network ${s.NetworkID ?? '<id>'} not found`]),
          'stale-hns-state',
          [ps`docker network disconnect --force ${netName} ${name}`, ps`docker network connect 'nat' ${name}`, ps`docker start ${name}`],
        ),
      };
    }
  }
  const hns = hnsReady(ctx, changes, notes, 'container');
  if (hns) return { outcome: hns };
  const onNat = Object.entries(ct.NetworkSettings?.Networks ?? {}).some(([k, s]) => lower(((s.NetworkID ? findNetwork(state.capture, s.NetworkID) : undefined) ?? findNetwork(state.capture, k))?.Driver) === 'nat');
  for (const [key, list] of Object.entries(ct.HostConfig?.PortBindings ?? {})) {
    const proto = lower(key.split('/')[1]) || 'tcp';
    for (const b of list ?? []) {
      const port = Number(b.HostPort);
      if (!Number.isInteger(port) || port <= 0) continue;
      if (!onNat) {
        notes.push(`Port publishing (${b.HostPort}->${key}) is modelled for nat networks only.`);
        continue;
      }
      const holder = portHolder(state, model, port, proto, name);
      if (holder) {
        const alt = freeHostPort(state, model, port + 1, proto, new Set());
        return {
          outcome: fail(
            `Host port ${port}/${proto} is already taken by ${holder}.`,
            described(`docker: Error response from daemon: failed to create endpoint ${name} on network ${Object.keys(ct.NetworkSettings?.Networks ?? {})[0] ?? 'nat'}: HNS failed with error : The process cannot access the file because it is being used by another process.`, PORT_TEXTS),
            'port-conflict',
            [`docker run -d -p ${psQuote(`${alt}:${key.split('/')[0]}`)} --name ${psQuote(`${name}`)} ${psQuote(image)}`],
            ['The error text rarely names the port; which of the known texts appears depends on the build and on who holds the port.'],
          ),
        };
      }
    }
  }
  return undefined;
}

function isolationOf(ctx: Ctx, requested: string | undefined): string {
  if (requested && lower(requested) !== 'default') return lower(requested);
  const info = lower(ctx.state.capture.docker?.info?.Isolation);
  if (info) return info;
  return ctx.model.platform.isServer === false ? 'hyperv' : 'process';
}

export function run(ctx: Ctx, args: string[], create: boolean): Outcome {
  const { model, state } = ctx;
  const cmd = create ? 'docker create' : 'docker run';
  const parsed = parseDockerFlags(cmd, args, RUN_FLAGS, false);
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p: ParsedFlags = parsed.parsed;
  if (p.positionals.length === 0) {
    return fail('No image was given.', exact(`"${cmd}" requires at least 1 argument.\nSee '${cmd} --help'.\n\nUsage:  ${cmd} [OPTIONS] IMAGE [COMMAND] [ARG...]`));
  }
  const notes: string[] = [];
  const unsupported: string[] = [];
  if (all(p, 'link').length > 0) unsupported.push('--link');
  if (all(p, 'ip6').length > 0) unsupported.push('--ip6');
  if (all(p, 'dns-option').length + all(p, 'dns-opt').length > 0) unsupported.push('--dns-option');
  if (all(p, 'dns-search').length > 1) unsupported.push('more than one --dns-search');
  const networks = [...all(p, 'network'), ...all(p, 'net')];
  const name = last(p, 'name');
  if (unsupported.length > 0) {
    return fail(
      `Windows does not support ${unsupported.join(', ')} for containers (the source document lists ${unsupported.length === 1 ? 'it' : 'them'} as options that cannot be passed to docker run).`,
      described(`Docker on Windows refuses ${unsupported.join(', ')} (the wording depends on the engine version).`),
      'unsupported-option',
      unsupported.includes('--link') ? [ps`docker network create -d 'nat' '<app network>'`, `docker run -d --network '<app network>'${name ? ` --name ${psQuote(name)}` : ''} ${psQuote(p.positionals[0]!)}`] : [],
      unsupported.includes('--link') ? ['Instead of links, put the containers on one nat network: they find each other by name there (service discovery).'] : [],
    );
  }
  if (networks.length > 1) return notModelled('more than one --network on one container');
  const publish: PortRequest[] = [];
  for (const spec of all(p, 'publish')) {
    const r = parsePublish(spec);
    if (typeof r === 'string') {
      if (r.includes('not modelled')) return notModelled(r);
      return fail(`'-p ${spec}' is not a valid port mapping.`, exact(`docker: ${r}.\nSee '${cmd} --help'.`));
    }
    publish.push(...r);
  }
  if (bool(p, 'publish-all')) notes.push('-P publishes the image\'s exposed ports, which the simulator cannot see (images are not in the capture).');
  const notReady = engineReady(ctx, cmd);
  if (notReady) return notReady;
  if (name !== undefined) {
    const taken = findContainer(state.capture, name);
    if (taken && lower(containerName(taken)) === lower(name)) {
      return fail(`A container named '${name}' already exists.`, exact(`docker: Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${taken.Id}". You have to remove (or rename) that container to be able to reuse that name.`), undefined,
        [ps`docker rm --force ${name}`]);
    }
  }
  const bridgeNone = lower(String((state.capture.docker?.daemonConfig as Record<string, unknown> | undefined)?.['bridge'] ?? '')) === 'none';
  const netName = networks[0] ?? (bridgeNone ? 'none' : 'nat');
  if (lower(netName) === 'host' || lower(netName).startsWith('container:')) return notModelled(`--network ${netName}`);
  const net = findNetwork(state.capture, netName);
  if (!net && lower(netName) !== 'none') {
    if (!state.capture.docker?.networks) return notModelled(`${cmd}, because docker networks were not captured`);
    const isDefault = networks.length === 0;
    return fail(
      isDefault ? "No --network was given and Docker's default 'nat' network does not exist." : `No docker network '${netName}' exists.`,
      exact(`docker: Error response from daemon: network ${netName} not found.`),
      isDefault ? 'default-nat-missing' : undefined,
      isDefault ? [ps`Restart-Service -Name 'docker'`] : [ps`docker network ls`],
    );
  }
  const ip = last(p, 'ip');
  if (ip !== undefined) {
    if (!net) return fail('--ip needs a network.', exact('user specified IP address is supported on user defined networks only'));
    const problem = staticIpProblem(ctx, net.Name, ip, name ?? '');
    if (problem) return problem;
  }
  const dns = all(p, 'dns');
  const dnsSearch = all(p, 'dns-search');
  if (net && ['transparent', 'l2bridge'].includes(lower(net.Driver))) notes.push(`'${net.Name}' uses the ${lower(net.Driver)} driver, which has no service discovery: other containers cannot reach this one by name (see no-service-discovery).`);
  if (net && lower(net.Driver) === 'ics') notes.push(`'${net.Name}' is the Hyper-V Default Switch (ics): containers there do not use HNS nat (see default-switch-ics).`);

  // The container record, as docker inspect would show it.
  const cname = name ?? `sim_container_${state.seq + 1}`;
  if (!name) notes.push(`Without --name Docker makes up a name; the simulation calls it '${cname}'.`);
  const id = dockerId(state, `ct:${cname}`);
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const takenNow = new Set<number>();
  for (const r of publish) {
    let hostPort = r.hostPort;
    if (hostPort === undefined) {
      hostPort = freeHostPort(state, model, 49153, r.protocol, takenNow);
      notes.push(`-p ${r.containerPort} lets Docker pick a free host port; the simulation uses ${hostPort}.`);
    }
    if (takenNow.has(hostPort)) {
      return fail(`Host port ${hostPort} is published twice in the same command.`, described(`Bind for 0.0.0.0:${hostPort} failed: port is already allocated`), 'port-conflict');
    }
    takenNow.add(hostPort);
    const key = `${r.containerPort}/${r.protocol}`;
    (bindings[key] ??= []).push({ HostIp: r.hostIp ?? '', HostPort: String(hostPort) });
  }
  const isolation = isolationOf(ctx, last(p, 'isolation'));
  const record = {
    Id: id, Name: `/${cname}`, State: { Status: 'created', Running: false }, Config: { Hostname: id.slice(0, 12) },
    HostConfig: {
      NetworkMode: networks[0] ?? (bridgeNone ? 'none' : 'default'), PortBindings: bindings, Dns: dns, DnsOptions: [], DnsSearch: dnsSearch,
      Links: undefined, Isolation: isolation,
    },
    NetworkSettings: {
      Networks: net ? { [net.Name]: { NetworkID: net.Id, EndpointID: '', IPAddress: '', IPPrefixLen: 0, Gateway: '', MacAddress: '', IPAMConfig: ip ? { IPv4Address: ip, IPv6Address: undefined } : undefined, Aliases: [...all(p, 'network-alias'), ...all(p, 'net-alias')] } } : {},
      Ports: {},
    },
    $ptr: `/docker/containers/${state.capture.docker?.containers?.length ?? 0}`,
  } as unknown as DockerContainerRecord;
  const changes: StateChange[] = [];
  if (!state.capture.docker) return notModelled(`${cmd}, because the docker state was not captured`);
  state.capture.docker.containers ??= [];
  state.capture.docker.containers.push(record);
  changes.push({ kind: 'container', action: 'added', name: cname, detail: `created on '${net?.Name ?? 'none'}' (isolation ${isolation})` });
  if (create) {
    if (publish.length > 0) notes.push('docker create does not bind ports: conflicts show only at docker start.');
    return ok(`Creates container '${cname}' on '${net?.Name ?? 'none'}'.`, changes, notes);
  }
  const problem = startProblem(ctx, record, changes, notes, p.positionals[0]!);
  if (problem) {
    const o = problem.outcome;
    return { ...o, changes: [...changes, { kind: 'container', action: 'changed', name: cname, detail: 'left in state created (docker run creates the container before it fails to start)' }], notes: [...o.notes, ...notes] };
  }
  attachEndpoints(state, model, record, changes);
  if (bool(p, 'rm')) notes.push('--rm: the container is removed when it exits.');
  return ok(`Starts container '${cname}' on '${net?.Name ?? 'none'}'.`, changes, notes);
}

function containersFrom(ctx: Ctx, cmd: string, args: string[], flags: FlagSpec): { list: DockerContainerRecord[]; parsed: ParsedFlags } | Outcome {
  const parsed = parseDockerFlags(cmd, args, flags);
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  if (parsed.parsed.positionals.length === 0) return fail('No container was named.', exact(`"${cmd}" requires at least 1 argument.\nSee '${cmd} --help'.`));
  const notReady = engineReady(ctx, cmd);
  if (notReady) return notReady;
  const list: DockerContainerRecord[] = [];
  for (const ref of parsed.parsed.positionals) {
    const ct = findContainer(ctx.state.capture, ref);
    if (!ct) return fail(`No container '${ref}' exists.`, exact(`Error response from daemon: No such container: ${ref}`));
    list.push(ct);
  }
  return { list, parsed: parsed.parsed };
}

export function start(ctx: Ctx, args: string[]): Outcome {
  const r = containersFrom(ctx, 'docker start', args, { attach: { value: false, short: 'a' }, interactive: { value: false, short: 'i' } });
  if ('status' in r) return r;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  for (const ct of r.list) {
    if (isRunning(ct)) continue;
    const problem = startProblem(ctx, ct, changes, notes);
    if (problem) return { ...problem.outcome, changes, notes: [...problem.outcome.notes, ...notes] };
    attachEndpoints(ctx.state, ctx.model, ct, changes);
  }
  return ok(`Starts ${r.list.map((c) => `'${containerName(c)}'`).join(', ')}.`, changes, notes);
}

export function stop(ctx: Ctx, args: string[], kill = false): Outcome {
  const r = containersFrom(ctx, kill ? 'docker kill' : 'docker stop', args, kill ? { signal: { value: true, short: 's' } } : { time: { value: true, short: 't' } });
  if ('status' in r) return r;
  const changes: StateChange[] = [];
  for (const ct of r.list) changes.push(...stopContainer(ctx.state, ct, 'exited'));
  return ok(`Stops ${r.list.map((c) => `'${containerName(c)}'`).join(', ')}.`, changes);
}

export function restart(ctx: Ctx, args: string[]): Outcome {
  const r = containersFrom(ctx, 'docker restart', args, { time: { value: true, short: 't' } });
  if ('status' in r) return r;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  for (const ct of r.list) {
    changes.push(...stopContainer(ctx.state, ct, 'exited'));
    const problem = startProblem(ctx, ct, changes, notes);
    if (problem) return { ...problem.outcome, changes, notes: [...problem.outcome.notes, ...notes] };
    attachEndpoints(ctx.state, ctx.model, ct, changes);
  }
  return ok(`Restarts ${r.list.map((c) => `'${containerName(c)}'`).join(', ')}.`, changes, notes);
}

export function rm(ctx: Ctx, args: string[]): Outcome {
  const r = containersFrom(ctx, 'docker rm', args, { force: { value: false, short: 'f' }, volumes: { value: false, short: 'v' }, link: { value: false, short: 'l' } });
  if ('status' in r) return r;
  const force = bool(r.parsed, 'force');
  const changes: StateChange[] = [];
  for (const ct of r.list) {
    if (isRunning(ct) && !force) {
      return fail(`'${containerName(ct)}' is running.`, exact(`Error response from daemon: You cannot remove a running container ${ct.Id}. Stop the container before attempting removal or force remove`), undefined,
        [ps`docker rm --force ${containerName(ct)}`], [], changes);
    }
    changes.push(...stopContainer(ctx.state, ct, 'exited'));
    for (const n of ctx.state.capture.docker?.networks ?? []) if (n.Containers) delete n.Containers[ct.Id];
    const list = ctx.state.capture.docker!.containers!;
    list.splice(list.indexOf(ct), 1);
    changes.push({ kind: 'container', action: 'removed', name: containerName(ct), detail: 'removed' });
  }
  return ok(`Removes ${r.list.map((c) => `'${containerName(c)}'`).join(', ')}.`, changes);
}
