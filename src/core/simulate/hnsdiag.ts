/**
 * hnsdiag.exe (Windows' HNS diagnostic tool) as a front end over the HNS
 * layer: `list networks|endpoints|loadbalancers|namespaces|all` only reads;
 * `delete networks <id>` and `delete endpoints <id>` remove what HNS would.
 */
import { ps } from '../powershell.js';
import { removeEndpointById, removeNetworkById } from './hns-powershell.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { described, fail, noop, notModelled, ok, type Ctx, type Outcome } from './types.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();
const guidText = (s: string) => lower(s).replace(/[{}]/g, '');
const LISTS = new Set(['networks', 'endpoints', 'loadbalancers', 'namespaces', 'all']);

/** True when an hnsdiag command line only reads. */
export function hnsdiagReadsOnly(values: readonly string[]): boolean {
  return lower(values[0]) === 'list' || values.length === 0;
}

export function hnsdiagCommand(ctx: Ctx, inv: Invocation): Outcome {
  const native = nativeArgs(inv.args);
  if (native.dynamic) return notModelled(`an hnsdiag argument that is ${native.dynamic}`);
  const [verb, what, id, ...rest] = native.values;
  if (verb === undefined || lower(verb) === 'list') {
    if (verb !== undefined && !LISTS.has(lower(what))) return notModelled(`hnsdiag list ${what ?? ''}`.trim());
    return noop(verb === undefined ? 'hnsdiag without arguments prints its usage.' : `hnsdiag list ${lower(what)} only reads.`);
  }
  if (lower(verb) !== 'delete') return notModelled(`hnsdiag ${native.values.join(' ')} (only list and delete networks|endpoints are modelled)`);
  const kind = lower(what);
  if (kind !== 'networks' && kind !== 'endpoints') return notModelled(`hnsdiag delete ${what ?? ''}`.trim());
  if (id === undefined || rest.length > 0) return notModelled(`hnsdiag delete ${kind} with ${id === undefined ? 'no id' : 'more than one id'}`);
  const c = ctx.state.capture;
  const list = kind === 'networks' ? c.hnsNetworks : c.hnsEndpoints;
  if (!list) return notModelled(`hnsdiag delete ${kind}, because ${kind === 'networks' ? 'hnsNetworks' : 'hnsEndpoints'} was not captured`);
  const found = (list as { ID: string; Name?: string }[]).find((x) => guidText(x.ID) === guidText(id));
  if (!found) {
    return fail(`HNS has no ${kind === 'networks' ? 'network' : 'endpoint'} with ID '${id}'.`, described(`HNS failed with error : Element not found. (hnsdiag reports that the ${kind === 'networks' ? 'network' : 'endpoint'} does not exist)`), undefined,
      [`hnsdiag list ${kind}`]);
  }
  const notes: string[] = [];
  if (kind === 'networks') {
    const changes = removeNetworkById(ctx, found.ID, notes);
    return ok(`Deletes HNS network '${found.Name ?? found.ID}' with its endpoints.`, changes, notes);
  }
  const changes = removeEndpointById(ctx, found.ID);
  const holder = ctx.model.containers.find((ct) => ct.running && ct.attachments.some((a) => a.endpoint?.id !== undefined && guidText(a.endpoint.id) === guidText(found.ID)));
  if (holder) notes.push(`Container '${holder.name}' loses its network on that endpoint until it is restarted (${ps`docker restart ${holder.name}`}).`);
  return ok(`Deletes HNS endpoint '${found.Name ?? found.ID}'.`, changes, notes);
}
