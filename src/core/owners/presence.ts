/**
 * Whether an owner is present on a host at all: a docker-only check has
 * nothing to judge on a containerd or Kubernetes node, and says so plainly
 * instead of asking for docker's data.
 */
import type { HostModel, OwnerKind, RuntimeKind } from '../model/types.js';

const RUNTIMES_OF: Readonly<Partial<Record<OwnerKind, readonly RuntimeKind[]>>> = {
  docker: ['docker', 'docker-desktop'],
  'docker-desktop': ['docker-desktop'],
  containerd: ['containerd'],
  cni: ['kubelet', 'flanneld', 'containerd'],
  'kube-proxy': ['kube-proxy'],
};

const NAME_OF: Readonly<Record<OwnerKind, string>> = {
  docker: 'docker engine', 'docker-desktop': 'Docker Desktop', containerd: 'containerd', cni: 'CNI plugin', 'kube-proxy': 'kube-proxy',
  hyperv: 'Hyper-V ICS network', wsl: 'WSL network', unknown: 'owner',
};

/** True when the host has this owner: its runtime, or an HNS object it owns. */
function ownerPresent(model: HostModel, kind: OwnerKind): boolean {
  const runtimes = RUNTIMES_OF[kind] ?? [];
  if (model.runtimes.some((r) => runtimes.includes(r.kind))) return true;
  return model.hnsNetworks.some((n) => n.owner.kind === kind) || (kind === 'cni' && model.cniConfs.length > 0);
}

/** Who owns the HNS networks here, for messages: "cni/flannel: cbr0; unknown: nat". */
export function hnsOwnersText(model: HostModel): string {
  const by = new Map<string, string[]>();
  for (const n of model.hnsNetworks) {
    const k = n.owner.flavor ? `${n.owner.kind}/${n.owner.flavor}` : n.owner.kind;
    let names = by.get(k);
    if (!names) by.set(k, (names = []));
    names.push(n.name ?? n.id);
  }
  // A few names per owner say enough; a host with thousands of networks gets a count, not a list.
  const listed = (names: string[]) => (names.length <= NAMES_SHOWN ? names.join(', ') : `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`);
  return [...by].map(([k, names]) => `${k}: ${listed(names)}`).join('; ');
}

const NAMES_SHOWN = 5;

/**
 * Per host: which owners are present, and the owners text. Every check that
 * declares its owners asks (over thirty on a docker host), and both answers
 * walk the host's networks.
 */
interface Presence {
  readonly present: Map<OwnerKind, boolean>;
  who: string | undefined;
}
const presenceOf = new WeakMap<HostModel, Presence>();

/** Undefined when one of the owners is present; else the reason the check is not applicable. */
export function absentOwnersReason(model: HostModel, owners: readonly OwnerKind[]): string | undefined {
  let p = presenceOf.get(model);
  if (!p) presenceOf.set(model, (p = { present: new Map(), who: undefined }));
  for (const o of owners) {
    let present = p.present.get(o);
    if (present === undefined) p.present.set(o, (present = ownerPresent(model, o)));
    if (present) return undefined;
  }
  const names = [...new Set(owners.map((o) => NAME_OF[o]))];
  const who = (p.who ??= hnsOwnersText(model));
  return `no ${names.join(' or ')} on this host${who ? ` (HNS networks here are owned by ${who})` : ''}`;
}
