import { firstHost, parsePrefix, prefixContains, prefixesOverlap, type Prefix } from '../model/net.js';
import type { DockerNetworkModel, NatModel } from '../model/types.js';
import { recreateNetworkFix } from './fixes.js';
import type { Check, FindingDraft } from './types.js';

/** The first /24 (or the prefix itself when smaller) inside `outer` that no used prefix overlaps. */
export function freeSubnetInside(outer: Prefix, used: readonly Prefix[]): Prefix | undefined {
  if (outer.family !== 'ipv4') return undefined;
  const len = Math.max(outer.length, 24);
  const step = 2 ** (32 - len);
  const base = outer.network.toByteArray().reduce((acc, b) => acc * 256 + b, 0);
  const count = Math.min(2 ** (len - outer.length), 4096);
  for (let i = 0; i < count; i++) {
    const n = base + i * step;
    const text = `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')}/${len}`;
    const candidate = parsePrefix(text);
    if (candidate && !used.some((u) => prefixesOverlap(u, candidate))) return candidate;
  }
  return undefined;
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
    for (const net of natNets) {
      for (const s of net.effectiveSubnets) {
        if (!s.prefix || s.prefix.length === 0 || prefixContains(outer, s.prefix)) continue;
        out.push(draft(net, s.prefix, winnat, outer, used));
      }
    }
    return out;
  },
};

function draft(net: DockerNetworkModel, subnet: Prefix, winnat: NatModel, outer: Prefix, used: Prefix[]): FindingDraft {
  const free = freeSubnetInside(outer, used);
  const fixes = free
    ? [recreateNetworkFix(net, { subnet: free.text, gateway: firstHost(free) }, `Re-create '${net.name}' with ${free.text}, inside ${outer.text}`)]
    : [];
  if (free) used.push(free);
  return {
    message: `Docker nat network '${net.name}' uses ${subnet.text}, outside ${outer.text}, the internal prefix of WinNAT '${winnat.name}'. On this build every nat network must be a partition of that prefix; HNS refuses others with "Unspecified error" (0x80004005) or "The parameter is incorrect" (0x57).`,
    subjects: [net.subject, winnat.subject],
    fixes,
  };
}
