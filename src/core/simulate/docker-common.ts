/** Preconditions shared by the docker command families. */
import type { HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { dockerRunning, dockerServiceName } from './state.js';
import { exact, fail, type Ctx, type Outcome } from './types.js';

const PIPE_ERROR = 'error during connect: This error may indicate that the docker daemon is not running.: open //./pipe/docker_engine: The system cannot find the file specified.';

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
