/**
 * Where containerd's CRI plugin looks for CNI confs and plugins, and what the
 * capture holds there: the conf dir and bin dirs from config.toml (or `crictl
 * info`, or containerd's Windows defaults), the captured listings of those
 * folders, the confs containerd loads, and the other well-known CNI folders
 * the collector also read. The collector lists only folders that exist, so a
 * configured folder missing from a captured `cni` key does not exist.
 * Pure; paths compare without case, slash kind or trailing separator.
 */
import type { CniBinDir, CniConfDir, CniConfFile, CniPlugin, Sourced } from '../../capture/runtime-types.js';
import { parsePrefix, type Prefix } from '../net.js';
import type { HnsNetworkModel, HostModel } from '../types.js';
import { kubernetesFacts } from './kubernetes.js';

/** The file names libcni reads as confs. */
export const CONF_FILE = /\.(conf|conflist|json)$/i;

/** Text as a literal inside a regular expression. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function samePath(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const norm = (p: string) => p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** A Windows path as the collector and Windows write it (backslashes). */
export function windowsPath(p: string): string {
  return p.replace(/\//g, '\\').replace(/\\+$/, '');
}

export interface ContainerdCni {
  /** The folder containerd reads confs from, and where that was read. */
  readonly confDir: Sourced<string>;
  readonly binDirs: Sourced<readonly string[]>;
  /** The config.toml path, when the capture names it and config.toml set the folders. */
  readonly configPath: string | undefined;
  /** True when config.toml has a `conf_dir` line (one to edit). */
  readonly confDirLine: boolean;
  readonly maxConfNum: number | undefined;
  /** The captured conf folders (undefined when `cni.confDirs` was not captured). */
  readonly confDirs: readonly CniConfDir[] | undefined;
  readonly binDirRecords: readonly CniBinDir[] | undefined;
  /** The captured listing of the conf folder (undefined: not captured, or the folder does not exist). */
  readonly confDirRecord: CniConfDir | undefined;
  /** Conf files in the conf folder, by name (libcni's order). */
  readonly confFiles: readonly CniConfFile[];
  /** The confs containerd loads: the first `max_conf_num` (default 1) that parse. */
  readonly loaded: readonly CniConfFile[];
}

/** containerd's CNI folders and what the capture shows of them; undefined when the host has no containerd. */
export function containerdCni(model: HostModel): ContainerdCni | undefined {
  const c = model.capture.containerd;
  if (!c) return undefined;
  const cfg = c.config?.cni;
  const cri = c.criInfo;
  const where = c.configPath ? `config.toml (${c.configPath})` : 'config.toml';
  let confDir: Sourced<string>;
  let binDirs: Sourced<readonly string[]>;
  if (cfg && !cfg.defaults) {
    confDir = { value: cfg.confDir ?? '', from: `conf_dir in ${where}` };
    binDirs = { value: cfg.binDirs, from: `${(c.config?.schemaVersion ?? 0) >= 3 || cfg.binDirs.length > 1 ? 'bin_dirs' : 'bin_dir'} in ${where}` };
  } else if (!cfg && cri?.pluginConfDir) {
    confDir = { value: cri.pluginConfDir, from: 'PluginConfDir of crictl info' };
    binDirs = { value: cri.pluginDirs, from: 'PluginDirs of crictl info' };
  } else {
    confDir = { value: cfg?.confDir ?? 'C:\\Program Files\\containerd\\cni\\conf', from: "containerd's Windows default (config.toml sets no conf_dir)" };
    binDirs = { value: cfg?.binDirs ?? ['C:\\Program Files\\containerd\\cni\\bin'], from: "containerd's Windows default (config.toml sets no bin_dir)" };
  }
  const confDirs = model.captured.has('cni.confDirs') ? model.capture.cni?.confDirs ?? [] : undefined;
  const binDirRecords = model.captured.has('cni.binDirs') ? model.capture.cni?.binDirs ?? [] : undefined;
  const confDirRecord = confDirs?.find((d) => samePath(d.path, confDir.value));
  const confFiles = (confDirRecord?.files ?? []).filter((f) => CONF_FILE.test(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const maxConfNum = cfg?.maxConfNum ?? cri?.pluginMaxConfNum;
  const parsed = confFiles.filter((f) => f.conf);
  return {
    confDir, binDirs,
    configPath: c.configPath,
    confDirLine: typeof confDirSetting(c.config?.settings, cfg?.section) === 'string',
    maxConfNum,
    confDirs, binDirRecords, confDirRecord, confFiles,
    loaded: maxConfNum !== undefined && maxConfNum > 0 ? parsed.slice(0, maxConfNum) : parsed.slice(0, 1),
  };
}

/** The `conf_dir` value config.toml itself writes in the CNI table it uses (`section` as the parser names it). */
function confDirSetting(settings: Readonly<Record<string, unknown>> | undefined, section: string | undefined): unknown {
  const table = section ? /^plugins\."([^"]+)"\.cni$/.exec(section)?.[1] : undefined;
  const plugins = settings?.['plugins'];
  if (!table || !plugins || typeof plugins !== 'object') return undefined;
  const cri = (plugins as Record<string, unknown>)[table];
  const cni = cri && typeof cri === 'object' ? (cri as Record<string, unknown>)['cni'] : undefined;
  return cni && typeof cni === 'object' ? (cni as Record<string, unknown>)['conf_dir'] : undefined;
}

/** The plugin executables a conf needs: every plugin and delegate type, and their IPAM types (flannel delegates with host-local when it names none). */
export function pluginsNeeded(plugins: readonly CniPlugin[]): string[] {
  const out = new Set<string>();
  for (const p of plugins) {
    for (const t of [p.type, p.delegateType, p.ipam?.type]) if (t && t.trim()) out.add(t.trim().toLowerCase().replace(/\.exe$/, ''));
    if (p.type?.toLowerCase() === 'flannel' && !p.ipam?.type) out.add('host-local');
  }
  return [...out];
}

/** The conf file of the node's pod network: the conf containerd loads that names it, else any captured conf that does. */
export function podConfFile(model: HostModel, networkName: string | undefined): CniConfFile | undefined {
  if (!networkName) return containerdCni(model)?.loaded[0];
  const setup = containerdCni(model);
  const named = (f: CniConfFile) => f.conf?.name === networkName;
  return setup?.loaded.find(named) ?? (model.capture.cni?.confDirs ?? []).flatMap((d) => d.files).find(named);
}

/** A range a pod network's policies must cover, and where it was read. */
export interface RequiredRange {
  readonly prefix: Prefix;
  readonly what: string;
  readonly from: string;
}

/**
 * The ranges pods reach without NAT and through the service route: the
 * cluster CIDR (else this node's pod CIDR, else the pod network's subnets)
 * and the service CIDR (else each cluster DNS IP, which lies inside it).
 */
export function clusterRanges(model: HostModel, network: HnsNetworkModel | undefined): { pods: RequiredRange[]; services: RequiredRange[]; serviceKnown: boolean } {
  const k = kubernetesFacts(model);
  const pods: RequiredRange[] = [];
  if (k.clusterCidr) pods.push({ prefix: k.clusterCidr.prefix, what: 'the cluster CIDR', from: k.clusterCidr.from });
  else if (k.podCidr) pods.push({ prefix: k.podCidr.prefix, what: "this node's pod CIDR", from: k.podCidr.from });
  else for (const s of network?.subnets ?? []) if (s.prefix) pods.push({ prefix: s.prefix, what: `the subnet of HNS network '${network?.name}'`, from: 'HNS' });
  const services: RequiredRange[] = [];
  if (k.serviceCidr) services.push({ prefix: k.serviceCidr.prefix, what: 'the service CIDR', from: k.serviceCidr.from });
  else {
    for (const ip of k.cluster?.dnsIPs?.value ?? []) {
      const p = parsePrefix(`${ip}/32`);
      if (p) services.push({ prefix: p, what: `the cluster DNS Service IP ${ip}`, from: k.cluster!.dnsIPs!.from });
    }
  }
  return { pods, services, serviceKnown: !!k.serviceCidr };
}

