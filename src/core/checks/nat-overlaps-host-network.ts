import { natPrefixes } from '../model/derived/winnat.js';
import {
  addressInPrefix, firstFreePrefix, firstHost, isSpecialIpv4Prefix, parsePrefix, prefixesOverlap, PRIVATE_IPV4_POOLS,
  supernetOf, type Prefix,
} from '../model/net.js';
import type { AdapterModel, DockerNetworkModel, HnsNetworkModel, HostModel, NatModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import { pinDefaultNatSubnetFix, recreateNetworkFix } from './fixes.js';
import { removeHnsNetworkCommand } from '../owners/hns.js';
import type { Check, Fix, FindingDraft } from './types.js';

/**
 * An adapter whose addresses are networks the host really reaches: a
 * physical or VPN adapter, or the host vNIC of an External switch (which is
 * where the host's LAN address lives once a switch is bound to the NIC).
 * The vNICs of Internal and Private switches are the gateways of NAT and ICS
 * networks themselves, and a vNIC whose switch is unknown is left out rather
 * than guessed.
 */
function isRealNetworkAdapter(a: AdapterModel): boolean {
  if (!a.isHostVnic) return true;
  return a.vnicOf?.type === 'External';
}

/** A network the host reaches: an address prefix, a route, or its default gateway. */
interface HostNetwork {
  readonly prefix: Prefix;
  /** For messages: "10.30.8.0/24 on 'Ethernet'". */
  readonly what: string;
  readonly adapter: AdapterModel | undefined;
  readonly pointer: string | undefined;
}

function hostNetworks(model: HostModel): HostNetwork[] {
  const out: HostNetwork[] = [];
  for (const a of model.adapters) {
    if (!isRealNetworkAdapter(a)) continue;
    for (const ip of a.ipv4) {
      if (!ip.prefix || isSpecialIpv4Prefix(ip.prefix)) continue;
      out.push({ prefix: ip.prefix, what: `${ip.prefix.text} (address ${ip.address}) on '${a.name}'`, adapter: a, pointer: ip.pointer });
    }
  }
  for (const r of model.routes) {
    if (!r.adapter || !isRealNetworkAdapter(r.adapter)) continue;
    // A default route reaches "everything": only its next hop says something about the host's networks.
    if (r.destination && r.destination.length === 0) {
      const gw = r.nextHop ? parsePrefix(`${r.nextHop}/32`) : undefined;
      const known = r.adapter.ipv4.some((ip) => r.nextHop !== undefined && addressInPrefix(r.nextHop, ip.prefix));
      if (gw && !known && !isSpecialIpv4Prefix(gw) && gw.family === 'ipv4') {
        out.push({ prefix: gw, what: `the default gateway ${r.nextHop} of '${r.adapter.name}'`, adapter: r.adapter, pointer: r.pointer });
      }
      continue;
    }
    if (!r.destination || r.destination.family !== 'ipv4' || isSpecialIpv4Prefix(r.destination)) continue;
    out.push({ prefix: r.destination, what: `the route to ${r.destination.text} through '${r.adapter.name}'${r.nextHop && r.nextHop !== '0.0.0.0' ? ` (next hop ${r.nextHop})` : ''}`, adapter: r.adapter, pointer: r.pointer });
  }
  return out;
}

/** One NAT prefix and every object that uses it (a WinNAT and the docker/HNS network of the same range). */
interface NatUse {
  readonly prefix: Prefix;
  readonly sources: string[];
  readonly docker: DockerNetworkModel[];
  readonly hns: HnsNetworkModel[];
  readonly winnat: NatModel[];
}

function natUses(model: HostModel): NatUse[] {
  const byText = new Map<string, NatUse>();
  const use = (prefix: Prefix): NatUse => {
    let u = byText.get(prefix.text);
    if (!u) {
      u = { prefix, sources: [], docker: [], hns: [], winnat: [] };
      byText.set(prefix.text, u);
    }
    return u;
  };
  for (const { prefix, from } of natPrefixes(model)) {
    if (prefix.family !== 'ipv4') continue;
    const u = use(prefix);
    if (!u.sources.includes(from)) u.sources.push(from);
  }
  for (const n of model.nats) if (n.internalPrefix && n.internalPrefix.family === 'ipv4') use(n.internalPrefix).winnat.push(n);
  for (const n of model.dockerNetworks) {
    if (n.driver !== 'nat') continue;
    for (const s of n.effectiveSubnets) if (s.prefix && s.prefix.length > 0 && s.prefix.family === 'ipv4') use(s.prefix).docker.push(n);
  }
  // HNS nat networks that docker does not list still claim their subnet on the host.
  for (const h of model.hnsNetworks) {
    if (h.type !== 'nat' || h.dockerNetwork) continue;
    for (const s of h.subnets) {
      if (!s.prefix || s.prefix.length === 0 || s.prefix.family !== 'ipv4') continue;
      const u = use(s.prefix);
      u.hns.push(h);
      const from = `HNS network '${h.name ?? h.id}'`;
      if (!u.sources.includes(from)) u.sources.push(from);
    }
  }
  return [...byText.values()];
}

/**
 * A free /24 for a NAT network on this host: outside every NAT and container
 * subnet, and outside the /16 around each network the host reaches (company
 * networks tend to use neighbouring ranges too).
 */
export function suggestFreeNatSubnet(model: HostModel, alsoAvoid: readonly Prefix[] = []): Prefix | undefined {
  const avoid: Prefix[] = [...alsoAvoid];
  for (const h of hostNetworks(model)) avoid.push(supernetOf(h.prefix, 16));
  for (const a of model.adapters) for (const ip of a.ipv4) if (ip.prefix && ip.prefix.length > 0) avoid.push(ip.prefix);
  for (const n of model.nats) if (n.internalPrefix) avoid.push(n.internalPrefix);
  for (const n of model.dockerNetworks) for (const s of [...n.subnets, ...n.effectiveSubnets]) if (s.prefix && s.prefix.length > 0) avoid.push(s.prefix);
  for (const h of model.hnsNetworks) for (const s of h.subnets) if (s.prefix && s.prefix.length > 0) avoid.push(s.prefix);
  return firstFreePrefix(PRIVATE_IPV4_POOLS, 24, avoid);
}

export const natOverlapsHostNetwork: Check = {
  meta: {
    code: 'WCN204',
    knowledge: 'nat-overlaps-host-network',
    title: 'A NAT prefix overlaps a network the host uses',
    severity: 'error',
    requires: ['netAdapters', 'netIPAddresses'],
    description: 'Compares every NAT prefix (WinNAT, docker and HNS nat subnets) with the IPv4 prefixes, routes and default gateways of the host\'s real adapters.',
  },
  run(model) {
    const networks = hostNetworks(model);
    const out: FindingDraft[] = [];
    // Each finding gets its own free range, so two moved networks do not collide again.
    const suggested: Prefix[] = [];
    for (const use of natUses(model)) {
      const hits = networks.filter((h) => prefixesOverlap(use.prefix, h.prefix));
      if (hits.length === 0) continue;
      const free = suggestFreeNatSubnet(model, suggested);
      if (free) suggested.push(free);
      out.push(draft(model, use, hits, free));
    }
    return out;
  },
};

function draft(model: HostModel, use: NatUse, hits: HostNetwork[], free: Prefix | undefined): FindingDraft {
  const allDown = hits.every((h) => h.adapter && !h.adapter.up);
  const with_ = hits.map((h) => h.what).join('; ');
  const freeText = free
    ? ` ${free.text} overlaps nothing this host uses (check with the network team that nothing beyond the host uses it either).`
    : ' No free /24 was found in the private ranges; ask the network team for one.';
  const uses = use.sources.length > 0 ? listText(use.sources) : `A NAT network`;
  const verb = use.sources.length > 1 ? 'use' : 'uses';
  const message = `${uses.charAt(0).toUpperCase()}${uses.slice(1)} ${verb} ${use.prefix.text}, which overlaps ${with_}. Traffic from the host and the containers to addresses in the shared range goes to the NAT network instead of the real one, so those hosts cannot be reached (and the host may lose part of its own network).${allDown ? ' The adapter is not connected now; the conflict starts when it is.' : ''}${freeText}`;
  const subjects: Subject[] = [
    ...use.docker.map((n) => n.subject),
    ...use.hns.map((n) => n.subject),
    ...use.winnat.map((n) => n.subject),
  ];
  for (const h of hits) if (h.adapter && !subjects.includes(h.adapter.subject)) subjects.push(h.adapter.subject);
  const evidence = [...subjects.map((s) => s.pointer), ...hits.map((h) => h.pointer)].filter((p): p is string => p !== undefined);
  return {
    ...(allDown ? { severity: 'warning' as const } : {}),
    message,
    subjects,
    evidence: [...new Set(evidence)],
    fixes: free ? fixesFor(model, use, free) : [],
  };
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function fixesFor(model: HostModel, use: NatUse, free: Prefix): Fix[] {
  const fixes: Fix[] = [];
  const gateway = firstHost(free);
  for (const net of use.docker) {
    if (net.name.toLowerCase() === 'nat') {
      fixes.push(pinDefaultNatSubnetFix(model, free.text, net.hns?.id ?? net.hnsId, `Pin the default nat network to ${free.text} with "fixed-cidr" in daemon.json and let Docker rebuild it`));
    } else {
      fixes.push(recreateNetworkFix(net, { subnet: free.text, ...(gateway ? { gateway } : {}) }, `Re-create '${net.name}' with ${free.text}`));
    }
  }
  if (use.docker.length === 0) {
    for (const h of use.hns) {
      fixes.push({
        title: `Remove HNS network '${h.name ?? h.id}', which Docker does not list`,
        risk: 'disruptive',
        disrupts: `anything still attached to HNS network '${h.name ?? h.id}'`,
        runOn: 'container-host',
        commands: [removeHnsNetworkCommand(h.id)],
        verify: ps`Get-HnsNetwork | Where-Object -Property 'Id' -EQ -Value ${h.id}`,
        expect: 'Prints nothing.',
      });
    }
    // A WinNAT that no container network explains: a lab NAT, or one left behind.
    for (const n of use.winnat) {
      if (n.ownedByContainers && use.hns.length > 0) continue;
      fixes.push({
        title: `Move WinNAT '${n.name}' to ${free.text}`,
        risk: 'disruptive',
        disrupts: `every VM or container that uses NAT '${n.name}': their internal addresses and gateway must move to ${free.text} as well`,
        runOn: 'container-host',
        commands: [
          ps`Get-NetNat -Name ${n.name} | Remove-NetNat -Confirm:$false`,
          ps`New-NetNat -Name ${n.name} -InternalIPInterfaceAddressPrefix ${free.text}`,
        ],
        verify: ps`Get-NetNat -Name ${n.name} | Select-Object -Property 'Name','InternalIPInterfaceAddressPrefix'`,
        expect: `Shows ${free.text}.`,
      });
    }
  }
  return fixes;
}
