import { uplinkOf } from '../model/external.js';
import { normalizeMac } from '../model/net.js';
import type { HostModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check, Fix } from './types.js';

const AZURE = ' If this VM runs in Azure, MAC address spoofing cannot be allowed there and transparent networks are not supported: use nat, or l2bridge with an orchestrator.';

function transparentSubjects(model: HostModel): { names: string[]; subjects: Subject[]; macs: Set<string> } {
  const names: string[] = [];
  const subjects: Subject[] = [];
  const macs = new Set<string>();
  for (const net of model.dockerNetworks) {
    if (net.driver !== 'transparent') continue;
    names.push(net.name);
    subjects.push(net.subject);
    for (const a of uplinkOf(model, net).adapters) if (a.mac) macs.add(a.mac);
  }
  for (const h of model.hnsNetworks) {
    if (h.type !== 'transparent' || h.dockerNetwork) continue;
    names.push(h.name ?? h.id);
    subjects.push(h.subject);
    for (const a of h.switch?.boundAdapters ?? []) if (a.mac) macs.add(a.mac);
  }
  return { names, subjects, macs };
}

/** Containers on transparent networks and their addresses: what shows whether frames get through. */
function leaseCheck(model: HostModel): string {
  const first = model.dockerNetworks.find((n) => n.driver === 'transparent');
  if (first) return ps`docker network inspect ${first.name} --format '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}'`;
  return model.dockerNetworks.length > 0 || model.runtime('docker')
    ? "docker network ls --filter 'driver=transparent'"
    : "Get-HnsEndpoint | Select-Object -Property 'VirtualNetworkName','IPAddress','MacAddress'";
}

/** `guessed`: the VM name is the guest's host name, not a name the parent reported. */
function hyperVFix(vm: string, guessed: boolean): Fix {
  const differs = guessed ? ' (the VM name is usually the host name, but it may differ: Get-VM on the parent lists the names)' : '';
  return {
    title: `On the Hyper-V parent, allow MAC address spoofing on the network adapters of VM '${vm}'${differs}`,
    risk: 'safe',
    runOn: 'hyperv-parent',
    commands: [ps`Get-VMNetworkAdapter -VMName ${vm} | Set-VMNetworkAdapter -MacAddressSpoofing On`],
    verify: ps`Get-VMNetworkAdapter -VMName ${vm} | Select-Object -Property 'VMName','Name','SwitchName','MacAddressSpoofing'`,
    expect: 'MacAddressSpoofing is On for the adapter that carries the transparent network.',
  };
}

export const macSpoofingRequired: Check = {
  meta: {
    code: 'WCN309',
    knowledge: 'mac-spoofing-required',
    title: 'A virtualized container host needs MAC address spoofing for transparent networks',
    severity: 'warning',
    requires: ['computerSystem', 'hnsNetworks'],
    description: "On a VM, containers on a transparent network send frames with their own MAC addresses; the hypervisor must let them through.",
  },
  run(model) {
    const virt = model.host.virtualization;
    if (!virt?.isVirtual) return [];
    const { names, subjects, macs } = transparentSubjects(model);
    if (names.length === 0) return [];
    const nets = names.map((n) => `'${n}'`).join(', ');
    const hostName = model.host.name;
    const subjectList = [model.host.subject, ...subjects];
    const why = `each container on it sends frames with its own MAC address through this VM's virtual adapter, and the hypervisor drops frames from MAC addresses it did not assign unless it is told otherwise`;

    if (virt.hypervisor === 'hyper-v') {
      const parent = model.parentVmAdapters;
      const reported = parent?.find((a) => a.VMName)?.VMName;
      const vm = reported ?? hostName;
      const guessed = reported === undefined;
      if (parent && parent.length > 0) {
        const matching = parent.filter((a) => { const m = normalizeMac(a.MacAddress); return m !== undefined && macs.has(m); });
        const relevant = matching.length > 0 ? matching : parent;
        const off = relevant.filter((a) => a.MacAddressSpoofing === 'Off');
        const unknown = relevant.filter((a) => a.MacAddressSpoofing === undefined);
        if (off.length === 0 && unknown.length === 0) return [];
        if (off.length === 0) {
          return [{
            message: `The capture from the Hyper-V parent lists adapter${unknown.length === 1 ? '' : 's'} ${unknown.map((a) => `'${a.Name}'`).join(', ')} of VM '${vm ?? '?'}' without a MacAddressSpoofing value, so it cannot show whether transparent network${names.length === 1 ? '' : 's'} ${nets} can work: ${why}.`,
            subjects: subjectList,
            fixes: vm ? [hyperVFix(vm, guessed)] : [],
          }];
        }
        return [{
          severity: 'error',
          message: `On the Hyper-V parent, MAC address spoofing is Off for ${off.map((a) => `adapter '${a.Name}'${a.MacAddress ? ` (${normalizeMac(a.MacAddress) ?? a.MacAddress})` : ''}`).join(', ')} of VM '${vm ?? '?'}', which carries transparent network${names.length === 1 ? '' : 's'} ${nets}: ${why}. Containers get no DHCP lease (169.254.x.y) or reach nothing beyond the host.${AZURE}`,
          subjects: subjectList,
          fixes: vm ? [hyperVFix(vm, guessed)] : [],
        }];
      }
      const emptyNote = parent ? ' The capture from the parent lists no adapters for this VM (was the VM name right?).' : '';
      return [{
        message: `This host is a Hyper-V VM (${virt.evidence}) with transparent network${names.length === 1 ? '' : 's'} ${nets}: ${why}. MAC address spoofing must be On for the VM's adapter on the Hyper-V parent. The setting cannot be seen from inside the VM; check it on the parent (or add the parent's Get-VMNetworkAdapter output to the capture as parentVmNetworkAdapters).${emptyNote}${AZURE}`,
        subjects: subjectList,
        fixes: vm ? [hyperVFix(vm, guessed)] : [],
      }];
    }

    if (virt.hypervisor === 'vmware') {
      const vm = hostName;
      const fixes: Fix[] = vm ? [{
        title: `Set Promiscuous mode, MAC address changes and Forged transmits to Accept on the port group of VM '${vm}' (vSphere Client: the port group's Edit Settings, Security; or these PowerCLI commands after Connect-VIServer). The inventory name of the VM may differ from the host name`,
        risk: 'safe',
        runOn: 'vsphere',
        commands: [
          ps`Get-VirtualPortGroup -VM ${vm} -Standard | Get-SecurityPolicy | Set-SecurityPolicy -AllowPromiscuous $true -MacChanges $true -ForgedTransmits $true`,
          ps`Get-VM -Name ${vm} | Get-NetworkAdapter | Get-VDPortgroup | Get-VDSecurityPolicy | Set-VDSecurityPolicy -AllowPromiscuous $true -MacChanges $true -ForgedTransmits $true`,
        ],
        verify: ps`Get-VirtualPortGroup -VM ${vm} -Standard | Get-SecurityPolicy`,
        expect: 'AllowPromiscuous, MacChanges and ForgedTransmits are True (for a distributed port group, check Get-VDSecurityPolicy the same way).',
      }] : [];
      return [{
        message: `This host is a VMware VM (${virt.evidence}) with transparent network${names.length === 1 ? '' : 's'} ${nets}: ${why}. On VMware the port group of the VM's adapter must accept promiscuous mode, MAC address changes and forged transmits. The setting cannot be seen from inside the VM.`,
        subjects: subjectList,
        fixes,
      }];
    }

    const cloud = virt.hypervisor === 'aws' || virt.hypervisor === 'gce';
    return [{
      message: cloud
        ? `This host is a cloud VM (${virt.evidence}) with transparent network${names.length === 1 ? '' : 's'} ${nets}: ${why}. Cloud networks deliver only the addresses they assigned, so transparent networks do not work there: use nat, or l2bridge with addresses the cloud network routes to this VM.`
        : `This host is a VM (${virt.evidence}) with transparent network${names.length === 1 ? '' : 's'} ${nets}: ${why}. The hypervisor's virtual switch must accept frames from other MAC addresses on this VM's adapter (promiscuous mode, forged transmits or MAC spoofing, depending on the product). The setting cannot be seen from inside the VM.`,
      subjects: subjectList,
      fixes: [{
        title: cloud
          ? 'Move the containers to a nat network (no command on this host can make transparent work on this cloud)'
          : "Allow other MAC addresses on this VM's adapter in the hypervisor's settings (no command on this host can do it)",
        risk: 'safe',
        runOn: 'container-host',
        commands: [],
        verify: leaseCheck(model),
        expect: 'Containers on the transparent network have addresses from the physical network, not 169.254.x.y.',
      }],
    }];
  },
};
