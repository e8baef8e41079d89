/** New-NetNat, Remove-NetNat, Remove-NetNatStaticMapping, Set-NetIPInterface, Restart-Computer. */
import { winnatSlot } from '../model/derived/winnat.js';
import { parsePrefix, prefixesOverlap } from '../model/net.js';
import { ps } from '../powershell.js';
import { bindCmdlet } from './args.js';
import { reboot } from './lifecycle.js';
import { likeMatch, prop, type Stream } from './pipeline.js';
import { push, removeWhere, serviceRecord, setServiceStatus } from './state.js';
import type { Invocation } from './tokenize.js';
import { described, exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();

function confirmNote(b: { confirmSuppressed: boolean }, cmdlet: string): string[] {
  return b.confirmSuppressed ? [] : [`${cmdlet} asks for confirmation unless -Confirm:$false is given; the simulation assumes Yes.`];
}

export function newNetNat(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Name: { kind: 'value', position: 0 }, InternalIPInterfaceAddressPrefix: { kind: 'value' } });
  if (!b.ok) return notModelled(b.notModelled);
  const { model, state } = ctx;
  const name = b.bound.values['Name']?.value;
  const prefixText = b.bound.values['InternalIPInterfaceAddressPrefix']?.value;
  if (!name || !prefixText) return notModelled('New-NetNat without -Name and -InternalIPInterfaceAddressPrefix');
  const prefix = parsePrefix(prefixText);
  if (!prefix || prefix.family !== 'ipv4') return fail(`'${prefixText}' is not an IPv4 prefix.`, described('New-NetNat : The parameter is incorrect.'));
  if (b.bound.whatIf) return noop('-WhatIf: New-NetNat only says what it would do.');
  if (!state.capture.netNat) return notModelled('New-NetNat, because netNat was not captured');
  if (serviceRecord(state.capture, 'winnat')?.StartType === 'Disabled') {
    return fail("The WinNAT driver (winnat) is disabled.", described('New-NetNat fails because the WinNAT driver cannot start.'), 'winnat-stopped', [ps`Set-Service -Name 'winnat' -StartupType 'Manual'`, ps`Start-Service -Name 'winnat'`]);
  }
  if (model.nats.some((n) => lower(n.name) === lower(name))) {
    return fail(`A NAT named '${name}' already exists.`, described(`New-NetNat : a NetNat object named '${name}' already exists.`), undefined, [ps`Get-NetNat -Name ${name}`]);
  }
  const other = winnatSlot(model)?.occupant;
  if (other) {
    return fail(
      `${model.platform.label} allows a single WinNAT instance, and '${other.name}' (${other.internalPrefixText ?? '?'}) exists.`,
      described('New-NetNat fails: only one NAT instance is supported on this build (commonly reported as "The parameter is incorrect.").'),
      'winnat-slot-taken',
      [ps`Get-NetNat -Name ${other.name} | Remove-NetNat -Confirm:$false`, `New-NetNat -Name ${ps`${name}`} -InternalIPInterfaceAddressPrefix ${ps`${prefix.text}`}`],
    );
  }
  const clash = model.nats.find((n) => n.internalPrefix && prefixesOverlap(n.internalPrefix, prefix));
  if (clash) return fail(`${prefix.text} overlaps NAT '${clash.name}' (${clash.internalPrefixText}).`, described('New-NetNat fails: the internal prefix overlaps an existing NAT instance.'), 'nat-overlaps-host-network');
  const changes: StateChange[] = [];
  push(state.capture, 'netNat', { Name: name, InternalIPInterfaceAddressPrefix: prefixText, Active: true });
  changes.push({ kind: 'winnat', action: 'added', name, detail: prefixText });
  changes.push(...setServiceStatus(state.capture, 'winnat', true));
  const notes: string[] = [];
  if (model.platform.natBackend === 'ics') notes.push('From 16299 on container NAT is ICS-backed; a WinNAT instance made by hand is for VMs and is not needed by docker (see nat-missing-winnat).');
  return ok(`Creates NAT '${name}' for ${prefixText}.`, changes, notes);
}

export function removeNetNat(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Name: { kind: 'value', position: 0 } });
  if (!b.ok) return notModelled(b.notModelled);
  const c = ctx.state.capture;
  if (!c.netNat) return notModelled('Remove-NetNat, because netNat was not captured');
  let targets: Record<string, unknown>[];
  if (input) {
    if (input.kind !== 'NetNat') return notModelled(`Remove-NetNat on ${input.kind} objects`);
    targets = input.items;
  } else if (b.bound.values['Name']) {
    targets = c.netNat.filter((n) => b.bound.values['Name']!.values.some((v) => likeMatch(n.Name, v))) as unknown as Record<string, unknown>[];
    if (targets.length === 0) return fail(`No NAT named '${b.bound.values['Name'].value}'.`, exact(`Remove-NetNat : No MSFT_NetNat objects found with property 'Name' equal to '${b.bound.values['Name'].value}'.  Verify the value of the property and retry.`));
  } else {
    targets = [...c.netNat] as unknown as Record<string, unknown>[];
  }
  if (b.bound.whatIf) return noop('-WhatIf: Remove-NetNat only says what it would do.');
  if (targets.length === 0) return noop('Nothing reaches Remove-NetNat: no NAT is removed.');
  const changes: StateChange[] = [];
  const notes = confirmNote(b.bound, 'Remove-NetNat');
  for (const t of targets) {
    const name = String(prop(t, 'Name'));
    removeWhere(c, 'netNat', (n) => n === (t as unknown));
    const m = removeWhere(c, 'netNatStaticMappings', (x) => lower(x.NatName) === lower(name));
    changes.push({ kind: 'winnat', action: 'removed', name, detail: `${String(prop(t, 'InternalIPInterfaceAddressPrefix') ?? '')}${m > 0 ? `, with ${m} static mapping${m === 1 ? '' : 's'}` : ''}` });
    const owned = ctx.model.nats.find((n) => n.name === name)?.ownedByContainers;
    if (owned && ctx.model.platform.natBackend === 'winnat') notes.push(`'${name}' was the NAT behind docker's nat network${ctx.model.dockerNetworks.some((n) => n.driver === 'nat') ? 's' : ''}: containers there lose outside access until HNS makes it again (see nat-missing-winnat).`);
  }
  return ok(`Removes NAT ${targets.map((t) => `'${String(prop(t, 'Name'))}'`).join(', ')}.`, changes, notes);
}

export function removeNetNatStaticMapping(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { StaticMappingID: { kind: 'value' }, NatName: { kind: 'value', position: 0 } });
  if (!b.ok) return notModelled(b.notModelled);
  const c = ctx.state.capture;
  if (!c.netNatStaticMappings) return notModelled('Remove-NetNatStaticMapping, because static mappings were not captured');
  let targets: Record<string, unknown>[];
  if (input) {
    if (input.kind !== 'NetNatStaticMapping') return notModelled(`Remove-NetNatStaticMapping on ${input.kind} objects`);
    targets = input.items;
  } else {
    const id = b.bound.values['StaticMappingID'];
    const nat = b.bound.values['NatName'];
    if (!id && !nat) return notModelled('Remove-NetNatStaticMapping without -StaticMappingID or -NatName');
    targets = c.netNatStaticMappings.filter((m) => (!id || id.values.includes(String(m.StaticMappingID))) && (!nat || nat.values.some((n) => likeMatch(m.NatName ?? '', n)))) as unknown as Record<string, unknown>[];
    if (targets.length === 0) {
      const [p, v] = id ? ['StaticMappingID', id.value] : ['NatName', nat!.value];
      return fail(`No static mapping with ${p} '${v}'.`, exact(`Remove-NetNatStaticMapping : No MSFT_NetNatStaticMapping objects found with property '${p}' equal to '${v}'.  Verify the value of the property and retry.`));
    }
  }
  if (b.bound.whatIf) return noop('-WhatIf: Remove-NetNatStaticMapping only says what it would do.');
  if (targets.length === 0) return noop('Nothing reaches Remove-NetNatStaticMapping.');
  const changes: StateChange[] = [];
  for (const t of targets) {
    removeWhere(c, 'netNatStaticMappings', (m) => m === (t as unknown));
    changes.push({ kind: 'static-mapping', action: 'removed', name: `mapping ${String(prop(t, 'StaticMappingID') ?? '?')}`, detail: `${String(prop(t, 'Protocol') ?? 'TCP')} ${String(prop(t, 'ExternalPort'))} -> ${String(prop(t, 'InternalIPAddress') ?? '?')}:${String(prop(t, 'InternalPort') ?? '?')}` });
  }
  return ok(`Removes ${targets.length} static mapping${targets.length === 1 ? '' : 's'}.`, changes, confirmNote(b.bound, 'Remove-NetNatStaticMapping'));
}

export function setNetIPInterface(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, {
    InterfaceAlias: { kind: 'value', position: 0, aliases: ['ifAlias'] }, InterfaceIndex: { kind: 'value', aliases: ['ifIndex'] },
    AddressFamily: { kind: 'value' }, InterfaceMetric: { kind: 'value' },
  });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const c = ctx.state.capture;
  if (!c.netIPInterfaces) return notModelled('Set-NetIPInterface, because netIPInterfaces were not captured');
  const metricText = v['InterfaceMetric']?.value;
  if (metricText === undefined) return notModelled('Set-NetIPInterface without -InterfaceMetric');
  const metric = Number(metricText);
  if (!Number.isInteger(metric) || metric < 0 || metric > 9999) return fail(`'${metricText}' is not a metric from 0 to 9999.`, described(`Set-NetIPInterface : Cannot validate argument on parameter 'InterfaceMetric'.`));
  const family = v['AddressFamily']?.value;
  if (family !== undefined && !['ipv4', 'ipv6'].includes(lower(family))) return notModelled(`-AddressFamily ${family}`);
  let items: Record<string, unknown>[];
  if (input) {
    if (input.kind !== 'NetIPInterface') return notModelled(`Set-NetIPInterface on ${input.kind} objects`);
    items = input.items;
  } else if (v['InterfaceAlias'] || v['InterfaceIndex']) {
    const [p, val] = v['InterfaceAlias'] ? ['InterfaceAlias', v['InterfaceAlias'].value] : ['InterfaceIndex', v['InterfaceIndex']!.value];
    items = (c.netIPInterfaces as unknown as Record<string, unknown>[]).filter((i) => p === 'InterfaceAlias' ? likeMatch(String(i['InterfaceAlias'] ?? ''), val) : String(i['InterfaceIndex']) === val);
    if (items.length === 0) return fail(`No interface with ${p} '${val}'.`, exact(`Set-NetIPInterface : No MSFT_NetIPInterface objects found with property '${p}' equal to '${val}'.  Verify the value of the property and retry.`));
  } else {
    return notModelled('Set-NetIPInterface without -InterfaceAlias or -InterfaceIndex');
  }
  if (family) items = items.filter((i) => lower(i['AddressFamily']) === lower(family));
  if (b.bound.whatIf) return noop('-WhatIf: Set-NetIPInterface only says what it would do.');
  const changes: StateChange[] = [];
  for (const i of items) {
    (i as { InterfaceMetric?: number }).InterfaceMetric = metric;
    changes.push({ kind: 'interface', action: 'changed', name: `${String(i['InterfaceAlias'])} (${String(i['AddressFamily'] ?? '')})`, detail: `InterfaceMetric ${metric}` });
  }
  return ok(`Sets InterfaceMetric ${metric}.`, changes, ['The lowest metric with a default route decides which adapter (and which DNS servers) the host prefers.']);
}

export function restartComputer(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Force: { kind: 'switch' }, Wait: { kind: 'switch' } });
  if (!b.ok) return notModelled(b.notModelled);
  if (b.bound.whatIf) return noop('-WhatIf: Restart-Computer only says what it would do.');
  const r = reboot(ctx.state);
  const notes = [...r.notes, ...r.problems.map((p) => `After the restart the daemon logs: ${p}`)];
  return { status: 'succeeds', reason: r.problems.length > 0 ? `The host restarts, but docker starts with errors: ${r.problems.join(' ')}` : 'The host restarts; every container and VM stops meanwhile.', advice: [], notes, changes: r.changes };
}
