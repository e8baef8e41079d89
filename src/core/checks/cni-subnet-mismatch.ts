import type { CniConfFile } from '../capture/runtime-types.js';
import { containerdCni } from '../model/derived/cni.js';
import { cniConfEditFix, valueChanges } from '../owners/cni-conf.js';
import { canonicalAddress, parsePrefix } from '../model/net.js';
import type { HnsNetworkModel, HostModel, SubnetModel } from '../model/types.js';
import { removeHnsNetworkFix } from '../owners/hns.js';
import type { Check, FindingDraft, Fix } from './types.js';

const samePrefix = (a: string | undefined, b: string | undefined) => {
  const pa = parsePrefix(a);
  const pb = parsePrefix(b);
  return !!pa && !!pb && pa.text === pb.text;
};
const sameAddress = (a: string | undefined, b: string | undefined) => {
  const x = canonicalAddress(a);
  return x !== undefined && x === canonicalAddress(b);
};

/** The confs to compare: those in containerd's conf folder, else every captured conf. */
function confsOf(model: HostModel): CniConfFile[] {
  const setup = containerdCni(model);
  if (setup?.confDirRecord) return [...setup.confFiles];
  return (model.capture.cni?.confDirs ?? []).flatMap((d) => d.files);
}

/** The gateways the conf's IPAM names (routes[].gw, ranges[].gateway). */
function gatewaysOf(file: CniConfFile): string[] {
  const out: string[] = [];
  for (const p of file.conf?.plugins ?? []) {
    for (const r of p.ipam?.routes ?? []) if (r.gw) out.push(r.gw);
    for (const r of p.ipam?.ranges ?? []) if (r.gateway) out.push(r.gateway);
  }
  return out;
}

function editFix(file: CniConfFile, edits: { from: string; to: string }[], net: HnsNetworkModel): Fix | undefined {
  return cniConfEditFix({
    file,
    changes: valueChanges(edits),
    title: `Write the subnet and gateway of HNS network '${net.name}' into ${file.name}`,
    expect: `The conf names ${edits.map((c) => c.to).join(' and ')}; a new container's gateway lies inside its subnet.`,
  });
}

export const cniSubnetMismatch: Check = {
  meta: {
    code: 'WCN703',
    knowledge: 'cni-subnet-mismatch',
    title: 'A CNI conf and the HNS network of the same name disagree on subnet or gateway',
    severity: 'error',
    requires: ['hnsNetworks'],
    owners: ['cni', 'containerd'],
    description: 'For each CNI conf whose network name is an HNS network, compares the IPAM subnet and gateway of the conf with the HNS network\'s subnets (the Windows plugins reuse a network by name and never compare them).',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const file of confsOf(model)) {
      const conf = file.conf;
      if (!conf?.name || conf.subnets.length === 0) continue;
      const net = model.hnsNetworks.find((n) => n.name === conf.name) ?? model.hnsNetworks.find((n) => n.name?.toLowerCase() === conf.name!.toLowerCase());
      if (!net || net.subnets.length === 0) continue;
      const hnsText = net.subnets.map((s) => `${s.text ?? '?'}${s.gateway ? ` (gateway ${s.gateway})` : ''}`).join(', ');
      const strange = conf.subnets.filter((c) => !net.subnets.some((s) => samePrefix(c, s.text)));
      const matched: SubnetModel | undefined = net.subnets.find((s) => conf.subnets.some((c) => samePrefix(c, s.text))) ?? (net.subnets.length === 1 ? net.subnets[0] : undefined);
      const badGateways = gatewaysOf(file).filter((g) => matched?.gateway && !sameAddress(g, matched.gateway));
      if (strange.length === 0 && badGateways.length === 0) continue;
      const what = [
        strange.length > 0 ? `subnet ${strange.join(', ')}` : '',
        badGateways.length > 0 ? `gateway ${badGateways.join(', ')}` : '',
      ].filter(Boolean).join(' and ');
      const message = `CNI conf '${file.name}' gives network '${conf.name}' ${what}, but HNS network '${net.name}' (${net.type}) already exists with ${hnsText}. The plugin reuses the HNS network by name without comparing them: containers get an address from HNS's subnet and a gateway from the conf, and have no working default route.`;
      const fixes: Fix[] = [];
      const changes: { from: string; to: string }[] = [];
      const target = matched ?? net.subnets[0]!;
      if (strange.length === 1 && target.text) changes.push({ from: strange[0]!, to: target.text });
      if (target.gateway) for (const g of new Set(badGateways)) changes.push({ from: g, to: target.gateway });
      const edit = editFix(file, changes, net);
      if (edit) fixes.push(edit);
      const endpoints = net.endpoints.filter((e) => !e.isRemote).length;
      fixes.push(removeHnsNetworkFix(net, ` so the plugin creates it again from ${file.name}${endpoints > 0 ? ` (stop its ${endpoints} container${endpoints === 1 ? '' : 's'} first)` : ''}`));
      out.push({
        message,
        subjects: [{ kind: 'cni-conf', name: file.name, pointer: file.$ptr }, net.subject],
        evidence: [file.$ptr, net.subject.pointer].filter((p): p is string => !!p),
        fixes,
      });
    }
    return out;
  },
};
