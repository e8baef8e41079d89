/**
 * nerdctl on Windows, as one more front end over the HNS layer. A nerdctl
 * network is a CNI conf (`nerdctl-<name>.conflist` in containerd's CNI conf
 * dir, plugin type `nat`); the HNS network behind it appears when the nat
 * plugin adds the first container, and stays in HNS after `nerdctl network rm`.
 * nerdctl's own default network is `nat`, 10.4.0.0/24.
 */
import { cniConfFile } from '../capture/derive.js';
import type { Capture } from '../capture/schema.js';
import { addressInPrefix, firstHost, parseAddress, parsePrefix, prefixesOverlap, type Prefix } from '../model/net.js';
import { ps, psQuote } from '../powershell.js';
import { all, last, parseDockerFlags, type FlagSpec } from './args.js';
import { hnsReady } from './hns/ready.js';
import { parsePublish, RUN_FLAGS, type PortRequest } from './docker-container.js';
import { createHnsEndpoint, freeHostPort, newMac, portHolder, PORT_TEXTS, type PortMapping } from './hns/endpoint.js';
import { createHnsNetwork, planHnsNetwork } from './hns/network.js';
import { refuse } from './hns/refusal.js';
import { dockerId, freeAddress, serviceRecord, usedPrefixes } from './state.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { described, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/** Where nerdctl on Windows keeps its CNI confs and plugins unless told otherwise. */
export const NERDCTL_CONF_DIR = 'C:\\Program Files\\containerd\\cni\\conf';
const NERDCTL_DEFAULT_NETWORK = 'nat';
const NERDCTL_DEFAULT_SUBNET = '10.4.0.0/24';

/** The capture's `cni` key: conf files as text, plugin binaries by name (a part not captured is absent). */
export interface CniCapture {
  confDirs: { path: string; files?: { name: string; text?: string | undefined }[] | undefined }[];
  binDirs?: { path: string; files?: string[] | undefined }[] | undefined;
}

export function cniOf(c: Capture): CniCapture | undefined {
  const v = (c as { cni?: unknown }).cni;
  return v && typeof v === 'object' && Array.isArray((v as CniCapture).confDirs) ? (v as CniCapture) : undefined;
}

/** A file the simulation writes into a conf dir, in the loader's shape (path, text, parsed conf). */
export function simulatedConfFile(dir: { path: string }, index: number, name: string, text: string | undefined): NonNullable<CniCapture['confDirs'][number]['files']>[number] {
  const at = (dir as { $ptr?: string }).$ptr ?? '/cni/confDirs/-';
  return cniConfFile(dir.path, `${at}/files/${index}`, name, text);
}

/** One network as nerdctl sees it: a conf file and what it says. */
export interface CniNetwork {
  readonly file: string;
  readonly dir: string;
  readonly name: string;
  readonly type?: string;
  readonly subnet?: Prefix;
  readonly gateway?: string;
  /** The plugin declares `capabilities.portMappings`: only then does the runtime hand it the -p mappings. */
  readonly portMappings: boolean;
}

function pick(o: unknown, key: string): unknown {
  if (!o || typeof o !== 'object') return undefined;
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : (o as Record<string, unknown>)[k];
}

/** Reads a conf (JSON, keys in any case); an unreadable file is skipped, as the CNI library skips it. */
export function readConf(dir: string, file: { name: string; text?: string | undefined }): CniNetwork | undefined {
  if (file.text === undefined) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(file.text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const name = pick(j, 'name');
  if (typeof name !== 'string') return undefined;
  const plugins = pick(j, 'plugins');
  const plugin = Array.isArray(plugins) ? plugins[0] : j;
  const ipam = pick(plugin, 'ipam');
  const ranges = pick(ipam, 'ranges');
  const firstRange = Array.isArray(ranges) && Array.isArray(ranges[0]) ? ranges[0][0] : undefined;
  const subnetText = pick(ipam, 'subnet') ?? pick(firstRange, 'subnet');
  const routes = pick(ipam, 'routes');
  const gw = pick(ipam, 'gateway') ?? pick(firstRange, 'gateway') ?? (Array.isArray(routes) ? routes.map((r) => pick(r, 'gateway')).find((g) => typeof g === 'string') : undefined);
  const subnet = typeof subnetText === 'string' ? parsePrefix(subnetText) : undefined;
  const type = pick(plugin, 'type');
  const portMappings = pick(pick(plugin, 'capabilities'), 'portMappings') === true;
  return { file: file.name, dir, name, portMappings, ...(typeof type === 'string' ? { type } : {}), ...(subnet ? { subnet } : {}), ...(typeof gw === 'string' ? { gateway: gw } : {}) };
}

export function cniNetworks(cni: CniCapture): CniNetwork[] {
  const out: CniNetwork[] = [];
  for (const d of cni.confDirs) for (const f of d.files ?? []) if (/\.(conflist|conf|json)$/i.test(f.name)) {
    const n = readConf(d.path, f);
    if (n) out.push(n);
  }
  return out;
}

/**
 * The conf text nerdctl writes for a nat network. It declares no
 * `capabilities`, so the runtime never hands the nat plugin the -p port
 * mappings (containerd/nerdctl#5157).
 */
export function nerdctlConflist(name: string, id: string, subnet: Prefix, gateway: string, isDefault = false): string {
  return `${JSON.stringify({
    cniVersion: '1.0.0', name, nerdctlID: id, nerdctlLabels: isDefault ? { 'nerdctl/default-network': 'true' } : {},
    plugins: [{ type: 'nat', master: 'Ethernet', ipam: { routes: [{ gateway }], subnet: subnet.text, type: '' } }],
  }, null, 2)}\n`;
}

const fatal = (msg: string) => `time="<now>" level=fatal msg="${msg.replace(/"/g, '\\"')}"`;

/** containerd must run, and the capture must say where the CNI confs are. */
function ready(ctx: Ctx, what: string): { cni: CniCapture; dir: CniCapture['confDirs'][number] } | Outcome {
  const c = ctx.state.capture;
  const svc = serviceRecord(c, 'containerd');
  const hasContainerd = svc !== undefined || (c as { containerd?: unknown }).containerd !== undefined;
  if (!hasContainerd) return notModelled(`${what}, because the capture holds no containerd state and no containerd service`);
  if (svc && svc.Status !== 'Running') {
    return fail(
      `containerd is not running (service 'containerd' is ${svc.Status}), so nerdctl cannot reach it.`,
      described(fatal('cannot access containerd socket "\\\\.\\pipe\\containerd-containerd": open \\\\.\\pipe\\containerd-containerd: The system cannot find the file specified.')),
      undefined,
      [ps`Start-Service -Name 'containerd'`],
    );
  }
  const cni = cniOf(c);
  if (!cni) return notModelled(`${what}, because the CNI conf dirs were not captured (key cni)`);
  // A conf dir the collector did not find is made when nerdctl first writes to it.
  const dir = cni.confDirs.find((d) => lower(d.path) === lower(NERDCTL_CONF_DIR)) ?? { path: NERDCTL_CONF_DIR, files: [] };
  return { cni, dir };
}

/** Adds a conf file to nerdctl's conf dir (and the dir to the capture, if it was not there). */
function writeConf(r: { cni: CniCapture; dir: CniCapture['confDirs'][number] }, file: { name: string; text: string }): void {
  if (!r.cni.confDirs.includes(r.dir)) r.cni.confDirs.push(r.dir);
  const files = (r.dir.files ??= []);
  files.push(simulatedConfFile(r.dir, files.length, file.name, file.text));
}

const CREATE_FLAGS: FlagSpec = {
  driver: { value: true, short: 'd' }, subnet: { value: true }, gateway: { value: true }, 'ip-range': { value: true },
  opt: { value: true, short: 'o' }, label: { value: true }, 'ipam-driver': { value: true }, 'ipam-opt': { value: true }, ipv6: { value: false },
};

/** The next 10.4.N.0/24 that no CNI conf holds (nerdctl looks only at its confs; 10.4.0.0/24 is its default network's). */
function nextSubnet(nets: readonly CniNetwork[]): Prefix | undefined {
  for (let i = 1; i < 256; i++) {
    const p = parsePrefix(`10.4.${i}.0/24`)!;
    if (!nets.some((n) => n.subnet && prefixesOverlap(n.subnet, p))) return p;
  }
  return undefined;
}

function networkCreate(ctx: Ctx, args: string[]): Outcome {
  const parsed = parseDockerFlags('nerdctl network create', args, CREATE_FLAGS);
  if (!parsed.ok) return parsed.error ? fail('nerdctl rejects the command line.', described(fatal(parsed.error))) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  if (p.positionals.length !== 1) return fail('nerdctl network create takes exactly one network name.', described(fatal('requires exactly 1 arg(s), only received ' + String(p.positionals.length))));
  const name = p.positionals[0]!;
  const driver = lower(last(p, 'driver') ?? 'nat');
  if (driver !== 'nat') {
    return fail(`nerdctl on Windows makes only nat networks (the CNI nat plugin); '${driver}' is not one of them.`, described(fatal(`unsupported cni driver "${driver}"`)), undefined,
      [`nerdctl network create --driver 'nat'${(() => { const s = last(p, 'subnet'); return s ? ` --subnet ${psQuote(s)}` : ''; })()} ${psQuote(name)}`]);
  }
  if (all(p, 'opt').length > 0 || all(p, 'ipam-opt').length > 0 || last(p, 'ipam-driver') !== undefined || all(p, 'ip-range').length > 0 || p.flags.has('ipv6')) {
    return notModelled('nerdctl network create with --opt, --ipam-driver, --ipam-opt, --ip-range or --ipv6');
  }
  const r = ready(ctx, 'nerdctl network create');
  if ('status' in r) return r;
  const nets = cniNetworks(r.cni);
  if (['host', 'none'].includes(lower(name))) return fail(`'${name}' is a name nerdctl keeps for itself.`, described(fatal(`network name "${name}" is reserved`)));
  if (nets.some((n) => n.name === name) || name === NERDCTL_DEFAULT_NETWORK) {
    return fail(`A network named '${name}' already exists for nerdctl${name === NERDCTL_DEFAULT_NETWORK ? ' (its default network)' : ''}.`, described(fatal(`network with name "${name}" already exists`)), undefined, [ps`nerdctl network inspect ${name}`]);
  }
  const notes: string[] = [];
  const subnetText = last(p, 'subnet');
  let subnet: Prefix | undefined;
  if (subnetText !== undefined) {
    subnet = parsePrefix(subnetText);
    if (!subnet || !subnetText.includes('/') || subnet.family !== 'ipv4') return fail(`'${subnetText}' is not an IPv4 prefix in CIDR form.`, described(fatal(`invalid CIDR address: ${subnetText}`)));
  } else {
    subnet = nextSubnet(nets);
    if (!subnet) return fail('No free 10.4.N.0/24 is left.', described(fatal('failed to find a free subnet')));
    notes.push(`Without --subnet nerdctl takes the next 10.4.N.0/24 that none of its confs holds: ${subnet.text}.`);
  }
  const gatewayText = last(p, 'gateway');
  if (gatewayText !== undefined && (!parseAddress(gatewayText) || !addressInPrefix(gatewayText, subnet))) {
    return fail(`The gateway ${gatewayText} is not inside the subnet ${subnet.text}.`, described(fatal(`no matching subnet for gateway ${gatewayText}`)), 'gateway-outside-subnet',
      [`nerdctl network create --subnet ${psQuote(subnet.text)} --gateway ${psQuote(firstHost(subnet)!)} ${psQuote(name)}`]);
  }
  const gateway = gatewayText ?? firstHost(subnet)!;
  const clash = usedPrefixes(ctx.state.capture, ctx.model).find((u) => prefixesOverlap(u, subnet!));
  if (clash) notes.push(`${subnet.text} overlaps ${clash.text}, already in use on this host; nerdctl does not check, HNS refuses the nat network when the first container starts.`);
  const fileName = `nerdctl-${name}.conflist`;
  writeConf(r, { name: fileName, text: nerdctlConflist(name, dockerId(ctx.state, `nerdctl:${name}`), subnet, gateway) });
  notes.push('nerdctl only writes the CNI conf; the HNS network appears when the first container joins it (the nat plugin creates it).');
  const changes: StateChange[] = [{ kind: 'cni-conf', action: 'added', name: `${r.dir.path}\\${fileName}`, detail: `nat network '${name}', subnet ${subnet.text}, gateway ${gateway}` }];
  return ok(`Creates nerdctl network '${name}' (${subnet.text}).`, changes, notes);
}

function networkRm(ctx: Ctx, args: string[]): Outcome {
  const parsed = parseDockerFlags('nerdctl network rm', args, { force: { value: false, short: 'f' } });
  if (!parsed.ok) return parsed.error ? fail('nerdctl rejects the command line.', described(fatal(parsed.error))) : notModelled(parsed.notModelled!);
  const names = parsed.parsed.positionals;
  if (names.length === 0) return fail('No network was named.', described(fatal('requires at least 1 arg(s), only received 0')));
  const r = ready(ctx, 'nerdctl network rm');
  if ('status' in r) return r;
  const c = ctx.state.capture;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  const advice: string[] = [];
  for (const n of names) {
    const net = cniNetworks(r.cni).find((x) => x.name === n);
    if (['host', 'none'].includes(lower(n)) || n === NERDCTL_DEFAULT_NETWORK) {
      return fail(`'${n}' is ${n === NERDCTL_DEFAULT_NETWORK ? "nerdctl's default network" : 'a pseudo network'} and cannot be removed.`, described(fatal(`${n === NERDCTL_DEFAULT_NETWORK ? 'default' : 'pseudo'} network "${n}" cannot be removed`)), undefined, [], notes, changes);
    }
    if (!net) return fail(`No nerdctl network '${n}' exists (no CNI conf with that name).`, described(fatal(`no such network: ${n}`)), undefined, [ps`nerdctl network ls`], notes, changes);
    const hns = (c.hnsNetworks ?? []).find((h) => h.Name === net.name);
    const users = hns ? (c.hnsEndpoints ?? []).filter((e) => lower(e.NetworkId) === lower(hns.ID) && lower(e.Name).endsWith(`_${lower(net.name)}`)) : [];
    if (users.length > 0) {
      const id = users[0]!.Name!.slice(0, -(net.name.length + 1));
      return fail(`A container still uses '${n}' (HNS endpoint '${users[0]!.Name}').`, described(fatal(`network "${n}" is in use by container "${id}"`)), undefined, [ps`nerdctl rm --force ${id}`, ps`nerdctl network rm ${n}`], notes, changes);
    }
    const dir = r.cni.confDirs.find((d) => d.path === net.dir)!;
    dir.files = (dir.files ?? []).filter((f) => f.name !== net.file);
    changes.push({ kind: 'cni-conf', action: 'removed', name: `${net.dir}\\${net.file}`, detail: `nerdctl network '${n}'` });
    if (hns) {
      notes.push(`The HNS network '${hns.Name}' (${hns.ID}) that the nat plugin made stays in HNS; with its conf gone nothing owns it any more.`);
      advice.push(ps`Get-HnsNetwork | Where-Object Id -eq ${hns.ID} | Remove-HnsNetwork`);
    }
  }
  return { ...ok(`Removes nerdctl network${names.length === 1 ? '' : 's'} ${names.map((x) => `'${x}'`).join(', ')}.`, changes, notes), advice };
}

/** `nerdctl run`: the nat plugin makes the HNS network if it is missing, then the container's endpoint with its port mappings. */
function run(ctx: Ctx, args: string[]): Outcome {
  const { state } = ctx;
  const parsed = parseDockerFlags('nerdctl run', args, RUN_FLAGS, false);
  if (!parsed.ok) return parsed.error ? fail('nerdctl rejects the command line.', described(fatal(parsed.error))) : notModelled(parsed.notModelled!);
  const p = parsed.parsed;
  if (p.positionals.length === 0) return fail('No image was given.', described(fatal('requires at least 1 arg(s), only received 0')));
  const networks = [...all(p, 'network'), ...all(p, 'net')];
  if (networks.length > 1) return notModelled('more than one --network on one nerdctl container');
  if (all(p, 'ip').length > 0 || all(p, 'link').length > 0 || all(p, 'ip6').length > 0) return notModelled('nerdctl run --ip, --ip6 or --link');
  const netName = networks[0] ?? NERDCTL_DEFAULT_NETWORK;
  if (['host'].includes(lower(netName)) || lower(netName).startsWith('container:')) return notModelled(`nerdctl run --network ${netName}`);
  const publish: PortRequest[] = [];
  for (const spec of all(p, 'publish')) {
    const r = parsePublish(spec);
    if (typeof r === 'string') return r.includes('not modelled') ? notModelled(r) : fail(`'-p ${spec}' is not a valid port mapping.`, described(fatal(r)));
    publish.push(...r);
  }
  const r = ready(ctx, 'nerdctl run');
  if ('status' in r) return r;
  const name = last(p, 'name') ?? `sim-nerdctl-${state.seq + 1}`;
  const notes: string[] = [];
  const changes: StateChange[] = [];
  if (lower(netName) === 'none') return ok(`Starts container '${name}' with no network.`, [], ['With --network none the container gets only a loopback interface.']);
  let net = cniNetworks(r.cni).find((n) => n.name === netName);
  if (!net && netName === NERDCTL_DEFAULT_NETWORK) {
    const subnet = parsePrefix(NERDCTL_DEFAULT_SUBNET)!;
    const file = { name: `nerdctl-${NERDCTL_DEFAULT_NETWORK}.conflist`, text: nerdctlConflist(NERDCTL_DEFAULT_NETWORK, dockerId(state, 'nerdctl:nat'), subnet, firstHost(subnet)!, true) };
    writeConf(r, file);
    net = readConf(r.dir.path, file);
    changes.push({ kind: 'cni-conf', action: 'added', name: `${r.dir.path}\\${file.name}`, detail: `nerdctl's default network 'nat', ${NERDCTL_DEFAULT_SUBNET}` });
  }
  if (!net) return fail(`No nerdctl network '${netName}' exists (no CNI conf with that name).`, described(fatal(`failed to verify networking settings: network ${netName} not found`)), undefined, [ps`nerdctl network create ${netName}`]);
  const bins = r.cni.binDirs;
  const plugin = net.type ?? 'nat';
  if (bins && !bins.some((d) => (d.files ?? []).some((f) => lower(f) === `${lower(plugin)}.exe` || lower(f) === lower(plugin)))) {
    return fail(`The CNI plugin '${plugin}' is not installed in any captured CNI bin dir.`, described(fatal(`needs CNI plugin "${plugin}" to be installed in CNI_PATH ("C:\\\\Program Files\\\\containerd\\\\cni\\\\bin")`)), undefined, [], notes, changes);
  }
  const hnsProblem = hnsReady(ctx, changes, notes, 'network');
  if (hnsProblem) return { ...hnsProblem, changes: [...changes, ...hnsProblem.changes] };
  // The nat plugin finds the HNS network by the conf's name, or creates it from the conf's subnet and gateway.
  const c = state.capture;
  let hns = (c.hnsNetworks ?? []).find((h) => h.Name === net!.name);
  if (!hns) {
    const planned = planHnsNetwork(state, ctx.model, { name: net.name, type: 'nat', ...(net.subnet ? { subnet: net.subnet } : {}), ...(net.gateway ? { gateway: net.gateway } : {}) });
    if (!planned.ok) {
      return refuse(planned.refusal, 'nerdctl', (retry) => (retry.subnet ? `nerdctl network create --subnet ${psQuote(retry.subnet.text)} ${psQuote(`${net!.name}-2`)}` : undefined), { network: net.name, changes, notes });
    }
    notes.push(...planned.plan.notes);
    createHnsNetwork(state, ctx.model, planned.plan.spec, changes);
    hns = c.hnsNetworks!.find((h) => h.Name === net!.name)!;
  } else {
    const hnsSubnet = parsePrefix(hns.Subnets[0]?.AddressPrefix);
    if (net.subnet && hnsSubnet && hnsSubnet.text !== net.subnet.text) {
      notes.push(`HNS already has a network named '${net.name}' (${hnsSubnet.text}), and the nat plugin joins it: the container gets an address from ${hnsSubnet.text}, not from the conf's ${net.subnet.text}, while its gateway comes from the conf (${net.gateway ?? '?'}).`);
    }
  }
  const subnet = parsePrefix(hns.Subnets[0]?.AddressPrefix);
  const ports: PortMapping[] = [];
  const taken = new Set<number>();
  if (publish.length > 0 && !net.portMappings) {
    notes.push(`The conf ${net.file} declares no "capabilities": {"portMappings": true} on its plugin, so the runtime does not hand it the -p mappings: the container runs and no host port is mapped, with no error (containerd/nerdctl#5157). Add the capability to the plugin in ${net.dir}\\${net.file} for -p to work.`);
  }
  for (const q of net.portMappings ? publish : []) {
    const host = q.hostPort ?? freeHostPort(state, ctx.model, 49153, q.protocol, taken);
    const holder = taken.has(host) ? 'this same command' : portHolder(state, ctx.model, host, q.protocol);
    if (holder) {
      const alt = freeHostPort(state, ctx.model, host + 1, q.protocol, taken);
      return fail(
        `Host port ${host}/${q.protocol} is already taken by ${holder}.`,
        described(fatal(`failed to create shim task: plugin type="nat" name="${net.name}" failed (add): HNS failed with error : The specified port already exists.`), PORT_TEXTS),
        'port-conflict',
        [`nerdctl run -d -p ${psQuote(`${alt}:${q.containerPort}`)} --network ${psQuote(net.name)} --name ${psQuote(name)} ${psQuote(p.positionals[0]!)}`],
        notes, changes,
      );
    }
    taken.add(host);
    ports.push({ protocol: q.protocol, internalPort: q.containerPort, externalPort: host, ...(q.hostIp ? { hostIp: q.hostIp } : {}) });
  }
  const takenIps = new Set<string>((c.hnsEndpoints ?? []).filter((e) => lower(e.NetworkId) === lower(hns!.ID) && e.IPAddress).map((e) => e.IPAddress!));
  const gateway = hns.Subnets[0]?.GatewayAddress ?? net.gateway;
  if (gateway) takenIps.add(gateway);
  const ip = subnet ? freeAddress(subnet, takenIps) : undefined;
  const id = dockerId(state, `nerdctl-ct:${name}`);
  createHnsEndpoint(state, ctx.model, {
    networkId: hns.ID, name: `${id}_${net.name}`, ...(ip ? { ip } : {}), ...(subnet ? { prefixLength: subnet.length } : {}), ...(gateway ? { gateway } : {}),
    mac: newMac(state, `mac:nerdctl:${name}`), ports, key: `nerdctl:${name}`,
  });
  changes.push({ kind: 'hns-endpoint', action: 'added', name: `${id.slice(0, 12)}…_${net.name}`, detail: `container '${name}'${ip ? `, IP ${ip}` : ''}${ports.length > 0 ? `, ports ${ports.map((x) => `${x.externalPort}->${x.internalPort}/${x.protocol}`).join(', ')}` : ''}` });
  notes.push('nerdctl containers are not in the capture; the simulation keeps this one as its HNS endpoint.');
  return ok(`Starts container '${name}' on nerdctl network '${net.name}'${ip ? ` with IP ${ip}` : ''}.`, changes, notes);
}

const READS = new Set(['ps', 'images', 'inspect', 'info', 'version', 'logs', 'network ls', 'network list', 'network inspect', 'container ls', 'container inspect', 'image ls']);

/** True when a nerdctl command line only reads. */
export function nerdctlReadsOnly(values: readonly string[]): boolean {
  const [a, b] = values.map((v) => v.toLowerCase());
  return READS.has(a ?? '') || READS.has(`${a ?? ''} ${b ?? ''}`);
}

export function nerdctlCommand(ctx: Ctx, inv: Invocation): Outcome {
  const native = nativeArgs(inv.args);
  if (native.dynamic) return notModelled(`a nerdctl argument that is ${native.dynamic}`);
  const args = native.values;
  if (args[0]?.startsWith('-')) return notModelled(`the nerdctl global option ${args[0]}`);
  if (args.length === 0 || args.includes('--help')) return noop('Prints help.');
  if (nerdctlReadsOnly(args)) return noop(`nerdctl ${args.slice(0, 2).join(' ')} only reads.`);
  const [sub, verb] = [lower(args[0]), lower(args[1])];
  if (sub === 'network' && verb === 'create') return networkCreate(ctx, args.slice(2));
  if (sub === 'network' && (verb === 'rm' || verb === 'remove')) return networkRm(ctx, args.slice(2));
  if (sub === 'run') return run(ctx, args.slice(1));
  return notModelled(`nerdctl ${args.slice(0, 2).join(' ')}`);
}
