import { winnatSlotHolders } from '../model/derived/winnat.js';
import { ps } from '../powershell.js';
import { restartService } from './fixes.js';
import type { Check, Fix } from './types.js';

const isDockerNat = (name: string) => name.trim().toLowerCase() === 'dockernat';

export const dockernatSwitch: Check = {
  meta: {
    code: 'WCN310',
    knowledge: 'dockernat-switch',
    title: 'The DockerNAT switch belongs to Linux containers, not Windows containers',
    severity: 'info',
    requires: ['vmSwitches', 'netNat'],
    description: "Finds Docker for Windows' DockerNAT vSwitch or NetNat, which Windows containers never use.",
  },
  run(model) {
    const switches = model.switches.filter((s) => isDockerNat(s.name));
    const nats = model.nats.filter((n) => isDockerNat(n.name));
    if (switches.length === 0 && nats.length === 0) return [];
    // When a DockerNAT NetNat holds the single WinNAT slot, winnat-slot-taken
    // already reports the error (and names DockerNAT); this stays information.
    const slotTaken = nats.length > 0 && winnatSlotHolders(model).some((n) => isDockerNat(n.name));
    const parts: string[] = [];
    for (const sw of switches) {
      const vnic = sw.hostVnics[0];
      const addr = vnic?.ipv4[0];
      parts.push(`vSwitch '${sw.name}' (${sw.type}${vnic ? `, host vNIC '${vnic.name}'${addr ? ` ${addr.address}/${addr.prefixLength}` : ''}` : ''})`);
    }
    for (const n of nats) parts.push(`NetNat '${n.name}' (${n.internalPrefixText ?? 'no prefix'})`);
    const commands: string[] = [];
    for (const sw of switches) commands.push(ps`Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value ${sw.name}`);
    for (const n of nats) commands.push(ps`Get-NetNat -Name ${n.name} | Remove-NetNat -Confirm:$false`);
    for (const sw of switches) commands.push(ps`Remove-VMSwitch -Name ${sw.name} -Force`);
    if (slotTaken) commands.push(restartService('docker'));
    const target = switches[0] ? ps`Get-VMSwitch -Name ${switches[0].name} -ErrorAction SilentlyContinue` : ps`Get-NetNat -Name ${nats[0]!.name} -ErrorAction SilentlyContinue`;
    const remove: Fix = {
      title: `Remove ${parts.length === 1 ? 'it' : 'them'} once no Docker for Windows Linux VM (MobyLinuxVM) uses ${parts.length === 1 ? 'it' : 'them'}`,
      risk: 'disruptive',
      disrupts: "an old Docker for Windows Moby Linux VM loses its connection to the host; its Linux containers stop working until Docker Desktop is upgraded or reset",
      runOn: 'container-host',
      commands,
      verify: target,
      expect: 'Prints nothing.',
    };
    return [{
      message: `${parts.join(' and ')} ${parts.length === 1 ? 'belongs' : 'belong'} to Docker for Windows, which connected its Moby Linux VM through DockerNAT (usually 10.0.75.0/24). Windows containers never use it: they attach to the 'nat' network that HNS creates, so changing or debugging DockerNAT does nothing for them. Docker Desktop 2.2.0.0 removed DockerNAT; on newer versions it is a leftover.${slotTaken ? ` On this build the NetNat also holds the single WinNAT slot, which keeps Docker from creating its nat network: WCN201 (winnat-slot-taken) reports that error.` : ''}`,
      subjects: [...switches.map((s) => s.subject), ...nats.map((n) => n.subject)],
      fixes: [remove],
    }];
  },
};
