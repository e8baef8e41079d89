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

/** The verify of a fix that gives pods endpoints with new policies: the endpoints and their policies, in full. */
export const ENDPOINT_POLICIES = "Get-HnsEndpoint | Select-Object -Property 'Name','IPAddress','Policies' | ConvertTo-Json -Depth 5";

/**
 * Delete the pods behind these endpoints, run from a workstation with
 * kubectl. A pod is named when the model bound its endpoint to crictl's
 * sandbox (by the sandbox id in the endpoint's name, either spelling, or by
 * SharedContainers); the pods it could not name are found by their IPs in
 * the node's pod list. Undefined on a host that is no Kubernetes node
 * (kubectl has no cluster to ask), and when no pod can be named and the
 * node's name is unknown: there is nothing to run.
 */
export function recreatePodsFix(model: HostModel, endpoints: readonly HnsEndpointModel[], change: PodsRemade): Fix | undefined {
  const named: PodModel[] = [];
  const unnamed: HnsEndpointModel[] = [];
  for (const e of endpoints) {
    if (e.pod?.name) {
      if (!named.includes(e.pod)) named.push(e.pod);
    } else {
      unnamed.push(e);
    }
  }
  const facts = kubernetesFacts(model);
  if (!facts.isNode) return undefined;
  const node = facts.nodeName?.value;
  const listed = unnamed.length > 0 && node !== undefined;
  if (named.length === 0 && !listed) return undefined;
  const commands = named.map((p) => ps`kubectl -n ${p.namespace ?? 'default'} delete pod ${p.name!}`);
  const ips = unnamed.map((e) => e.ipAddress ?? e.name ?? e.id).join(', ');
  const one = unnamed.length === 1;
  let findThem = '';
  if (listed) {
    commands.push(ps`kubectl get pods -A -o wide --field-selector ${`spec.nodeName=${node}`}`);
    findThem = `Find the ${one ? 'pod' : 'pods'} with ${one ? 'IP' : 'IPs'} ${ips} in that list and delete ${one ? 'it' : 'them'} (kubectl -n <namespace> delete pod <pod>). `;
  } else if (unnamed.length > 0) {
    findThem = `The ${one ? 'pod' : 'pods'} with ${one ? 'IP' : 'IPs'} ${ips} could not be named: find ${one ? 'it' : 'them'} with kubectl get pods -A -o wide and delete ${one ? 'it' : 'them'} too. `;
  }
  const names = named.map(qualified).join(', ');
  const whose = named.length === 0
    ? `the ${endpoints.length === 1 ? 'pod' : 'pods'} of ${endpoints.length === 1 ? 'that endpoint' : 'those endpoints'}`
    : `${named.length === 1 ? 'pod' : 'pods'} ${names}${unnamed.length > 0 ? ` and the ${one ? 'pod' : 'pods'} found by IP` : ''}`;
  const single = named.length + unnamed.length === 1;
  return {
    title: `Delete ${whose} so ${single ? 'its controller makes it' : 'their controllers make them'} again with ${change.gets}`,
    risk: 'disruptive',
    disrupts: `${whose.replace(/^pods? /, '')} ${single ? 'restarts' : 'restart'} (a pod no controller owns is not made again)`,
    runOn: 'cluster',
    commands,
    verify: change.verify,
    expect: `${findThem}${change.expect}`,
  };
}
