/** New-VMSwitch, Remove-VMSwitch, Enable-VMSwitchExtension, Set-VMNetworkAdapter. */
import { VFP_EXTENSION_NAME } from '../model/build.js';
import { ps } from '../powershell.js';
import { bindCmdlet } from './args.js';
import { likeMatch, type Stream } from './pipeline.js';
import { addSwitch, dockerRunning, removeSwitch, serviceRecord } from './state.js';
import type { Invocation } from './tokenize.js';
import { described, exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

function noSwitch(cmdlet: string, name: string): Outcome {
  return fail(`No vSwitch named '${name}' exists.`, exact(`${cmdlet} : Hyper-V was unable to find a virtual switch with name "${name}".`));
}

export function newVMSwitch(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, {
    Name: { kind: 'value', position: 0, aliases: ['SwitchName'] }, NetAdapterName: { kind: 'value', aliases: ['InterfaceAlias'] },
    NetAdapterInterfaceDescription: { kind: 'value', aliases: ['InterfaceDescription'] }, SwitchType: { kind: 'value' },
    AllowManagementOS: { kind: 'value' }, EnableEmbeddedTeaming: { kind: 'value' }, Notes: { kind: 'value' },
  });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const { model, state } = ctx;
  if (!state.capture.vmSwitches) return notModelled('New-VMSwitch, because vmSwitches were not captured');
  const name = v['Name']?.value;
  if (!name) return notModelled('New-VMSwitch without -Name');
  if (b.bound.whatIf) return noop('-WhatIf: New-VMSwitch only says what it would do.');
  const notes: string[] = [];
  if (model.switchByName(name)) notes.push(`A vSwitch named '${name}' already exists; Hyper-V allows a second one with the same name, which makes name-based commands ambiguous.`);
  const adapterNames = v['NetAdapterName']?.values ?? [];
  const byDescription = v['NetAdapterInterfaceDescription']?.values ?? [];
  const wanted = [...adapterNames.map((n) => ({ n, a: model.adapterByName(n) })), ...byDescription.map((d) => ({ n: d, a: model.adapters.find((x) => lower(x.description) === lower(d)) }))];
  if (wanted.length > 0) {
    for (const w of wanted) {
      if (!w.a) {
        return fail(`No network adapter '${w.n}' exists on this host.`, described(`New-VMSwitch : No network adapter with the name or description "${w.n}" was found.`), 'interface-option-invalid',
          [ps`Get-NetAdapter -Physical | Select-Object -Property 'Name','InterfaceDescription','Status'`]);
      }
      if (w.a.isHostVnic) return fail(`'${w.n}' is a host vNIC, not an adapter an External switch can bind.`, described('New-VMSwitch refuses to bind a host virtual adapter.'), 'interface-option-invalid');
      if (w.a.boundTo) {
        return fail(`Adapter '${w.a.name}' is already bound to External vSwitch '${w.a.boundTo.name}'; an adapter can back only one External switch.`, described(`New-VMSwitch fails: the adapter '${w.a.name}' is already bound to a virtual switch.`), 'external-networks-share-adapter');
      }
    }
    const recs = wanted.map((w) => state.capture.netAdapters!.find((a) => a.Name === w.a!.name)!);
    const allow = v['AllowManagementOS'] ? lower(v['AllowManagementOS'].value) !== 'false' && v['AllowManagementOS'].value !== '0' : true;
    const changes = addSwitch(state, { name, type: 'External', adapter: recs[0]!, ...(recs.length > 1 ? { team: recs.slice(1) } : {}), allowManagementOS: allow, vfp: false });
    if (dockerRunning(model)) notes.push(`Docker does not see a switch made outside it until hns and docker restart: creating a transparent network on '${recs[0]!.Name}' now fails (see oob-vswitch-blocks-transparent).`);
    if (allow) notes.push(`The host's connection moves to 'vEthernet (${recs[0]!.Name})'; remote sessions over that adapter drop for a moment.`);
    return ok(`Creates External vSwitch '${name}' on '${recs.map((r) => r.Name).join("', '")}'.`, changes, notes);
  }
  const type = lower(v['SwitchType']?.value ?? '');
  if (type !== 'internal' && type !== 'private') return notModelled(`New-VMSwitch -SwitchType ${v['SwitchType']?.value ?? '(none)'} without an adapter`);
  const changes = addSwitch(state, { name, type: type === 'internal' ? 'Internal' : 'Private', vfp: false });
  return ok(`Creates ${type === 'internal' ? 'Internal' : 'Private'} vSwitch '${name}'.`, changes, notes);
}

export function removeVMSwitch(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Name: { kind: 'value', position: 0, aliases: ['SwitchName'] }, Force: { kind: 'switch' } });
  if (!b.ok) return notModelled(b.notModelled);
  const { model, state } = ctx;
  if (!state.capture.vmSwitches) return notModelled('Remove-VMSwitch, because vmSwitches were not captured');
  let targets: string[];
  if (b.bound.values['Name']) {
    targets = [];
    for (const n of b.bound.values['Name'].values) {
      const hits = model.switches.filter((s) => likeMatch(s.name, n));
      if (hits.length === 0) return noSwitch(inv.name, n);
      targets.push(...hits.map((s) => s.name));
    }
  } else if (input?.kind === 'VMSwitch') {
    targets = input.items.map((i) => String(i['Name']));
  } else {
    return notModelled('Remove-VMSwitch without -Name');
  }
  if (b.bound.whatIf) return noop('-WhatIf: Remove-VMSwitch only says what it would do.');
  const notes: string[] = [];
  if (!b.bound.switches['Force']) notes.push('Without -Force Remove-VMSwitch asks for confirmation; the simulation assumes Yes.');
  notes.push('VMs connected to the switch are not in the capture (only host vNICs are); check with Get-VMNetworkAdapter -All first.');
  const changes: StateChange[] = [];
  for (const t of targets) {
    const sw = model.switchByName(t);
    if (sw && sw.hnsNetworks.length > 0) {
      notes.push(`HNS network${sw.hnsNetworks.length > 1 ? 's' : ''} ${sw.hnsNetworks.map((h) => `'${h.name ?? h.id}'`).join(', ')} used '${t}' and ${sw.hnsNetworks.length > 1 ? 'are' : 'is'} left pointing at a switch that is gone (see stale-hns-state).`);
    }
    changes.push(...removeSwitch(state, t));
  }
  return ok(`Removes vSwitch ${targets.map((t) => `'${t}'`).join(', ')}.`, changes, notes);
}

export function enableVMSwitchExtension(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { VMSwitchName: { kind: 'value', aliases: ['SwitchName'] }, Name: { kind: 'value', position: 0 } });
  if (!b.ok) return notModelled(b.notModelled);
  const { model, state } = ctx;
  const c = state.capture;
  let targets: { switchName: string; name: string }[];
  if (input?.kind === 'VMSwitchExtension') {
    targets = input.items.map((i) => ({ switchName: String(i['SwitchName']), name: String(i['Name']) }));
  } else {
    const sw = b.bound.values['VMSwitchName']?.value;
    const name = b.bound.values['Name']?.value;
    if (!sw || !name) return notModelled('Enable-VMSwitchExtension without -VMSwitchName and -Name');
    if (c.vmSwitches && !model.switchByName(sw)) return noSwitch(inv.name, sw);
    targets = [{ switchName: sw, name }];
  }
  if (b.bound.whatIf) return noop('-WhatIf: Enable-VMSwitchExtension only says what it would do.');
  if (!c.vmSwitchExtensions) return notModelled('Enable-VMSwitchExtension, because switch extensions were not captured');
  const vfpRunning = serviceRecord(c, 'vfpext')?.Status === 'Running';
  const changes: StateChange[] = [];
  const notes: string[] = [];
  for (const t of targets) {
    const ext = c.vmSwitchExtensions.find((e) => lower(e.SwitchName) === lower(t.switchName) && lower(e.Name) === lower(t.name));
    if (!ext) return fail(`vSwitch '${t.switchName}' has no extension '${t.name}'.`, described(`Enable-VMSwitchExtension : the extension "${t.name}" was not found on virtual switch "${t.switchName}".`), 'vfp-not-running');
    const isVfp = lower(ext.Name) === lower(VFP_EXTENSION_NAME);
    (ext as { Enabled?: boolean }).Enabled = true;
    (ext as { Running?: boolean }).Running = isVfp ? vfpRunning : true;
    if (isVfp && !vfpRunning) notes.push("The VFP extension is enabled but does not run while service 'vfpext' is stopped.");
    for (const h of model.hnsNetworks.filter((x) => x.switch && lower(x.switch.name) === lower(t.switchName))) {
      const rec = c.hnsNetworks?.find((x) => x.ID === h.id);
      const e = rec?.Extensions.find((x) => lower(x.Name) === lower(ext.Name));
      if (e) (e as { IsEnabled?: boolean }).IsEnabled = true;
    }
    changes.push({ kind: 'switch-extension', action: 'changed', name: `${ext.Name} on ${ext.SwitchName ?? t.switchName}`, detail: `enabled${ext.Running ? ', running' : ', not running'}` });
  }
  notes.push('Traffic on the switch can drop briefly while the extension binds.');
  return ok(`Enables ${targets.map((t) => `'${t.name}' on '${t.switchName}'`).join(', ')}.`, changes, notes);
}

export function setVMNetworkAdapter(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { VMName: { kind: 'value', position: 0 }, ManagementOS: { kind: 'switch' }, Name: { kind: 'value' }, MacAddressSpoofing: { kind: 'value' } });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const spoof = v['MacAddressSpoofing']?.value;
  if (spoof === undefined) return notModelled('Set-VMNetworkAdapter without -MacAddressSpoofing');
  if (!['on', 'off'].includes(lower(spoof))) {
    return fail(`'${spoof}' is not On or Off.`, exact(`Set-VMNetworkAdapter : Cannot bind parameter 'MacAddressSpoofing'. Cannot convert value "${spoof}" to type "Microsoft.HyperV.PowerShell.OnOffState".`));
  }
  const value = lower(spoof) === 'on' ? 'On' : 'Off';
  if (b.bound.whatIf) return noop('-WhatIf: Set-VMNetworkAdapter only says what it would do.');
  const c = ctx.state.capture;
  let stream = input;
  if (!stream) {
    if (v['VMName']) {
      const parent = c.parentVmNetworkAdapters;
      const items = parent ? (parent.some((p) => p.VMName) ? parent.filter((p) => v['VMName']!.values.some((n) => likeMatch(p.VMName ?? '', n))) : parent) : [];
      if (parent && items.length === 0) return fail(`The parent-side capture has no VM named '${v['VMName'].value}'.`, exact(`Set-VMNetworkAdapter : Hyper-V was unable to find a virtual machine with name "${v['VMName'].value}".`));
      stream = { kind: 'VMNetworkAdapter', items: items as unknown as Record<string, unknown>[], parent: true, ...(parent ? {} : { vmName: v['VMName'].value }) };
    } else if (b.bound.switches['ManagementOS']) {
      stream = { kind: 'VMNetworkAdapter', items: (c.vmNetworkAdapters ?? []).filter((a) => !v['Name'] || likeMatch(a.Name, v['Name'].value)) as unknown as Record<string, unknown>[] };
    } else {
      return notModelled('Set-VMNetworkAdapter without -VMName, -ManagementOS or pipeline input');
    }
  }
  if (stream.kind !== 'VMNetworkAdapter') return notModelled(`Set-VMNetworkAdapter on ${stream.kind} objects`);
  const notes: string[] = [];
  const changes: StateChange[] = [];
  if (stream.parent && stream.vmName !== undefined && stream.items.length === 0) {
    // Nothing was captured on the parent: record what the parent will show afterwards.
    c.parentVmNetworkAdapters = [{ Name: 'Network Adapter', VMName: stream.vmName, SwitchName: undefined, MacAddress: undefined, MacAddressSpoofing: value, Status: undefined, $ptr: '/parentVmNetworkAdapters/0' }];
    notes.push(`Runs on the Hyper-V parent. The capture has no parent-side view, so the simulation assumes VM '${stream.vmName}' is this container host and records its adapter with MacAddressSpoofing ${value}.`);
    changes.push({ kind: 'vm-adapter', action: 'changed', name: `${stream.vmName} (on the Hyper-V parent)`, detail: `MacAddressSpoofing ${value}` });
  } else {
    for (const a of stream.items) {
      (a as { MacAddressSpoofing?: string }).MacAddressSpoofing = value;
      changes.push({ kind: 'vm-adapter', action: 'changed', name: `${String(a['VMName'] ?? 'host')} ${String(a['Name'] ?? '')}`.trim() + (stream.parent ? ' (on the Hyper-V parent)' : ''), detail: `MacAddressSpoofing ${value}` });
    }
    if (stream.parent) notes.push('Runs on the Hyper-V parent, not on the container host; the VM keeps running.');
  }
  return ok(`Sets MacAddressSpoofing ${value}.`, changes, notes);
}
