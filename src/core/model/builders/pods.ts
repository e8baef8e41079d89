/**
 * Pod sandboxes (`crictl pods`) as views bound to HNS endpoints. A CNI
 * plugin names the endpoint it makes for a sandbox after the sandbox id:
 * `<sandbox id>_<network>` (win-bridge, win-overlay, sdnbridge, flannel,
 * Calico, nerdctl's nat plugin) or `<first 12 digits of the id>-<interface>`
 * (Azure CNI, `78ee3ca5b643-eth0`); V1 records may also list the sandbox in
 * `SharedContainers`. Remote endpoints are never a pod's.
 */
import type { Capture } from '../../capture/schema.js';
import type { HnsEndpointModel, PodModel } from '../types.js';
import { lower } from './common.js';

/** The length of the id prefix Azure CNI puts in an endpoint name. */
const SHORT_ID = 12;

function podModel(p: { id: string; name: string | undefined; namespace: string | undefined; state: string | undefined }): PodModel {
  const name = p.name ? `${p.namespace ? `${p.namespace}/` : ''}${p.name}` : p.id.slice(0, SHORT_ID);
  return {
    id: p.id, name: p.name, namespace: p.namespace, state: p.state, ready: lower(p.state) === 'sandbox_ready', endpoints: [],
    subject: { kind: 'pod', name, id: p.id },
  };
}

/** The sandbox id an endpoint name carries, in the two spellings CNI plugins use; undefined when it carries none. */
export function sandboxIdOf(endpointName: string | undefined): { id: string; short: boolean } | undefined {
  if (!endpointName) return undefined;
  const long = /^([0-9a-f]{64})_/i.exec(endpointName);
  if (long) return { id: lower(long[1]), short: false };
  const short = /^([0-9a-f]{12})-[^-]+$/i.exec(endpointName);
  if (short) return { id: lower(short[1]), short: true };
  return undefined;
}

function bind(pod: PodModel, e: HnsEndpointModel): void {
  if (e.pod) return;
  e.pod = pod;
  pod.endpoints.push(e);
}

export function buildPods(capture: Capture, endpoints: readonly HnsEndpointModel[]): PodModel[] {
  const list = capture.containerd?.pods ?? [];
  if (list.length === 0) return [];
  const pods = list.map(podModel);
  const byId = new Map<string, PodModel>();
  // A 12-digit prefix two sandboxes share names neither (null).
  const byShort = new Map<string, PodModel | null>();
  for (const p of pods) {
    const id = lower(p.id);
    if (!byId.has(id)) byId.set(id, p);
    const s = id.slice(0, SHORT_ID);
    byShort.set(s, byShort.has(s) ? null : p);
  }
  for (const e of endpoints) {
    if (e.isRemote || e.container) continue;
    const named = sandboxIdOf(e.name);
    const pod = named ? (named.short ? byShort.get(named.id) : byId.get(named.id)) : undefined;
    if (pod) {
      bind(pod, e);
      continue;
    }
    for (const c of e.sharedContainers) {
      const shared = byId.get(lower(c));
      if (shared) {
        bind(shared, e);
        break;
      }
    }
  }
  return pods;
}
