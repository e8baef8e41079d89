/**
 * PowerShell pipelines over the capture: `Get-*` cmdlets produce the records
 * they would list, `Where-Object` filters them (simple comparisons only),
 * formatting cmdlets pass them on, and a changing cmdlet at the end acts on
 * what reaches it.
 */
import type { Capture } from '../capture/schema.js';
import { bindCmdlet, type ParamSpec } from './args.js';
import { isParameterWord, parameterParts, type Invocation, type Word } from './tokenize.js';
import { exact, fail, notModelled, type Ctx, type Outcome } from './types.js';

export type ObjKind = 'NetNat' | 'NetNatStaticMapping' | 'HnsNetwork' | 'HnsEndpoint' | 'VMSwitch' | 'VMNetworkAdapter' | 'Service' | 'VMSwitchExtension' | 'NetIPInterface' | 'other';

export interface Stream {
  readonly kind: ObjKind;
  /** References to records of the simulated capture (edits reach the capture). */
  readonly items: Record<string, unknown>[];
  /** For VM network adapters: true when they are the Hyper-V parent's view of this host's VM. */
  readonly parent?: boolean;
  /** The VM name given to Get-VMNetworkAdapter -VMName, when nothing was captured for it. */
  readonly vmName?: string;
}

export type StageResult = { stream: Stream } | { outcome: Outcome };

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/** PowerShell's -like: * and ? wildcards, case-insensitive. */
export function likeMatch(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
  return re.test(value);
}

export function prop(item: Record<string, unknown>, name: string): unknown {
  const k = Object.keys(item).find((x) => x.toLowerCase() === name.toLowerCase());
  if (k !== undefined) return item[k];
  if (name.toLowerCase() === 'id' && 'ID' in item) return item['ID'];
  return undefined;
}

function silently(values: Record<string, Word>): boolean {
  const ea = values['ErrorAction'];
  return ea !== undefined && ['silentlycontinue', 'ignore', '0', '4'].includes(lower(ea.value));
}

function matchesAny(value: unknown, patterns: readonly string[]): boolean {
  return patterns.some((p) => likeMatch(String(value ?? ''), p));
}

function cimNotFound(cmdlet: string, cls: string, property: string, value: string): Outcome {
  return fail(`No ${cls} object has ${property} '${value}'.`, exact(`${cmdlet} : No ${cls} objects found with property '${property}' equal to '${value}'.  Verify the value of the property and retry.`));
}

function listOf(c: Capture, key: keyof Capture): Record<string, unknown>[] | undefined {
  return c[key] as Record<string, unknown>[] | undefined;
}

interface Producer {
  readonly spec: ParamSpec;
  /** A parameter the cmdlet lacks is PowerShell's error, not a gap of the simulator (the cmdlet's parameters are all known). */
  readonly strict?: boolean;
  /** The cmdlet's name as PowerShell spells it. */
  readonly display?: string;
  run(ctx: Ctx, values: Record<string, Word>, switches: Record<string, boolean>): StageResult;
}

const nameFilter = (items: Record<string, unknown>[], field: string, w: Word | undefined) => (w ? items.filter((i) => matchesAny(prop(i, field), w.values)) : items);

export const PRODUCERS: Record<string, Producer> = {
  'get-netnat': {
    spec: { Name: { kind: 'value', position: 0 } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'netNat');
      if (!all) return { outcome: notModelled('Get-NetNat, because netNat was not captured') };
      const items = nameFilter(all, 'Name', v['Name']);
      if (v['Name'] && items.length === 0 && !silently(v) && !/[*?]/.test(v['Name'].value)) return { outcome: cimNotFound('Get-NetNat', 'MSFT_NetNat', 'Name', v['Name'].value) };
      return { stream: { kind: 'NetNat', items } };
    },
  },
  'get-netnatstaticmapping': {
    spec: { StaticMappingID: { kind: 'value' }, NatName: { kind: 'value', position: 0 } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'netNatStaticMappings');
      if (!all) return { outcome: notModelled('Get-NetNatStaticMapping, because netNatStaticMappings was not captured') };
      let items = nameFilter(all, 'NatName', v['NatName']);
      if (v['StaticMappingID']) items = items.filter((i) => v['StaticMappingID']!.values.includes(String(prop(i, 'StaticMappingID'))));
      if (v['StaticMappingID'] && items.length === 0 && !silently(v)) return { outcome: cimNotFound('Get-NetNatStaticMapping', 'MSFT_NetNatStaticMapping', 'StaticMappingID', v['StaticMappingID'].value) };
      return { stream: { kind: 'NetNatStaticMapping', items } };
    },
  },
  'get-hnsnetwork': {
    spec: { Id: { kind: 'value', position: 0 }, Detailed: { kind: 'switch' } },
    strict: true,
    display: 'Get-HnsNetwork',
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'hnsNetworks');
      if (!all) return { outcome: notModelled('Get-HnsNetwork, because hnsNetworks was not captured') };
      return { stream: { kind: 'HnsNetwork', items: v['Id'] ? all.filter((i) => lower(prop(i, 'ID')) === lower(v['Id']!.value)) : all } };
    },
  },
  'get-hnsendpoint': {
    spec: { Id: { kind: 'value', position: 0 }, Detailed: { kind: 'switch' } },
    strict: true,
    display: 'Get-HnsEndpoint',
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'hnsEndpoints');
      if (!all) return { outcome: notModelled('Get-HnsEndpoint, because hnsEndpoints was not captured') };
      return { stream: { kind: 'HnsEndpoint', items: v['Id'] ? all.filter((i) => lower(prop(i, 'ID')) === lower(v['Id']!.value)) : all } };
    },
  },
  'get-vmswitch': {
    spec: { Name: { kind: 'value', position: 0 }, SwitchType: { kind: 'value' } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'vmSwitches');
      if (!all) return { outcome: notModelled('Get-VMSwitch, because vmSwitches was not captured') };
      let items = nameFilter(all, 'Name', v['Name']);
      if (v['SwitchType']) items = items.filter((i) => lower(prop(i, 'SwitchType')) === lower(v['SwitchType']!.value));
      if (v['Name'] && items.length === 0 && !silently(v) && !/[*?]/.test(v['Name'].value)) {
        return { outcome: fail(`No vSwitch named '${v['Name'].value}' exists.`, exact(`Get-VMSwitch : Hyper-V was unable to find a virtual switch with name "${v['Name'].value}".`)) };
      }
      return { stream: { kind: 'VMSwitch', items } };
    },
  },
  'get-vmnetworkadapter': {
    spec: { VMName: { kind: 'value', position: 0 }, ManagementOS: { kind: 'switch' }, All: { kind: 'switch' }, Name: { kind: 'value' }, SwitchName: { kind: 'value' } },
    run(ctx, v, s) {
      const c = ctx.state.capture;
      if (v['VMName']) {
        // This host's VM, as the Hyper-V parent sees it.
        const parent = listOf(c, 'parentVmNetworkAdapters');
        if (!parent) return { stream: { kind: 'VMNetworkAdapter', items: [], parent: true, vmName: v['VMName'].value } };
        const named = parent.filter((i) => prop(i, 'VMName') !== undefined);
        const items = named.length > 0 ? parent.filter((i) => matchesAny(prop(i, 'VMName'), v['VMName']!.values)) : parent;
        if (items.length === 0 && !silently(v)) {
          return { outcome: fail(`The parent-side capture has no VM named '${v['VMName'].value}'.`, exact(`Get-VMNetworkAdapter : Hyper-V was unable to find a virtual machine with name "${v['VMName'].value}".`)) };
        }
        return { stream: { kind: 'VMNetworkAdapter', items: nameFilter(items, 'Name', v['Name']), parent: true } };
      }
      const all = listOf(c, 'vmNetworkAdapters');
      if (!all) return { outcome: notModelled('Get-VMNetworkAdapter, because vmNetworkAdapters was not captured') };
      let items = nameFilter(all, 'Name', v['Name']);
      if (v['SwitchName']) items = nameFilter(items, 'SwitchName', v['SwitchName']);
      if (s['All']) void 0;
      return { stream: { kind: 'VMNetworkAdapter', items } };
    },
  },
  'get-service': {
    spec: { Name: { kind: 'value', position: 0 } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'services');
      if (!all) return { outcome: notModelled('Get-Service, because services were not captured') };
      const items = nameFilter(all, 'Name', v['Name']);
      const missing = (v['Name']?.values ?? []).filter((n) => !/[*?]/.test(n) && !all.some((i) => lower(prop(i, 'Name')) === lower(n)));
      if (missing.length > 0 && !silently(v)) return { outcome: fail(`No service named '${missing[0]}'.`, exact(`Get-Service : Cannot find any service with service name '${missing[0]}'.`)) };
      return { stream: { kind: 'Service', items } };
    },
  },
  'get-vmswitchextension': {
    spec: { VMSwitchName: { kind: 'value', position: 0 }, Name: { kind: 'value' } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'vmSwitchExtensions');
      if (!all) return { outcome: notModelled('Get-VMSwitchExtension, because vmSwitchExtensions was not captured') };
      return { stream: { kind: 'VMSwitchExtension', items: nameFilter(nameFilter(all, 'SwitchName', v['VMSwitchName']), 'Name', v['Name']) } };
    },
  },
  'get-netipinterface': {
    spec: { InterfaceAlias: { kind: 'value', position: 0 }, InterfaceIndex: { kind: 'value' }, AddressFamily: { kind: 'value' } },
    run(ctx, v) {
      const all = listOf(ctx.state.capture, 'netIPInterfaces');
      if (!all) return { outcome: notModelled('Get-NetIPInterface, because netIPInterfaces was not captured') };
      let items = nameFilter(all, 'InterfaceAlias', v['InterfaceAlias']);
      if (v['InterfaceIndex']) items = items.filter((i) => String(prop(i, 'InterfaceIndex')) === v['InterfaceIndex']!.value);
      if (v['AddressFamily']) items = items.filter((i) => lower(prop(i, 'AddressFamily')) === lower(v['AddressFamily']!.value));
      return { stream: { kind: 'NetIPInterface', items } };
    },
  },
};

/** Runs a `Get-*` producer with its parameters bound. Unknown Get-* cmdlets read things the capture does not model. */
export function produce(ctx: Ctx, inv: Invocation): StageResult {
  const p = PRODUCERS[inv.name.toLowerCase()];
  if (!p) return { stream: { kind: 'other', items: [] } };
  const b = bindCmdlet(inv.name, inv.args, p.spec);
  if (!b.ok && b.unknown && p.strict) {
    const cmdlet = p.display ?? inv.name;
    return { outcome: fail(`${cmdlet} has no parameter -${b.unknown}.`, exact(`${cmdlet} : A parameter cannot be found that matches parameter name '${b.unknown}'.`)) };
  }
  if (!b.ok) return { outcome: notModelled(b.notModelled) };
  return p.run(ctx, b.bound.values, b.bound.switches);
}

// --- Where-Object ---------------------------------------------------------------------

type Pred = (item: Record<string, unknown>) => boolean;

const OPS: Record<string, (a: string, b: string) => boolean> = {
  eq: (a, b) => a.toLowerCase() === b.toLowerCase(),
  ieq: (a, b) => a.toLowerCase() === b.toLowerCase(),
  ceq: (a, b) => a === b,
  ne: (a, b) => a.toLowerCase() !== b.toLowerCase(),
  like: (a, b) => likeMatch(a, b),
  notlike: (a, b) => !likeMatch(a, b),
  match: (a, b) => { try { return new RegExp(b, 'i').test(a); } catch { return false; } },
};

function asText(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === undefined || v === null) return '';
  return String(v);
}

/** `$_.Name -eq 'nat' -and $_.Type -like 'n*'` → predicate, or undefined when not this simple. */
function blockPredicate(block: string): Pred | undefined {
  const lit = String.raw`'(?:[^']|'')*'|"[^"$\x60]*"|\$true|\$false|\$null|[0-9][0-9A-Za-z.:/-]*`;
  const term = new RegExp(String.raw`^\s*(?:\$_|\$PSItem)\.(\w+)\s+-(\w+)\s+(${lit})\s*`, 'i');
  const conj = /^\s*-(and|or)\s+/i;
  let rest = block.trim();
  const terms: { pred: Pred; join?: 'and' | 'or' }[] = [];
  let join: 'and' | 'or' | undefined;
  while (rest !== '') {
    const m = term.exec(rest);
    if (!m) return undefined;
    const op = OPS[m[2]!.toLowerCase()];
    if (!op) return undefined;
    const raw = m[3]!;
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw.startsWith('"') ? raw.slice(1, -1) : raw.toLowerCase() === '$true' ? 'True' : raw.toLowerCase() === '$false' ? 'False' : raw.toLowerCase() === '$null' ? '' : raw;
    const field = m[1]!;
    terms.push({ pred: (i) => op(asText(prop(i, field)), value), ...(join ? { join } : {}) });
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    const c = conj.exec(rest);
    if (!c) return undefined;
    join = c[1]!.toLowerCase() as 'and' | 'or';
    rest = rest.slice(c[0].length);
  }
  if (terms.length === 0) return undefined;
  return (i) => {
    let acc = terms[0]!.pred(i);
    for (const t of terms.slice(1)) acc = t.join === 'or' ? acc || t.pred(i) : acc && t.pred(i);
    return acc;
  };
}

/** Where-Object in its script-block and simplified forms. */
export function wherePredicate(inv: Invocation): Pred | string {
  const args = inv.args;
  let property: string | undefined;
  let op: string | undefined;
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.block !== undefined) {
      const p = blockPredicate(w.block);
      return p ?? `the Where-Object script block { ${w.block.trim().slice(0, 60)} }`;
    }
    if (isParameterWord(w)) {
      const { name, inline } = parameterParts(w);
      const n = name.toLowerCase();
      if (n === 'filterscript') {
        const next = inline ?? args[++i];
        const p = next?.block !== undefined ? blockPredicate(next.block) : undefined;
        return p ?? 'the Where-Object -FilterScript';
      }
      if (n === 'property') { property = (inline ?? args[++i])?.value; continue; }
      if (n === 'value') { value = (inline ?? args[++i])?.value; continue; }
      if (OPS[n]) {
        op = n;
        if (inline) value = inline.value;
        continue;
      }
      return `the Where-Object parameter -${name}`;
    }
    if (w.dynamic) return `a Where-Object argument that is ${w.dynamic}`;
    if (property === undefined) property = w.value;
    else if (value === undefined) value = w.value;
    else return 'this Where-Object form';
  }
  if (!property) return 'Where-Object without a condition';
  const f = property;
  if (!op) return (i) => !!prop(i, f) && asText(prop(i, f)) !== 'False';
  const fn = OPS[op]!;
  const v = value ?? '';
  return (i) => fn(asText(prop(i, f)), v);
}
