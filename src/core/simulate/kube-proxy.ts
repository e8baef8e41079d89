/**
 * What-if for a kube-proxy command line before it is used on a Windows node
 * (an nssm service's arguments, a HostProcess DaemonSet's command): would it
 * start here, and would it find what it needs. Judged from the captured
 * node: the HNS network it names (kube-proxy looks it up by its exact,
 * case-sensitive name), the source VIP an overlay network needs (inside the
 * node's pod subnet, and no other endpoint's address), the WinOverlay and
 * WinDSR feature gates for the node's kube-proxy version (needed before
 * 1.33, locked on from 1.34), DSR against HNS's version, and the node name
 * it will look for. Where the capture cannot tell (no version, no HNS
 * version), the judgement says so. Pure; nothing is started.
 */
import { flagValue, parseCommandWords } from '../capture/parse/cmdline.js';
import type { Capture } from '../capture/schema.js';
import { buildModel } from '../model/build.js';
import { compareMinor, kubeletNodeName, kubernetesFacts, localPodEndpoints, type KubeVersion } from '../model/derived/kubernetes.js';
import { addressInPrefix, parseAddress, type Prefix } from '../model/net.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import type { KnowledgeId } from '../knowledge/catalog.js';
import { proposalResult, type Judgement, type ProposalResult } from './proposal.js';
import { described, exact } from './types.js';

/** kube-proxy's program name, with or without a folder and `.exe`. */
export function isKubeProxyProgram(word: string | undefined): boolean {
  return word !== undefined && /(^|[\\/])kube-?proxy(\.exe)?$/i.test(word);
}

type Flags = Readonly<Record<string, readonly string[]>>;

const truthy = (v: string | undefined) => v !== undefined && /^(true|1|t)$/i.test(v.trim());

function judgeMode(flags: Flags): Judgement {
  const mode = flagValue(flags, 'proxy-mode');
  if (mode === undefined || mode.toLowerCase() === 'kernelspace') {
    return { aspect: 'proxy mode', verdict: 'ok', text: `${mode === undefined ? 'no --proxy-mode: Windows' : '--proxy-mode=kernelspace:'} uses the kernelspace (HNS) proxier.` };
  }
  return {
    aspect: 'proxy mode', verdict: 'fails',
    text: `--proxy-mode=${mode}: on Windows kube-proxy has only the kernelspace mode (HNS load balancers); it exits at start.`,
    error: described(`kube-proxy rejects proxy mode "${mode}" on Windows and exits`),
  };
}

function judgeNetwork(model: HostModel, name: string | undefined): { judgement: Judgement; network: HnsNetworkModel | undefined } {
  if (name === undefined) {
    return {
      network: undefined,
      judgement: { aspect: 'network', verdict: 'unknown', text: "no --network-name: kube-proxy then reads the KUBE_NETWORK environment variable, which the capture does not show. Give the network's exact name with --network-name." },
    };
  }
  const network = model.hnsNetworks.find((n) => n.name === name);
  if (network) return { network, judgement: { aspect: 'network', verdict: 'ok', text: `HNS network '${name}' exists (${network.type}; owner: ${network.owner.label}).` } };
  const error = exact(`"Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="${name}"`);
  const knowledge: KnowledgeId = 'kubeproxy-network-name-mismatch';
  const caseOnly = model.hnsNetworks.find((n) => n.name?.toLowerCase() === name.toLowerCase());
  const list = ps`Get-HnsNetwork | Select-Object -Property 'Name','Type'`;
  if (caseOnly) {
    return {
      network: undefined,
      judgement: {
        aspect: 'network', verdict: 'fails',
        text: `HNS has '${caseOnly.name}', not '${name}': kube-proxy compares the name exactly, case included, and retries every second without programming any service.`,
        error, knowledge, advice: [list],
      },
    };
  }
  const conf = model.cniConfs.find((c) => c.name === name);
  if (conf) {
    return {
      network: undefined,
      judgement: {
        aspect: 'network', verdict: 'warning',
        text: `HNS has no network '${name}' yet; CNI conf ${conf.file} names it, and its plugin creates it for the first pod. Until then kube-proxy retries every second and programs no service.`,
        error, knowledge,
      },
    };
  }
  const names = model.hnsNetworks.map((n) => `'${n.name ?? n.id}'`).join(', ') || 'none';
  return {
    network: undefined,
    judgement: {
      aspect: 'network', verdict: 'fails',
      text: `HNS has no network named '${name}' (it has ${names}), and no CNI conf names one: kube-proxy retries every second and programs no service.`,
      error, knowledge, advice: [list],
    },
  };
}

function judgeSourceVip(model: HostModel, network: HnsNetworkModel | undefined, vip: string | undefined): Judgement | undefined {
  const knowledge: KnowledgeId = 'kubeproxy-sourcevip-invalid';
  if (!network) {
    return vip === undefined ? undefined : { aspect: 'source VIP', verdict: 'unknown', text: `--source-vip=${vip}: without the network, whether it fits cannot be told.` };
  }
  if (network.type !== 'overlay') {
    return { aspect: 'source VIP', verdict: 'ok', text: vip === undefined ? `none needed on a ${network.type} network.` : `--source-vip=${vip} is used only on overlay networks; on ${network.type} it is not needed.` };
  }
  if (vip === undefined) {
    return {
      aspect: 'source VIP', verdict: 'fails', text: `'${network.name}' is an overlay network: kube-proxy needs --source-vip, an unused address in the node's pod subnet, and exits without one.`,
      error: described('unable to create proxier: source-vip flag not set'), knowledge,
    };
  }
  const invalid = exact('Source Vip endpoint creation failed: hcnCreateEndpoint failed in Win32: An address provided is invalid or reserved. (0x803b002f)');
  const address = parseAddress(vip);
  if (!address) return { aspect: 'source VIP', verdict: 'fails', text: `--source-vip=${vip} is not an IP address.`, error: invalid, knowledge };
  const subnets = network.subnets.map((s) => s.prefix).filter((p): p is Prefix => !!p && p.length > 0);
  const podCidr = kubernetesFacts(model).podCidr;
  const within = subnets.length > 0 ? subnets : podCidr ? [podCidr.prefix] : [];
  const subnetText = within.map((p) => p.text).join(', ');
  if (within.length > 0 && !within.some((p) => addressInPrefix(address, p))) {
    return {
      aspect: 'source VIP', verdict: 'fails', text: `${vip} is not inside the node's pod subnet ${subnetText} ('${network.name}'): HNS refuses the source VIP endpoint, and kube-proxy retries without programming any service.`,
      error: invalid, knowledge,
    };
  }
  if (network.subnets.some((s) => s.gateway && parseAddress(s.gateway)?.toString() === address.toString())) {
    return { aspect: 'source VIP', verdict: 'fails', text: `${vip} is the gateway of '${network.name}'.`, error: invalid, knowledge };
  }
  const taken = network.endpoints.find((e) => parseAddress(e.ipAddress)?.toString() === address.toString());
  const pods = new Set(localPodEndpoints(model, network));
  if (taken && (taken.isRemote || pods.has(taken))) {
    return {
      aspect: 'source VIP', verdict: 'fails',
      text: `${vip} is already the address of ${taken.isRemote ? 'a remote endpoint (another node)' : 'a pod'}: HNS endpoint '${taken.name ?? taken.id}' (owner: ${taken.owner.label}). HNS refuses a second endpoint with it.`,
      error: described('HNS refuses the source VIP endpoint: the address is in use'), knowledge,
      advice: [ps`Get-HnsEndpoint | Where-Object IPAddress -eq ${vip} | Select-Object -Property 'Name','IPAddress','IsRemoteEndpoint'`],
    };
  }
  const reuse = taken ? `; kube-proxy reuses the host's endpoint '${taken.name ?? taken.id}' that holds it` : '';
  return { aspect: 'source VIP', verdict: within.length > 0 ? 'ok' : 'unknown', text: within.length > 0 ? `${vip} is inside the pod subnet ${subnetText} and no pod uses it${reuse}.` : `${vip}: the network's subnet was not captured, so whether it fits is not known.` };
}

function judgeGates(version: KubeVersion | undefined, gates: Readonly<Record<string, boolean>>, overlay: boolean | undefined, dsr: boolean): Judgement {
  const knowledge: KnowledgeId = 'kubeproxy-feature-gate-mismatch';
  const other = Object.keys(gates).filter((g) => g !== 'WinOverlay' && g !== 'WinDSR');
  const otherNote = other.length > 0 ? ` Other gates (${other.join(', ')}) are not judged: only WinOverlay and WinDSR are known here.` : '';
  const fail = (text: string, error: string): Judgement => ({ aspect: 'feature gates', verdict: 'fails', text: text + otherNote, error: described(error), knowledge });
  const needs = [...(overlay ? ['WinOverlay'] : []), ...(dsr ? ['WinDSR'] : [])];
  if (!version) {
    const off = needs.find((g) => gates[g] === false);
    if (off) return fail(`${off}=false turns off what this node needs; no kube-proxy version accepts that.`, `${off} feature gate not enabled`);
    return {
      aspect: 'feature gates', verdict: 'unknown',
      text: `kube-proxy's version was not captured (kube-proxy.exe --version), so whether ${needs.length > 0 ? needs.map((g) => `${g}=true`).join(' and ') : 'WinOverlay and WinDSR'} must be given (before 1.33), default on (1.33) or locked on (1.34 and later) is not known.${otherNote}`,
    };
  }
  const v = `v${version.major}.${version.minor}.${version.patch}`;
  if (compareMinor(version, 1, 34) >= 0) {
    const locked = ['WinOverlay', 'WinDSR'].find((g) => gates[g] === false);
    if (locked) return fail(`kube-proxy ${v} has ${locked} locked on: setting it to false stops kube-proxy at start.`, `cannot set feature gate ${locked} to false, feature is locked to true`);
    return { aspect: 'feature gates', verdict: 'ok', text: `kube-proxy ${v} has WinOverlay and WinDSR on and locked${Object.keys(gates).some((g) => g === 'WinOverlay' || g === 'WinDSR') ? '; giving them as true is accepted (their removal is proposed for a later release)' : ''}.${otherNote}` };
  }
  const defaultOn = compareMinor(version, 1, 33) === 0;
  const missing = needs.filter((g) => (defaultOn ? gates[g] === false : gates[g] !== true));
  if (missing.length > 0) {
    const why = missing.map((g) => (g === 'WinOverlay' ? 'an overlay network needs WinOverlay' : '--enable-dsr needs WinDSR')).join(', and ');
    return fail(`kube-proxy ${v}: ${why}, and ${defaultOn ? 'the command line turns it off' : `the gate is off by default before 1.33 (add --feature-gates=${missing.map((g) => `${g}=true`).join(',')})`}.`, `${missing[0]} feature gate not enabled`);
  }
  if (overlay === undefined && !dsr) {
    return { aspect: 'feature gates', verdict: 'unknown', text: `kube-proxy ${v}: without its network, whether it needs WinOverlay (an overlay network, before 1.34) is not known.${otherNote}` };
  }
  return { aspect: 'feature gates', verdict: 'ok', text: `kube-proxy ${v}: ${needs.length > 0 ? `${needs.join(' and ')} ${defaultOn ? 'on by default' : 'given as true'}` : 'no Windows gate needed for this network'}.${otherNote}` };
}

function judgeDsr(model: HostModel, dsr: boolean): Judgement {
  if (!dsr) return { aspect: 'DSR', verdict: 'ok', text: 'not asked for (--enable-dsr is off): load balancers use SNAT.' };
  const hns = model.platform.hns;
  if (hns.dsr === undefined) {
    return { aspect: 'DSR', verdict: 'unknown', text: "HNS's version was not captured, so whether it supports DSR is not known (it needs HNS 9.3 or 10.2 and later: Windows Server 2019 with the May 2020 update or later)." };
  }
  const version = hns.version ? `${hns.version.major}.${hns.version.minor}` : '?';
  if (!hns.dsr) {
    return {
      aspect: 'DSR', verdict: 'fails', text: `HNS ${version} does not support Direct Server Return: kube-proxy with --enable-dsr=true stops at start.`,
      error: described('platform does not support feature Direct Server Return (DSR)'), knowledge: 'kubeproxy-dsr-mismatch',
    };
  }
  return { aspect: 'DSR', verdict: 'ok', text: `HNS ${version} supports Direct Server Return.` };
}

function judgeNodeName(model: HostModel, override: string | undefined): Judgement | undefined {
  // The node's name: its Node object, else the name kubelet registers it under, else the host name.
  const node = model.capture.kubernetes?.node?.metadata?.name;
  const kubelet = node ? undefined : kubeletNodeName(model);
  const expected = node ?? kubelet?.value ?? model.host.name;
  if (!expected) return undefined;
  const source = node ? ' (kubernetes.node)' : kubelet ? ` (${kubelet.from})` : ' (its host name)';
  const wants = (override ?? model.host.name ?? '').toLowerCase();
  if (wants === expected.toLowerCase()) return { aspect: 'node name', verdict: 'ok', text: `kube-proxy looks for node '${wants}', which is this node${source}.` };
  return {
    aspect: 'node name', verdict: 'warning',
    text: `kube-proxy looks for node '${wants}'${override ? ' (--hostname-override)' : ''}, but this node is '${expected}'${source}: it then programs services without this node's own endpoints.`,
    knowledge: 'kubeproxy-hostname-mismatch',
  };
}

/** Judges a kube-proxy command line (its words, the program first) on a captured node. */
export function judgeKubeProxy(capture: Capture, words: readonly string[], model: HostModel = buildModel(capture)): ProposalResult {
  const parsed = parseCommandWords(words);
  const flags = parsed.flags;
  const judgements: Judgement[] = [judgeMode(flags)];
  const config = flagValue(flags, 'config');
  if (config !== undefined) {
    judgements.push({ aspect: 'config file', verdict: 'unknown', text: `--config ${config}: the settings in that file are not read here; only the flags on this command line are judged (flags win over the file).` });
  }
  const { judgement, network } = judgeNetwork(model, flagValue(flags, 'network-name'));
  judgements.push(judgement);
  const vip = judgeSourceVip(model, network, flagValue(flags, 'source-vip'));
  if (vip) judgements.push(vip);
  const dsr = truthy(flagValue(flags, 'enable-dsr'));
  judgements.push(judgeGates(kubernetesFacts(model).kubeProxyVersion, parsed.featureGates, network ? network.type === 'overlay' : undefined, dsr));
  judgements.push(judgeDsr(model, dsr));
  const name = judgeNodeName(model, flagValue(flags, 'hostname-override'));
  if (name) judgements.push(name);
  return proposalResult(capture, model, parsed.text, 'This kube-proxy command line', judgements);
}
