/**
 * Who owns each HNS object: resolved here and only here, after every view
 * (docker networks and containers, CNI confs, node agents) has been bound.
 * Strongest evidence first:
 *   1. the owner's own record names the object (`reference`): docker's
 *      windowsshim.hnsid, a container bound to an endpoint, HNS's remote flag;
 *   2. the owner's configuration names it (`config`): a CNI conf whose name is
 *      the network's, kube-proxy's network name and source VIP, the ICS and
 *      WSL networks Windows makes;
 *   3. the name looks like an owner's default (`name`, see names.ts);
 *   4. on a host where docker is the only runtime and no CNI conf exists,
 *      an object nothing else claims was made through docker (`config`: the
 *      host's configuration leaves no other maker);
 *   5. otherwise unknown.
 * A check may call an object a leftover only with `reference` or `config`
 * evidence and when the owner's inventory is complete (see `isLeftoverJudgeable`).
 */
import type { Capture } from '../capture/schema.js';
import type {
  HnsEndpointModel, HnsLoadBalancerModel, HnsNetworkModel, Inventory, Owner, OwnerKind, RuntimeModel,
} from '../model/types.js';
import { ownerFromName, looksKubeProxyMac } from './names.js';

const UNKNOWN_OWNER: Owner = { kind: 'unknown', evidence: 'none', label: 'no recognisable owner' };

export interface OwnerContext {
  readonly runtimes: readonly RuntimeModel[];
  /** The HNS network kube-proxy is told to use (--network-name / KUBE_NETWORK), when captured. */
  readonly kubeProxyNetwork?: string | undefined;
  /** kube-proxy's --source-vip, when captured. */
  readonly sourceVip?: string | undefined;
  readonly inventory: Inventory;
  /** CNI confs were found on the host. */
  readonly cniConfs?: number;
}

/** docker is the only runtime here: nothing else makes HNS objects. */
function dockerAlone(ctx: OwnerContext): Owner | undefined {
  if (ctx.runtimes.length === 0 || (ctx.cniConfs ?? 0) > 0) return undefined;
  if (!ctx.runtimes.every((r) => r.kind === 'docker' || r.kind === 'docker-desktop')) return undefined;
  const kind = dockerKind(ctx);
  return { kind, evidence: 'config', label: `${kind === 'docker' ? 'docker' : 'Docker Desktop'}, the only container runtime on this host (none of its records names it)` };
}

const has = (ctx: OwnerContext, kind: RuntimeModel['kind']) => ctx.runtimes.some((r) => r.kind === kind);

/** docker or Docker Desktop, whichever runs the docker engine here. */
function dockerKind(ctx: OwnerContext): 'docker' | 'docker-desktop' {
  return !has(ctx, 'docker') && has(ctx, 'docker-desktop') ? 'docker-desktop' : 'docker';
}

function networkOwner(n: HnsNetworkModel, ctx: OwnerContext): Owner {
  const named = ownerFromName(n.name, n.type);
  if (named && (named.kind === 'hyperv' || named.kind === 'wsl')) {
    // Windows makes these itself (docker merely lists the Default Switch): their type or fixed name is the platform's own configuration.
    return { kind: named.kind, evidence: 'config', label: named.purpose };
  }
  const d = n.dockerNetwork;
  if (d) {
    const byId = (d.hnsId ?? '').toLowerCase().replace(/[{}]/g, '') === n.id.toLowerCase().replace(/[{}]/g, '');
    return { kind: dockerKind(ctx), evidence: byId ? 'reference' : 'config', label: `docker network '${d.name}'`, pointer: d.subject.pointer };
  }
  if (n.cni) {
    return { kind: n.cni.owner, flavor: n.cni.flavor, evidence: 'config', label: `CNI conf ${n.cni.file} (${n.cni.flavor})`, pointer: n.cni.subject.pointer };
  }
  if (ctx.kubeProxyNetwork !== undefined && n.name === ctx.kubeProxyNetwork) {
    const flavor = named?.kind === 'cni' ? named.flavor : undefined;
    return { kind: 'cni', ...(flavor ? { flavor } : {}), evidence: 'config', label: `the network kube-proxy uses${flavor ? ` (${flavor})` : ''}` };
  }
  if (named) return { kind: named.kind, ...(named.flavor ? { flavor: named.flavor } : {}), evidence: 'name', label: `${named.purpose}, by its name` };
  return dockerAlone(ctx) ?? UNKNOWN_OWNER;
}

function endpointOwner(e: HnsEndpointModel, ctx: OwnerContext): Owner {
  if (e.container) {
    return { kind: dockerKind(ctx), evidence: 'reference', label: `container '${e.container.name}'`, pointer: e.container.subject.pointer };
  }
  if (e.isRemote) return { kind: 'kube-proxy', evidence: 'reference', label: 'kube-proxy (remote endpoint)' };
  if (ctx.sourceVip !== undefined && e.ipAddress === ctx.sourceVip) return { kind: 'kube-proxy', evidence: 'config', label: 'kube-proxy (source VIP endpoint)' };
  if (looksKubeProxyMac(e.mac)) return { kind: 'kube-proxy', evidence: 'name', label: 'kube-proxy, by its MAC (02-11-…)' };
  return e.network?.owner ?? dockerAlone(ctx) ?? UNKNOWN_OWNER;
}

function loadBalancerOwner(ctx: OwnerContext): Owner {
  return has(ctx, 'kube-proxy')
    ? { kind: 'kube-proxy', evidence: 'config', label: 'kube-proxy' }
    : { kind: 'kube-proxy', evidence: 'name', label: 'kube-proxy (the only maker of HNS load balancers on a node)' };
}

/** Sets the owner of every HNS network, endpoint and load balancer. */
export function resolveOwners(
  hns: { networks: readonly HnsNetworkModel[]; endpoints: readonly HnsEndpointModel[]; loadBalancers: readonly HnsLoadBalancerModel[] },
  ctx: OwnerContext,
): void {
  for (const n of hns.networks) n.owner = networkOwner(n, ctx);
  for (const e of hns.endpoints) e.owner = endpointOwner(e, ctx);
  if (hns.loadBalancers.length > 0) {
    const lb = loadBalancerOwner(ctx);
    for (const l of hns.loadBalancers) l.owner = lb;
  }
}

/** Which owners' inventories the capture holds completely. */
export function buildInventory(capture: Capture, captured: ReadonlySet<string>, runtimes: readonly RuntimeModel[]): Inventory {
  const complete = new Set<OwnerKind>();
  const engine = runtimes.find((r) => r.kind === 'docker' || r.kind === 'docker-desktop');
  // docker's inventory: its networks and containers, from a daemon that answered (or with no info to say otherwise).
  const infoSaysNo = capture.docker?.info !== undefined && engine !== undefined && !engine.answered;
  if (captured.has('docker.networks') && captured.has('docker.containers') && !infoSaysNo) {
    complete.add('docker');
    complete.add('docker-desktop');
  }
  // containerd's inventory: its pod sandboxes (crictl pods) next to the CNI confs that name its networks.
  if (capture.containerd?.pods !== undefined && captured.has('cni.confDirs')) {
    complete.add('containerd');
    complete.add('cni');
  }
  return { complete };
}

/** True when an object with this owner may be called a leftover: known owner, strong evidence, inventory complete. */
export function isLeftoverJudgeable(owner: Owner, inventory: Inventory): boolean {
  return (owner.evidence === 'reference' || owner.evidence === 'config') && owner.kind !== 'unknown' && inventory.complete.has(owner.kind);
}
