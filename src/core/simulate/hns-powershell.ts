/**
 * The HNS PowerShell cmdlets as a front end over the HNS layer:
 * Remove-HnsNetwork and Remove-HnsEndpoint (Windows' HostNetworkingService
 * module, and hns.psm1) take piped objects; New-HnsNetwork exists only in
 * microsoft/SDN's hns.psm1 (-Type, -Name, -AddressPrefix, -Gateway,
 * -AdapterName, -DNSServer, or a JSON body). The inbox Get-HnsNetwork has
 * -Id and -Detailed, and no -Name.
 */
import { parsePrefix } from '../model/net.js';
import { ps } from '../powershell.js';
import { bindCmdlet } from './args.js';
import { hnsReady } from './hns/ready.js';
import { removeHnsEndpoint } from './hns/endpoint.js';
import { createHnsNetwork, planHnsNetwork, removeHnsNetwork } from './hns/network.js';
import { refuse } from './hns/refusal.js';
import { prop, type Stream } from './pipeline.js';
import type { Invocation } from './tokenize.js';
import { exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/** hns.psm1's ValidateSet for -Type, in its order. */
const TYPES = ['ICS', 'Internal', 'Transparent', 'NAT', 'Overlay', 'L2Bridge', 'L2Tunnel', 'Layered', 'Private'];
const MODELLED_TYPES = new Set(['nat', 'transparent', 'l2bridge', 'l2tunnel']);

const HNS_PSM1_NOTE = "New-HnsNetwork is not in Windows' HostNetworkingService module: it comes from microsoft/SDN's hns.psm1, which must be imported first (Import-Module .\\hns.psm1); without it PowerShell says the term is not recognized.";

/** PowerShell's own text for a parameter a cmdlet does not have. */
function noSuchParameter(cmdlet: string, given: string): Outcome {
  return fail(`${cmdlet} has no parameter -${given}.`, exact(`${cmdlet} : A parameter cannot be found that matches parameter name '${given}'.`));
}

/** The same command line with other values: every value quoted. */
function newHnsNetworkLine(type: string, name: string, opts: { prefix?: string; gateway?: string; adapter?: string }): string {
  let line = ps`New-HnsNetwork -Type ${type} -Name ${name}`;
  if (opts.prefix) line += ps` -AddressPrefix ${opts.prefix}`;
  if (opts.gateway) line += ps` -Gateway ${opts.gateway}`;
  if (opts.adapter) line += ps` -AdapterName ${opts.adapter}`;
  return line;
}

export function newHnsNetwork(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, {
    JsonString: { kind: 'value', position: 0 }, Type: { kind: 'value' }, Name: { kind: 'value' }, AddressPrefix: { kind: 'value' },
    Gateway: { kind: 'value' }, DNSServer: { kind: 'value' }, AdapterName: { kind: 'value' },
  });
  if (!b.ok) return b.unknown ? noSuchParameter('New-HnsNetwork', b.unknown) : notModelled(b.notModelled);
  const v = b.bound.values;
  if (v['JsonString']) return notModelled('New-HnsNetwork with a JSON body');
  const typeText = v['Type']?.value;
  if (typeText === undefined) return notModelled('New-HnsNetwork without -Type');
  const type = TYPES.find((t) => lower(t) === lower(typeText));
  if (!type) {
    return fail(`'${typeText}' is not an HNS network type hns.psm1 accepts.`,
      exact(`New-HnsNetwork : Cannot validate argument on parameter 'Type'. The argument "${typeText}" does not belong to the set "${TYPES.join(',')}" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`));
  }
  if (!MODELLED_TYPES.has(lower(type))) return notModelled(`New-HnsNetwork -Type ${type}`);
  const name = v['Name']?.value;
  if (name === undefined) return notModelled('New-HnsNetwork without -Name');
  const notes = [HNS_PSM1_NOTE];
  const prefixText = v['AddressPrefix']?.value;
  const gatewayText = v['Gateway']?.value;
  if ((prefixText === undefined) !== (gatewayText === undefined)) notes.push('hns.psm1 sends a subnet only when both -AddressPrefix and -Gateway are given; the one given alone is dropped.');
  const both = prefixText !== undefined && gatewayText !== undefined;
  const subnet = both ? parsePrefix(prefixText) : undefined;
  if (both && (!subnet || subnet.family !== 'ipv4')) return fail(`'${prefixText}' is not an IPv4 prefix.`, { text: 'HNS refuses the subnet (the parameter is incorrect).', exact: false });
  // hns.psm1's functions are not advanced functions: they have no -WhatIf.
  if (b.bound.whatIf) return noSuchParameter('New-HnsNetwork', 'WhatIf');
  if (!ctx.state.capture.hnsNetworks) return notModelled('New-HnsNetwork, because hnsNetworks was not captured');
  const changes: StateChange[] = [];
  const hns = hnsReady(ctx, changes, notes, 'network');
  if (hns) return hns;
  if (ctx.model.hnsNetworks.some((h) => h.name === name)) notes.push(`HNS already has a network named '${name}'; tools that look networks up by name may then pick either.`);
  const adapter = v['AdapterName']?.value;
  const planned = planHnsNetwork(ctx.state, ctx.model, {
    name, type: lower(type), ...(subnet ? { subnet } : {}), ...(both ? { gateway: gatewayText } : {}), ...(adapter !== undefined ? { adapterNames: [adapter] } : {}),
    // Without a subnet HNS picks the nat range itself.
  });
  if (!planned.ok) {
    return refuse(planned.refusal, 'powershell', (r) => newHnsNetworkLine(type, name, {
      ...(r.subnet ?? subnet ? { prefix: (r.subnet ?? subnet)!.text } : {}), ...(r.gateway ?? gatewayText ? { gateway: (r.gateway ?? gatewayText)! } : {}),
      ...(r.adapter ?? adapter ? { adapter: (r.adapter ?? adapter)! } : {}),
    }), { changes, notes });
  }
  notes.push(...planned.plan.notes);
  const id = createHnsNetwork(ctx.state, ctx.model, planned.plan.spec, changes);
  notes.push('No container engine knows this network: docker and nerdctl list only their own, so its owner is unknown to every tool but HNS.');
  return ok(`Creates HNS network '${name}' (${type}, ID ${id}).`, changes, notes);
}

/** Remove-HnsNetwork / Remove-HnsEndpoint: what is piped in goes, with what HNS removes along. */
export function removeHns(kind: 'HnsNetwork' | 'HnsEndpoint') {
  return (ctx: Ctx, inv: Invocation, input?: Stream): Outcome => {
    const b = bindCmdlet(inv.name, inv.args, {});
    if (!b.ok) return b.unknown ? noSuchParameter(`Remove-${kind}`, b.unknown) : notModelled(b.notModelled);
    if (!input) return notModelled(`${inv.name} without pipeline input (pipe Get-${kind} into it)`);
    if (input.kind !== kind) return notModelled(`${inv.name} on ${input.kind} objects`);
    if (input.items.length === 0) return noop(`Nothing reaches ${inv.name}: nothing is removed.`);
    const changes: StateChange[] = [];
    const notes: string[] = [];
    for (const it of input.items) {
      const id = String(prop(it, 'ID'));
      if (kind === 'HnsNetwork') changes.push(...removeNetworkById(ctx, id, notes));
      else changes.push(...removeEndpointById(ctx, id));
    }
    return ok(`Removes ${input.items.length} HNS ${kind === 'HnsNetwork' ? 'network' : 'endpoint'}${input.items.length === 1 ? '' : 's'}.`, changes, notes);
  };
}

/** Removes an HNS network, and says which engine still points at it. */
export function removeNetworkById(ctx: Ctx, id: string, notes: string[]): StateChange[] {
  const changes = removeHnsNetwork(ctx.state, ctx.model, id);
  const dn = ctx.model.dockerNetworks.find((n) => lower(n.hnsId) === lower(id));
  if (dn) notes.push(`Docker network '${dn.name}' still points at it${ctx.model.service('docker')?.running ? ' while docker runs' : ''}; docker re-creates or drops it when it starts.`);
  return changes;
}

/** Removes one HNS endpoint (and, on 14393, the static mappings of its address). */
export function removeEndpointById(ctx: Ctx, id: string): StateChange[] {
  const e = (ctx.state.capture.hnsEndpoints ?? []).find((x) => lower(x.ID) === lower(id));
  if (!e) return [];
  removeHnsEndpoint(ctx.state, e);
  return [{ kind: 'hns-endpoint', action: 'removed', name: e.Name ?? e.ID, detail: e.IPAddress ?? '' }];
}
