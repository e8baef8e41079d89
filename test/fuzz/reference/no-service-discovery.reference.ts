/* The no-service-discovery check as it was before it was made linear: the reference for a differential test. Do not edit. */
import type { ContainerAttachment, ContainerModel, DockerNetworkModel, HostModel } from '../../../src/core/model/types.js';
import { ps } from '../../../src/core/powershell.js';
import { quotedList as quoted } from '../../../src/core/text/list.js';
import { parseLink } from '../../../src/core/model/derived/docker.js';
import type { Check, Fix, FindingDraft } from '../../../src/core/checks/types.js';

/** Drivers whose networks have no service discovery: container names do not resolve there. */
const NO_DISCOVERY = new Set(['transparent', 'l2bridge']);
/** Drivers on which docker resolves container and service names. */
const DISCOVERY = new Set(['nat', 'overlay']);

function discoveryNetworks(c: ContainerModel): Set<string> {
  return new Set(c.attachments.filter((a) => a.network && DISCOVERY.has(a.network.driver)).map((a) => (a.network!.id ?? a.network!.name).toLowerCase()));
}

function shareDiscovery(a: ContainerModel, b: ContainerModel): boolean {
  const da = discoveryNetworks(a);
  for (const n of discoveryNetworks(b)) if (da.has(n)) return true;
  return false;
}

/** Aliases the user gave (docker adds the short id, and the container's own name resolves anyway). */
export function userAliases(att: ContainerAttachment): string[] {
  const c = att.container;
  const own = new Set([c.id.slice(0, 12).toLowerCase(), c.name.toLowerCase()]);
  return (att.aliases ?? []).filter((a) => a && !own.has(a.toLowerCase()));
}

interface Reason {
  readonly text: string;
  /** Containers that must share a network with service discovery to clear this reason. */
  readonly involves: readonly ContainerModel[];
  /** Alias each container should carry on that network, so the names it was given keep working. */
  readonly aliases: ReadonlyMap<ContainerModel, readonly string[]>;
}

function reasonsFor(net: DockerNetworkModel): Reason[] {
  const atts = new Map<ContainerModel, ContainerAttachment>();
  for (const a of net.containers) if (!atts.has(a.container)) atts.set(a.container, a);
  const members = [...atts.keys()];
  const byName = new Map(members.map((c) => [c.name.toLowerCase(), c]));
  const reasons: Reason[] = [];

  // Links to another container on this network, which nothing resolves here.
  for (const x of members) {
    const links = [...new Set([...x.links, ...(atts.get(x)!.links ?? [])])].map(parseLink);
    for (const l of links) {
      const target = byName.get(l.target.toLowerCase());
      if (!target || target === x || shareDiscovery(x, target)) continue;
      reasons.push({
        text: `'${x.name}' links to '${target.name}'${l.alias !== target.name ? ` as '${l.alias}'` : ''}, but they share no network that resolves names`,
        involves: [x, target],
        aliases: new Map([[target, l.alias !== target.name ? [l.alias] : []]]),
      });
    }
  }
  // Network aliases on this network: names that only a network with service discovery would answer.
  for (const x of members) {
    const aliases = userAliases(atts.get(x)!);
    if (aliases.length === 0) continue;
    const strangers = members.filter((y) => y !== x && !shareDiscovery(x, y));
    if (strangers.length === 0) continue;
    reasons.push({
      text: `'${x.name}' has the network ${aliases.length === 1 ? 'alias' : 'aliases'} ${aliases.map((a) => `'${a}'`).join(', ')} on it, which ${quoted(strangers.map((y) => y.name))} cannot resolve`,
      involves: [x, ...strangers],
      aliases: new Map([[x, aliases]]),
    });
  }
  // Containers that can reach each other only by name or by an address that may change.
  // A container without any address there talks to nobody on it (other checks say why).
  const addressed = members.filter((c) => atts.get(c)!.staticIpv4 || atts.get(c)!.ipv4);
  const dynamic = addressed.filter((c) => !atts.get(c)!.staticIpv4);
  const pairs: [ContainerModel, ContainerModel][] = [];
  for (const y of dynamic) {
    for (const x of addressed) if (x !== y && !shareDiscovery(x, y)) pairs.push([x, y]);
  }
  if (pairs.length > 0) {
    const inPairs = new Set(pairs.flat());
    const involved = members.filter((c) => inPairs.has(c));
    const moving = dynamic.filter((c) => pairs.some((p) => p[1] === c));
    const addr = (c: ContainerModel) => atts.get(c)!.ipv4;
    reasons.push({
      text: `${quoted(involved.map((c) => c.name))} share it, and ${moving.map((c) => `'${c.name}'${addr(c) ? ` (${addr(c)})` : ''}`).join(', ')} ${moving.length === 1 ? 'has' : 'have'} no static address, so the others can find ${moving.length === 1 ? 'it' : 'them'} only by a name that does not resolve here, or by an address that may change`,
      involves: involved,
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
  const involvedSet = new Set(reasons.flatMap((r) => r.involves));
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
    description: 'On transparent and l2bridge networks container names do not resolve: flags networks whose containers link to each other, carry network aliases, or share the network without static addresses and without a nat or overlay network in common.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      if (!NO_DISCOVERY.has(net.driver)) continue;
      const reasons = reasonsFor(net);
      if (reasons.length === 0) continue;
      const involvedSet = new Set(reasons.flatMap((r) => r.involves));
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
