/**
 * The registry values the capture holds: Tcpip6\Parameters\DisabledComponents
 * (Windows reads it at boot, so a change waits in `pending` until
 * Restart-Computer) and the DWORD values of hns\State (written at once; HNS
 * reads them when it starts).
 */
import { bindCmdlet } from './args.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { exact, noop, notModelled, type Ctx, type Outcome, type StateChange, fail } from './types.js';

const KEY = 'system\\currentcontrolset\\services\\tcpip6\\parameters';
const DISPLAY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters';

/** True for every spelling of the Tcpip6 parameters key (HKLM:\…, HKLM\…, Registry::HKEY_LOCAL_MACHINE\…). */
function isTcpip6Key(path: string): boolean {
  const p = path.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase()
    .replace(/^microsoft\.powershell\.core\\registry::/, '').replace(/^registry::/, '');
  const m = /^(?:hklm:?\\?|hkey_local_machine\\)(.*)$/.exec(p);
  return !!m && m[1] === KEY;
}

const HNS_STATE_KEY = 'system\\currentcontrolset\\services\\hns\\state';

/** The key part of a registry path in any spelling (HKLM:\…, HKLM\…, Registry::HKEY_LOCAL_MACHINE\…), lower case; undefined outside HKLM. */
function hklmKey(path: string): string | undefined {
  const p = path.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase()
    .replace(/^microsoft\.powershell\.core\\registry::/, '').replace(/^registry::/, '');
  return /^(?:hklm:?\\?|hkey_local_machine\\)(.*)$/.exec(p)?.[1];
}

function isHnsStateKey(path: string): boolean {
  return hklmKey(path) === HNS_STATE_KEY;
}

/** Writes one DWORD under hns\State into the simulated capture. */
function setHnsState(ctx: Ctx, name: string, value: number): Outcome {
  const before = ctx.state.capture.hnsState?.[name];
  ctx.state.capture.hnsState = { ...(ctx.state.capture.hnsState ?? {}), [name]: value };
  const change: StateChange = { kind: 'registry', action: 'changed', name: `hns\\State\\${name}`, detail: `${hex(value)} (${value})${before === undefined ? '' : `, was ${String(before)}`}` };
  return { status: 'succeeds', reason: `Sets hns\\State\\${name} to ${hex(value)}.`, advice: [], notes: ['HNS reads its State values when it starts: restart the hns service for the value to take effect.'], changes: [change] };
}

function current(ctx: Ctx): number | undefined {
  const pending = ctx.state.pending.disabledComponents;
  if (pending !== undefined) return pending === null ? undefined : pending;
  return ctx.state.capture.tcpip6?.DisabledComponents;
}

function hex(v: number): string {
  return `0x${v.toString(16).toUpperCase()}`;
}

function setPending(ctx: Ctx, value: number | null): Outcome {
  ctx.state.pending.disabledComponents = value;
  const notes = ['Windows reads DisabledComponents only at boot: the change takes effect after Restart-Computer.'];
  if (!ctx.state.capture.tcpip6) notes.push('Tcpip6 parameters were not captured, so the effect of the value cannot be judged.');
  const change: StateChange = { kind: 'registry', action: 'pending', name: 'Tcpip6\\Parameters\\DisabledComponents', detail: value === null ? 'deleted (after the next restart)' : `${hex(value)} (${value}) after the next restart` };
  return { status: 'succeeds', reason: value === null ? 'Deletes DisabledComponents; IPv6 comes back at the next restart.' : `Sets DisabledComponents to ${hex(value)}; it takes effect at the next restart.`, advice: [], notes, changes: [change] };
}

function parseDword(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return parseInt(t, 16);
  if (/^\d{1,10}$/.test(t)) {
    const n = Number(t);
    return n <= 0xffffffff ? n : undefined;
  }
  if (/^-\d{1,10}$/.test(t)) return Number(t) >>> 0;
  return undefined;
}

export function removeItemProperty(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Path: { kind: 'value', position: 0 }, LiteralPath: { kind: 'value' }, Name: { kind: 'value', position: 1 }, Force: { kind: 'switch' } });
  if (!b.ok) return notModelled(b.notModelled);
  const path = (b.bound.values['Path'] ?? b.bound.values['LiteralPath'])?.value ?? '';
  const name = b.bound.values['Name']?.value ?? '';
  if (!isTcpip6Key(path) || name.toLowerCase() !== 'disabledcomponents') return notModelled(`Remove-ItemProperty of '${path}' '${name}' (only Tcpip6\\Parameters DisabledComponents is modelled)`);
  if (b.bound.whatIf) return noop('-WhatIf: Remove-ItemProperty only says what it would do.');
  if (ctx.state.capture.tcpip6 && current(ctx) === undefined) {
    return fail('DisabledComponents is not set, so there is nothing to delete (IPv6 is not disabled through it).', exact(`Remove-ItemProperty : Property DisabledComponents does not exist at path ${DISPLAY}.`));
  }
  return setPending(ctx, null);
}

export function setItemProperty(ctx: Ctx, inv: Invocation): Outcome {
  const isNew = inv.name.toLowerCase() === 'new-itemproperty';
  const b = bindCmdlet(inv.name, inv.args, {
    Path: { kind: 'value', position: 0 }, LiteralPath: { kind: 'value' }, Name: { kind: 'value', position: 1 }, Value: { kind: 'value', position: 2 },
    Type: { kind: 'value' }, PropertyType: { kind: 'value', aliases: ['Type'] }, Force: { kind: 'switch' },
  });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const path = (v['Path'] ?? v['LiteralPath'])?.value ?? '';
  const name = v['Name']?.value ?? '';
  if (isHnsStateKey(path) && name !== '') {
    const dword = v['Value'] ? parseDword(v['Value'].value) : undefined;
    const type = (v['PropertyType'] ?? v['Type'])?.value;
    if (dword === undefined || (type !== undefined && type.toLowerCase() !== 'dword')) return notModelled(`hns\\State\\${name} with a value other than a DWORD number`);
    if (b.bound.whatIf) return noop(`-WhatIf: ${inv.name} only says what it would do.`);
    if (isNew && ctx.state.capture.hnsState?.[name] !== undefined && !b.bound.switches['Force']) {
      return fail(`${name} already exists under hns\\State; New-ItemProperty needs -Force to overwrite it.`, exact('New-ItemProperty : The property already exists.'));
    }
    return setHnsState(ctx, name, dword);
  }
  if (!isTcpip6Key(path) || name.toLowerCase() !== 'disabledcomponents') return notModelled(`${inv.name} of '${path}' '${name}' (only Tcpip6\\Parameters DisabledComponents is modelled)`);
  const value = v['Value'] ? parseDword(v['Value'].value) : undefined;
  if (value === undefined) return notModelled(`the value '${v['Value']?.value ?? ''}' (a DWORD number is modelled)`);
  const type = (v['PropertyType'] ?? v['Type'])?.value;
  if (type !== undefined && type.toLowerCase() !== 'dword') return notModelled(`DisabledComponents of type ${type} (Windows expects a DWORD)`);
  if (b.bound.whatIf) return noop(`-WhatIf: ${inv.name} only says what it would do.`);
  if (isNew && current(ctx) !== undefined && !b.bound.switches['Force']) {
    return fail('DisabledComponents already exists; New-ItemProperty needs -Force to overwrite it.', exact('New-ItemProperty : The property already exists.'));
  }
  return setPending(ctx, value);
}

/** `reg delete|add HKLM\…\Tcpip6\Parameters /v DisabledComponents …` */
export function regExe(ctx: Ctx, inv: Invocation): Outcome {
  const n = nativeArgs(inv.args);
  if (n.dynamic) return notModelled(`a reg argument that is ${n.dynamic}`);
  const [verb, key, ...rest] = n.values;
  const v = (verb ?? '').toLowerCase();
  if (v === 'query') return noop('reg query only reads.');
  if ((v !== 'delete' && v !== 'add') || !key) return notModelled(`reg ${n.values.join(' ')}`);
  const opts = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const o = rest[i]!.toLowerCase();
    if (o === '/f' || o === '/va' || o === '/ve') opts.set(o, true);
    else if (o === '/v' || o === '/t' || o === '/d' || o === '/reg:64' || o === '/reg:32') opts.set(o, rest[++i] ?? '');
    else return notModelled(`the reg option ${rest[i]}`);
  }
  const valueName = opts.get('/v');
  if (!isTcpip6Key(key) || typeof valueName !== 'string' || valueName.toLowerCase() !== 'disabledcomponents') {
    return notModelled(`reg ${v} of '${key}' (only Tcpip6\\Parameters DisabledComponents is modelled)`);
  }
  const notes = opts.has('/f') ? [] : ['Without /f reg asks for confirmation; the simulation assumes Yes.'];
  if (v === 'delete') {
    if (ctx.state.capture.tcpip6 && current(ctx) === undefined) {
      return fail('DisabledComponents is not set, so there is nothing to delete.', exact('ERROR: The system was unable to find the specified registry key or value.'));
    }
    const o = setPending(ctx, null);
    return { ...o, notes: [...o.notes, ...notes] };
  }
  const type = opts.get('/t');
  if (typeof type === 'string' && type.toLowerCase() !== 'reg_dword') return notModelled(`DisabledComponents of type ${type}`);
  const data = opts.get('/d');
  const value = typeof data === 'string' ? parseDword(data) : undefined;
  if (value === undefined) return notModelled(`reg add without a DWORD /d value`);
  if (current(ctx) !== undefined && !opts.has('/f')) notes.push('The value exists: reg asks before overwriting it; the simulation assumes Yes.');
  const o = setPending(ctx, value);
  return { ...o, notes: [...o.notes, ...notes] };
}
