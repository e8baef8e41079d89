import { ps } from '../powershell.js';
import type { HostModel, ServiceModel } from '../model/types.js';
import { restartService, serviceState, startServiceCommands } from './fixes.js';
import type { Check, Fix } from './types.js';

/** Parts of the docker key that only a running engine can supply. */
const ENGINE_PARTS = ['docker.info', 'docker.networks', 'docker.containers'] as const;

/**
 * True when the engine answered the collector. `docker info` with
 * ServerErrors is the client speaking for a daemon that did not answer (the
 * model leaves it out of the captured parts), and `docker version` proves
 * an engine only when it has a Server part.
 */
function engineAnswered(model: HostModel): boolean {
  return ENGINE_PARTS.some((k) => model.captured.has(k)) || model.capture.docker?.version?.Server != null;
}

const VERIFY_ENGINE = "docker version --format '{{.Server.Os}}'";

const EVENT_LOG: Fix = {
  title: 'If the engine stops again, read why in the Application log',
  risk: 'safe',
  runOn: 'container-host',
  commands: ["Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'docker' } -MaxEvents 20 | Select-Object -Property 'TimeCreated','Message'"],
  verify: VERIFY_ENGINE,
  expect: "Prints 'windows'; when it does not, the log names the start failure (an 'Error creating default network' message leads to winnat-slot-taken, ipv6-disabled or stale-hns-state).",
};

/** The collector's reason for missing docker parts, when it gave one. */
function collectorReason(model: HostModel): string | undefined {
  const serverErrors = model.docker?.serverErrors ?? [];
  if (serverErrors.length > 0) return `docker info says: ${serverErrors.join('; ')}`;
  const errors = model.collectorErrors.filter((e) => e.key === 'docker' || e.key.startsWith('docker.'));
  const best = errors.find((e) => e.key === 'docker.info') ?? errors.find((e) => e.key === 'docker') ?? errors[0];
  return best ? (best.message ?? `'${best.command ?? best.key}' failed`) : undefined;
}

const CLI_MISSING = /not found on the PATH|is not recognized as the name of a cmdlet/i;

function startFixes(engine: ServiceModel): Fix[] {
  if (engine.name.toLowerCase() === 'com.docker.service') {
    return [{
      title: "Start Docker Desktop's service and Docker Desktop",
      risk: 'safe',
      runOn: 'container-host',
      commands: [
        ...startServiceCommands(engine),
        "Start-Process -FilePath (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\Docker Desktop.exe')",
      ],
      verify: VERIFY_ENGINE,
      expect: "Prints 'windows' once Docker Desktop reports that it is running.",
    }, EVENT_LOG];
  }
  return [{
    title: engine.startType === 'Disabled' ? `Re-enable service '${engine.name}' (start type Automatic) and start it` : `Start service '${engine.name}'`,
    risk: 'safe',
    runOn: 'container-host',
    commands: startServiceCommands(engine, 'Automatic'),
    verify: VERIFY_ENGINE,
    expect: "Prints 'windows'.",
  }, EVENT_LOG];
}

export const dockerNotRunning: Check = {
  meta: {
    code: 'WCN106',
    knowledge: 'docker-not-running',
    title: 'The Docker engine is not running',
    severity: 'error',
    requires: ['services'],
    description: "Reads services 'docker' and 'com.docker.service' and whether the engine answered the collector (the docker section and the collector's errors).",
  },
  run(model) {
    // The engine answered: it runs, whatever the services say (dockerd may run outside a service).
    if (engineAnswered(model)) return [];
    const reason = collectorReason(model);
    const because = reason ? ` The collector could not read docker: ${reason}` : ' The capture has no docker section.';
    const engines = [model.service('docker'), model.service('com.docker.service')].filter((s): s is ServiceModel => s !== undefined);
    const running = engines.find((s) => s.running);
    if (running) {
      // A running service that was not asked (hand-made capture) or a CLI missing from PATH is no engine fault.
      if (!reason || CLI_MISSING.test(reason)) return [];
      return [{
        severity: 'warning',
        message: `Service '${running.name}' is Running, but the engine did not answer.${because} It may still be starting, or hang; if the message says access is denied, run the collector as Administrator.`,
        subjects: [running.subject],
        fixes: [{
          title: `Restart '${running.name}'`,
          risk: 'disruptive',
          disrupts: 'every running container: they stop while the engine restarts',
          runOn: 'container-host',
          commands: [restartService(running.name)],
          verify: VERIFY_ENGINE,
          expect: "Prints 'windows'.",
        }],
      }];
    }
    const engine = engines[0];
    if (engine) {
      const also = engines.length > 1 ? ` (service '${engines[1]!.name}' is ${serviceState(engines[1]!)} too)` : '';
      return [{
        message: `Service '${engine.name}' is ${serviceState(engine)}${also}: the container engine is not running, so every docker command fails with "open //./pipe/docker_engine: The system cannot find the file specified."${because}`,
        subjects: engines.map((s) => s.subject),
        fixes: startFixes(engine),
      }];
    }
    // No engine service. Judge only when docker was looked for (a collector error, or an empty docker section).
    if (!reason && !model.captured.has('docker')) return [];
    return [{
      severity: 'warning',
      message: `Neither service 'docker' nor Docker Desktop's 'com.docker.service' exists on this host, and no engine answered.${because} The container engine is not installed as a service (a host that runs containerd for Kubernetes has no docker service by design).`,
      subjects: [model.host.subject],
      fixes: [{
        title: 'Install a container engine (on Windows Server the Mirantis or Moby engine, on Windows 10/11 Docker Desktop); no command here can choose one for you',
        risk: 'safe',
        runOn: 'container-host',
        commands: [],
        verify: ps`Get-Service -Name 'docker','com.docker.service' -ErrorAction 'SilentlyContinue' | Select-Object -Property 'Name','Status','StartType'`,
        expect: 'Lists one engine service with Status Running.',
      }],
    }];
  },
};
