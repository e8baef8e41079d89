/**
 * Fixes through containerd: nerdctl owns the networks it made (a CNI conf
 * in containerd's conf directory names each one); a Kubernetes CNI plugin
 * re-creates its network from its conf on the next pod, so the conf is what
 * to change.
 */
import { serviceRestartFix } from '../checks/fixes.js';
import type { Fix } from '../checks/types.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { ps, psQuote } from '../powershell.js';
import { cniConfEditFix, confFileOf, valueChanges } from './cni-conf.js';
import { removeHnsNetworkCommand, removeHnsNetworkFix } from './hns.js';
import type { NetworkChange, OwnerFixes } from './types.js';

function nerdctlNetworkRm(name: string): string {
  return ps`nerdctl network rm ${name}`;
}

function containerdRestartFix(model: HostModel): Fix | undefined {
  if (!model.service('containerd')) return undefined;
  return serviceRestartFix('containerd', 'containers and pods being created fail while containerd restarts');
}

export function containerdFixes(model: HostModel): OwnerFixes {
  return {
    removeNetwork(net: HnsNetworkModel): Fix {
      if (!net.name) return removeHnsNetworkFix(net);
      return {
        title: `Remove nerdctl network '${net.name}'`,
        risk: 'disruptive',
        disrupts: `containers on '${net.name}' lose their network`,
        runOn: 'container-host',
        commands: [nerdctlNetworkRm(net.name)],
        verify: "nerdctl network ls",
        expect: `'${net.name}' is not listed.`,
      };
    },
    recreateNetwork(net: HnsNetworkModel, change: NetworkChange, title: string): Fix | undefined {
      if (!net.name) return undefined;
      let create = ps`nerdctl network create --driver ${net.type === 'nat' ? 'nat' : net.type}`;
      const subnet = change.subnet ?? net.subnets[0]?.text;
      const gateway = change.gateway ?? net.subnets[0]?.gateway;
      if (subnet) create += ` --subnet ${psQuote(subnet)}`;
      if (gateway) create += ` --gateway ${psQuote(gateway)}`;
      return {
        title,
        risk: 'disruptive',
        disrupts: `containers on '${net.name}' lose their network until they are started again`,
        runOn: 'container-host',
        commands: [nerdctlNetworkRm(net.name), `${create} ${psQuote(net.name)}`],
        verify: ps`nerdctl network inspect ${net.name}`,
        expect: `Shows the subnet ${subnet ?? ''} and gateway ${gateway ?? ''}.`,
      };
    },
    restartRuntime: () => containerdRestartFix(model),
  };
}

/**
 * Edit a CNI conf by replacing values in its text (the one conf-edit fix,
 * owners/cni-conf.ts), then remove the HNS network so the plugin makes it
 * again from the conf; undefined when the conf was not captured or does
 * not hold the old values.
 */
export function recreateFromConfFix(model: HostModel, net: HnsNetworkModel, edits: readonly { readonly from: string | undefined; readonly to: string | undefined }[], title: string): Fix | undefined {
  const conf = net.cni;
  const file = confFileOf(model, conf);
  if (!conf || !file) return undefined;
  const edit = cniConfEditFix({
    file, changes: valueChanges(edits),
    title: `${title} (edit CNI conf ${conf.file}, then remove the HNS network for the plugin to make again)`,
    disrupts: `every pod on '${net.name ?? net.id}' on this node loses its network until it is re-created`,
    expect: 'The conf shows the new values; after the next pod starts, Get-HnsNetwork shows them too.',
  });
  return edit && { ...edit, commands: [...edit.commands, removeHnsNetworkCommand(net.id)] };
}

/** A Kubernetes CNI plugin: change its conf, then let it make the network again. */
export function cniFixes(model: HostModel): OwnerFixes {
  return {
    removeNetwork: (net) => removeHnsNetworkFix(net, ' (its CNI plugin makes it again from its conf for the next pod)'),
    recreateNetwork: (net: HnsNetworkModel, change: NetworkChange, title: string): Fix | undefined =>
      recreateFromConfFix(model, net, [{ from: net.subnets[0]?.text, to: change.subnet }, { from: net.subnets[0]?.gateway, to: change.gateway }], title),
    restartRuntime: () => (model.service('kubelet') ? serviceRestartFix('kubelet', 'pods on this node are re-synchronized; running containers keep running') : undefined),
  };
}
