/**
 * A compose file as the docker commands Compose would run for it on Windows:
 * create the project's networks (`<project>_<name>`), check external ones,
 * then create each service's container, connect its other networks, and
 * start it. The commands go through the same simulator as typed commands, so
 * every Windows rule applies. On top of that, services that reach each other
 * by name are checked against the drivers' service discovery.
 */
import { parse as parseYaml } from 'yaml';
import type { Capture } from '../capture/schema.js';
import type { KnowledgeId } from '../knowledge/catalog.js';
import { psQuote } from '../powershell.js';
import { simulateCommands, type SimulateOptions } from './engine.js';
import type { SimulationResult } from './types.js';

export interface ComposeWarning {
  readonly knowledge: KnowledgeId;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly services: readonly string[];
}

export interface ComposePlan {
  readonly project: string;
  /** One docker command per entry, in the order Compose runs them. */
  readonly commands: readonly string[];
  /** Compose keys the simulator does not model (said plainly, never guessed). */
  readonly notModelled: readonly string[];
  /** Problems reading the file: the plan is empty when there are any. */
  readonly problems: readonly string[];
  /** For the name-resolution analysis: per service, the project network keys and the services it refers to by name. */
  readonly services: readonly { name: string; container: string; networks: string[]; refersTo: string[] }[];
  /** Network key → docker network name, external flag and declared driver. */
  readonly networks: Readonly<Record<string, { name: string; external: boolean; driver: string | undefined }>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Compose's project name rule: lower case, only a-z0-9_-. */
function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

const NETWORK_KEYS = new Set(['driver', 'driver_opts', 'ipam', 'external', 'name', 'internal', 'enable_ipv6', 'attachable', 'labels']);
const SERVICE_KEYS_IGNORED = new Set(['image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'volumes', 'depends_on', 'restart', 'deploy', 'healthcheck', 'labels', 'working_dir', 'user', 'stdin_open', 'tty', 'logging', 'isolation', 'expose', 'platform', 'cpus', 'mem_limit', 'secrets', 'configs', 'profiles', 'stop_grace_period', 'hostname']);

export function planCompose(text: string, projectName: string): ComposePlan {
  const problems: string[] = [];
  const notModelled: string[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    return { project: projectName, commands: [], notModelled, problems: [`the compose file is not valid YAML: ${(e as Error).message.split('\n')[0]}`], services: [], networks: {} };
  }
  if (!isObj(doc) || !isObj(doc['services'])) {
    return { project: projectName, commands: [], notModelled, problems: ['the compose file has no services: mapping'], services: [], networks: {} };
  }
  const project = normalizeProject(typeof doc['name'] === 'string' ? doc['name'] : projectName) || 'project';
  const declared: Obj = isObj(doc['networks']) ? doc['networks'] : {};
  const servicesIn = doc['services'] as Obj;
  const networks: Record<string, { name: string; external: boolean; driver: string | undefined }> = {};
  const commands: string[] = [];
  const services: { name: string; container: string; networks: string[]; refersTo: string[] }[] = [];

  // Which network keys each service uses.
  const used = new Set<string>();
  const serviceNets = new Map<string, { key: string; ip?: string }[]>();
  for (const [svc, defRaw] of Object.entries(servicesIn)) {
    const def = isObj(defRaw) ? defRaw : {};
    let nets: { key: string; ip?: string }[] = [];
    if (def['network_mode'] !== undefined) {
      if (String(def['network_mode']) !== 'none') notModelled.push(`services.${svc}.network_mode: ${String(def['network_mode'])}`);
    } else if (Array.isArray(def['networks'])) {
      nets = def['networks'].map((k) => ({ key: String(k) }));
    } else if (isObj(def['networks'])) {
      nets = Object.entries(def['networks']).map(([k, v]) => {
        const ip = isObj(v) && v['ipv4_address'] !== undefined ? String(v['ipv4_address']) : undefined;
        if (isObj(v)) for (const extra of Object.keys(v)) if (!['ipv4_address', 'aliases', 'ipv6_address'].includes(extra)) notModelled.push(`services.${svc}.networks.${k}.${extra}`);
        return { key: k, ...(ip ? { ip } : {}) };
      });
    } else {
      nets = [{ key: 'default' }];
    }
    for (const n of nets) used.add(n.key);
    serviceNets.set(svc, nets);
  }
  for (const key of used) if (key !== 'default' && !(key in declared)) problems.push(`service network '${key}' is not declared under networks:`);
  if (problems.length > 0) return { project, commands: [], notModelled, problems, services: [], networks: {} };

  for (const key of [...used].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : 0))) {
    const def = isObj(declared[key]) ? (declared[key] as Obj) : {};
    for (const k of Object.keys(def)) if (!NETWORK_KEYS.has(k)) notModelled.push(`networks.${key}.${k}`);
    const ext = def['external'];
    if (ext === true || isObj(ext)) {
      const name = typeof def['name'] === 'string' ? def['name'] : isObj(ext) && typeof ext['name'] === 'string' ? ext['name'] : key;
      networks[key] = { name, external: true, driver: undefined };
      commands.push(`docker network inspect ${psQuote(name)}`);
      continue;
    }
    const name = typeof def['name'] === 'string' ? def['name'] : `${project}_${key}`;
    const driver = typeof def['driver'] === 'string' ? def['driver'] : undefined;
    networks[key] = { name, external: false, driver };
    let cmd = 'docker network create';
    if (driver) cmd += ` -d ${psQuote(driver)}`;
    const ipam = isObj(def['ipam']) ? def['ipam'] : undefined;
    if (ipam && typeof ipam['driver'] === 'string') cmd += ` --ipam-driver ${psQuote(ipam['driver'])}`;
    if (ipam && isObj(ipam['options'])) for (const [k, v] of Object.entries(ipam['options'])) cmd += ` --ipam-opt ${psQuote(`${k}=${String(v ?? '')}`)}`;
    for (const c of ipam && Array.isArray(ipam['config']) ? ipam['config'] : []) {
      if (!isObj(c)) continue;
      if (c['subnet'] !== undefined) cmd += ` --subnet ${psQuote(String(c['subnet']))}`;
      if (c['gateway'] !== undefined) cmd += ` --gateway ${psQuote(String(c['gateway']))}`;
      if (c['ip_range'] !== undefined) cmd += ` --ip-range ${psQuote(String(c['ip_range']))}`;
      if (isObj(c['aux_addresses'])) for (const [k, v] of Object.entries(c['aux_addresses'])) cmd += ` --aux-address ${psQuote(`${k}=${String(v)}`)}`;
    }
    if (isObj(def['driver_opts'])) for (const [k, v] of Object.entries(def['driver_opts'])) cmd += ` -o ${psQuote(`${k}=${String(v ?? '')}`)}`;
    if (def['internal'] === true) cmd += ' --internal';
    if (def['enable_ipv6'] === true) cmd += ' --ipv6';
    if (def['attachable'] === true) cmd += ' --attachable';
    commands.push(`${cmd} ${psQuote(name)}`);
  }

  // Services: create, connect the other networks, start (the order Compose uses).
  const order = startOrder(servicesIn);
  for (const svc of order) {
    const def = isObj(servicesIn[svc]) ? (servicesIn[svc] as Obj) : {};
    for (const k of Object.keys(def)) {
      if (!SERVICE_KEYS_IGNORED.has(k) && !['networks', 'network_mode', 'ports', 'links', 'dns', 'dns_search', 'dns_opt', 'container_name', 'extra_hosts'].includes(k)) notModelled.push(`services.${svc}.${k}`);
    }
    const container = typeof def['container_name'] === 'string' ? def['container_name'] : `${project}-${svc}-1`;
    const image = typeof def['image'] === 'string' ? def['image'] : `${project}-${svc}`;
    const nets = serviceNets.get(svc) ?? [];
    let cmd = `docker create --name ${psQuote(container)}`;
    const first = nets[0];
    if (def['network_mode'] === 'none') cmd += " --network 'none'";
    else if (first) {
      cmd += ` --network ${psQuote(networks[first.key]!.name)}`;
      if (first.ip) cmd += ` --ip ${psQuote(first.ip)}`;
    }
    for (const p of Array.isArray(def['ports']) ? def['ports'] : []) {
      if (isObj(p)) {
        const target = p['target'];
        const published = p['published'];
        const proto = p['protocol'] ? `/${String(p['protocol'])}` : '';
        const hostIp = p['host_ip'] ? `${String(p['host_ip'])}:` : '';
        cmd += ` -p ${psQuote(`${hostIp}${published !== undefined ? `${String(published)}:` : ''}${String(target)}${proto}`)}`;
      } else {
        cmd += ` -p ${psQuote(String(p))}`;
      }
    }
    for (const l of list(def['links'])) cmd += ` --link ${psQuote(l)}`;
    for (const d of list(def['dns'])) cmd += ` --dns ${psQuote(d)}`;
    for (const d of list(def['dns_search'])) cmd += ` --dns-search ${psQuote(d)}`;
    for (const d of list(def['dns_opt'])) cmd += ` --dns-option ${psQuote(d)}`;
    commands.push(`${cmd} ${psQuote(image)}`);
    for (const n of nets.slice(1)) commands.push(`docker network connect${n.ip ? ` --ip ${psQuote(n.ip)}` : ''} ${psQuote(networks[n.key]!.name)} ${psQuote(container)}`);
    commands.push(`docker start ${psQuote(container)}`);
    services.push({ name: svc, container, networks: nets.map((n) => n.key), refersTo: references(svc, def, Object.keys(servicesIn)) });
  }
  return { project, commands, notModelled: [...new Set(notModelled)], problems, services, networks };
}

/** depends_on first, then declaration order. */
function startOrder(services: Obj): string[] {
  const names = Object.keys(services);
  const out: string[] = [];
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (out.includes(n) || visiting.has(n) || !names.includes(n)) return;
    visiting.add(n);
    const def = services[n];
    const deps = isObj(def) ? (Array.isArray(def['depends_on']) ? def['depends_on'].map(String) : isObj(def['depends_on']) ? Object.keys(def['depends_on']) : []) : [];
    for (const d of deps) visit(d);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

/** Services a service reaches by name: links, depends_on, and service names in its environment values. */
function references(self: string, def: Obj, all: readonly string[]): string[] {
  const out = new Set<string>();
  for (const l of list(def['links'])) out.add(l.split(':')[0]!);
  const deps = Array.isArray(def['depends_on']) ? def['depends_on'].map(String) : isObj(def['depends_on']) ? Object.keys(def['depends_on']) : [];
  for (const d of deps) out.add(d);
  const env = def['environment'];
  const values = Array.isArray(env) ? env.map((e) => String(e).split('=').slice(1).join('=')) : isObj(env) ? Object.values(env).map((v) => String(v ?? '')) : [];
  for (const v of values) {
    for (const other of all) {
      if (other !== self && new RegExp(`(^|[^A-Za-z0-9_.-])${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_-]|$)`).test(v)) out.add(other);
    }
  }
  out.delete(self);
  return [...out].filter((x) => all.includes(x));
}

const DISCOVERY = new Set(['nat', 'overlay']);

/** Simulates a compose file: its commands in order, then the name-resolution analysis on the resulting state. */
export function simulateCompose(capture: Capture, text: string, projectName: string, options: SimulateOptions = {}): { plan: ComposePlan; result: SimulationResult; warnings: ComposeWarning[] } {
  const plan = planCompose(text, projectName);
  const simulated = simulateCommands(capture, plan.commands, options);
  // Compose refuses to start when an external network is missing.
  const missing = Object.values(plan.networks).filter((n) => n.external && !capture.docker?.networks?.some((x) => x.Name.toLowerCase() === n.name.toLowerCase()));
  const steps = simulated.steps.map((s) => {
    const m = missing.find((n) => s.command === `docker network inspect ${psQuote(n.name)}`);
    if (!m || !capture.docker?.networks) return s;
    return {
      ...s, status: 'fails' as const,
      reason: `The compose file declares '${m.name}' as external, and no docker network has that name.`,
      error: { text: `network ${m.name} declared as external, but could not be found`, exact: true },
      knowledge: 'compose-networks' as const,
      advice: m.name.toLowerCase() === 'nat' ? [`Restart-Service -Name 'docker'`] : [`docker network create -d 'nat' ${psQuote(m.name)}`],
    };
  });
  const result: SimulationResult = { ...simulated, steps, ok: steps.every((s) => s.status !== 'fails') };
  const warnings: ComposeWarning[] = [];
  const driverOf = (key: string): string | undefined => {
    const n = plan.networks[key];
    if (!n) return undefined;
    const rec = result.capture.docker?.networks?.find((x) => x.Name.toLowerCase() === n.name.toLowerCase());
    return (rec?.Driver ?? n.driver ?? 'bridge').toLowerCase();
  };
  for (const s of plan.services) {
    for (const target of s.refersTo) {
      const t = plan.services.find((x) => x.name === target);
      if (!t) continue;
      const shared = s.networks.filter((n) => t.networks.includes(n));
      if (shared.length === 0) {
        warnings.push({ knowledge: 'compose-networks', severity: 'warning', services: [s.name, target], message: `Service '${s.name}' refers to '${target}' by name, but they share no network: the name does not resolve.` });
        continue;
      }
      const drivers = shared.map(driverOf);
      if (drivers.every((d) => d !== undefined && !DISCOVERY.has(d))) {
        warnings.push({
          knowledge: 'no-service-discovery', severity: 'warning', services: [s.name, target],
          message: `Service '${s.name}' reaches '${target}' by name over ${shared.map((k, i) => `'${plan.networks[k]!.name}' (${drivers[i]})`).join(', ')}; these drivers have no service discovery on Windows, so the name does not resolve. Put both on a nat network, or register the names in the LAN's DNS.`,
        });
      }
    }
  }
  return { plan, result, warnings };
}
