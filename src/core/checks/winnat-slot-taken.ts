import { ps } from '../powershell.js';
import { winnatSlotHolders } from '../model/derived/winnat.js';
import { restartService } from './fixes.js';
import type { Check } from './types.js';

export const winnatSlotTaken: Check = {
  meta: {
    code: 'WCN201',
    knowledge: 'winnat-slot-taken',
    title: 'Another NAT holds the only WinNAT slot',
    severity: 'error',
    requires: ['os', 'netNat', 'docker.networks'],
    description: 'Before build 15063 Windows has one WinNAT instance; a NAT that Docker did not make keeps Docker from creating its nat network.',
  },
  run(model) {
    const strays = winnatSlotHolders(model);
    const defaultNat = model.dockerNetworkByName('nat');
    return strays.map((nat) => {
      const missing = !defaultNat || defaultNat.driver !== 'nat' ? " Docker's default 'nat' network is missing, as expected when the slot is taken." : '';
      const hint = /dockernat/i.test(nat.name) ? " It is Docker for Windows' DockerNAT (the Moby Linux VM's NAT), which Windows containers do not use." : '';
      return {
        message: `WinNAT '${nat.name}' (${nat.internalPrefixText ?? 'no prefix'}) was not made by Docker or HNS and holds the single NAT instance this build (${model.platform.label}) allows.${missing}${hint} Creating the default nat network fails with "The parameter is incorrect" (0x57) or "The object already exists".`,
        subjects: [nat.subject],
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
