import { ps } from '../powershell.js';
import { dockerEngineDown, type EngineDown } from '../model/derived/engine.js';
import { winnatSlotHolders } from '../model/derived/winnat.js';
import { restartService } from './fixes.js';
import type { Check } from './types.js';
import type { HostModel } from '../model/types.js';

export const winnatSlotTaken: Check = {
  meta: {
    code: 'WCN201',
    knowledge: 'winnat-slot-taken',
    title: 'Another NAT holds the only WinNAT slot',
    severity: 'error',
    // HNS and WinNAT are enough: with the engine down, docker's own network list is missing, and that is
    // the usual consequence of this fault, not a reason to stay silent.
    requires: ['os', 'netNat', 'hnsNetworks'],
    description: 'Before build 15063 Windows has one WinNAT instance; a NAT that Docker did not make keeps Docker from creating its nat network.',
  },
  run(model) {
    const strays = winnatSlotHolders(model);
    if (strays.length === 0) return [];
    const missing = defaultNatMissing(model);
    const engine = dockerEngineDown(model);
    const engineDown = engineDownNote(model, engine);
    return strays.map((nat) => {
      const hint = /dockernat/i.test(nat.name) ? " It is Docker for Windows' DockerNAT (the Moby Linux VM's NAT), which Windows containers do not use." : '';
      return {
        message: `WinNAT '${nat.name}' (${nat.internalPrefixText ?? 'no prefix'}) was not made by Docker or HNS and holds the single NAT instance this build (${model.platform.label}) allows.${missing}${engineDown}${hint} Creating the default nat network fails with "The parameter is incorrect" (0x57) or "The object already exists".`,
        // The engine that cannot start is what fails: named, with what shows it down.
        subjects: engine ? [nat.subject, engine.subject] : [nat.subject],
        ...(engine ? { evidence: [...(nat.subject.pointer ? [nat.subject.pointer] : []), ...engine.evidence] } : {}),
        fixes: [{
          title: `Remove WinNAT '${nat.name}' and let Docker create its nat network`,
          risk: 'disruptive' as const,
          disrupts: `whatever uses NAT '${nat.name}' (lab VMs or a Docker for Windows Linux VM lose outbound NAT)`,
          runOn: 'container-host' as const,
          commands: [
            ps`Get-NetNat -Name ${nat.name} | Remove-NetNat -Confirm:$false`,
            restartService('docker'),
          ],
          verify: "Get-NetNat; docker network ls --filter 'driver=nat'",
          expect: "The stray NAT is gone, and docker lists a network named 'nat'.",
        }],
      };
    });
  },
};

/** The default nat network is missing: by docker's own list when it was captured, else by HNS (no nat network at all). */
function defaultNatMissing(model: HostModel): string {
  if (model.captured.has('docker.networks')) {
    const defaultNat = model.dockerNetworkByName('nat');
    return !defaultNat || defaultNat.driver !== 'nat' ? " Docker's default 'nat' network is missing, as expected when the slot is taken." : '';
  }
  return model.hnsNetworks.some((n) => n.type === 'nat') ? '' : ' HNS holds no nat network, as expected when the slot is taken.';
}

/** The engine's failure to start is evidence for this fault: said once, with what it leaves unseen. */
function engineDownNote(model: HostModel, engine: EngineDown | undefined): string {
  if (!engine) return '';
  return ` The docker engine ${engine.phrase}, the usual consequence: it cannot create its nat network at start${model.captured.has('docker.networks') ? '' : " (docker's own networks could not be captured; this is judged from WinNAT and HNS)"}.`;
}
