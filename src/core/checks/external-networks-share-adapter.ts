import { OPT } from '../model/build.js';
import { freePhysicalAdapters, uplinkOf, usesExternalSwitch } from '../model/external.js';
import type { AdapterModel, DockerNetworkModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { dockerNetworkRm, inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const LIST_ADAPTERS = "Get-NetAdapter -Physical | Select-Object -Property 'Name','InterfaceDescription','Status'";

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** The network to move: one without a switch of its own, else the last listed. */
function pickExtra(nets: readonly DockerNetworkModel[], model: HostModel): DockerNetworkModel {
  const withoutSwitch = nets.filter((n) => uplinkOf(model, n).source !== 'switch');
  return withoutSwitch[withoutSwitch.length - 1] ?? nets[nets.length - 1]!;
}

/** Move the containers of `extra` to `keep`, then remove `extra`. */
function consolidateFix(extra: DockerNetworkModel, keep: DockerNetworkModel): Fix {
  const cs = extra.containers.map((a) => a.container.name);
  return {
    title: `Remove network '${extra.name}' and attach its containers to '${keep.name}' instead`,
    risk: cs.length > 0 ? 'disruptive' : 'safe',
    ...(cs.length > 0 ? { disrupts: `the network connection of ${quoted(cs)}, which ${cs.length === 1 ? 'moves' : 'move'} to '${keep.name}' and ${cs.length === 1 ? 'gets a new address' : 'get new addresses'} there` } : {}),
    runOn: 'container-host',
    commands: [
      ...cs.flatMap((c) => [ps`docker network disconnect --force ${extra.name} ${c}`, ps`docker network connect ${keep.name} ${c}`]),
      dockerNetworkRm(extra.name),
    ],
    verify: "docker network ls --filter 'driver=transparent' --filter 'driver=l2bridge' --filter 'driver=l2tunnel'",
    expect: `'${extra.name}' is no longer listed; '${keep.name}' is.`,
  };
}

function ownAdapterFix(extra: DockerNetworkModel, free: AdapterModel): Fix {
  return recreateNetworkWith(extra, { options: { [OPT.iface]: free.name } }, `Re-create '${extra.name}' on the free adapter '${free.name}'`, {
    verify: inspectNetwork(extra.name),
    expect: `The options show com.docker.network.windowsshim.interface = ${free.name}.`,
  });
}

function addAdapterFix(extra: DockerNetworkModel, virtual: boolean): Fix {
  const cs = extra.containers.map((a) => a.container.name);
  return {
    title: `Add another network adapter${virtual ? ' to this VM (on its hypervisor)' : ''} for '${extra.name}' (no command on this host can do that), then re-create '${extra.name}' with -o com.docker.network.windowsshim.interface=<its Name>`,
    risk: cs.length > 0 ? 'disruptive' : 'safe',
    ...(cs.length > 0 ? { disrupts: `the network connection of ${quoted(cs)} while '${extra.name}' is re-created` } : {}),
    runOn: 'container-host',
    commands: [],
    verify: LIST_ADAPTERS,
    expect: 'Lists a physical adapter that no External vSwitch holds yet.',
  };
}

export const externalNetworksShareAdapter: Check = {
  meta: {
    code: 'WCN302',
    knowledge: 'external-networks-share-adapter',
    title: 'Several External-switch networks want the same adapter',
    severity: 'error',
    requires: ['docker.networks', 'netAdapters'],
    description: 'Each transparent, l2bridge or l2tunnel network needs an adapter of its own; several transparent networks need more adapters than one.',
  },
  run(model) {
    const external = model.dockerNetworks.filter(usesExternalSwitch);
    const out: FindingDraft[] = [];
    const virtual = model.host.virtualization?.isVirtual === true;

    // 1. Networks that resolve to the same adapter.
    const byAdapter = new Map<string, { label: string; adapter: AdapterModel | undefined; nets: DockerNetworkModel[] }>();
    for (const net of external) {
      const up = uplinkOf(model, net);
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
    const inSharedFinding = new Set<DockerNetworkModel>();
    for (const { label, adapter, nets } of byAdapter.values()) {
      if (nets.length < 2) continue;
      const groupKey = nets.map((n) => n.name.toLowerCase()).sort().join('\u0000');
      if (reported.has(groupKey)) continue;
      reported.add(groupKey);
      // HNS itself put several l2bridge/l2tunnel networks on one switch (as
      // Kubernetes node setups do): a supported arrangement, not a collision.
      const switches = new Set(nets.map((n) => n.hns?.switch));
      if (nets.every((n) => n.driver !== 'transparent') && switches.size === 1 && !switches.has(undefined)) continue;
      nets.forEach((n) => inSharedFinding.add(n));
      const extra = pickExtra(nets, model);
      const keep = nets.find((n) => n !== extra)!;
      const free = freePhysicalAdapters(model)[0];
      const fixes: Fix[] = [];
      if (free) fixes.push(ownAdapterFix(extra, free));
      fixes.push(consolidateFix(extra, keep));
      if (!free) fixes.push(addAdapterFix(extra, virtual));
      out.push({
        message: `Docker networks ${nets.map((n) => `'${n.name}' (${n.driver})`).join(', ')} ${nets.length === 2 ? 'both' : 'all'} use adapter '${label}'. One adapter can back only one External vSwitch, so each of these networks needs an adapter of its own${free ? `; '${free.name}' is still free` : ', and no other physical adapter is free'}.`,
        subjects: [...nets.map((n) => n.subject), ...(adapter ? [adapter.subject] : [])],
        fixes,
      });
    }

    // 2. More transparent networks than physical adapters.
    const transparent = model.dockerNetworks.filter((n) => n.driver === 'transparent' && !inSharedFinding.has(n));
    const physical = model.adapters.filter((a) => a.isPhysical && !a.isHostVnic);
    if (transparent.length >= 2 && physical.length < transparent.length) {
      const unnamed = transparent.filter((n) => !n.options[OPT.iface]);
      const extra = pickExtra(transparent, model);
      const keep = transparent.find((n) => n !== extra)!;
      const adapterText = physical.length === 0 ? 'no physical adapter' : `only ${physical.length} physical adapter${physical.length === 1 ? '' : 's'} (${quoted(physical.map((a) => a.name))})`;
      out.push({
        message: `The host has ${transparent.length} transparent networks (${quoted(transparent.map((n) => n.name))}) but ${adapterText}. Each transparent network needs an adapter of its own, named with -o com.docker.network.windowsshim.interface=<adapter Name>${unnamed.length > 0 ? `; ${quoted(unnamed.map((n) => n.name))} ${unnamed.length === 1 ? 'does' : 'do'} not name one, so Docker picks an adapter that is already taken` : ''}.`,
        subjects: [...transparent.map((n) => n.subject), ...physical.map((a) => a.subject)],
        fixes: [consolidateFix(extra, keep), addAdapterFix(extra, virtual)],
      });
    }
    return out;
  },
};
