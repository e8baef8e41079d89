import { firstHost, ipv4PrefixFromNumber, ipv4Range, parsePrefix, prefixContains, type Prefix } from '../model/net.js';
import type { DockerNetworkModel, NatModel } from '../model/types.js';
import { recreateNetworkFix } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

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

export const natOutsideWinnatPrefix: Check = {
  meta: {
    code: 'WCN202',
    knowledge: 'nat-outside-winnat-prefix',
    title: 'NAT network outside the WinNAT prefix',
    severity: 'error',
    requires: ['os', 'netNat', 'docker.networks'],
    description: 'On builds before 15063 every docker nat network must be a partition of the one WinNAT internal prefix.',
  },
  run(model) {
    if (model.platform.multipleNatNetworks !== false) return [];
    // Only the NAT that containers own defines the prefix; a stray NAT is winnat-slot-taken.
    const owned: NatModel[] = model.nats.filter((n) => n.ownedByContainers && n.internalPrefix);
    const winnat = owned[0];
    if (!winnat?.internalPrefix) return [];
    const outer = winnat.internalPrefix;
    const natNets = model.dockerNetworks.filter((n) => n.driver === 'nat');
    // Partitions already carved out of the prefix; the default nat network spans the whole prefix and is not one.
    // The gateways (the host vNIC addresses) are taken too.
    const used = natNets.flatMap((n) => n.effectiveSubnets.map((s) => s.prefix))
      .filter((p): p is Prefix => p !== undefined && prefixContains(outer, p) && p.length > outer.length);
    for (const n of natNets) {
      for (const s of n.effectiveSubnets) {
        const gw = s.gateway ? parsePrefix(`${s.gateway}/32`) : undefined;
        if (gw) used.push(gw);
      }
    }
    const out: FindingDraft[] = [];
    const nextFree = freeSubnetAllocator(outer, used);
    for (const net of natNets) {
      for (const s of net.effectiveSubnets) {
        if (!s.prefix || s.prefix.length === 0 || prefixContains(outer, s.prefix)) continue;
        out.push(draft(net, s.prefix, winnat, outer, nextFree));
      }
    }
    return out;
  },
};

function draft(net: DockerNetworkModel, subnet: Prefix, winnat: NatModel, outer: Prefix, nextFree: () => Prefix | undefined): FindingDraft {
  // Each finding gets its own block: the allocator never hands one out twice.
  const free = nextFree();
  const fixes = free
    ? [recreateNetworkFix(net, { subnet: free.text, gateway: firstHost(free) }, `Re-create '${net.name}' with ${free.text}, inside ${outer.text}`)]
    : [];
  return {
    message: `Docker nat network '${net.name}' uses ${subnet.text}, outside ${outer.text}, the internal prefix of WinNAT '${winnat.name}'. On this build every nat network must be a partition of that prefix; HNS refuses others with "Unspecified error" (0x80004005) or "The parameter is incorrect" (0x57).`,
    subjects: [net.subject, winnat.subject],
    fixes,
  };
}
