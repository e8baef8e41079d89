/**
 * Making pods again: the one way to give a pod a new HNS endpoint. A CNI
 * plugin fixes an endpoint's policies (OutBoundNAT, routes, exceptions) when
 * it makes the endpoint, and an endpoint that HNS left detached or blocked
 * stays so, so the pod has to be deleted for its controller to make it again.
 */
import type { Fix } from '../checks/types.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { HnsEndpointModel, HostModel, PodModel } from '../model/types.js';
import { ps } from '../powershell.js';

/** What the fix is for: what the new endpoints get, and how to see that they have it. */
export interface PodsRemade {
  /** Ends "… make them again with …": `OutBoundNAT`, `new endpoints`, `the route policy`. */
  readonly gets: string;
  readonly verify: string;
  readonly expect: string;
}

const qualified = (p: PodModel) => `${p.namespace ?? 'default'}/${p.name}`;

/**
 * Delete the pods behind these endpoints, run from a workstation with
 * kubectl. A pod is named when the model bound its endpoint to crictl's
 * sandbox (by the sandbox id in the endpoint's name, either spelling, or by
 * SharedContainers); the pods it could not name are found by their IPs in
 * the node's pod list.
 */
export function recreatePodsFix(model: HostModel, endpoints: readonly HnsEndpointModel[], change: PodsRemade): Fix {
  const named: PodModel[] = [];
  const unnamed: HnsEndpointModel[] = [];
  for (const e of endpoints) {
    if (e.pod?.name) {
      if (!named.includes(e.pod)) named.push(e.pod);
    } else {
      unnamed.push(e);
    }
  }
  const commands = named.map((p) => ps`kubectl -n ${p.namespace ?? 'default'} delete pod ${p.name!}`);
  let findThem = '';
  if (unnamed.length > 0) {
    const node = kubernetesFacts(model).nodeName?.value ?? '';
    commands.push(ps`kubectl get pods -A -o wide --field-selector ${`spec.nodeName=${node}`}`);
    const ips = unnamed.map((e) => e.ipAddress ?? e.name ?? e.id).join(', ');
    findThem = `Find the ${unnamed.length === 1 ? 'pod' : 'pods'} with ${unnamed.length === 1 ? 'IP' : 'IPs'} ${ips} in that list and delete ${unnamed.length === 1 ? 'it' : 'them'} (kubectl -n <namespace> delete pod <pod>). `;
  }
  const which = named.length > 0 ? named.map(qualified).join(', ') : `the ${endpoints.length === 1 ? 'pod' : 'pods'} of ${endpoints.length === 1 ? 'that endpoint' : 'those endpoints'}`;
  const plural = named.length + unnamed.length !== 1;
  return {
    title: `Delete ${named.length > 0 ? `${plural ? 'pods' : 'pod'} ` : ''}${which}${named.length > 0 && unnamed.length > 0 ? ' and the others on those endpoints' : ''} so ${plural ? 'their controllers make them' : 'its controller makes it'} again with ${change.gets}`,
    risk: 'disruptive',
    disrupts: `${named.length > 0 ? named.map(qualified).join(', ') : which} restart${named.length === 1 && unnamed.length === 0 ? 's' : ''} (a pod no controller owns is not made again)`,
    runOn: 'cluster',
    commands,
    verify: change.verify,
    expect: `${findThem}${change.expect}`,
  };
}
