import type { ContainerAttachment, ContainerModel, DockerNetworkModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { quotedList as quoted } from '../text/list.js';
import { parseLink } from '../model/derived/docker.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** Drivers whose networks have no service discovery: container names do not resolve there. */
const NO_DISCOVERY = new Set(['transparent', 'l2bridge']);
/** Drivers on which docker resolves container and service names. */
const DISCOVERY = new Set(['nat', 'overlay']);

function discoveryNetworks(c: ContainerModel): Set<string> {
  return new Set(c.attachments.filter((a) => a.network && DISCOVERY.has(a.network.driver)).map((a) => (a.network!.id ?? a.network!.name).toLowerCase()));
}

/** Most names a reason lists before it counts the rest. */
const LISTED = 20;

function listed(names: readonly string[], total = names.length): string {
  return total > names.length || names.length > LISTED
    ? `${names.slice(0, LISTED).map((n) => `'${n}'`).join(', ')} and ${total - Math.min(names.length, LISTED)} more`
    : quoted(names);
}

/**
 * Which containers share a network with service discovery, asked once per
 * group of containers on the same such networks (a "signature"), so that a
 * network with thousands of containers is not compared pair by pair.
 */
class Discovery {
  private readonly sigOf = new Map<ContainerModel, number>();
  private readonly sigs: Set<string>[] = [];
  private readonly sigsByNetwork = new Map<string, number[]>();
  private readonly shareMemo = new Map<number, Set<number>>();

  constructor(containers: Iterable<ContainerModel>) {
    const byKey = new Map<string, number>();
    for (const c of containers) {
      const set = discoveryNetworks(c);
      const key = [...set].sort().join('\u0000');
      let id = byKey.get(key);
      if (id === undefined) {
        id = this.sigs.length;
        byKey.set(key, id);
        this.sigs.push(set);
        for (const n of set) {
          const list = this.sigsByNetwork.get(n) ?? [];
          list.push(id);
          this.sigsByNetwork.set(n, list);
        }
      }
      this.sigOf.set(c, id);
    }
  }

  sig(c: ContainerModel): number {
    const id = this.sigOf.get(c);
    if (id === undefined) throw new Error(`container '${c.name}' is not on this network`);
    return id;
  }

  /** The signatures that share at least one network with service discovery with `id`. */
  sharing(id: number): Set<number> {
    let set = this.shareMemo.get(id);
    if (!set) {
      set = new Set<number>();
      for (const n of this.sigs[id]!) for (const other of this.sigsByNetwork.get(n) ?? []) set.add(other);
      this.shareMemo.set(id, set);
    }
    return set;
  }

  share(a: ContainerModel, b: ContainerModel): boolean {
    return this.sharing(this.sig(a)).has(this.sig(b));
  }
}

/** Aliases the user gave (docker adds the short id, and the container's own name resolves anyway). */
export function userAliases(att: ContainerAttachment): string[] {
  const c = att.container;
  const own = new Set([c.id.slice(0, 12).toLowerCase(), c.name.toLowerCase()]);
  return (att.aliases ?? []).filter((a) => a && !own.has(a.toLowerCase()));
}

interface Reason {
  readonly text: string;
  /**
   * Containers that must share a network with service discovery to clear this
   * reason, in parts: a part may be one list shared by many reasons.
   */
  readonly involves: readonly (readonly ContainerModel[])[];
  /** Alias each container should carry on that network, so the names it was given keep working. */
  readonly aliases: ReadonlyMap<ContainerModel, readonly string[]>;
}

/** Every container the reasons involve (each shared part is walked once). */
function involvedBy(reasons: readonly Reason[]): Set<ContainerModel> {
  const out = new Set<ContainerModel>();
  const seen = new Set<readonly ContainerModel[]>();
  for (const r of reasons) {
    for (const part of r.involves) {
      if (seen.has(part)) continue;
      seen.add(part);
      for (const c of part) out.add(c);
    }
  }
  return out;
}

function reasonsFor(net: DockerNetworkModel): Reason[] {
  const atts = new Map<ContainerModel, ContainerAttachment>();
  for (const a of net.containers) if (!atts.has(a.container)) atts.set(a.container, a);
  const members = [...atts.keys()];
  const byName = new Map(members.map((c) => [c.name.toLowerCase(), c]));
  const discovery = new Discovery(members);
  const reasons: Reason[] = [];

  // Links to another container on this network, which nothing resolves here.
  for (const x of members) {
    const links = [...new Set([...x.links, ...(atts.get(x)!.links ?? [])])].map(parseLink);
    for (const l of links) {
      const target = byName.get(l.target.toLowerCase());
      if (!target || target === x || discovery.share(x, target)) continue;
      reasons.push({
        text: `'${x.name}' links to '${target.name}'${l.alias !== target.name ? ` as '${l.alias}'` : ''}, but they share no network that resolves names`,
        involves: [[x, target]],
        aliases: new Map([[target, l.alias !== target.name ? [l.alias] : []]]),
      });
    }
  }
  // Network aliases on this network: names that only a network with service discovery would answer.
  // The members that cannot resolve them depend only on the alias holder's signature: found once per signature.
  const strangersBySig = new Map<number, ContainerModel[]>();
  for (const x of members) {
    const aliases = userAliases(atts.get(x)!);
    if (aliases.length === 0) continue;
    const sig = discovery.sig(x);
    let others = strangersBySig.get(sig);
    if (!others) {
      const sharing = discovery.sharing(sig);
      others = members.filter((y) => !sharing.has(discovery.sig(y)));
      strangersBySig.set(sig, others);
    }
    // x is among them only when it is on no network with service discovery at all.
    const total = others.length - (discovery.sharing(sig).has(sig) ? 0 : 1);
    if (total === 0) continue;
    const shown: string[] = [];
    for (const y of others) {
      if (y === x) continue;
      if (shown.length > LISTED) break;
      shown.push(y.name);
    }
    reasons.push({
      text: `'${x.name}' has the network ${aliases.length === 1 ? 'alias' : 'aliases'} ${aliases.map((a) => `'${a}'`).join(', ')} on it, which ${listed(shown, total)} cannot resolve`,
      involves: [[x], others],
      aliases: new Map([[x, aliases]]),
    });
  }
  // Containers that can reach each other only by name or by an address that may change.
  // A container without any address there talks to nobody on it (other checks say why).
  const addressed = members.filter((c) => atts.get(c)!.staticIpv4 || atts.get(c)!.ipv4);
  const dynamic = addressed.filter((c) => !atts.get(c)!.staticIpv4);
  const countBySig = (list: readonly ContainerModel[]) => {
    const counts = new Map<number, number>();
    for (const c of list) counts.set(discovery.sig(c), (counts.get(discovery.sig(c)) ?? 0) + 1);
    return counts;
  };
  const addressedBySig = countBySig(addressed);
  const dynamicBySig = countBySig(dynamic);
  /** Some container of `counts` (other than c itself when `counted`) shares no discovery network with c. */
  const hasStranger = (c: ContainerModel, counts: ReadonlyMap<number, number>, counted: boolean) => {
    const sig = discovery.sig(c);
    const sharing = discovery.sharing(sig);
    for (const [other, n] of counts) {
      const others = counted && other === sig ? n - 1 : n;
      if (others > 0 && !sharing.has(other)) return true;
    }
    return false;
  };
  const dynamicSet = new Set(dynamic);
  const addressedSet = new Set(addressed);
  const moving = dynamic.filter((y) => hasStranger(y, addressedBySig, true));
  if (moving.length > 0) {
    const movingSet = new Set(moving);
    const involved = members.filter((c) => movingSet.has(c) || (addressedSet.has(c) && hasStranger(c, dynamicBySig, dynamicSet.has(c))));
    const addr = (c: ContainerModel) => atts.get(c)!.ipv4;
    const movingShown = moving.slice(0, LISTED).map((c) => `'${c.name}'${addr(c) ? ` (${addr(c)})` : ''}`).join(', ');
    reasons.push({
      text: `${listed(involved.map((c) => c.name))} share it, and ${movingShown}${moving.length > LISTED ? ` and ${moving.length - LISTED} more` : ''} ${moving.length === 1 ? 'has' : 'have'} no static address, so the others can find ${moving.length === 1 ? 'it' : 'them'} only by a name that does not resolve here, or by an address that may change`,
      involves: [involved],
      aliases: new Map(),
    });
  }
  return reasons;
}

/** A nat network the containers can share: the default 'nat', any nat network, or a new one. */
function sharedNat(model: HostModel, net: DockerNetworkModel): { name: string; create: boolean } {
  const nat = model.dockerNetworkByName('nat');
  if (nat && nat.driver === 'nat') return { name: nat.name, create: false };
  const other = model.dockerNetworks.find((n) => n.driver === 'nat');
  if (other) return { name: other.name, create: false };
  let name = `${net.name}-names`;
  for (let i = 2; model.dockerNetworkByName(name); i++) name = `${net.name}-names-${i}`;
  return { name, create: true };
}

/** Adding a network to a running container needs hot-add (15063+) and process isolation. */
function canHotAdd(model: HostModel, c: ContainerModel): boolean {
  if (model.platform.hotAddSupported !== true) return false;
  const iso = (c.isolation ?? '').toLowerCase();
  if (iso === 'process') return true;
  if (iso === 'hyperv') return false;
  return model.platform.isServer === true;
}

function connectFix(model: HostModel, net: DockerNetworkModel, reasons: readonly Reason[]): Fix {
  const target = sharedNat(model, net);
  const involvedSet = involvedBy(reasons);
  const containers = [...new Set(net.containers.map((a) => a.container))].filter((c) => involvedSet.has(c));
  const aliases = new Map<ContainerModel, Set<string>>();
  for (const r of reasons) {
    for (const [c, list] of r.aliases) {
      const set = aliases.get(c) ?? new Set<string>();
      for (const a of list) set.add(a);
      aliases.set(c, set);
    }
  }
  const commands: string[] = [];
  if (target.create) commands.push(ps`docker network create -d 'nat' ${target.name}`);
  const restarted: string[] = [];
  for (const c of containers) {
    if (c.attachments.some((a) => a.networkName.toLowerCase() === target.name.toLowerCase())) continue;
    const aliasArgs = [...(aliases.get(c) ?? [])].map((a) => ps`--alias ${a}`).join(' ');
    const connect = `docker network connect ${aliasArgs ? `${aliasArgs} ` : ''}${ps`${target.name} ${c.name}`}`;
    if (c.running && !canHotAdd(model, c)) {
      restarted.push(c.name);
      commands.push(ps`docker stop ${c.name}`, connect, ps`docker start ${c.name}`);
    } else {
      commands.push(connect);
    }
  }
  const names = quoted(containers.map((c) => c.name));
  return {
    title: `Connect ${names} to the nat network '${target.name}' as well, so they resolve each other by name there`,
    risk: restarted.length > 0 ? 'disruptive' : 'safe',
    ...(restarted.length > 0 ? { disrupts: `${restarted.map((n) => `'${n}'`).join(', ')} ${restarted.length === 1 ? 'is' : 'are'} stopped and started again (a running container here cannot take a new network adapter)` } : {}),
    runOn: 'container-host',
    commands,
    verify: ps`docker network inspect ${target.name} --format '{{range .Containers}}{{.Name}} {{end}}'`,
    expect: `Lists ${names}.`,
  };
}

export const noServiceDiscovery: Check = {
  meta: {
    code: 'WCN403',
    knowledge: 'no-service-discovery',
    title: 'Containers expect name resolution on a driver without service discovery',
    severity: 'warning',
    requires: ['docker.networks', 'docker.containers'],
    owners: ['docker'],
    description: 'On transparent and l2bridge networks container names do not resolve: flags networks whose containers link to each other, carry network aliases, or share the network without static addresses and without a nat or overlay network in common.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (!NO_DISCOVERY.has(net.driver)) continue;
      const reasons = reasonsFor(net);
      if (reasons.length === 0) continue;
      const involvedSet = involvedBy(reasons);
      const involved = [...new Set(net.containers.map((a) => a.container))].filter((c) => involvedSet.has(c));
      out.push({
        message: `Docker network '${net.name}' (${net.driver}) has no service discovery: container names do not resolve on it. ${reasons.map((r) => r.text).join('; ')}.`,
        subjects: [net.subject, ...involved.map((c) => c.subject)],
        fixes: [connectFix(model, net, reasons)],
      });
    }
    return out;
  },
};
