/**
 * Which engine the docker CLI talks to: Docker Desktop's engine switch
 * (DockerCli.exe -SwitchWindowsEngine / -SwitchLinuxEngine / -SwitchDaemon),
 * starting Docker Desktop, `docker context use`, and removing DOCKER_HOST.
 * A newly reached Windows engine's own state was not captured: the
 * simulation knows only what Docker builds at start (networks from HNS and
 * the default nat) and says so.
 */
import { bindCmdlet } from './args.js';
import { copyCniConf } from './cni-conf.js';
import { dockerStart } from './lifecycle.js';
import { serviceRecord, setServiceStatus } from './state.js';
import { nativeArgs, type Invocation } from './tokenize.js';
import { ps } from '../powershell.js';
import { exact, fail, noop, notModelled, ok, type Ctx, type Outcome, type StateChange } from './types.js';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** The CLI now reaches the local Windows engine. */
function switchToWindowsEngine(ctx: Ctx, why: string): Outcome {
  const c = ctx.state.capture;
  const notes: string[] = [];
  const changes: StateChange[] = [];
  const wasLinux = lower(c.docker?.info?.OSType ?? c.docker?.version?.Server?.Os) === 'linux';
  c.docker ??= {};
  if (wasLinux || !c.docker.info) {
    c.docker.info = { ...(c.docker.info ?? {}), OSType: 'windows', OperatingSystem: undefined, Swarm: { LocalNodeState: 'inactive', ControlAvailable: false, NodeID: '' }, $ptr: '/docker/info' } as NonNullable<typeof c.docker.info>;
    if (c.docker.version?.Server) (c.docker.version.Server as { Os?: string }).Os = 'windows';
    c.docker.networks = [];
    c.docker.containers = [];
    notes.push("The Windows engine's own networks and containers were not in the capture: the simulation knows only what Docker builds at start (networks for the HNS networks it finds, and its default nat).");
    changes.push({ kind: 'host', action: 'changed', name: 'docker engine', detail: 'the CLI now talks to the Windows engine' });
  }
  const desktop = serviceRecord(c, 'com.docker.service');
  if (desktop) changes.push(...setServiceStatus(c, desktop.Name, true));
  const r = dockerStart(ctx.state);
  changes.push(...r.changes);
  notes.push(...r.notes, ...r.problems.map((p) => `Daemon log: ${p}`));
  return ok(why, changes, notes);
}

/** `& (Join-Path … 'Docker\Docker\DockerCli.exe') -SwitchWindowsEngine | -SwitchLinuxEngine | -SwitchDaemon` */
export function dockerCli(ctx: Ctx, inv: Invocation): Outcome {
  const n = nativeArgs(inv.args);
  if (n.dynamic) return notModelled(`a DockerCli.exe argument that is ${n.dynamic}`);
  const flag = lower(n.values[0]?.replace(/^-+/, ''));
  const linux = lower(ctx.state.capture.docker?.info?.OSType) === 'linux';
  if (flag === 'switchwindowsengine' || (flag === 'switchdaemon' && linux)) {
    if (!linux && ctx.state.capture.docker?.info) return noop('Docker Desktop already runs the Windows engine.');
    return switchToWindowsEngine(ctx, 'Docker Desktop switches to Windows containers.');
  }
  if (flag === 'switchlinuxengine' || flag === 'switchdaemon') {
    const info = ctx.state.capture.docker?.info;
    if (!info) return notModelled('switching to the Linux engine without a captured engine');
    (info as { OSType?: string }).OSType = 'linux';
    ctx.state.capture.docker!.networks = [];
    ctx.state.capture.docker!.containers = [];
    return ok('Docker Desktop switches to Linux containers; Windows container networking is out of the CLI\'s reach.', [{ kind: 'host', action: 'changed', name: 'docker engine', detail: 'the CLI now talks to the Linux engine' }],
      ['The Linux engine\'s networks are not in the capture.']);
  }
  return notModelled(`DockerCli.exe ${n.values.join(' ')}`);
}

/** `Start-Process -FilePath '…\Docker Desktop.exe'` starts Docker Desktop; other programs are not modelled. */
export function startProcess(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, { FilePath: { kind: 'value', position: 0 }, ArgumentList: { kind: 'value', position: 1 }, Wait: { kind: 'switch' }, NoNewWindow: { kind: 'switch' } });
  if (!b.ok) return notModelled(b.notModelled);
  const file = b.bound.values['FilePath']?.value ?? '';
  if (!/docker desktop\.exe$/i.test(file)) return notModelled(`Start-Process of '${file}'`);
  const c = ctx.state.capture;
  const svc = serviceRecord(c, 'com.docker.service');
  if (svc?.StartType === 'Disabled') return notModelled('starting Docker Desktop while com.docker.service is disabled');
  if (lower(c.docker?.info?.OSType) === 'linux') {
    const changes = svc ? setServiceStatus(c, svc.Name, true) : [];
    return ok('Docker Desktop starts with the engine it ran last (Linux here).', changes);
  }
  return switchToWindowsEngine(ctx, 'Docker Desktop starts its Windows engine.');
}

const HNS_DATA = /^c:\\programdata\\microsoft\\windows\\hns\\hns\.data$/i;

/**
 * `Remove-Item -Path 'Env:DOCKER_HOST'`: the CLI falls back to its context.
 * Rename-, Move- or Remove-Item of HNS.data: HNS starts with an empty store next time.
 */
export function fileItem(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, {
    Path: { kind: 'value', position: 0 }, LiteralPath: { kind: 'value' }, NewName: { kind: 'value', position: 1 }, Destination: { kind: 'value', position: 1 },
    Force: { kind: 'switch' }, Recurse: { kind: 'switch' },
  }, ['NewName', 'Destination']);
  if (!b.ok) return notModelled(b.notModelled);
  const path = (b.bound.values['Path'] ?? b.bound.values['LiteralPath'])?.value ?? '';
  const verb = inv.name.toLowerCase().split('-')[0];
  if (verb === 'remove' && /^env:\\?docker_(host|context)$/i.test(path)) {
    return noop(`Clears ${path.replace(/^env:\\?/i, '')} for this PowerShell session; the docker CLI then uses its current context.`);
  }
  if (HNS_DATA.test(path.replace(/\//g, '\\'))) {
    if (b.bound.whatIf) return noop(`-WhatIf: ${inv.name} only says what it would do.`);
    const hns = ctx.model.service('hns');
    if (hns?.running) {
      return fail('HNS is running and holds its store open.', exact(`${inv.name} : The process cannot access the file because it is being used by another process.`), 'stale-hns-state', [ps`Stop-Service -Name 'hns'`]);
    }
    ctx.state.pending.hnsStoreReset = true;
    return ok('Sets the HNS store aside: HNS starts with no networks and no endpoints next time.', [{ kind: 'hns-network', action: 'pending', name: 'HNS store (HNS.data)', detail: 'emptied when HNS starts' }],
      [verb === 'remove' ? 'The old store is deleted; keeping a renamed copy is safer.' : 'The old store stays on disk under its new name.']);
  }
  if (verb === 'copy') {
    const dest = b.bound.values['Destination'];
    if (dest?.dynamic) return notModelled(`-Destination is ${dest.dynamic}, which only PowerShell can evaluate`);
    const copied = copyCniConf(ctx, path, dest?.value);
    if (copied) return b.bound.whatIf && copied.status === 'succeeds' ? noop(`-WhatIf: ${inv.name} only says what it would do.`) : copied;
  }
  return notModelled(`${inv.name} of '${path}' (only HNS.data, Env:DOCKER_HOST and copies of CNI confs are modelled)`);
}

/** `docker context use <name>`. */
export function contextUse(ctx: Ctx, args: readonly string[]): Outcome {
  const name = args[0];
  if (!name || args.length !== 1) return notModelled('docker context use without exactly one context name');
  if (lower(name) !== 'default') return notModelled(`docker context use ${name} (another engine than the captured one)`);
  if (lower(ctx.state.capture.docker?.info?.OSType) !== 'linux') return noop('The default context is the local engine, which the capture already shows.');
  return switchToWindowsEngine(ctx, 'The CLI talks to the local Windows engine again (the default context).');
}
