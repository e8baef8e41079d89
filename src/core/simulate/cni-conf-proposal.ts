/**
 * What-if for a CNI conf before it is deployed: read with the same parser as
 * the captured confs, then judged against the captured node. Would
 * containerd load it (its conf dir, the file's kind, the confs that sort
 * before it), would each plugin's .exe be found in the bin dirs containerd
 * searches, would the network it names clash with the HNS network of that
 * name (the plugins reuse a network by name and never compare subnets),
 * does it declare the portMappings capability, and are its OutBoundNAT
 * exceptions the cluster's ranges. Pure; nothing is written.
 */
import { parseCniConf } from '../capture/parse/cni.js';
import type { CniConf } from '../capture/runtime-types.js';
import type { Capture } from '../capture/schema.js';
import { buildModel } from '../model/build.js';
import { CLUSTER_FACT_COMMANDS, kubernetesFacts } from '../model/derived/kubernetes.js';
import { parsePrefix, prefixContains, prefixesOverlap, type Prefix } from '../model/net.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { removeHnsNetworkCommand } from '../owners/hns.js';
import { ps } from '../powershell.js';
import { proposalResult, samePath, type Judgement, type ProposalResult } from './proposal.js';
import { described } from './types.js';

/** The HNS network type each HNS-making plugin asks for. */
const HNS_TYPE: Readonly<Record<string, string>> = {
  nat: 'nat', sdnbridge: 'l2bridge', 'win-bridge': 'l2bridge', 'azure-vnet': 'l2bridge', l2bridge: 'l2bridge',
  sdnoverlay: 'overlay', 'win-overlay': 'overlay', overlay: 'overlay',
};

/** The file name of a path written the Windows way or the local way. */
const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
const isWindowsAbsolute = (p: string) => /^[A-Za-z]:[\\/]|^\\\\/.test(p);
const winDir = (p: string) => p.replace(/[\\/][^\\/]*$/, '');

function hnsTypeOf(conf: CniConf): string | undefined {
  for (const p of conf.plugins) {
    const t = HNS_TYPE[(p.delegateType ?? p.type ?? '').toLowerCase()];
    if (t) return t;
  }
  return undefined;
}

/** The conf's file kind and shape, as libcni reads them in containerd. */
function judgeShape(path: string, conf: CniConf): Judgement {
  const ext = /\.[^.\\/]*$/.exec(baseName(path))?.[0]?.toLowerCase() ?? '';
  if (!['.conf', '.conflist', '.json'].includes(ext)) {
    return { aspect: 'file', verdict: 'fails', text: `containerd loads only .conf, .conflist and .json files from its conf dir; '${baseName(path)}' is never read.`, knowledge: 'cni-config-missing' };
  }
  if (!conf.name) return { aspect: 'file', verdict: 'fails', text: 'the conf has no "name": containerd rejects it and the node has no pod network.', error: described('error parsing configuration: missing network name') };
  if (ext === '.conflist' && !conf.isList) return { aspect: 'file', verdict: 'fails', text: 'a .conflist must hold a "plugins" list; this file is a single-plugin conf.', error: described('error parsing configuration list: no plugins in list') };
  if (ext !== '.conflist' && conf.isList) return { aspect: 'file', verdict: 'fails', text: `a ${ext} file is read as one plugin, but this file holds a "plugins" list: rename it to .conflist.`, error: described("error parsing configuration: missing 'type'") };
  const untyped = conf.plugins.findIndex((p) => !p.type);
  if (untyped >= 0) return { aspect: 'file', verdict: 'fails', text: `plugin ${untyped + 1} has no "type".`, error: described("error parsing configuration: missing 'type'") };
  return { aspect: 'file', verdict: 'ok', text: `a ${conf.isList ? 'conflist' : 'single-plugin conf'} for network '${conf.name}' (plugins: ${conf.types.join(', ')}).` };
}

/** Where containerd reads confs from, and whether this conf is one it loads (sorted by file name, the first max_conf_num). */
function judgeConfDir(capture: Capture, path: string): Judgement {
  const cfg = capture.containerd?.config?.cni;
  if (!cfg?.confDir) return { aspect: 'conf dir', verdict: 'unknown', text: "containerd's config.toml was not captured, so the conf dir it reads is not known." };
  const confDir = cfg.confDir;
  const file = baseName(path);
  if (isWindowsAbsolute(path) && !samePath(winDir(path), confDir)) {
    return {
      aspect: 'conf dir', verdict: 'fails',
      text: `containerd reads CNI confs from ${confDir} (config.toml${cfg.defaults ? ", containerd's default" : ''}), so a conf in ${winDir(path)} is never loaded.`,
      knowledge: 'cni-config-missing',
      error: described('container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
      advice: [ps`Copy-Item -Path ${path} -Destination ${confDir}`],
    };
  }
  const where = isWindowsAbsolute(path) ? `in ${confDir}` : `placed in containerd's conf dir ${confDir} as ${file}`;
  const listing = capture.cni?.confDirs?.find((d) => samePath(d.path, confDir));
  if (!listing) return { aspect: 'conf dir', verdict: 'unknown', text: `${where}; the folder's other files were not captured, so which conf containerd loads first is not known.` };
  const max = cfg.maxConfNum ?? 1;
  const names = [...new Set([...listing.files.map((f) => f.name).filter((n) => /\.(conf|conflist|json)$/i.test(n)), file])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = names.indexOf(file);
  const replaces = listing.files.some((f) => f.name === file);
  if (max > 0 && rank >= max) {
    const before = names.slice(0, max);
    return {
      aspect: 'conf dir', verdict: 'fails',
      text: `${where}: containerd loads confs in file-name order, the first ${max} only (max_conf_num), so it keeps using ${before.join(', ')} and never this one.`,
      knowledge: 'cni-config-missing',
      error: described(`containerd keeps the network of ${before[0]}; the proposed conf is ignored`),
      advice: [ps`Move-Item -Path ${`${confDir}\\${before[0]}`} -Destination ${`${confDir}\\${before[0]}.disabled`}`],
    };
  }
  return { aspect: 'conf dir', verdict: 'ok', text: `${where}${replaces ? `, replacing the ${file} there` : ''}; containerd loads it (first in file-name order${max > 1 ? ` of the ${max} it reads` : ''}).` };
}

/** Each plugin (and IPAM) the conf names must be `<type>.exe` in a bin dir containerd searches. */
function judgePlugins(capture: Capture, conf: CniConf): Judgement {
  const types = [...new Set(conf.plugins.flatMap((p) => [p.type, p.delegateType, p.ipam?.type]).filter((t): t is string => !!t && t.trim() !== '').map((t) => t.replace(/\.exe$/i, '')))];
  const listed = capture.cni?.binDirs ?? [];
  const cfg = capture.containerd?.config?.cni;
  const searched = cfg ? [...cfg.binDirs] : listed.map((d) => d.path);
  if (searched.length === 0) return { aspect: 'plugins', verdict: 'unknown', text: `neither containerd's bin dirs nor a CNI bin dir was captured, so whether ${types.map((t) => `${t}.exe`).join(', ')} exist is not known.` };
  const has = (dir: string, t: string) => listed.find((d) => samePath(d.path, dir))?.files.some((f) => f.toLowerCase() === `${t.toLowerCase()}.exe`);
  const missing: string[] = [];
  const unknown: string[] = [];
  const advice: string[] = [];
  for (const t of types) {
    const found = searched.map((d) => has(d, t));
    if (found.some((x) => x === true)) continue;
    if (found.some((x) => x === undefined)) {
      unknown.push(t);
      continue;
    }
    missing.push(t);
    const elsewhere = listed.find((d) => !searched.some((s) => samePath(s, d.path)) && has(d.path, t));
    if (elsewhere && searched[0]) advice.push(ps`Copy-Item -Path ${`${elsewhere.path}\\${t}.exe`} -Destination ${searched[0]}`);
  }
  const dirs = searched.join(', ');
  const from = cfg ? `the bin ${searched.length === 1 ? 'dir' : 'dirs'} containerd searches (${dirs})` : `the captured bin dirs (${dirs}; containerd's config.toml was not captured)`;
  if (missing.length > 0) {
    return {
      aspect: 'plugins', verdict: 'fails',
      text: `${missing.map((t) => `${t}.exe`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in ${from}: every pod or container on this network fails to start.`,
      knowledge: 'cni-plugin-missing',
      error: described(`failed to find plugin "${missing[0]}" in path [${searched.join(' ')}]`),
      advice,
    };
  }
  if (unknown.length > 0) return { aspect: 'plugins', verdict: 'unknown', text: `${unknown.map((t) => `${t}.exe`).join(', ')}: ${from} ${searched.length === 1 ? 'was' : 'were'} not all listed in the capture.` };
  return { aspect: 'plugins', verdict: 'ok', text: `${types.map((t) => `${t}.exe`).join(', ')} found in ${from}.` };
}

const gatewayOf = (conf: CniConf) => conf.plugins.flatMap((p) => [...(p.ipam?.routes ?? []).map((r) => r.gw), ...(p.ipam?.ranges ?? []).map((r) => r.gateway)]).find((g): g is string => !!g);
const samePrefix = (a: Prefix | undefined, b: Prefix | undefined) => !!a && !!b && prefixContains(a, b) && prefixContains(b, a);

/** The network the conf names, against HNS: reused by its exact name, or created at the first container. */
function judgeNetwork(model: HostModel, conf: CniConf): Judgement {
  const name = conf.name!;
  const wantType = hnsTypeOf(conf);
  const subnets = conf.subnets.map(parsePrefix).filter((p): p is Prefix => !!p);
  const gateway = gatewayOf(conf);
  const net = model.hnsNetworks.find((n) => n.name === name);
  if (net) {
    const hnsSubnets = net.subnets.map((s) => s.prefix).filter((p): p is Prefix => !!p && p.length > 0);
    const hnsText = net.subnets.map((s) => `${s.prefix?.text ?? s.text ?? '?'}${s.gateway ? ` gateway ${s.gateway}` : ''}`).join(', ') || 'no subnet';
    const remove = net.endpoints.some((e) => !e.isRemote) ? [] : [removeHnsNetworkCommand(net.id)];
    if (wantType && net.type !== wantType) {
      return {
        aspect: 'network', verdict: 'fails',
        text: `HNS already has network '${name}' of type ${net.type} (owner: ${net.owner.label}); the ${conf.types[0]} plugin finds it by name and expects type ${wantType}.`,
        error: described(`the plugin reuses HNS network '${name}' (${net.type}) where it needs a ${wantType} network, and endpoint creation fails`),
        advice: [ps`Get-HnsNetwork | Where-Object Name -eq ${name} | Select-Object -Property 'Id','Type','Subnets'`, ...remove],
      };
    }
    const subnetClash = subnets.length > 0 && hnsSubnets.length > 0 && !subnets.some((p) => hnsSubnets.some((h) => samePrefix(p, h)));
    const hnsGateways = net.subnets.map((s) => s.gateway).filter((g): g is string => !!g);
    const gatewayClash = gateway !== undefined && hnsGateways.length > 0 && !hnsGateways.includes(gateway);
    if (subnetClash || gatewayClash) {
      return {
        aspect: 'network', verdict: 'fails',
        text: `HNS already has network '${name}' (${hnsText}; owner: ${net.owner.label}), but the conf says ${conf.subnets.join(', ') || 'no subnet'}${gateway ? ` gateway ${gateway}` : ''}. The plugin reuses the network by its name and never compares subnets: containers get an address from HNS's subnet with the conf's gateway, and no connectivity.`,
        knowledge: 'cni-subnet-mismatch',
        error: described(`containers on '${name}' get an address in ${hnsSubnets[0]?.text ?? 'the HNS subnet'} and gateway ${gateway ?? 'from the conf'}: no outbound connectivity`),
        advice: [ps`Get-HnsNetwork | Where-Object Name -eq ${name} | Select-Object -ExpandProperty 'Subnets'`, ...remove],
      };
    }
    return { aspect: 'network', verdict: 'ok', text: `the plugin reuses HNS network '${name}' (${hnsText}; owner: ${net.owner.label}), which agrees with the conf.` };
  }
  const caseOnly = model.hnsNetworks.find((n) => n.name?.toLowerCase() === name.toLowerCase());
  const clash = (n: HnsNetworkModel) => subnets.some((p) => n.subnets.some((s) => s.prefix && s.prefix.length > 0 && prefixesOverlap(p, s.prefix)));
  const overlapping = model.hnsNetworks.filter(clash);
  const natClash = wantType === 'nat' ? overlapping.find((n) => n.type === 'nat') : undefined;
  if (natClash) {
    return {
      aspect: 'network', verdict: 'fails',
      text: `the plugin would create nat network '${name}' with ${conf.subnets.join(', ')}, which overlaps nat network '${natClash.name ?? natClash.id}' (${natClash.subnets.map((s) => s.prefix?.text).join(', ')}): HNS refuses overlapping NAT ranges.`,
      knowledge: 'nat-overlaps-host-network',
      error: described('HNS failed with error : The parameter is incorrect.'),
    };
  }
  const hostClash = model.adapters.flatMap((a) => a.ipv4.filter((ip) => ip.prefix && subnets.some((p) => prefixesOverlap(p, ip.prefix))).map((ip) => `${ip.address}/${ip.prefixLength} on '${a.name}'`));
  const notes = [
    ...(caseOnly ? [`HNS has '${caseOnly.name}', which differs only in case: the plugin asks for '${name}' exactly and makes a second network`] : []),
    ...(overlapping.length > 0 ? [`its subnet overlaps HNS network${overlapping.length > 1 ? 's' : ''} ${overlapping.map((n) => `'${n.name ?? n.id}'`).join(', ')}`] : []),
    ...(hostClash.length > 0 ? [`its subnet overlaps the host's own ${hostClash.join(', ')}`] : []),
  ];
  return {
    aspect: 'network', verdict: notes.length > 0 ? 'warning' : 'ok',
    text: `HNS has no network named '${name}': the plugin creates it${wantType ? ` (${wantType})` : ''} for the first container${subnets.length > 0 ? ` with ${conf.subnets.join(', ')}` : ''}.${notes.length > 0 ? ` But ${notes.join('; ')}.` : ''}`,
  };
}

/** Port mappings reach the plugin only when the conf declares the capability. */
function judgePortMappings(model: HostModel, conf: CniConf): Judgement {
  if (conf.portMappings) return { aspect: 'port mappings', verdict: 'ok', text: 'the conf declares capabilities.portMappings: host ports reach the plugin.' };
  const k = kubernetesFacts(model);
  const mapped = model.hnsNetworks.find((n) => n.name === conf.name)?.endpoints.some((e) => e.policies.some((p) => p.Type === 'PortMapping'));
  const containerd = model.runtime('containerd')?.installed;
  if (!k.isNode && !mapped && !containerd) return { aspect: 'port mappings', verdict: 'ok', text: 'no capabilities.portMappings, and nothing on this host asks for host ports through CNI.' };
  const who = k.isNode ? 'pods with a hostPort get no port mapping (the port is silently unreachable)' : "'nerdctl run -p' maps nothing on this network";
  return {
    aspect: 'port mappings', verdict: 'warning',
    text: `the conf does not declare "capabilities": {"portMappings": true}, so ${who}${mapped ? `; endpoints on '${conf.name}' map host ports today` : ''}.`,
    knowledge: 'cni-portmappings-missing',
  };
}

/** OutBoundNAT: l2bridge and overlay pods need it, with the cluster's ranges (and only those the host reaches directly) as exceptions. */
function judgeOutboundNat(model: HostModel, conf: CniConf): Judgement | undefined {
  const type = hnsTypeOf(conf);
  if (type !== 'l2bridge' && type !== 'overlay') return undefined;
  const policies = conf.plugins.flatMap((p) => p.policies).filter((p) => p.kind === 'OutBoundNAT');
  if (policies.length === 0) {
    return {
      aspect: 'OutBoundNAT', verdict: 'warning',
      text: `no OutBoundNAT endpoint policy: ${type} pods reach their own subnet but not the internet or other subnets.`,
      knowledge: 'l2bridge-outbound-nat',
    };
  }
  const exceptions = policies.flatMap((p) => p.exceptions ?? []);
  const prefixes = exceptions.map((e) => ({ text: e, prefix: parsePrefix(e) }));
  const k = kubernetesFacts(model);
  const required = [
    ...(k.clusterCidr ? [{ what: 'cluster CIDR', ...k.clusterCidr }] : []),
    ...(k.serviceCidr ? [{ what: 'service CIDR', ...k.serviceCidr }] : []),
  ];
  const missing = required.filter((r) => !prefixes.some((p) => p.prefix && prefixContains(p.prefix, r.prefix)));
  const everything = prefixes.filter((p) => p.prefix?.length === 0);
  const inside = [...required.map((r) => r.prefix), ...(k.podCidr ? [k.podCidr.prefix] : []),
    ...model.adapters.flatMap((a) => a.ipv4.map((ip) => ip.prefix).filter((p): p is Prefix => !!p))];
  const external = prefixes.filter((p) => p.prefix && p.prefix.length > 0 && !inside.some((i) => prefixContains(i, p.prefix)));
  const knowledge = 'outboundnat-exceptions-wrong';
  if (everything.length > 0 || missing.length > 0) {
    return {
      aspect: 'OutBoundNAT', verdict: 'fails',
      text: [
        ...(everything.length > 0 ? [`the exception ${everything[0]!.text} covers every address: nothing is NATed, and pods reach nothing outside the cluster`] : []),
        ...missing.map((r) => `the ${r.what} ${r.value} (${r.from}) is not in the exceptions [${exceptions.join(', ')}]: traffic to it leaves with the node's address instead of the pod's`),
      ].join('; ') + '.',
      ...(knowledge ? { knowledge } : {}),
    };
  }
  const unknownRanges = [...(k.clusterCidr ? [] : ['cluster CIDR']), ...(k.serviceCidr ? [] : ['service CIDR'])];
  const notCaptured = unknownRanges.length > 0 ? `the ${unknownRanges.join(' and ')} ${unknownRanges.length === 1 ? 'was' : 'were'} not captured (${CLUSTER_FACT_COMMANDS.serviceCIDR})` : '';
  if (external.length > 0) {
    const list = `${external.map((p) => p.text).join(', ')} ${external.length === 1 ? 'is' : 'are'} in the exceptions but neither a known cluster range nor a network this host is on`;
    if (unknownRanges.length > 0) return { aspect: 'OutBoundNAT', verdict: 'unknown', text: `${list}; ${notCaptured}, so ${external.length === 1 ? 'it' : 'they'} may be the cluster's own.` };
    return {
      aspect: 'OutBoundNAT', verdict: 'warning',
      text: `${list}: traffic there leaves with the pod's address, and is answered only if that network routes the pod CIDR back.`,
      ...(knowledge ? { knowledge } : {}),
    };
  }
  if (unknownRanges.length > 0) return { aspect: 'OutBoundNAT', verdict: 'unknown', text: `exceptions [${exceptions.join(', ')}]; ${notCaptured}, so whether ${unknownRanges.length === 1 ? 'it is' : 'they are'} covered is not known.` };
  return { aspect: 'OutBoundNAT', verdict: 'ok', text: `exceptions [${exceptions.join(', ')}] cover ${required.map((r) => `the ${r.what} ${r.value}`).join(' and ')}.` };
}

/** Parses the proposed conf; undefined conf with a problem when it cannot be read as a conf. */
export function judgeCniConfProposal(capture: Capture, path: string, text: string, model: HostModel = buildModel(capture)): { problem: string } | ProposalResult {
  const parsed = parseCniConf(text);
  if (!parsed.conf) {
    const p = parsed.problem!;
    return { problem: `${p.message}${p.line !== undefined ? ` at line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}` : ''}` };
  }
  const conf = parsed.conf;
  const shape = judgeShape(path, conf);
  const judgements: Judgement[] = [shape, judgeConfDir(capture, path)];
  if (conf.name) {
    judgements.push(judgePlugins(capture, conf), judgeNetwork(model, conf), judgePortMappings(model, conf));
    const nat = judgeOutboundNat(model, conf);
    if (nat) judgements.push(nat);
  }
  return proposalResult(capture, model, `CNI conf ${path}`, `The CNI conf${conf.name ? ` for network '${conf.name}'` : ''}`, judgements);
}
