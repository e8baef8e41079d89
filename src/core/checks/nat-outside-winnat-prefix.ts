import { daemonDefaultNatRange, dockerEngineDown, hnsDefaultNat, type DefaultNatRange, type EngineDown } from '../model/derived/engine.js';
import { firstHost, ipv4PrefixFromNumber, ipv4Range, parsePrefix, prefixContains, type Prefix } from '../model/net.js';
import type { DockerNetworkModel, HnsNetworkModel, HostModel, NatModel, SubnetModel } from '../model/types.js';
import { ownerFixes, recreateThroughOwner } from '../owners/index.js';
import { ps } from '../powershell.js';
import { engineServiceName, recreateNetworkFix, setDaemonJsonValue, startService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

/**
 * Hands out, first to last, the /24 blocks (or the prefix itself when
 * smaller) inside `outer` that no used prefix overlaps. Each call returns the
 * next free block, so one allocator serves every finding of a run; the used
 * prefixes are merged into sorted ranges once, so the cost stays linear in
 * their number.
 */
export function freeSubnetAllocator(outer: Prefix, used: readonly Prefix[]): () => Prefix | undefined {
  const range = ipv4Range(outer);
  if (!range) return () => undefined;
  const len = Math.max(outer.length, 24);
  const step = 2 ** (32 - len);
  const count = Math.min(2 ** (len - outer.length), 4096);
  const sorted = used.map(ipv4Range).filter((r): r is { first: number; last: number } => r !== undefined).sort((a, b) => a.first - b.first);
  const merged: { first: number; last: number }[] = [];
  for (const r of sorted) {
    const top = merged[merged.length - 1];
    if (top && r.first <= top.last + 1) top.last = Math.max(top.last, r.last);
    else merged.push({ ...r });
  }
  let i = 0;
  let j = 0;
  return () => {
    for (; i < count; i++) {
      const first = range.first + i * step;
      const last = first + step - 1;
      while (j < merged.length && merged[j]!.last < first) j++;
      if (j < merged.length && merged[j]!.first <= last) continue;
      i++;
      return ipv4PrefixFromNumber(first, len);
    }
    return undefined;
  };
}

/** The first /24 (or the prefix itself when smaller) inside `outer` that no used prefix overlaps. */
export function freeSubnetInside(outer: Prefix, used: readonly Prefix[]): Prefix | undefined {
  return freeSubnetAllocator(outer, used)();
}

/**
 * One nat network as the capture shows it: HNS's network (whoever owns it)
 * with docker's view of it when captured, or a docker nat network HNS has no
 * network for (docker's view alone).
 */
interface NatNetwork {
  readonly hns: HnsNetworkModel | undefined;
  readonly docker: DockerNetworkModel | undefined;
  readonly subnets: readonly SubnetModel[];
}

function natNetworks(model: HostModel): NatNetwork[] {
  const out: NatNetwork[] = [];
  for (const h of model.hnsNetworks) {
    if (h.type !== 'nat') continue;
    const own = h.subnets.filter((s) => s.prefix && s.prefix.length > 0);
    out.push({ hns: h, docker: h.dockerNetwork, subnets: own.length > 0 ? own : h.dockerNetwork?.effectiveSubnets ?? [] });
  }
  for (const d of model.dockerNetworks) {
    if (d.driver === 'nat' && !d.hns) out.push({ hns: undefined, docker: d, subnets: d.effectiveSubnets });
  }
  return out;
}

export const natOutsideWinnatPrefix: Check = {
  meta: {
    code: 'WCN202',
    knowledge: 'nat-outside-winnat-prefix',
    title: 'NAT network outside the WinNAT prefix',
    severity: 'error',
    // HNS and WinNAT are enough: docker's networks (missing when the engine is down) only name what HNS holds.
    requires: ['os', 'netNat', 'hnsNetworks'],
    description: "On builds before 15063 every nat network, whoever owns it, must be a partition of the one WinNAT internal prefix; judged from HNS's nat networks (with docker's view when captured) and, with the engine down, from the range daemon.json gives its default nat network.",
  },
  run(model) {
    if (model.platform.multipleNatNetworks !== false) return [];
    // Only the NAT that containers own defines the prefix; a stray NAT is winnat-slot-taken.
    const owned: NatModel[] = model.nats.filter((n) => n.ownedByContainers && n.internalPrefix);
    const winnat = owned[0];
    if (!winnat?.internalPrefix) return [];
    const outer = winnat.internalPrefix;
    const nets = natNetworks(model);
    // Partitions already carved out of the prefix; the default nat network spans the whole prefix and is not one.
    // The gateways (the host vNIC addresses) are taken too.
    const used = nets.flatMap((n) => n.subnets.map((s) => s.prefix))
      .filter((p): p is Prefix => p !== undefined && prefixContains(outer, p) && p.length > outer.length);
    for (const n of nets) {
      for (const s of n.subnets) {
        const gw = s.gateway ? parsePrefix(`${s.gateway}/32`) : undefined;
        if (gw) used.push(gw);
      }
    }
    const out: FindingDraft[] = [];
    const nextFree = freeSubnetAllocator(outer, used);
    for (const net of nets) {
      for (const s of net.subnets) {
        if (!s.prefix || s.prefix.length === 0 || prefixContains(outer, s.prefix)) continue;
        out.push(networkDraft(model, net, s.prefix, winnat, outer, nextFree));
      }
    }
    const engine = dockerEngineDown(model);
    const range = daemonDefaultNatRange(model);
    // With HNS's default nat there the engine adopts it at start and does not use daemon.json's range (see stale-hns-state).
    if (engine && range && !prefixContains(outer, range.prefix) && !hnsDefaultNat(model)) {
      out.push(daemonRangeDraft(model, engine, range, winnat, outer, nets, nextFree));
    }
    return out;
  },
};

const PREFIX_RULE = 'On this build every nat network must be a partition of that prefix; HNS refuses others with "Unspecified error" (0x80004005) or "The parameter is incorrect" (0x57).';

function networkDraft(model: HostModel, net: NatNetwork, subnet: Prefix, winnat: NatModel, outer: Prefix, nextFree: () => Prefix | undefined): FindingDraft {
  // Each finding gets its own block: the allocator never hands one out twice.
  const free = nextFree();
  const change = free ? { subnet: free.text, gateway: firstHost(free) } : undefined;
  let fixes: Fix[] = [];
  let what: string;
  if (net.docker) {
    what = `Docker nat network '${net.docker.name}'`;
    if (change) fixes = [recreateNetworkFix(net.docker, change, `Re-create '${net.docker.name}' with ${free!.text}, inside ${outer.text}`)];
  } else {
    const h = net.hns!;
    const name = h.name ?? h.id;
    const unseen = model.captured.has('docker.networks') ? '' : " (docker's own networks were not captured; this is judged from HNS)";
    what = `HNS nat network '${name}' (${h.owner.label})${unseen}`;
    // Through its owner: re-made inside the prefix when the owner can, else removed.
    if (change) fixes = recreateThroughOwner(model, h, change, `Re-create '${name}' with ${free!.text}, inside ${outer.text}`);
    if (fixes.length === 0) fixes = [ownerFixes(model, h.owner).removeNetwork(h)];
  }
  return {
    message: `${what} uses ${subnet.text}, outside ${outer.text}, the internal prefix of WinNAT '${winnat.name}'. ${PREFIX_RULE}`,
    subjects: [net.docker?.subject ?? net.hns!.subject, winnat.subject],
    fixes,
  };
}

/**
 * The engine is down and daemon.json gives its default nat network a range
 * outside the WinNAT prefix: at start the engine creates that network, HNS
 * refuses it, and the engine stops.
 */
function daemonRangeDraft(
  model: HostModel, engine: EngineDown, range: DefaultNatRange, winnat: NatModel, outer: Prefix,
  nets: readonly NatNetwork[], nextFree: () => Prefix | undefined,
): FindingDraft {
  const holders = nets.filter((n) => n.hns && n.subnets.some((s) => prefixContains(outer, s.prefix)));
  const held = holders.length > 0
    ? ` HNS nat ${holders.length === 1 ? 'network' : 'networks'} ${holders.map((n) => `'${n.hns!.name ?? n.hns!.id}' (${n.subnets.map((s) => s.text).join(', ')})`).join(', ')} still ${holders.length === 1 ? 'uses' : 'use'} that prefix.`
    : ' No HNS nat network uses that prefix any more: the WinNAT is left over.';
  const unseen = engine.unseen.length > 0 ? ` (${engine.unseen.join(', ')} could not be captured; this is judged from daemon.json, WinNAT and HNS)` : '';
  const service = engineServiceName(model);
  const fixes: Fix[] = [];
  const free = nextFree();
  if (free) {
    const value = range.key === 'bip' ? `${firstHost(free)}/${free.length}` : free.text;
    fixes.push({
      title: `Set "${range.key}" in daemon.json to ${value}, a partition of ${outer.text}, and start '${service}'`,
      risk: 'safe',
      runOn: 'container-host',
      commands: [...setDaemonJsonValue(range.key, value), startService(service)],
      verify: "docker network inspect 'nat' --format '{{json .IPAM.Config}}'",
      expect: `Shows the subnet ${free.text}, and '${service}' keeps running.`,
    });
  }
  const removals = holders.flatMap((n) => ownerFixes(model, n.hns!.owner).removeNetwork(n.hns!).commands);
  fixes.push({
    title: `Remove WinNAT '${winnat.name}'${holders.length > 0 ? ' and the nat networks on it' : ''} so that '${service}' can create its nat network with ${range.prefix.text}`,
    risk: 'disruptive',
    disrupts: holders.length > 0
      ? `the nat networks ${holders.map((n) => `'${n.hns!.name ?? n.hns!.id}'`).join(', ')} and every container on them (make them again inside ${range.prefix.text} afterwards)`
      : `whatever still uses NAT '${winnat.name}'`,
    runOn: 'container-host',
    // HNS may drop its NAT with the last nat network: by filter, an absent NAT is no error.
    commands: [...removals, ps`Get-NetNat | Where-Object Name -eq ${winnat.name} | Remove-NetNat -Confirm:$false`, startService(service)],
    verify: "Get-NetNat | Select-Object -Property 'Name','InternalIPInterfaceAddressPrefix'; docker network ls --filter 'driver=nat'",
    expect: `One NAT, for ${range.prefix.text}, and docker lists a network named 'nat'.`,
  });
  return {
    title: `daemon.json puts the default nat network outside the WinNAT prefix`,
    message: `daemon.json sets "${range.key}" to ${range.text}, outside ${outer.text}, the internal prefix of WinNAT '${winnat.name}', which holds the only NAT this build (${model.platform.label}) allows. The docker engine ${engine.phrase}${unseen}: at start it creates its default nat network with ${range.prefix.text}, and HNS refuses it, so the engine stops with "Error creating default network". ${PREFIX_RULE}${held}`,
    subjects: [engine.subject, winnat.subject],
    evidence: [range.pointer, ...(winnat.subject.pointer ? [winnat.subject.pointer] : []), ...engine.evidence],
    fixes,
  };
}
