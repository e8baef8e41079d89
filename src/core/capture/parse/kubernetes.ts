/**
 * The Kubernetes agents of a Windows node as captured: their processes'
 * and services' command lines parsed into flags, the config files they name
 * (kube-proxy and kubelet configuration in YAML or JSON, flannel's
 * subnet.env and net-conf.json, AKS's kubeclusterconfig.json, source-VIP
 * files) parsed, and what they say together: kube-proxy's Windows settings
 * and the cluster's ranges. Secrets never stay: see secrets.ts.
 */
import type {
  ClusterFacts, KubeAgent, KubeFileKind, KubeFileRecord, KubeNodeRecord, KubeProcessRecord, KubeProxySettings, KubeServiceRecord, ParseProblem,
  Sourced,
} from '../runtime-types.js';
import { flagValue } from './cmdline.js';
import { yamlParser } from './lazy.js';
import { redactSettings } from './secrets.js';
import { bool, get, getPath, isObj, noBom, num, str, strings } from './util.js';

const AGENTS: readonly [RegExp, KubeAgent][] = [
  [/^kubelet(\.exe)?$/i, 'kubelet'],
  [/^kube-?proxy(\.exe)?$/i, 'kube-proxy'],
  [/^flanneld(\.exe)?$/i, 'flanneld'],
  [/^calico-node(\.exe)?$/i, 'calico-node'],
  [/^containerd(\.exe)?$/i, 'containerd'],
];

/** The agent a process or service is, by its executable's file name. */
export function agentOf(name: string): KubeAgent {
  const base = name.split(/[\\/]/).pop() ?? name;
  return AGENTS.find(([re]) => re.test(base))?.[1] ?? 'other';
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).toLowerCase();
}

/** What a file is, by its name and (for YAML/JSON) its `kind`. */
function fileKind(path: string, data: unknown): KubeFileKind {
  const base = baseName(path);
  const kind = str(get(data, 'kind'));
  if (kind === 'KubeProxyConfiguration') return 'kube-proxy-config';
  if (kind === 'KubeletConfiguration') return 'kubelet-config';
  if (base === 'subnet.env') return 'flannel-subnet-env';
  if (base === 'net-conf.json') return 'flannel-net-conf';
  if (base === 'kubeclusterconfig.json') return 'aks-cluster-config';
  if (/sourcevip/i.test(base)) return 'source-vip';
  if (/kube-?proxy/.test(base)) return 'kube-proxy-config';
  if (/kubelet/.test(base) && /\.(ya?ml|json)$/.test(base)) return 'kubelet-config';
  return 'other';
}

/** `KEY=value` lines (flannel's subnet.env). */
function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** Parses a captured file (YAML and JSON alike; env files by name); secrets redacted. */
export function parseKubeFile(path: string, text: string): { kind: KubeFileKind; data: unknown; problem?: ParseProblem } {
  const clean = noBom(text);
  if (baseName(path).endsWith('.env')) return { kind: fileKind(path, undefined), data: redactSettings(parseEnv(clean)) };
  try {
    const data: unknown = yamlParser().parse(clean, { prettyErrors: true, uniqueKeys: false });
    return { kind: fileKind(path, data), data: redactSettings(data) };
  } catch (e) {
    const linePos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    return { kind: fileKind(path, undefined), data: undefined, problem: { message: `not valid YAML or JSON: ${first}`, line: linePos?.line, column: linePos?.col } };
  }
}

type Agentish = Pick<KubeProcessRecord, 'flags' | 'featureGates' | 'Name'> & { readonly $ptr: string };

/** kube-proxy's Windows settings: from its command line first, then from the config file it names (or any captured one). */
export function kubeProxySettings(
  processes: readonly KubeProcessRecord[], services: readonly KubeServiceRecord[], files: readonly KubeFileRecord[],
): KubeProxySettings | undefined {
  const agents: Agentish[] = [
    ...processes.filter((p) => p.agent === 'kube-proxy'),
    ...services.filter((s) => agentOf(s.program ?? '') === 'kube-proxy' || /^kube-?proxy$/i.test(s.Name)),
  ];
  const configNames = agents.map((a) => flagValue(a.flags, 'config')).filter((c): c is string => !!c).map(baseName);
  const configs = files.filter((f) => f.kind === 'kube-proxy-config' && f.data !== undefined);
  const config = configs.find((f) => configNames.includes(baseName(f.path))) ?? configs[0];
  if (agents.length === 0 && !config) return undefined;
  const fromFlag = <T>(flag: string, read: (v: string) => T | undefined): Sourced<T> | undefined => {
    for (const a of agents) {
      const raw = flagValue(a.flags, flag);
      const value = raw === undefined ? undefined : read(raw);
      if (value !== undefined) return { value, from: `--${flag} of ${a.Name}` };
    }
    return undefined;
  };
  const fromConfig = <T>(path: string[], read: (v: unknown) => T | undefined): Sourced<T> | undefined => {
    if (!config) return undefined;
    const value = read(getPath(config.data, ...path));
    return value === undefined || value === '' ? undefined : { value, from: `${config.path} ${path.join('.')}` };
  };
  const s = (v: string) => (v === '' ? undefined : v);
  const featureGates: Record<string, boolean> = {};
  const gates = getPath(config?.data, 'featureGates');
  if (isObj(gates)) for (const [k, v] of Object.entries(gates)) if (typeof v === 'boolean') featureGates[k] = v;
  for (const a of agents) Object.assign(featureGates, a.featureGates);
  return {
    networkName: fromFlag('network-name', s) ?? fromConfig(['winkernel', 'networkName'], str),
    sourceVip: fromFlag('source-vip', s) ?? fromConfig(['winkernel', 'sourceVip'], str),
    enableDSR: fromFlag('enable-dsr', bool) ?? fromConfig(['winkernel', 'enableDSR'], bool),
    clusterCIDR: fromFlag('cluster-cidr', s) ?? fromConfig(['clusterCIDR'], str),
    hostnameOverride: fromFlag('hostname-override', s) ?? fromConfig(['hostnameOverride'], str),
    proxyMode: fromFlag('proxy-mode', s) ?? fromConfig(['mode'], str),
    rootHnsEndpointName: fromConfig(['winkernel', 'rootHnsEndpointName'], str),
    featureGates,
  };
}

/** The cluster's ranges as the node's own files, its agents and the node object state them. */
export function clusterFacts(
  processes: readonly KubeProcessRecord[], files: readonly KubeFileRecord[], node: KubeNodeRecord | undefined, kubeProxy: KubeProxySettings | undefined,
): ClusterFacts | undefined {
  const byKind = (kind: KubeFileKind) => files.find((f) => f.kind === kind && f.data !== undefined);
  const aks = byKind('aks-cluster-config');
  const env = byKind('flannel-subnet-env');
  const netConf = byKind('flannel-net-conf');
  const kubelet = byKind('kubelet-config');
  const kubeletProc = processes.find((p) => p.agent === 'kubelet');
  const at = <T>(file: KubeFileRecord | undefined, path: string[], read: (v: unknown) => T | undefined): Sourced<T> | undefined => {
    if (!file) return undefined;
    const value = read(getPath(file.data, ...path));
    return value === undefined || value === '' ? undefined : { value, from: `${file.path} ${path.join('.')}` };
  };
  const list = (v: unknown) => {
    const l = typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : strings(v);
    return l.length > 0 ? l : undefined;
  };
  const dnsFlag = kubeletProc ? flagValue(kubeletProc.flags, 'cluster-dns') : undefined;
  const backend = getPath(netConf?.data, 'Backend');
  const facts: ClusterFacts = {
    clusterCIDR: kubeProxy?.clusterCIDR ?? at(aks, ['Kubernetes', 'Network', 'ClusterCidr'], str) ?? at(netConf, ['Network'], str) ?? at(env, ['FLANNEL_NETWORK'], str),
    serviceCIDR: at(aks, ['Kubernetes', 'Network', 'ServiceCidr'], str),
    dnsIPs: (dnsFlag ? { value: dnsFlag.split(',').map((x) => x.trim()).filter(Boolean), from: `--cluster-dns of ${kubeletProc!.Name}` } : undefined)
      ?? at(kubelet, ['clusterDNS'], list) ?? at(aks, ['Kubernetes', 'Network', 'DnsIp'], list),
    podCIDR: at(env, ['FLANNEL_SUBNET'], str)
      ?? (node?.spec?.podCIDR ? { value: node.spec.podCIDR, from: 'the node object spec.podCIDR' } : undefined)
      ?? at(kubelet, ['podCIDR'], str),
    flannelBackend: isObj(backend) ? {
      value: { type: str(get(backend, 'Type')), vni: num(get(backend, 'VNI')), port: num(get(backend, 'Port')) },
      from: `${netConf!.path} Backend`,
    } : undefined,
  };
  return Object.values(facts).some((v) => v !== undefined) ? facts : undefined;
}
