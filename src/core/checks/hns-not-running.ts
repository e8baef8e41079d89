import { ps } from '../powershell.js';
import type { HostModel } from '../model/types.js';
import { engineServiceName, restartService, serviceState, startServiceFix } from './fixes.js';
import type { Check, Fix } from './types.js';

/**
 * Docker drivers and HNS types that are not container networks of their own:
 * `none`/`host`, and the ICS network of Hyper-V's Default Switch, which exists
 * on every Windows 10/11 host with Hyper-V whether or not containers are used.
 */
const NOT_A_NETWORK = new Set(['null', 'none', 'host', 'ics']);

/** What on this host needs HNS, in words, or an empty list. */
function containerNetworking(model: HostModel): string[] {
  const parts: string[] = [];
  const hns = model.hnsNetworks.filter((n) => !NOT_A_NETWORK.has(n.type));
  if (hns.length > 0) parts.push(`${hns.length} HNS network${hns.length === 1 ? '' : 's'} (${hns.map((n) => `'${n.name ?? n.id}'`).join(', ')})`);
  const nets = model.dockerNetworks.filter((n) => !NOT_A_NETWORK.has(n.driver));
  if (nets.length > 0) parts.push(`docker network${nets.length === 1 ? '' : 's'} ${nets.map((n) => `'${n.name}'`).join(', ')}`);
  const containers = model.containers;
  if (containers.length > 0) {
    const running = containers.filter((c) => c.running).length;
    parts.push(`${containers.length} container${containers.length === 1 ? '' : 's'} (${running} running)`);
  }
  return parts;
}

export const hnsNotRunning: Check = {
  meta: {
    code: 'WCN103',
    knowledge: 'hns-not-running',
    title: 'The Host Network Service is not running',
    severity: 'error',
    requires: ['services'],
    description: "Reads the state of service 'hns' and reports it when it is not running while container networks or containers exist.",
  },
  run(model) {
    const hns = model.service('hns');
    // Not installed (no Containers or Hyper-V feature), or a hand-made list without it: nothing to judge.
    if (!hns || hns.running) return [];
    // Docker Desktop in Linux mode does not use Windows container networking.
    if (model.docker?.osType?.toLowerCase() === 'linux') return [];
    const users = containerNetworking(model);
    const hnsFailed = model.collectorErrors.find((e) => e.key === 'hnsNetworks' || e.key === 'hnsEndpoints');
    const pending = hns.status === 'StartPending' || hns.status === 'ContinuePending';
    const engine = engineServiceName(model);
    // Neither HNS nor docker could be read (the engine often fails to start without HNS):
    // nothing shows whether networks exist, but an installed engine says containers are meant to run here.
    const blind = users.length === 0 && !model.captured.has('hnsNetworks') && !model.captured.has('docker.networks') && model.service(engine) !== undefined;
    if (users.length === 0 && !blind) return [];
    const fixes: Fix[] = [
      startServiceFix(hns, 'Status is Running, and stays so for a few minutes.'),
      {
        title: 'If HNS stops again, read its event log before touching its state (see stale-hns-state)',
        risk: 'safe',
        runOn: 'container-host',
        commands: ["Get-WinEvent -LogName 'Microsoft-Windows-Host-Network-Service-Admin' -MaxEvents 20 | Select-Object -Property 'TimeCreated','Id','Message'"],
        verify: ps`Get-Service -Name 'hns'`,
        expect: 'Status is Running; the log names the network or switch HNS failed on when it is not.',
      },
    ];
    if (model.service(engine)) {
      fixes.push({
        title: `Restart '${engine}' so the engine reconnects to HNS`,
        risk: 'disruptive',
        disrupts: 'every running container: they stop while the engine restarts',
        runOn: 'container-host',
        commands: [restartService(engine)],
        verify: "docker network ls --filter 'driver=nat'",
        expect: "Lists the 'nat' network, and a test container starts.",
      });
    }
    const has = blind
      ? `while container engine service '${engine}' is installed (neither HNS nor docker could be read, so the capture cannot show which networks exist)`
      : `while this host has ${users.length > 1 ? `${users.slice(0, -1).join(', ')} and ${users.at(-1)}` : users[0]}`;
    return [{
      ...(pending || blind ? { severity: 'warning' as const } : {}),
      message: `Service 'hns' (Host Network Service) is ${serviceState(hns)}${pending ? ', still starting when the capture was taken' : ''}, ${has}. HNS creates every container network and endpoint: without it containers get no network, "docker network create" fails and the engine may not start.${hnsFailed?.message ? ` The collector could not read HNS either: ${hnsFailed.message}` : ''}`,
      subjects: [hns.subject],
      fixes,
    }];
  },
};
