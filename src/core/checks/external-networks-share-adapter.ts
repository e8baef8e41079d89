import { OPT } from '../model/build.js';
import { freePhysicalAdapters, uplinkOf, usesExternalSwitch, type AnyNetwork } from '../model/external.js';
import type { AdapterModel, DockerNetworkModel, HnsNetworkModel, HostModel, Subject, SwitchModel } from '../model/types.js';
import { ownerFixes } from '../owners/index.js';
import { ps } from '../powershell.js';
import { dockerNetworkRm, inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const LIST_ADAPTERS = "Get-NetAdapter -Physical | Select-Object -Property 'Name','InterfaceDescription','Status'";

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** A network that binds an External switch: docker's view when docker shows it, else the HNS network whoever owns it. */
interface ExternalNet {
  readonly net: AnyNetwork;
  readonly name: string;
  readonly type: string;
  readonly subject: Subject;
  readonly docker: DockerNetworkModel | undefined;
  /** The HNS network behind it (docker's binding, or the network itself). */
  readonly hns: HnsNetworkModel | undefined;
  /** For messages: `'ext' (transparent)`, or `'cbr0' (l2bridge; HNS, owner: …)`. */
  readonly text: string;
}

function externalNetworks(model: HostModel): ExternalNet[] {
  const out: ExternalNet[] = [];
  for (const d of model.dockerNetworks) {
    if (!usesExternalSwitch(d)) continue;
    out.push({ net: d, name: d.name, type: d.driver, subject: d.subject, docker: d, hns: d.hns, text: `'${d.name}' (${d.driver})` });
  }
  for (const h of model.hnsNetworks) {
    if (h.dockerNetwork || !usesExternalSwitch(h)) continue;
    const name = h.name ?? h.id;
    out.push({ net: h, name, type: h.type, subject: h.subject, docker: undefined, hns: h, text: `'${name}' (${h.type}; HNS, owner: ${h.owner.label})` });
  }
  return out;
}

/** The network to move: one without a switch of its own, else the last listed. */
function pickExtra(nets: readonly ExternalNet[], model: HostModel): ExternalNet {
  const withoutSwitch = nets.filter((n) => uplinkOf(model, n.net).source !== 'switch');
  return withoutSwitch[withoutSwitch.length - 1] ?? nets[nets.length - 1]!;
}

/** Move the containers of docker network `extra` to `keep` (when docker shows it too), then remove `extra`. */
function consolidateFix(extra: DockerNetworkModel, keep: DockerNetworkModel | undefined): Fix {
  const cs = extra.containers.map((a) => a.container.name);
  const moveTo = keep ? ` and attach its containers to '${keep.name}' instead` : '';
  return {
    title: `Remove network '${extra.name}'${moveTo}`,
    risk: cs.length > 0 ? 'disruptive' : 'safe',
    ...(cs.length > 0 ? { disrupts: keep ? `the network connection of ${quoted(cs)}, which ${cs.length === 1 ? 'moves' : 'move'} to '${keep.name}' and ${cs.length === 1 ? 'gets a new address' : 'get new addresses'} there` : `the network connection of ${quoted(cs)}` } : {}),
    runOn: 'container-host',
    commands: [
      ...cs.flatMap((c) => [ps`docker network disconnect --force ${extra.name} ${c}`, ...(keep ? [ps`docker network connect ${keep.name} ${c}`] : [])]),
      dockerNetworkRm(extra.name),
    ],
    verify: "docker network ls --filter 'driver=transparent' --filter 'driver=l2bridge' --filter 'driver=l2tunnel'",
    expect: keep ? `'${extra.name}' is no longer listed; '${keep.name}' is.` : `'${extra.name}' is no longer listed.`,
  };
}

/** Remove the extra network the way its owner expects. */
function removeFix(model: HostModel, extra: ExternalNet, keep: ExternalNet): Fix {
  if (extra.docker) return consolidateFix(extra.docker, keep.docker);
  return ownerFixes(model, extra.hns!.owner).removeNetwork(extra.hns!);
}

function ownAdapterFix(extra: DockerNetworkModel, free: AdapterModel): Fix {
  return recreateNetworkWith(extra, { options: { [OPT.iface]: free.name } }, `Re-create '${extra.name}' on the free adapter '${free.name}'`, {
    verify: inspectNetwork(extra.name),
    expect: `The options show com.docker.network.windowsshim.interface = ${free.name}.`,
  });
}

function addAdapterFix(extra: ExternalNet, virtual: boolean): Fix {
  const cs = extra.docker ? extra.docker.containers.map((a) => a.container.name) : [];
  const endpoints = extra.docker ? 0 : extra.hns?.endpoints.length ?? 0;
  const again = extra.docker
    ? `re-create '${extra.name}' with -o com.docker.network.windowsshim.interface=<its Name>`
    : `make '${extra.name}' again on it where its owner configures it (${extra.hns!.owner.label})`;
  const disrupts = cs.length > 0
    ? `the network connection of ${quoted(cs)} while '${extra.name}' is re-created`
    : endpoints > 0 ? `the ${endpoints} endpoint${endpoints === 1 ? '' : 's'} on '${extra.name}' while it is made again` : undefined;
  return {
    title: `Add another network adapter${virtual ? ' to this VM (on its hypervisor)' : ''} for '${extra.name}' (no command on this host can do that), then ${again}`,
    risk: disrupts ? 'disruptive' : 'safe',
    ...(disrupts ? { disrupts } : {}),
    runOn: 'container-host',
    commands: [],
    verify: LIST_ADAPTERS,
    expect: 'Lists a physical adapter that no External vSwitch holds yet.',
  };
}

const switchOf = (n: ExternalNet): SwitchModel | undefined => n.hns?.switch;

export const externalNetworksShareAdapter: Check = {
  meta: {
    code: 'WCN302',
    knowledge: 'external-networks-share-adapter',
    title: 'Several External-switch networks want the same adapter',
    severity: 'error',
    requires: ['hnsNetworks', 'netAdapters'],
    description: 'Each transparent, l2bridge or l2tunnel network (docker, or HNS whoever made it) needs an adapter of its own; several transparent networks need more adapters than one.',
  },
  run(model) {
    const external = externalNetworks(model);
    const out: FindingDraft[] = [];
    const virtual = model.host.virtualization?.isVirtual === true;

    // 1. Networks that resolve to the same adapter.
    const byAdapter = new Map<string, { label: string; adapter: AdapterModel | undefined; nets: ExternalNet[] }>();
    for (const net of external) {
      const up = uplinkOf(model, net.net);
      const keys = [
        ...up.adapters.map((a) => ({ key: `a:${a.name.toLowerCase()}`, label: a.name, adapter: a as AdapterModel | undefined })),
        ...up.unresolved.map((u) => ({ key: `u:${u.toLowerCase()}`, label: u, adapter: undefined })),
      ];
      for (const k of keys) {
        const entry = byAdapter.get(k.key) ?? { label: k.label, adapter: k.adapter, nets: [] };
        if (!entry.nets.includes(net)) entry.nets.push(net);
        byAdapter.set(k.key, entry);
      }
    }
    const reported = new Set<string>();
    const inSharedFinding = new Set<ExternalNet>();
    for (const { label, adapter, nets } of byAdapter.values()) {
      if (nets.length < 2) continue;
      const groupKey = nets.map((n) => n.name.toLowerCase()).sort().join('\u0000');
      if (reported.has(groupKey)) continue;
      reported.add(groupKey);
      // HNS itself put several l2bridge/l2tunnel networks on one switch (as
      // Kubernetes node setups do): a supported arrangement, not a collision.
      const switches = new Set(nets.map(switchOf));
      if (nets.every((n) => n.type !== 'transparent') && switches.size === 1 && !switches.has(undefined)) continue;
      nets.forEach((n) => inSharedFinding.add(n));
      const extra = pickExtra(nets, model);
      const keep = nets.find((n) => n !== extra)!;
      const free = freePhysicalAdapters(model)[0];
      const fixes: Fix[] = [];
      if (free && extra.docker) fixes.push(ownAdapterFix(extra.docker, free));
      fixes.push(removeFix(model, extra, keep));
      if (!free) fixes.push(addAdapterFix(extra, virtual));
      out.push({
        message: `${nets.every((n) => n.docker) ? 'Docker networks' : 'Networks'} ${nets.map((n) => n.text).join(', ')} ${nets.length === 2 ? 'both' : 'all'} use adapter '${label}'. One adapter can back only one External vSwitch, so each of these networks needs an adapter of its own${free ? `; '${free.name}' is still free` : ', and no other physical adapter is free'}.`,
        subjects: [...nets.map((n) => n.subject), ...(adapter ? [adapter.subject] : [])],
        fixes,
      });
    }

    // 2. More transparent networks than physical adapters.
    const transparent = external.filter((n) => n.type === 'transparent' && !inSharedFinding.has(n));
    const physical = model.adapters.filter((a) => a.isPhysical && !a.isHostVnic);
    if (transparent.length >= 2 && physical.length < transparent.length) {
      const unnamed = transparent.filter((n) => (n.docker ? !n.docker.options[OPT.iface] : !n.hns?.adapterName));
      const extra = pickExtra(transparent, model);
      const keep = transparent.find((n) => n !== extra)!;
      const adapterText = physical.length === 0 ? 'no physical adapter' : `only ${physical.length} physical adapter${physical.length === 1 ? '' : 's'} (${quoted(physical.map((a) => a.name))})`;
      const how = transparent.every((n) => n.docker) ? 'named with -o com.docker.network.windowsshim.interface=<adapter Name>' : "named in its owner's configuration (for docker, -o com.docker.network.windowsshim.interface=<adapter Name>)";
      const pick = transparent.every((n) => n.docker) ? 'Docker picks' : 'HNS picks';
      out.push({
        message: `The host has ${transparent.length} transparent networks (${quoted(transparent.map((n) => n.name))}) but ${adapterText}. Each transparent network needs an adapter of its own, ${how}${unnamed.length > 0 ? `; ${quoted(unnamed.map((n) => n.name))} ${unnamed.length === 1 ? 'does' : 'do'} not name one, so ${pick} an adapter that is already taken` : ''}.`,
        subjects: [...transparent.map((n) => n.subject), ...physical.map((a) => a.subject)],
        fixes: [removeFix(model, extra, keep), addAdapterFix(extra, virtual)],
      });
    }
    return out;
  },
};
