/** WinNAT facts several checks share: the nat subnets in use and the single WinNAT slot of old builds. */
import { PrefixIndex, type Prefix } from '../net.js';
import type { HostModel, NatModel } from '../types.js';

/**
 * The subnets of every nat network: each HNS nat network's (whoever owns it)
 * and docker's effective ones (docker may show 0.0.0.0/0 where HNS chose).
 */
export function natSubnets(model: HostModel): Prefix[] {
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
