/** WinNAT facts several checks share: the nat subnets in use and the single WinNAT slot of old builds. */
import { PrefixIndex, prefixContains, type Prefix } from '../net.js';
import type { HostModel, NatModel } from '../types.js';

/**
 * The subnets of every nat network: each HNS nat network's (whoever owns it)
 * and docker's effective ones (docker may show 0.0.0.0/0 where HNS chose).
 */
function natSubnets(model: HostModel): Prefix[] {
  const out: Prefix[] = [];
  for (const n of model.hnsNetworks) {
    if (n.type !== 'nat') continue;
    for (const s of n.subnets) if (s.prefix && s.prefix.length > 0) out.push(s.prefix);
  }
  for (const n of model.dockerNetworks) {
    if (n.driver !== 'nat') continue;
    for (const s of n.effectiveSubnets) if (s.prefix) out.push(s.prefix);
  }
  return out;
}

/**
 * Before build 15063 Windows has one WinNAT instance: the NATs that hold it
 * without being made by a container network (none on later builds).
 */
export function winnatSlotHolders(model: HostModel): NatModel[] {
  if (model.platform.multipleNatNetworks !== false) return [];
  const inside = new PrefixIndex(natSubnets(model));
  return model.nats.filter((n) => !n.ownedByContainers && !inside.anyInside(n.internalPrefix));
}

/**
 * The single WinNAT slot of builds before 15063, as HNS sees it when asked
 * for a nat network (the checks and the simulator read it here): the NAT in
 * the slot, the container NAT whose prefix every nat network must be a
 * partition of, the NATs that hold the slot without being a container
 * network's, and the partitions already cut out of the prefix. Undefined on
 * builds with many NAT instances.
 */
export interface WinNatSlot {
  /** Whatever NAT is in the slot (a second one cannot be made beside it); undefined when it is free. */
  readonly occupant: NatModel | undefined;
  /** The NAT a container network made (named the way HNS or docker names its NAT), with a prefix. */
  readonly containerNat: NatModel | undefined;
  /** NATs that hold the slot without being a container network's (see winnatSlotHolders). */
  readonly holders: NatModel[];
  /** The nat subnets strictly inside the container NAT's prefix (a network spanning the whole prefix is not a partition). */
  readonly partitions: Prefix[];
}

export function winnatSlot(model: HostModel): WinNatSlot | undefined {
  if (model.platform.multipleNatNetworks !== false) return undefined;
  const containerNat = model.nats.find((n) => n.ownedByContainers && n.internalPrefix);
  const outer = containerNat?.internalPrefix;
  return {
    occupant: model.nats[0],
    containerNat,
    holders: winnatSlotHolders(model),
    partitions: outer ? natSubnets(model).filter((p) => prefixContains(outer, p) && p.length > outer.length) : [],
  };
}

/** The NAT prefixes the host's container networks use (WinNAT, and docker or HNS nat subnets), with where each comes from. */
export function natPrefixes(model: HostModel): { prefix: Prefix; from: string }[] {
  const out: { prefix: Prefix; from: string }[] = [];
  for (const n of model.nats) if (n.internalPrefix) out.push({ prefix: n.internalPrefix, from: `WinNAT '${n.name}'` });
  for (const n of model.dockerNetworks) {
    if (n.driver !== 'nat') continue;
    for (const s of n.effectiveSubnets) if (s.prefix && s.prefix.length > 0) out.push({ prefix: s.prefix, from: `docker network '${n.name}'` });
  }
  for (const n of model.hnsNetworks) {
    if (n.type !== 'nat' || n.dockerNetwork) continue;
    for (const s of n.subnets) if (s.prefix && s.prefix.length > 0) out.push({ prefix: s.prefix, from: `HNS network '${n.name ?? n.id}' (${n.owner.label})` });
  }
  return out;
}
