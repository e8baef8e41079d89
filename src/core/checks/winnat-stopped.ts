import { ps } from '../powershell.js';
import type { Subject } from '../model/types.js';
import { engineServiceName, restartService, serviceState, startServiceFix } from './fixes.js';
import type { Check, Fix } from './types.js';

const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

export const winnatStopped: Check = {
  meta: {
    code: 'WCN104',
    knowledge: 'winnat-stopped',
    title: 'The WinNAT driver is stopped while NAT networks exist',
    severity: 'error',
    requires: ['services', 'netNat'],
    description: "Reads service 'winnat' and reports it stopped or disabled while Get-NetNat lists a NAT instance, or while nat networks exist on a build whose NAT is WinNAT-backed (before 16299).",
  },
  run(model) {
    const winnat = model.service('winnat');
    if (!winnat) return [];
    const disabled = winnat.startType === 'Disabled';
    if (winnat.running && !disabled) return [];
    // From 16299 on, HNS NAT is ICS-backed and Get-NetNat is normally empty: only a listed
    // NAT instance makes the driver's state matter there. Before, every nat network is WinNAT.
    const winnatBacked = model.platform.natBackend === 'winnat';
    const natNets = model.dockerNetworks.filter((n) => n.driver === 'nat');
    const hnsOnly = model.hnsNetworks.filter((n) => n.type === 'nat' && !n.dockerNetwork);
    const netNames = [...natNets.map((n) => n.name), ...hnsOnly.map((n) => n.name ?? n.id)];
    if (model.nats.length === 0 && !(winnatBacked && netNames.length > 0)) return [];

    const what: string[] = [];
    if (model.nats.length > 0) what.push(`${model.nats.length === 1 ? 'NAT instance' : 'NAT instances'} ${model.nats.map((n) => `'${n.name}' (${n.internalPrefixText ?? 'no prefix'})`).join(', ')}`);
    if (winnatBacked && netNames.length > 0) what.push(`${netNames.length === 1 ? 'nat network' : 'nat networks'} ${list(netNames)}, which on ${model.platform.label} depend on WinNAT`);
    const subjects: Subject[] = [
      winnat.subject,
      ...model.nats.map((n) => n.subject),
      ...(winnatBacked ? [...natNets.map((n) => n.subject), ...hnsOnly.map((n) => n.subject)] : []),
    ];
    const verify = ps`Get-Service -Name 'winnat' | Select-Object -Property 'Name','Status','StartType'`;

    if (winnat.running) {
      return [{
        severity: 'warning',
        message: `Service 'winnat' (Windows NAT Driver) is running but its start type is Disabled, while this host has ${what.join(' and ')}. After the next restart the driver will not load: NAT stops translating, and creating container endpoints fails with "The system cannot find the path specified." (0x3).`,
        subjects,
        fixes: [{
          title: "Set service 'winnat' back to start type Manual",
          risk: 'safe',
          runOn: 'container-host',
          commands: [ps`Set-Service -Name 'winnat' -StartupType 'Manual'`],
          verify,
          expect: 'StartType is Manual and Status is Running.',
        }],
      }];
    }

    const engine = engineServiceName(model);
    const fixes: Fix[] = [startServiceFix(winnat, 'Status is Running (and Get-NetNat shows Active: True).', verify)];
    if (model.service(engine)) {
      fixes.push({
        title: `Restart '${engine}' so the engine rebuilds its NAT endpoints`,
        risk: 'disruptive',
        disrupts: 'every running container: they stop while the engine restarts',
        runOn: 'container-host',
        commands: [restartService(engine)],
        verify: "docker network ls --filter 'driver=nat'",
        expect: 'Lists the nat networks; a new container on nat starts and reaches an outside address.',
      });
    }
    return [{
      message: `Service 'winnat' (Windows NAT Driver) is ${serviceState(winnat)} while this host has ${what.join(' and ')}. Without the driver no address translation happens: the networks look alive but containers lose outbound access and published ports, and creating endpoints fails with "The system cannot find the path specified." (0x3).`,
      subjects,
      fixes,
    }];
  },
};
