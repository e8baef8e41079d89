/**
 * CNI network configurations as views of HNS networks: a conf whose network
 * name is an HNS network's name is how containerd/nerdctl and Kubernetes CNI
 * plugins name what they made (the plugins find or create their network by
 * that name).
 */
import type { Capture } from '../../capture/schema.js';
import type { CniNetworkView, OwnerKind } from '../types.js';
import { lower } from './common.js';
import type { Hns } from './hns.js';

/** The product a conf belongs to, from its file name and plugin types. */
function flavorOf(file: string, type: string | undefined, delegateType: string | undefined): { owner: OwnerKind; flavor: string } {
  if (/^nerdctl-/i.test(file)) return { owner: 'containerd', flavor: 'nerdctl' };
  const t = lower(type);
  if (t === 'flannel') return { owner: 'cni', flavor: 'flannel' };
  if (t.startsWith('azure')) return { owner: 'cni', flavor: 'azure-vnet' };
  if (t.startsWith('calico')) return { owner: 'cni', flavor: 'calico' };
  if (t === 'nat') return { owner: 'containerd', flavor: 'nat' };
  return { owner: 'cni', flavor: t || lower(delegateType) || 'cni' };
}

export function buildCniConfs(capture: Capture, hns: Hns): CniNetworkView[] {
  const out: CniNetworkView[] = [];
  for (const dir of capture.cni?.confDirs ?? []) {
    for (const f of dir.files) {
      const conf = f.conf;
      if (!conf?.name) continue;
      const first = conf.plugins[0];
      const { owner, flavor } = flavorOf(f.name, first?.type, first?.delegateType);
      const view: CniNetworkView = {
        name: conf.name, type: first?.type, delegateType: first?.delegateType, file: f.name, dir: dir.path,
        subnet: conf.subnets[0], master: conf.plugins.find((p) => p.master)?.master, owner, flavor,
        subject: { kind: 'cni-conf', name: f.name, pointer: f.$ptr },
      };
      out.push(view);
      const net = hns.byName.get(lower(conf.name));
      if (net && !net.cni) net.cni = view;
    }
  }
  return out;
}
