/** `docker network create | rm | connect | disconnect`, with the Windows drivers' rules. */
import { OPT } from '../model/build.js';
import { addressInPrefix, firstHost, parseAddress, parsePrefix, type Prefix } from '../model/net.js';
import { ps, psQuote } from '../powershell.js';
import { all, bool, last, parseDockerFlags, type FlagSpec } from './args.js';
import { engineReady, linuxEngine } from './docker-common.js';
import { hnsReady } from './hns/ready.js';
import { attachEndpoints, containerName, createNetwork, findContainer, findNetwork, isRunning, removeNetwork, stopContainer } from './docker-state.js';
import { hostIpv4Prefix, planHnsNetwork } from './hns/network.js';
import { refuse } from './hns/refusal.js';
import { freePrefix, usedPrefixes } from './state.js';
import { described, exact, fail, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

const CREATE_FLAGS: FlagSpec = {
  driver: { value: true, short: 'd' },
  subnet: { value: true },
  gateway: { value: true },
  'ip-range': { value: true },
  'aux-address': { value: true },
  internal: { value: false },
  ipv6: { value: false },
  'ipam-driver': { value: true },
  'ipam-opt': { value: true },
  opt: { value: true, short: 'o' },
  attachable: { value: false },
  label: { value: true },
};

const WINDOWS_DRIVERS = ['nat', 'transparent', 'l2bridge', 'l2tunnel', 'overlay', 'ics', 'internal', 'private', 'null'];
const MODELLED_OPTIONS = new Set<string>([OPT.iface, OPT.vlanId, OPT.networkName, OPT.dnsSuffix, OPT.dnsServers, OPT.outboundNat, OPT.outboundNatExceptions, OPT.vxlanIds, OPT.encrypted]);
const EXTERNAL_DRIVERS = new Set(['transparent', 'l2bridge', 'l2tunnel']);

/** Rebuilds the user's command with changed values, every value quoted. */
function createCommand(driver: string, name: string, opts: { subnet?: string; gateway?: string; options?: Record<string, string> }): string {
  let cmd = ps`docker network create -d ${driver}`;
  if (opts.subnet) cmd += ` --subnet ${psQuote(opts.subnet)}`;
  if (opts.gateway) cmd += ` --gateway ${psQuote(opts.gateway)}`;
  for (const [k, v] of Object.entries(opts.options ?? {})) cmd += ` -o ${psQuote(`${k}=${v}`)}`;
  return `${cmd} ${psQuote(name)}`;
}

export function networkCreate(ctx: Ctx, args: string[]): Outcome {
  const { model, state } = ctx;
  const parsed = parseDockerFlags('docker network create', args, CREATE_FLAGS);
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  const notes: string[] = [];
  const driver = lower(last(p, 'driver') ?? 'bridge');
  const rawOptions = all(p, 'opt');
  if (p.positionals.length !== 1) {
    const advice: string[] = [];
    const teamed = p.positionals.length > 1 ? rawOptions.find((o) => o.startsWith(`${OPT.iface}=`)) : undefined;
    if (teamed) {
      const names = [teamed.slice(OPT.iface.length + 1), ...p.positionals.slice(0, -1)].map((x) => x.replace(/,\s*$/, '').trim()).filter(Boolean);
      advice.push(createCommand(driver === 'bridge' ? 'transparent' : driver, p.positionals[p.positionals.length - 1]!, { options: { [OPT.iface]: names.join(',') } }));
      notes.push('Several adapter names for a Switch Embedded Team must reach Docker as ONE argument: "Ethernet 2,Ethernet 3" without a space after the comma outside the quotes.');
    }
    return fail(
      p.positionals.length === 0 ? 'No network name was given.' : `Docker received ${p.positionals.length} names (${p.positionals.map((x) => `'${x}'`).join(', ')}): a value with a space or a comma list split into several arguments.`,
      exact(`"docker network create" requires exactly 1 argument.\nSee 'docker network create --help'.\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nCreate a network`),
      teamed ? 'switch-embedded-teaming' : undefined, advice, notes,
    );
  }
  const name = p.positionals[0]!;
  const options: Record<string, string> = {};
  for (const o of rawOptions) {
    const eq = o.indexOf('=');
    const k = eq < 0 ? o : o.slice(0, eq);
    if (!MODELLED_OPTIONS.has(k)) return notModelled(`the driver option '${k}'`);
    options[k] = eq < 0 ? '' : o.slice(eq + 1);
  }
  if (all(p, 'label').length > 0) notes.push('Labels do not affect networking and are not part of the capture.');

  // The CLI checks IPAM settings before it talks to the daemon.
  const subnets = all(p, 'subnet');
  const gateways = all(p, 'gateway');
  if (subnets.length < gateways.length || subnets.length < all(p, 'ip-range').length) {
    const hp = hostIpv4Prefix(model);
    return fail('A gateway (or ip range) was given without a subnet.', exact('every ip-range or gateway must have a corresponding subnet'), 'static-ip-needs-subnet-gateway',
      EXTERNAL_DRIVERS.has(driver) && hp.prefix ? [createCommand(driver, name, { subnet: hp.prefix.text, gateway: gateways[0] ?? hp.gateway, options })] : []);
  }
  if (subnets.length > 1) return notModelled('several --subnet values in one network');
  const subnetText = subnets[0];
  let subnet: Prefix | undefined;
  if (subnetText !== undefined) {
    subnet = parsePrefix(subnetText);
    if (!subnet || !subnetText.includes('/')) return fail(`'${subnetText}' is not a prefix in CIDR form.`, exact(`invalid CIDR address: ${subnetText}`));
    if (subnet.family !== 'ipv4') return fail('IPv6 subnets are not supported for Windows container networks.', described('Windows container networks are IPv4 only; HNS refuses the IPv6 subnet.'), 'unsupported-option');
    if (subnet.hadHostBits) notes.push(`${subnetText} has host bits; Docker stores it as ${subnet.text}.`);
  }
  const gateway = gateways[0];
  if (gateway !== undefined && subnet) {
    if (!parseAddress(gateway)) return fail(`'${gateway}' is not an IP address.`, described(`invalid gateway address ${gateway}`));
    if (!addressInPrefix(gateway, subnet)) {
      const gw = firstHost(subnet);
      return fail(
        `The gateway ${gateway} is not inside the subnet ${subnet.text}; the docker CLI refuses it before the daemon sees it.`,
        exact(`no matching subnet for gateway ${gateway}`),
        'gateway-outside-subnet',
        gw ? [createCommand(driver === 'bridge' ? 'nat' : driver, name, { subnet: subnet.text, gateway: driver === 'nat' || driver === 'bridge' ? gw : hostIpv4Prefix(model).gateway ?? gw, options })] : [],
        ['The source document\'s own example (CustomNat2: --subnet=172.16.2.0/24 --gateway=172.16.1.1) makes this mistake.'],
      );
    }
  }
  // Options Windows does not support.
  const unsupported: string[] = [];
  if (all(p, 'aux-address').length > 0) unsupported.push('--aux-address');
  if (bool(p, 'internal')) unsupported.push('--internal');
  if (all(p, 'ip-range').length > 0) unsupported.push('--ip-range');
  const ipamDriver = last(p, 'ipam-driver');
  if (ipamDriver !== undefined && !['default', 'windows'].includes(lower(ipamDriver))) unsupported.push(`--ipam-driver ${ipamDriver}`);
  if (all(p, 'ipam-opt').length > 0) unsupported.push('--ipam-opt');
  if (bool(p, 'ipv6')) unsupported.push('--ipv6');
  if (OPT.encrypted in options) unsupported.push('--opt encrypted');
  if (unsupported.length > 0) {
    const clean = { ...options };
    delete clean[OPT.encrypted];
    return fail(
      `Windows container networking does not support ${unsupported.join(', ')}: the source document lists ${unsupported.length === 1 ? 'it' : 'them'} among the options that cannot be passed to docker network create.`,
      described(`Docker or HNS refuses ${unsupported.join(', ')} on Windows (the wording depends on the engine version).`),
      'unsupported-option',
      [createCommand(driver === 'bridge' ? 'nat' : driver, name, { ...(subnet ? { subnet: subnet.text } : {}), ...(gateway ? { gateway } : {}), options: clean })],
    );
  }
  const notReady = engineReady(ctx, 'docker network create');
  if (notReady) return notReady;
  if (findNetwork(state.capture, name) && state.capture.docker?.networks?.some((n) => n.Name === name)) {
    return fail(`A network named '${name}' already exists.`, exact(`Error response from daemon: network with name ${name} already exists`), undefined, [ps`docker network inspect ${name}`]);
  }
  if (linuxEngine(model)) {
    if (WINDOWS_DRIVERS.includes(driver) && driver !== 'null') {
      return fail('The engine is Docker Desktop\'s Linux engine: Windows network drivers do not exist there.', exact(`Error response from daemon: could not find plugin ${driver} in v1 plugin registry: plugin not found`, [`plugin "${driver}" not found`]), 'engine-in-linux-mode',
        [ps`& (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\DockerCli.exe') -SwitchWindowsEngine`]);
    }
    return notModelled('network creation on the Linux engine');
  }
  if (!WINDOWS_DRIVERS.includes(driver)) {
    return fail(
      driver === 'bridge' ? 'Windows has no bridge driver, and bridge is what docker network create uses when -d is not given.' : `Windows has no '${driver}' network driver.`,
      exact(`Error response from daemon: could not find plugin ${driver} in v1 plugin registry: plugin not found`),
      'bridge-driver-unavailable',
      [createCommand('nat', name, { ...(subnet ? { subnet: subnet.text } : {}), ...(gateway ? { gateway } : {}), options })],
    );
  }
  if (['ics', 'internal', 'private', 'null'].includes(driver)) return notModelled(`creating a network with the ${driver} driver`);

  const changes: StateChange[] = [];
  if (driver !== 'overlay') {
    const hns = hnsReady(ctx, changes, notes, 'network');
    if (hns) return hns;
  }
  if (driver === 'overlay') return createOverlay(ctx, name, subnet, gateway, options, changes, notes);
  return createLocal(ctx, driver, name, subnet, gateway, options, changes, notes);
}

/** Nat, transparent, l2bridge, l2tunnel: HNS decides; docker words the refusal and suggests its own command. */
function createLocal(ctx: Ctx, driver: string, name: string, subnet: Prefix | undefined, gateway: string | undefined, options: Record<string, string>, changes: StateChange[], notes: string[]): Outcome {
  const { model, state } = ctx;
  const iface = options[OPT.iface];
  const vlanText = options[OPT.vlanId];
  const planned = planHnsNetwork(state, model, {
    name: options[OPT.networkName] ?? name, type: driver, ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}),
    ...(iface !== undefined ? { adapterNames: iface.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
    ...(vlanText !== undefined ? { vlan: vlanText.trim() === '' ? Number.NaN : Number(vlanText) } : {}),
  });
  if (!planned.ok) {
    return refuse(planned.refusal, 'docker', (retry) => createCommand(driver, name, {
      ...(retry.subnet ?? subnet ? { subnet: (retry.subnet ?? subnet)!.text } : {}), ...(retry.gateway ?? gateway ? { gateway: (retry.gateway ?? gateway)! } : {}),
      options: retry.adapter ? { ...options, [OPT.iface]: retry.adapter } : options,
    }), { changes, notes });
  }
  const spec = planned.plan.spec;
  notes.push(...planned.plan.notes);
  if (driver === 'l2bridge' && options[OPT.outboundNat] === undefined) notes.push('Without -o com.docker.network.windowsshim.enable_outboundnat=true containers reach only their own subnet (see l2bridge-outbound-nat).');
  const r = createNetwork(state, model, {
    name, driver, ...(spec.subnet ? { subnet: spec.subnet } : {}), ...(spec.gateway ? { gateway: spec.gateway } : {}),
    options, hns: spec,
  });
  changes.push(...r.changes);
  const where = spec.adapter ? ` on adapter '${[spec.adapter, ...(spec.team ?? [])].map((a) => a.Name).join("', '")}'` : '';
  const addressing = spec.subnet ? ` with subnet ${spec.subnet.text}${spec.gateway ? ` and gateway ${spec.gateway}` : ''}` : ' (addresses from DHCP)';
  return ok(`Creates ${driver} network '${name}'${where}${addressing}.`, changes, notes);
}

function createOverlay(ctx: Ctx, name: string, subnet: Prefix | undefined, gateway: string | undefined, options: Record<string, string>, changes: StateChange[], notes: string[]): Outcome {
  const { model, state } = ctx;
  const planned = planHnsNetwork(state, model, { name, type: 'overlay' });
  if (!planned.ok) return refuse(planned.refusal, 'docker', () => undefined, { changes, notes });
  const swarm = lower(model.docker?.swarmState);
  if (swarm !== 'active') {
    const hostIp = hostIpv4Prefix(model);
    const addr = model.adapters.find((a) => a.defaultGateways.length > 0)?.ipv4[0]?.address;
    return fail(
      `The engine is not in swarm mode (Swarm.LocalNodeState '${model.docker?.swarmState ?? 'unknown'}'): the Windows overlay driver gets its VXLAN ids from a swarm manager.`,
      exact('Error response from daemon: insufficient vnis(0) passed to overlay. Windows driver requires VNIs to be prepopulated', ['This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.']),
      'overlay-requires-swarm',
      [addr ? ps`docker swarm init --advertise-addr ${addr}` : 'docker swarm init', createCommand('overlay', name, { ...(subnet ? { subnet: subnet.text } : {}), ...(gateway ? { gateway } : {}), options })],
      hostIp.prefix ? [] : [],
    );
  }
  if (model.docker?.swarmManager === false) {
    return fail('This node is a swarm worker; overlay networks are created on a manager.', exact("Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager."), 'overlay-requires-swarm');
  }
  if (!subnet) {
    const p = freePrefix(parsePrefix('10.0.0.0/8')!, 24, usedPrefixes(state.capture, model));
    subnet = p;
    if (p) notes.push(`Without --subnet the swarm manager hands out a /24 from its default pool 10.0.0.0/8; the simulation takes ${p.text}.`);
  }
  const gw = gateway ?? (subnet ? firstHost(subnet) : undefined);
  const vxlans = (state.capture.docker?.networks ?? []).map((n) => Number(n.Options?.[OPT.vxlanIds])).filter((n) => Number.isFinite(n));
  if (options[OPT.vxlanIds] === undefined) {
    const next = Math.max(4095, ...vxlans) + 1;
    options = { ...options, [OPT.vxlanIds]: String(next) };
    notes.push(`The manager allocates VXLAN id ${next} (current engines allocate from 4096).`);
  } else if (Number(options[OPT.vxlanIds]) < 4096) {
    notes.push('HNS refuses VXLAN ids below 4096 (see swarm-vxlan-id).');
  }
  notes.push('On Windows the HNS side of an overlay network appears when the first container on this node joins it.');
  const r = createNetwork(state, model, { name, driver: 'overlay', ...(subnet ? { subnet } : {}), ...(gw ? { gateway: gw } : {}), options, scope: 'swarm', dockerOnly: true });
  changes.push(...r.changes);
  return ok(`Creates overlay network '${name}'${subnet ? ` with subnet ${subnet.text}` : ''} (scope swarm).`, changes, notes);
}

export function networkRm(ctx: Ctx, args: string[]): Outcome {
  const { state } = ctx;
  const parsed = parseDockerFlags('docker network rm', args, { force: { value: false, short: 'f' } });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const names = parsed.parsed.positionals;
  if (names.length === 0) return fail('No network was named.', exact(`"docker network rm" requires at least 1 argument.\nSee 'docker network rm --help'.\n\nUsage:  docker network rm NETWORK [NETWORK...]\n\nRemove one or more networks`));
  const notReady = engineReady(ctx, 'docker network rm');
  if (notReady) return notReady;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  for (const n of names) {
    const net = findNetwork(state.capture, n);
    if (!net) {
      if (bool(parsed.parsed, 'force')) continue;
      return fail(`No docker network '${n}' exists.`, exact(`Error response from daemon: network ${n} not found`, [`Error: No such network: ${n}`]), undefined, [ps`docker network ls`], notes, changes);
    }
    if (['nat', 'none'].includes(lower(net.Name)) && !(lower(net.Name) === 'nat' && lower(net.Driver) !== 'nat')) {
      const hnsId = net.Options?.[OPT.hnsId];
      return fail(
        `'${net.Name}' is Docker's default network and cannot be removed with docker network rm.`,
        exact(`Error response from daemon: ${net.Name} is a pre-defined network and cannot be removed`),
        undefined,
        net.Name.toLowerCase() === 'nat' ? [ps`Stop-Service -Name 'docker'`, hnsId ? ps`Get-HnsNetwork | Where-Object -Property 'ID' -EQ ${hnsId} | Remove-HnsNetwork` : ps`Get-HnsNetwork | Where-Object -Property 'Name' -EQ 'nat' | Remove-HnsNetwork`, ps`Start-Service -Name 'docker'`] : [],
        notes, changes,
      );
    }
    const running = (state.capture.docker?.containers ?? []).filter((ct) => isRunning(ct) && Object.entries(ct.NetworkSettings?.Networks ?? {}).some(([k, s]) => s.NetworkID === net.Id || lower(k) === lower(net.Name)));
    if (running.length > 0) {
      return fail(
        `Running containers are attached to '${net.Name}': ${running.map((c) => `'${containerName(c)}'`).join(', ')}.`,
        exact(`Error response from daemon: error while removing network: network ${net.Name} id ${net.Id ?? '<id>'} has active endpoints`),
        undefined,
        [...running.map((c) => ps`docker network disconnect --force ${net.Name} ${containerName(c)}`), ps`docker network rm ${net.Name}`],
        notes, changes,
      );
    }
    const stopped = (state.capture.docker?.containers ?? []).filter((ct) => Object.entries(ct.NetworkSettings?.Networks ?? {}).some(([k, s]) => s.NetworkID === net.Id || lower(k) === lower(net.Name)));
    if (stopped.length > 0) notes.push(`Stopped containers still refer to '${net.Name}' (${stopped.map((c) => `'${containerName(c)}'`).join(', ')}): they fail to start with "network ${net.Name} not found" until they are reconnected.`);
    changes.push(...removeNetwork(state, ctx.model, net));
  }
  return ok(`Removes ${names.map((x) => `'${x}'`).join(', ')}.`, changes, notes);
}

/** Hot-add: 14393 refuses for every running container; Hyper-V isolated running containers refuse on every build. */
function hotAddRefusal(ctx: Ctx, containerRef: string, isolationOf: string | undefined, what: string, net: string): Outcome | undefined {
  const { model } = ctx;
  const defaultIsolation = lower(model.docker ? (ctx.state.capture.docker?.info?.Isolation ?? (model.platform.isServer === false ? 'hyperv' : 'process')) : 'process');
  const isolation = lower(isolationOf) || defaultIsolation;
  const onOld = model.platform.hotAddSupported === false;
  if (!onOld && isolation !== 'hyperv') return undefined;
  return fail(
    onOld
      ? `${model.platform.label} does not support changing the network of a running container (hot-add arrived with 15063).`
      : `'${containerRef}' is a Hyper-V isolated container, which refuses network changes while it runs.`,
    exact('Error response from daemon: unsupported platform request'),
    'hot-add-unsupported',
    [ps`docker stop ${containerRef}`, `${what} ${psQuote(net)} ${psQuote(containerRef)}`, ps`docker start ${containerRef}`],
  );
}

export function networkConnect(ctx: Ctx, args: string[]): Outcome {
  const { model, state } = ctx;
  const parsed = parseDockerFlags('docker network connect', args, { ip: { value: true }, ip6: { value: true }, alias: { value: true }, link: { value: true }, 'link-local-ip': { value: true }, 'driver-opt': { value: true } });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  if (p.positionals.length !== 2) return fail('docker network connect takes a network and a container.', exact(`"docker network connect" requires exactly 2 arguments.\nSee 'docker network connect --help'.\n\nUsage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\nConnect a container to a network`));
  if (all(p, 'ip6').length > 0 || all(p, 'link').length > 0) return fail('Windows does not support --ip6 or --link.', described('Docker on Windows refuses --ip6 and --link (the wording depends on the engine version).'), 'unsupported-option');
  if (all(p, 'link-local-ip').length > 0 || all(p, 'driver-opt').length > 0) return notModelled('--link-local-ip and --driver-opt of docker network connect');
  const notReady = engineReady(ctx, 'docker network connect');
  if (notReady) return notReady;
  const [netRef, ctRef] = p.positionals as [string, string];
  const net = findNetwork(state.capture, netRef);
  if (!net) return fail(`No docker network '${netRef}' exists.`, exact(`Error response from daemon: network ${netRef} not found`));
  const ct = findContainer(state.capture, ctRef);
  if (!ct) return fail(`No container '${ctRef}' exists.`, exact(`Error response from daemon: No such container: ${ctRef}`));
  const cname = containerName(ct);
  const nets = (ct.NetworkSettings?.Networks ?? {}) as Record<string, NonNullable<NonNullable<typeof ct.NetworkSettings>['Networks']>[string]>;
  if (Object.entries(nets).some(([k, s]) => lower(k) === lower(net.Name) || (s.NetworkID && s.NetworkID === net.Id))) {
    return fail(`'${cname}' is already connected to '${net.Name}'.`, exact(`Error response from daemon: endpoint with name ${cname} already exists in network ${net.Name}`));
  }
  if (isRunning(ct)) {
    const refusal = hotAddRefusal(ctx, cname, ct.HostConfig?.Isolation, 'docker network connect', net.Name);
    if (refusal) return refusal;
  }
  const ip = last(p, 'ip');
  if (ip !== undefined) {
    const problem = staticIpProblem(ctx, net.Name, ip, cname);
    if (problem) return problem;
  }
  const changes: StateChange[] = [];
  const notes: string[] = [];
  if (isRunning(ct)) {
    const hns = hnsReady(ctx, changes, notes, 'container');
    if (hns) return hns;
  }
  if (!ct.NetworkSettings) (ct as { NetworkSettings?: unknown }).NetworkSettings = { Networks: {} };
  const settings = ct.NetworkSettings!;
  if (!settings.Networks) (settings as { Networks?: unknown }).Networks = {};
  (settings.Networks as Record<string, unknown>)[net.Name] = {
    NetworkID: net.Id, EndpointID: '', IPAddress: '', IPPrefixLen: 0, Gateway: '', MacAddress: '',
    IPAMConfig: ip ? { IPv4Address: ip, IPv6Address: undefined } : undefined, Aliases: all(p, 'alias'),
  };
  if (isRunning(ct)) {
    // Only the new attachment gets an endpoint.
    const others = Object.fromEntries(Object.entries(settings.Networks!).filter(([k]) => k !== net.Name));
    const only = { [net.Name]: settings.Networks![net.Name]! };
    (settings as { Networks?: unknown }).Networks = only;
    attachEndpoints(state, model, ct, changes);
    (settings as { Networks?: unknown }).Networks = { ...others, ...only };
  } else {
    changes.push({ kind: 'container', action: 'changed', name: cname, detail: `connected to '${net.Name}'${ip ? ` with --ip ${ip}` : ''}; gets its address when it starts` });
  }
  return ok(`Connects '${cname}' to '${net.Name}'.`, changes, notes);
}

export function networkDisconnect(ctx: Ctx, args: string[]): Outcome {
  const { state } = ctx;
  const parsed = parseDockerFlags('docker network disconnect', args, { force: { value: false, short: 'f' } });
  if (!parsed.ok) return parsed.error ? fail('The docker CLI rejects the command line.', exact(parsed.error)) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  if (p.positionals.length !== 2) return fail('docker network disconnect takes a network and a container.', exact(`"docker network disconnect" requires exactly 2 arguments.\nSee 'docker network disconnect --help'.\n\nUsage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n\nDisconnect a container from a network`));
  const notReady = engineReady(ctx, 'docker network disconnect');
  if (notReady) return notReady;
  const [netRef, ctRef] = p.positionals as [string, string];
  const net = findNetwork(state.capture, netRef);
  const ct = findContainer(state.capture, ctRef);
  if (!ct) return fail(`No container '${ctRef}' exists.`, exact(`Error response from daemon: No such container: ${ctRef}`));
  const cname = containerName(ct);
  const entry = Object.entries(ct.NetworkSettings?.Networks ?? {}).find(([k, s]) => lower(k) === lower(netRef) || (net && (lower(k) === lower(net.Name) || (s.NetworkID && s.NetworkID === net.Id))));
  if (!entry) {
    if (!net) return fail(`No docker network '${netRef}' exists.`, exact(`Error response from daemon: network ${netRef} not found`));
    return fail(`'${cname}' is not connected to '${net.Name}'.`, exact(`Error response from daemon: container ${ct.Id} is not connected to network ${net.Name}`));
  }
  const force = bool(p, 'force');
  if (isRunning(ct) && !force) {
    const refusal = hotAddRefusal(ctx, cname, ct.HostConfig?.Isolation, 'docker network disconnect', net?.Name ?? netRef);
    if (refusal) return refusal;
  }
  const changes: StateChange[] = [];
  if (isRunning(ct)) {
    // Detach only this network's endpoint.
    const all = ct.NetworkSettings!.Networks!;
    const others = Object.fromEntries(Object.entries(all).filter(([k]) => k !== entry[0]));
    (ct.NetworkSettings as { Networks?: unknown }).Networks = { [entry[0]]: entry[1] };
    stopContainer(state, ct, 'running');
    (ct as { State?: unknown }).State = { Status: 'running', Running: true };
    (ct.NetworkSettings as { Networks?: unknown }).Networks = others;
  } else {
    delete (ct.NetworkSettings!.Networks as Record<string, unknown>)[entry[0]];
  }
  if (net?.Containers) delete net.Containers[ct.Id];
  changes.push({ kind: 'container', action: 'changed', name: cname, detail: `disconnected from '${net?.Name ?? entry[0]}'` });
  return ok(`Disconnects '${cname}' from '${net?.Name ?? entry[0]}'.`, changes, force && isRunning(ct) ? ['--force removes the endpoint even where a running container would refuse.'] : []);
}

/** --ip rules of docker run / network connect. */
export function staticIpProblem(ctx: Ctx, netName: string, ip: string, containerRef: string): Outcome | undefined {
  const { model, state } = ctx;
  const net = findNetwork(state.capture, netName);
  const nm = net ? model.dockerNetworkByName(net.Name) : undefined;
  if (!parseAddress(ip) || parseAddress(ip)!.kind() !== 'ipv4') return fail(`'${ip}' is not an IPv4 address.`, described(`invalid IPv4 address: ${ip}`));
  if (net && lower(net.Name) === 'nat' && lower(net.Driver) === 'nat') {
    return fail("--ip works only on networks created by the user; 'nat' is Docker's default network.", exact('user specified IP address is supported on user defined networks only'), 'static-ip-needs-subnet-gateway',
      [ps`docker network create -d 'nat' --subnet '<subnet>' --gateway '<gateway>' '<network name>'`]);
  }
  const declared = (net?.IPAM?.Config ?? []).map((x) => parsePrefix(x.Subnet)).filter((x): x is Prefix => !!x && x.length > 0);
  if (declared.length === 0) {
    const hp = hostIpv4Prefix(model);
    return fail(`Network '${netName}' was created without --subnet, so Docker cannot place a static address on it.`, exact('user specified IP address is supported only when connecting to networks with user configured subnets'), 'static-ip-needs-subnet-gateway',
      net && hp.prefix ? [ps`docker network rm ${net.Name}`, createCommand(lower(net.Driver), net.Name, { subnet: hp.prefix.text, gateway: hp.gateway ?? firstHost(hp.prefix)!, options: Object.fromEntries(Object.entries(net.Options ?? {}).filter(([k]) => k !== OPT.hnsId)) })] : []);
  }
  if (!declared.some((s) => addressInPrefix(ip, s))) {
    return fail(`${ip} is outside the subnet${declared.length > 1 ? 's' : ''} of '${netName}' (${declared.map((s) => s.text).join(', ')}).`, described(`Invalid address ${ip}: It does not belong to any of this network's subnets`), 'static-ip-needs-subnet-gateway');
  }
  const holder = Object.values(net?.Containers ?? {}).find((x) => x.IPv4Address?.split('/')[0] === ip)?.Name
    ?? (state.capture.docker?.containers ?? []).find((c) => Object.values(c.NetworkSettings?.Networks ?? {}).some((s) => s.IPAMConfig?.IPv4Address === ip) && lower(containerName(c)) !== lower(containerRef))?.Name;
  const gw = nm?.effectiveSubnets.find((s) => s.gateway)?.gateway;
  if (holder || ip === gw) {
    return fail(`${ip} is already used on '${netName}' (${holder ? `by '${holder.replace(/^\//, '')}'` : 'as its gateway'}).`, described('Address already in use'), undefined);
  }
  return undefined;
}
