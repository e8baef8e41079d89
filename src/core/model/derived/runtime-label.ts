/**
 * What drives the containers on this host, in a few words, derived once from
 * the model: the runtime and its version, and on a Kubernetes node the CNI
 * plugin that makes the pod network. The TUI header and the report headings
 * show it; the words come from the capture, so callers sanitize them.
 *
 *   docker 24.0.7
 *   containerd 2.0.2 with nerdctl
 *   Kubernetes v1.31.5 on containerd 1.7.25 · flannel VXLAN
 */
import type { CniNetworkView, HnsNetworkModel, HostModel, RuntimeModel } from '../types.js';

export type RuntimeLabelKind = 'kubernetes' | 'containerd' | 'docker' | 'docker-desktop' | 'none';

export interface RuntimeLabel {
  /** What drives the containers: Kubernetes when kubelet is there, else the runtime (the first when there are several). */
  readonly kind: RuntimeLabelKind;
  /** The whole label. */
  readonly text: string;
  /** A shorter label for narrow places: a Kubernetes node without its runtime (`Kubernetes v1.31.5 · flannel VXLAN`). */
  readonly short: string;
  /** The CNI plugin's display name on a Kubernetes node or a containerd host, when one was recognised. */
  readonly cni: string | undefined;
}

/** A CNI plugin's name as people say it, from the owner flavor (or plugin type) and what the network shows. */
export function cniDisplayName(flavor: string | undefined, net?: { type: string; cni?: CniNetworkView | undefined }, flannelBackend?: string): string | undefined {
  const f = (flavor ?? '').toLowerCase();
  const type = net?.type;
  switch (f) {
    case '':
    case 'cni':
    case 'host preparation':
      return undefined;
    case 'azure-vnet':
      return 'Azure CNI';
    case 'calico':
      return 'Calico';
    case 'flannel': {
      const backend = (flannelBackend ?? '').toLowerCase();
      const delegate = (net?.cni?.delegateType ?? '').toLowerCase();
      if (backend === 'vxlan' || (!backend && (type === 'overlay' || delegate.includes('overlay')))) return 'flannel VXLAN';
      if (backend === 'host-gw' || (!backend && (type === 'l2bridge' || delegate.includes('bridge')))) return 'flannel host-gw';
      return 'flannel';
    }
    case 'sdnbridge':
    case 'win-bridge':
    case 'wincni':
      return 'win-bridge';
    case 'sdnoverlay':
    case 'win-overlay':
      return 'win-overlay';
    default:
      return f;
  }
}

const STRENGTH = { reference: 0, config: 1, name: 2, none: 3 } as const;

/** The network the node's CNI plugin made: the one with the strongest evidence, config before name. */
function cniNetwork(model: HostModel): HnsNetworkModel | undefined {
  let best: HnsNetworkModel | undefined;
  for (const n of model.hnsNetworks) {
    if (n.owner.kind !== 'cni' || cniDisplayName(n.owner.flavor, n) === undefined) continue;
    if (!best || STRENGTH[n.owner.evidence] < STRENGTH[best.owner.evidence]) best = n;
  }
  return best;
}

function kubernetesCni(model: HostModel): string | undefined {
  const backend = model.capture.kubernetes?.cluster?.flannelBackend?.value.type;
  const net = cniNetwork(model);
  if (net) return cniDisplayName(net.owner.flavor, net, backend);
  for (const c of model.cniConfs) {
    const name = c.owner === 'cni' ? cniDisplayName(c.flavor, { type: '', cni: c }, backend) : undefined;
    if (name) return name;
  }
  if (model.runtime('flanneld')) return cniDisplayName('flannel', undefined, backend);
  const agents = model.capture.kubernetes?.processes ?? [];
  if (agents.some((p) => /^calico/i.test(p.Name))) return 'Calico';
  return undefined;
}

const versionOf = (r: RuntimeModel | undefined) => r?.version?.trim() || undefined;

function engineText(r: RuntimeModel): string {
  const word = r.kind === 'docker-desktop' ? 'Docker Desktop' : r.kind;
  const version = versionOf(r);
  return `${word}${version ? ` ${version}` : ''}${r.running === false ? ' (stopped)' : ''}`;
}

/** "v1.31.5" from "Kubernetes v1.31.5" (kubelet --version), or the text as given. */
function kubeVersion(model: HostModel): string | undefined {
  const v = model.capture.kubernetes?.versions;
  const text = (v?.kubelet ?? v?.kubeProxy ?? model.capture.kubernetes?.node?.status?.nodeInfo?.kubeletVersion)?.trim();
  if (!text) return undefined;
  return /\bv?\d+\.\d+(?:\.\d+)?[\w.+-]*/.exec(text)?.[0] ?? text;
}

const ENGINES = ['docker', 'docker-desktop', 'containerd'] as const;

export function runtimeLabel(model: HostModel): RuntimeLabel {
  const engines = ENGINES.map((k) => model.runtime(k)).filter((r): r is RuntimeModel => r !== undefined);
  const k8s = model.runtime('kubelet') ?? model.runtime('kube-proxy');
  if (k8s) {
    const version = kubeVersion(model);
    const cni = kubernetesCni(model);
    const on = engines.length > 0 ? ` on ${engines.map(engineText).join(' + ')}` : '';
    const head = `Kubernetes${version ? ` ${version}` : ''}`;
    const tail = ` · ${cni ?? 'CNI plugin not recognised'}`;
    return { kind: 'kubernetes', cni, text: `${head}${on}${tail}`, short: `${head}${tail}` };
  }
  if (engines.length === 0) return { kind: 'none', cni: undefined, text: 'no container runtime found', short: 'no runtime found' };
  const parts = engines.map((r) => {
    if (r.kind !== 'containerd') return engineText(r);
    const nerdctl = model.cniConfs.some((c) => c.flavor === 'nerdctl') || model.hnsNetworks.some((n) => n.owner.flavor === 'nerdctl');
    return `${engineText(r)}${nerdctl ? ' with nerdctl' : ''}`;
  });
  const cniConf = model.cniConfs.find((c) => c.owner === 'cni');
  const cni = cniConf ? cniDisplayName(cniConf.flavor, { type: '', cni: cniConf }) : undefined;
  const text = `${parts.join(' + ')}${cni ? ` · ${cni}` : ''}`;
  return { kind: engines[0]!.kind as RuntimeLabelKind, cni, text, short: text };
}
