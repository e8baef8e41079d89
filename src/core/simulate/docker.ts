/** The docker CLI: dispatch by subcommand, swarm mode, and the read-only commands. */
import { parseAddress, parsePrefix } from '../model/net.js';
import { ps } from '../powershell.js';
import { all, bool, last, parseDockerFlags } from './args.js';
import { contextUse } from './desktop.js';
import { engineReady } from './docker-common.js';
import * as container from './docker-container.js';
import * as network from './docker-network.js';
import { createNetwork, findNetwork, removeNetwork } from './docker-state.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { described, exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** docker subcommands that only read state. */
const DOCKER_READ_ONLY = new Set([
  'ps', 'inspect', 'info', 'version', 'port', 'logs', 'images', 'image ls', 'container ls', 'container inspect', 'network ls', 'network inspect',
  'volume ls', 'stats', 'top', 'exec', 'events', 'system info', 'service ls', 'service ps', 'service inspect', 'node ls', 'node inspect', 'swarm ca',
]);

/** True when a docker command line only reads (its subcommand is in DOCKER_READ_ONLY). */
export function dockerReadsOnly(values: readonly string[]): boolean {
  const [a, b] = values.map((v) => v.toLowerCase());
  return DOCKER_READ_ONLY.has(a ?? '') || DOCKER_READ_ONLY.has(`${a ?? ''} ${b ?? ''}`);
}

/** Docker's global options that may come before the subcommand. */
const GLOBAL_VALUE = new Set(['-H', '--host', '--context', '-c', '--config', '--log-level', '-l']);

export function dockerCommand(ctx: Ctx, inv: Invocation): Outcome {
  const native = nativeArgs(inv.args);
  if (native.dynamic) return notModelled(`a docker argument that is ${native.dynamic}`);
  let args = native.values;
  while (args[0]?.startsWith('-')) {
    const a = args[0];
    if (a === '--debug' || a === '-D') {
      args = args.slice(1);
      continue;
    }
    if (GLOBAL_VALUE.has(a)) return notModelled(`docker ${a} (another daemon or context than the captured one)`);
    if (a === '--help' || a === '-v' || a === '--version') return noop('Prints help or the version.');
    return notModelled(`the docker global option ${a}`);
  }
  const [sub, ...rest] = args;
  if (sub === undefined) return noop('docker without a command prints its help.');
  const s = lower(sub);
  const two = `${s} ${lower(rest[0])}`;
  if (rest.includes('--help')) return noop('Prints help.');
  switch (s) {
    case 'network':
      switch (lower(rest[0])) {
        case 'create': return network.networkCreate(ctx, rest.slice(1));
        case 'rm': case 'remove': return network.networkRm(ctx, rest.slice(1));
        case 'connect': return network.networkConnect(ctx, rest.slice(1));
        case 'disconnect': return network.networkDisconnect(ctx, rest.slice(1));
        case 'ls': case 'list': case 'inspect': return noop(`docker ${two} only reads.`);
        default: return notModelled(`docker network ${rest[0] ?? ''}`.trim());
      }
    case 'run': return container.run(ctx, rest, false);
    case 'create': return container.run(ctx, rest, true);
    case 'start': return container.start(ctx, rest);
    case 'stop': return container.stop(ctx, rest);
    case 'kill': return container.stop(ctx, rest, true);
    case 'restart': return container.restart(ctx, rest);
    case 'rm': return container.rm(ctx, rest);
    case 'container':
      switch (lower(rest[0])) {
        case 'run': return container.run(ctx, rest.slice(1), false);
        case 'create': return container.run(ctx, rest.slice(1), true);
        case 'start': return container.start(ctx, rest.slice(1));
        case 'stop': return container.stop(ctx, rest.slice(1));
        case 'rm': return container.rm(ctx, rest.slice(1));
        default: break;
      }
      break;
    case 'context':
      if (lower(rest[0]) === 'use') return contextUse(ctx, rest.slice(1));
      if (['ls', 'inspect', 'show'].includes(lower(rest[0]))) return noop(`docker context ${lower(rest[0])} only reads.`);
      break;
    case 'swarm':
      switch (lower(rest[0])) {
        case 'init': return swarmInit(ctx, rest.slice(1));
        case 'join': return swarmJoin(ctx, rest.slice(1));
        case 'leave': return swarmLeave(ctx, rest.slice(1));
        default: break;
      }
      break;
    default: break;
  }
  if (DOCKER_READ_ONLY.has(s) || DOCKER_READ_ONLY.has(two)) {
    return s === 'exec' ? noop('docker exec runs a command inside the container; the host state does not change.') : noop(`docker ${DOCKER_READ_ONLY.has(two) ? two : s} only reads.`);
  }
  return notModelled(`docker ${sub}${rest[0] && !rest[0].startsWith('-') ? ` ${rest[0]}` : ''}`);
}

function info(ctx: Ctx) {
  const c = ctx.state.capture;
  if (!c.docker) return undefined;
  c.docker.info ??= { $ptr: '/docker/info' } as NonNullable<typeof c.docker.info>;
  return c.docker.info;
}

function hostAddresses(ctx: Ctx): { ip: string; iface: string }[] {
  const out: { ip: string; iface: string }[] = [];
  for (const a of ctx.model.adapters) {
    if (!a.up) continue;
    for (const ip of a.ipv4) if (!ip.address.startsWith('127.') && !ip.address.startsWith('169.254.')) out.push({ ip: ip.address, iface: a.name });
  }
  return out;
}

function swarmInit(ctx: Ctx, args: string[]): Outcome {
  const { model, state } = ctx;
  const parsed = parseDockerFlags('docker swarm init', args, {
    'advertise-addr': { value: true }, 'listen-addr': { value: true }, 'default-addr-pool': { value: true }, 'force-new-cluster': { value: false },
    'data-path-addr': { value: true },
  });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  const notReady = engineReady(ctx, 'docker swarm init');
  if (notReady) return notReady;
  if (lower(model.docker?.swarmState) === 'active' && !bool(p, 'force-new-cluster')) {
    return fail('This engine is already in a swarm.', exact('Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.'));
  }
  if (model.platform.overlaySupported === false) {
    return fail(`${model.platform.label} lacks swarm mode and overlay networking (it needs 14393 with KB4015217, or 15063 and later).`, described('Swarm mode does not work on this build (errors vary).'), 'os-build-unsupported',
      [ps`wusa.exe 'C:\\Updates\\<cumulative update>.msu' /quiet /norestart`, 'Restart-Computer']);
  }
  const addrs = hostAddresses(ctx);
  const adv = last(p, 'advertise-addr');
  const notes: string[] = [];
  if (adv !== undefined) {
    const host = adv.replace(/:\d+$/, '');
    if (parseAddress(host) && !addrs.some((a) => a.ip === host)) {
      return fail(`${host} is not an address of this host (${addrs.map((a) => a.ip).join(', ') || 'none captured'}).`, described('Error response from daemon: must specify a listening address because the address to advertise is not recognized as a system address, and a system\'s IP address to use could not be uniquely identified'),
        undefined, addrs[0] ? [ps`docker swarm init --advertise-addr ${addrs[0].ip}`] : []);
    }
  } else if (addrs.length > 1) {
    const list = addrs.map((a) => `${a.ip} on ${a.iface}`).join(' and ');
    const best = model.adapters.find((a) => a.defaultGateways.length > 0)?.ipv4[0]?.address ?? addrs[0]!.ip;
    return fail('The host has several addresses and Docker will not guess which one to advertise.', described(`Error response from daemon: could not choose an IP address to advertise since this system has multiple addresses on different interfaces (${list}) - specify one with --advertise-addr`),
      'overlay-requires-swarm', [ps`docker swarm init --advertise-addr ${best}`]);
  }
  const pool = parsePrefix(last(p, 'default-addr-pool') ?? '10.0.0.0/8');
  if (!pool) return fail('The default address pool is not a CIDR prefix.', described(`invalid CIDR address: ${last(p, 'default-addr-pool')}`));
  const i = info(ctx);
  if (!i) return notModelled('docker swarm init, because the docker state was not captured');
  (i as { Swarm?: unknown }).Swarm = { LocalNodeState: 'active', ControlAvailable: true, NodeID: `sim${state.seq + 1}` };
  const changes: StateChange[] = [{ kind: 'swarm', action: 'changed', name: 'docker engine', detail: 'swarm mode active, this node is a manager' }];
  if (state.capture.docker?.networks && !findNetwork(state.capture, 'ingress')) {
    const ingressSubnet = parsePrefix(`${pool.network.toString()}/24`)!;
    const r = createNetwork(state, model, { name: 'ingress', driver: 'overlay', subnet: ingressSubnet, gateway: ingressSubnet.network.toString().replace(/\.0$/, '.1'), options: { 'com.docker.network.driver.overlay.vxlanid_list': '4096' }, scope: 'swarm', dockerOnly: true });
    changes.push(...r.changes);
  }
  notes.push('Swarm needs TCP 2377 and 7946 and UDP 7946 and 4789 open between the nodes (Windows Firewall).');
  if (model.platform.routingMeshSupported === false) notes.push(`${model.platform.label} has no routing mesh: publish service ports with mode=host and use --endpoint-mode dnsrr (see swarm-routing-mesh-unsupported).`);
  return ok('Turns on swarm mode; this node becomes a manager and overlay networks can be created.', changes, notes);
}

function swarmJoin(ctx: Ctx, args: string[]): Outcome {
  const parsed = parseDockerFlags('docker swarm join', args, { token: { value: true }, 'advertise-addr': { value: true }, 'listen-addr': { value: true }, 'data-path-addr': { value: true } });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  if (p.positionals.length !== 1) return fail('docker swarm join takes the manager address.', exact(`"docker swarm join" requires exactly 1 argument.\nSee 'docker swarm join --help'.`));
  const notReady = engineReady(ctx, 'docker swarm join');
  if (notReady) return notReady;
  if (lower(ctx.model.docker?.swarmState) === 'active') {
    return fail('This engine is already in a swarm.', exact('Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.'));
  }
  if (all(p, 'token').length === 0) return fail('A join token is needed.', described('Error response from daemon: a join token is required (docker swarm join-token worker on a manager prints it).'));
  const i = info(ctx);
  if (!i) return notModelled('docker swarm join, because the docker state was not captured');
  (i as { Swarm?: unknown }).Swarm = { LocalNodeState: 'active', ControlAvailable: false, NodeID: `sim${ctx.state.seq + 1}` };
  return ok(`Joins the swarm of ${p.positionals[0]} as a worker.`, [{ kind: 'swarm', action: 'changed', name: 'docker engine', detail: 'swarm mode active, this node is a worker' }],
    ['The simulator cannot check the token or reach the manager; it assumes both are right. A worker cannot create overlay networks; they reach it with the first task scheduled here.']);
}

function swarmLeave(ctx: Ctx, args: string[]): Outcome {
  const parsed = parseDockerFlags('docker swarm leave', args, { force: { value: false, short: 'f' } });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const notReady = engineReady(ctx, 'docker swarm leave');
  if (notReady) return notReady;
  if (lower(ctx.model.docker?.swarmState) !== 'active') return fail('This engine is not in a swarm.', exact('Error response from daemon: This node is not part of a swarm'));
  if (ctx.model.docker?.swarmManager && !bool(parsed.parsed, 'force')) {
    return fail('This node is a manager: leaving erases the swarm state unless it is forced.', exact('Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.'),
      undefined, [ps`docker swarm leave --force`]);
  }
  const i = info(ctx)!;
  (i as { Swarm?: unknown }).Swarm = { LocalNodeState: 'inactive', ControlAvailable: false, NodeID: '' };
  const changes: StateChange[] = [{ kind: 'swarm', action: 'changed', name: 'docker engine', detail: 'swarm mode inactive' }];
  for (const n of [...(ctx.state.capture.docker?.networks ?? [])]) {
    if (lower(n.Scope) === 'swarm') changes.push(...removeNetwork(ctx.state, ctx.model, n));
  }
  return ok('Leaves the swarm; swarm-scoped (overlay) networks disappear from this node.', changes);
}
