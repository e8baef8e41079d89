/** Start-, Stop-, Restart-, Set-Service and `net start|stop` for the container stack's services. */
import { ps } from '../powershell.js';
import { bindCmdlet } from './args.js';
import { dockerRestart, dockerStart, hnsStart } from './lifecycle.js';
import type { Stream } from './pipeline.js';
import { dockerStop } from './docker-state.js';
import { serviceRecord, setServiceStatus } from './state.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const DOCKER = new Set(['docker', 'com.docker.service']);

/** What a (re)start of a Kubernetes or containerd service does to HNS that the simulator does not replay. */
const OWNER_RESTART_NOTES: Record<string, string> = {
  containerd: 'containerd keeps its CNI confs; HNS networks and endpoints stay as they are (nerdctl and kubelet containers keep running in their own processes).',
  kubelet: 'kubelet re-creates missing pod sandboxes when it starts (their CNI ADD makes new HNS endpoints); the simulation does not replay that.',
  kubeproxy: 'kube-proxy re-programs its HNS load balancers (policy lists) when it starts; the simulation does not replay that.',
  'kube-proxy': 'kube-proxy re-programs its HNS load balancers (policy lists) when it starts; the simulation does not replay that.',
  flanneld: 'flanneld re-creates its HNS network when it starts, if it is missing; the simulation does not replay that.',
};

type Action = 'start' | 'stop' | 'restart';

function names(ctx: Ctx, inv: Invocation, input: Stream | undefined): { list: string[]; force: boolean; whatIf: boolean } | Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Name: { kind: 'value', position: 0, aliases: ['ServiceName'] }, DisplayName: { kind: 'value' }, Force: { kind: 'switch' }, NoWait: { kind: 'switch' }, InputObject: { kind: 'value' } });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  if (v['InputObject']) return notModelled('Start/Stop-Service -InputObject');
  let list: string[] = [];
  if (v['Name']) list = [...v['Name'].values];
  else if (v['DisplayName']) {
    const all = ctx.state.capture.services ?? [];
    list = v['DisplayName'].values.map((d) => all.find((s) => lower(s.DisplayName) === lower(d))?.Name ?? d);
  } else if (input?.kind === 'Service') list = input.items.map((i) => String(i['Name']));
  else if (input) return notModelled(`${inv.name} on ${input.kind} objects`);
  else return notModelled(`${inv.name} without -Name`);
  return { list, force: b.bound.switches['Force'] === true, whatIf: b.bound.whatIf };
}

/** Runs one service action on the simulated host. */
function serviceAction(ctx: Ctx, action: Action, list: readonly string[], cmdlet: string): Outcome {
  const c = ctx.state.capture;
  const changes: StateChange[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const given of list) {
    const rec = serviceRecord(c, given);
    if (!rec) {
      if (!c.services) {
        notes.push(`Service states were not captured; '${given}' is assumed to exist.`);
        continue;
      }
      const desktop = lower(given) === 'docker' && serviceRecord(c, 'com.docker.service') !== undefined;
      const advice = desktop ? [ps`Restart-Service -Name 'com.docker.service'`] : [];
      if (desktop) notes.push('Docker Desktop runs the engine here: restart Docker Desktop from its tray menu, or its service com.docker.service.');
      return fail(`No service named '${given}' exists on this host.`, exact(`${cmdlet} : Cannot find any service with service name '${given}'.`), lower(given) === 'docker' ? 'docker-not-running' : undefined, advice, notes, changes);
    }
    const name = lower(rec.Name);
    if (action !== 'stop' && rec.StartType === 'Disabled') {
      return fail(`Service '${rec.Name}' is disabled.`, exact(`${cmdlet} : Service '${rec.DisplayName ?? rec.Name} (${rec.Name})' cannot be started due to the following error: Cannot start service ${rec.Name} on computer '.'.`),
        name === 'hns' ? 'hns-not-running' : name === 'winnat' ? 'winnat-stopped' : name === 'vfpext' ? 'vfp-not-running' : DOCKER.has(name) ? 'docker-not-running' : undefined,
        [ps`Set-Service -Name ${rec.Name} -StartupType 'Manual'`, ps`Start-Service -Name ${rec.Name}`], notes, changes);
    }
    const running = rec.Status === 'Running';
    if (action === 'start' && running) {
      notes.push(`'${rec.Name}' is already running; Start-Service does nothing.`);
      continue;
    }
    if (action === 'stop' && !running) {
      notes.push(`'${rec.Name}' is already stopped.`);
      continue;
    }
    if (DOCKER.has(name)) {
      const r = action === 'start' ? dockerStart(ctx.state) : action === 'stop' ? { changes: dockerStop(ctx.state), notes: [], problems: [] } : (running ? dockerRestart(ctx.state) : dockerStart(ctx.state));
      changes.push(...r.changes);
      notes.push(...r.notes);
      problems.push(...r.problems);
      if (action !== 'start') notes.push('Stopping the engine stops every running container.');
    } else if (name === 'hns') {
      if (action === 'stop') {
        changes.push(...setServiceStatus(c, 'hns', false));
        notes.push('With HNS stopped no container endpoint or network can be created.');
      } else {
        if (action === 'restart') notes.push('Container networking is interrupted while HNS restarts.');
        const r = hnsStart(ctx.state);
        changes.push(...r.changes);
        notes.push(...r.notes);
      }
    } else {
      const edits = setServiceStatus(c, rec.Name, action !== 'stop');
      changes.push(...edits);
      if (action === 'restart' && running && edits.length === 0) changes.push({ kind: 'service', action: 'changed', name: rec.Name, detail: 'restarted' });
      const hint = OWNER_RESTART_NOTES[name];
      if (hint && action !== 'stop') notes.push(hint);
      if (name === 'vfpext' && action !== 'stop') {
        for (const e of c.vmSwitchExtensions ?? []) if (e.Enabled && /vfp/i.test(e.Name)) (e as { Running?: boolean }).Running = true;
      }
      if (name === 'vfpext' && action === 'stop') {
        for (const e of c.vmSwitchExtensions ?? []) if (/vfp/i.test(e.Name)) (e as { Running?: boolean }).Running = false;
      }
    }
  }
  if (problems.length > 0) {
    return { status: 'succeeds', reason: `The service starts, but logs errors: ${problems.join(' ')}`, advice: [], notes: [...notes, ...problems.map((p) => `Daemon log: ${p}`)], changes };
  }
  return changes.length === 0 ? noop(notes.join(' ') || 'Nothing changes.', notes) : ok(`${action === 'start' ? 'Starts' : action === 'stop' ? 'Stops' : 'Restarts'} ${list.map((n) => `'${n}'`).join(', ')}.`, changes, notes);
}

export function serviceCmdlet(action: Action) {
  return (ctx: Ctx, inv: Invocation, input?: Stream): Outcome => {
    const r = names(ctx, inv, input);
    if ('status' in r) return r;
    if (r.whatIf) return noop(`-WhatIf: ${inv.name} only says what it would do.`);
    return serviceAction(ctx, action, r.list, inv.name);
  };
}

export function setService(ctx: Ctx, inv: Invocation, input?: Stream): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { Name: { kind: 'value', position: 0, aliases: ['ServiceName', 'SN'] }, StartupType: { kind: 'value', aliases: ['StartMode', 'SM', 'ST'] }, Status: { kind: 'value' } });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const list = v['Name']?.values ?? (input?.kind === 'Service' ? input.items.map((i) => String(i['Name'])) : []);
  if (list.length === 0) return notModelled('Set-Service without -Name');
  if (b.bound.whatIf) return noop('-WhatIf: Set-Service only says what it would do.');
  const changes: StateChange[] = [];
  const c = ctx.state.capture;
  const type = v['StartupType']?.value;
  const known = ['automatic', 'manual', 'disabled', 'automaticdelayedstart', 'boot', 'system'];
  if (type !== undefined && !known.includes(lower(type))) return fail(`'${type}' is not a startup type.`, exact(`Set-Service : Cannot bind parameter 'StartupType'. Cannot convert value "${type}" to type "System.ServiceProcess.ServiceStartMode".`));
  for (const n of list) {
    const rec = serviceRecord(c, n);
    if (!rec) {
      if (!c.services) continue;
      return fail(`No service named '${n}' exists on this host.`, exact(`Set-Service : Service ${n} was not found on computer '.'.`));
    }
    if (type !== undefined) {
      const norm = lower(type) === 'automaticdelayedstart' ? 'Automatic' : type[0]!.toUpperCase() + type.slice(1).toLowerCase();
      (rec as { StartType?: string }).StartType = norm;
      changes.push({ kind: 'service', action: 'changed', name: rec.Name, detail: `start type ${norm}` });
    }
  }
  if (v['Status']) {
    const s = lower(v['Status'].value);
    const action: Action | undefined = s === 'running' ? 'start' : s === 'stopped' ? 'stop' : undefined;
    if (!action) return notModelled(`Set-Service -Status ${v['Status'].value}`);
    const o = serviceAction(ctx, action, list, 'Set-Service');
    return { ...o, changes: [...changes, ...o.changes] };
  }
  return ok(`Sets the start type of ${list.map((n) => `'${n}'`).join(', ')}.`, changes);
}

/** `net start <service>` / `net stop <service>` (cmd's service control). */
export function netExe(ctx: Ctx, inv: Invocation): Outcome {
  const n = nativeArgs(inv.args);
  if (n.dynamic) return notModelled(`a net argument that is ${n.dynamic}`);
  const [verb, ...rest] = n.values;
  const v = lower(verb);
  if ((v === 'start' || v === 'stop') && rest.length === 1) {
    const name = rest[0]!;
    const rec = ctx.state.capture.services?.find((s) => lower(s.Name) === lower(name) || lower(s.DisplayName) === lower(name));
    if (rec && v === 'start' && rec.Status === 'Running') {
      return fail(`'${rec.Name}' is already running.`, exact('The requested service has already been started.\n\nMore help is available by typing NET HELPMSG 2182.'));
    }
    if (!rec && ctx.state.capture.services) return fail(`No service named '${name}'.`, exact('The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.'));
    return serviceAction(ctx, v, [rec?.Name ?? name], 'net');
  }
  if (rest.length === 0 && v === 'start') return noop('net start lists running services.');
  return notModelled(`net ${n.values.join(' ')}`);
}
