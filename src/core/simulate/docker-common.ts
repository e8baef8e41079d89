/** Preconditions shared by the docker command families. */
import { classifyDisabledComponents } from '../checks/ipv6-disabled.js';
import { TCPIP6_PARAMETERS } from '../checks/fixes.js';
import type { HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { dockerRunning, dockerServiceName, serviceDisabled, setServiceStatus } from './state.js';
import { described, exact, fail, type Ctx, type Outcome, type StateChange } from './types.js';

export const PIPE_ERROR = 'error during connect: This error may indicate that the docker daemon is not running.: open //./pipe/docker_engine: The system cannot find the file specified.';

/** The engine must run (and be the Windows engine) for any docker command that talks to the daemon. */
export function engineReady(ctx: Ctx, what: string): Outcome | undefined {
  const { model, state } = ctx;
  if (!state.capture.docker && !model.service('docker') && !model.service('com.docker.service')) {
    return {
      status: 'not-modelled',
      reason: `Not modelled: ${what}, because the capture holds no docker state and no docker service. The simulation goes on with the state unchanged.`,
      advice: [], notes: [], changes: [],
    };
  }
  if (!dockerRunning(model)) {
    const svc = dockerServiceName(state.capture) ?? 'docker';
    return fail(
      `The Docker engine is not running on this host (service '${svc}' is ${model.service(svc)?.status ?? 'missing'}), so the docker CLI cannot reach it.`,
      exact(PIPE_ERROR),
      'docker-not-running',
      svc === 'com.docker.service' ? [ps`Start-Process -FilePath (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\Docker Desktop.exe')`] : [ps`Start-Service -Name ${svc}`],
    );
  }
  return undefined;
}

/** True when the daemon is Docker Desktop's Linux engine. */
export function linuxEngine(model: HostModel): boolean {
  return (model.docker?.osType ?? '').toLowerCase() === 'linux';
}

/** HNS is started on demand; a disabled HNS refuses. IPv6 must be on (read at boot). */
export function hnsReady(ctx: Ctx, changes: StateChange[], notes: string[], during: 'network' | 'container'): Outcome | undefined {
  const { model, state } = ctx;
  const hns = model.service('hns');
  if (hns && serviceDisabled(model, 'hns')) {
    return fail(
      "The Host Network Service (hns) is disabled, so nothing network-related can be created.",
      described('hnsCall failed in Win32: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it. (0x422)'),
      'hns-not-running',
      [ps`Set-Service -Name 'hns' -StartupType 'Manual'`, ps`Start-Service -Name 'hns'`],
    );
  }
  if (hns && !hns.running) {
    changes.push(...setServiceStatus(state.capture, 'hns', true));
    notes.push('HNS was stopped; Windows starts it on demand (start type Manual).');
  }
  const v = model.ipv6DisabledComponents;
  if (classifyDisabledComponents(v) === 'broken' && model.platform.has('KB4015217') !== false) {
    const text = during === 'container'
      ? 'docker: Error response from daemon: container <id> encountered an error during CreateContainer: failure in a Windows system call: Element not found.'
      : 'hnsCall failed in Win32: Element not found. (0x490)';
    return fail(
      `IPv6 is disabled on this host (DisabledComponents 0x${v!.toString(16).toUpperCase()}, read at boot). HNS needs it since KB4015217.`,
      exact(text, during === 'container' ? ['요소를 찾을 수 없습니다. (Korean hosts)'] : ['HNS failed with error : Element not found.']),
      'ipv6-disabled',
      [ps`Remove-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents'`, 'Restart-Computer'],
    );
  }
  return undefined;
}
