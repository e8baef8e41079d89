import { OPT } from '../model/build.js';
import { uplinkOf, type AnyNetwork } from '../model/external.js';
import type { HnsNetworkModel, HostModel } from '../model/types.js';
import { ownerFixes } from '../owners/index.js';
import { ps } from '../powershell.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const VLAN_DRIVERS = ['transparent', 'l2bridge'];

/** A VLAN id as a number, or undefined when the text is not one (1–4094). */
export function parseVlanId(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 4094 ? n : undefined;
}

function vmName(model: HostModel): string | undefined {
  return model.parentVmAdapters?.find((a) => a.VMName)?.VMName ?? model.host.name;
}

/** On a Hyper-V guest, the VM's adapter on the parent must pass tagged frames too. */
function parentTrunkFix(model: HostModel, vlan: number): Fix | undefined {
  if (model.host.virtualization?.hypervisor !== 'hyper-v') return undefined;
  const vm = vmName(model);
  if (!vm) return undefined;
  return {
    title: `On the Hyper-V parent, let VM '${vm}' carry VLAN ${vlan} (trunk mode; the VM name is usually the host name but may differ)`,
    risk: 'safe',
    runOn: 'hyperv-parent',
    commands: [ps`Set-VMNetworkAdapterVlan -VMName ${vm} -Trunk -AllowedVlanIdList ${String(vlan)} -NativeVlanId 0`],
    verify: ps`Get-VMNetworkAdapterVlan -VMName ${vm}`,
    expect: `OperationMode is Trunk and the allowed list contains ${vlan}.`,
  };
}

function adapterText(model: HostModel, net: AnyNetwork): string {
  const names = uplinkOf(model, net).adapters.map((a) => `'${a.name}'`);
  return names.length > 0 ? `the switch port of adapter ${names.join(', ')}` : 'the switch port of its adapter';
}

/** The VLAN id an HNS network gives its endpoints: a network policy (V1) or a subnet policy (V2); undefined when it has none. */
function hnsVlan(hns: HnsNetworkModel): { id: number | undefined } | undefined {
  const policies = [...hns.policies, ...hns.subnets.flatMap((s) => s.policies ?? [])];
  const vlan = policies.find((p) => p.Type === 'VLAN');
  return vlan?.Type === 'VLAN' ? { id: vlan.VlanId } : undefined;
}

/** The trunk reminder (info): the VLAN works only when the switch port and, on a VM, the hypervisor pass tagged frames. */
function trunkNotice(model: HostModel, net: AnyNetwork, what: string, vlan: number): FindingDraft {
  const trunk = parentTrunkFix(model, vlan);
  const vm = model.host.virtualization?.isVirtual === true;
  const vmware = model.host.virtualization?.hypervisor === 'vmware' ? ' (on VMware, a port group with VLAN ID 4095 passes every VLAN to the guest)' : '';
  return {
    severity: 'info',
    message: `${what} tags its containers' traffic with VLAN ${vlan}. That works only when ${adapterText(model, net)} is a trunk carrying VLAN ${vlan}${vm ? `, and, since this host is a VM, when its virtual adapter on the hypervisor passes tagged frames${vmware}` : ''}; a capture cannot show the switch side. If the containers get no address or reach nothing, check the port configuration.`,
    subjects: [net.subject],
    fixes: trunk ? [trunk] : [],
  };
}

/** An HNS network docker does not show (a CNI plugin's, nerdctl's, one made with New-HnsNetwork), judged by its VLAN policy. */
function hnsFinding(model: HostModel, hns: HnsNetworkModel): FindingDraft | undefined {
  const vlan = hnsVlan(hns);
  if (!vlan) return undefined;
  const what = `HNS network '${hns.name ?? hns.id}' (${hns.type}; owner: ${hns.owner.label})`;
  const subjects = [hns.subject, ...(hns.cni ? [hns.cni.subject] : [])];
  const remake = `Make it again without the VLAN policy, or with a valid one, where its owner configures it.`;
  if (!VLAN_DRIVERS.includes(hns.type)) {
    return {
      message: `${what} has a VLAN policy${vlan.id !== undefined ? ` (VLAN ${vlan.id})` : ''}. Only transparent and l2bridge networks put their endpoints in a VLAN; on ${hns.type} the policy is a configuration error and is not applied. ${remake}`,
      subjects,
      fixes: [ownerFixes(model, hns.owner).removeNetwork(hns)],
    };
  }
  if (vlan.id === undefined || vlan.id < 1 || vlan.id > 4094) {
    return {
      message: `${what} has a VLAN policy with ${vlan.id === undefined ? 'no VLAN id' : `VLAN id ${vlan.id}`}: valid ids are 1 to 4094. ${remake}`,
      subjects,
      fixes: [ownerFixes(model, hns.owner).removeNetwork(hns)],
    };
  }
  return trunkNotice(model, hns, what, vlan.id);
}

export const vlanOptionInvalid: Check = {
  meta: {
    code: 'WCN304',
    knowledge: 'vlan-option-invalid',
    title: 'The VLAN option is used on a driver that does not support it, or the port is not a trunk',
    severity: 'error',
    requires: ['hnsNetworks'],
    description: "Checks a network's VLAN (docker's com.docker.network.windowsshim.vlanid, or the HNS network's VLAN policy whoever made it): only transparent and l2bridge take it, its value must be 1–4094, and the physical port must be a trunk.",
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      const raw = net.options[OPT.vlanId];
      if (raw === undefined || raw.trim() === '') continue;
      const vlan = parseVlanId(raw);
      const supported = VLAN_DRIVERS.includes(net.driver);
      const verify = inspectNetwork(net.name);
      if (!supported) {
        out.push({
          message: `Docker network '${net.name}' uses driver ${net.driver} with com.docker.network.windowsshim.vlanid=${raw}. Only transparent and l2bridge networks put their endpoints in a VLAN; on ${net.driver} the option is a configuration error and is not applied.`,
          subjects: [net.subject],
          fixes: [
            recreateNetworkWith(net, { options: { [OPT.vlanId]: null } }, `Re-create '${net.name}' (${net.driver}) without the VLAN option`, {
              verify, expect: 'The options no longer list com.docker.network.windowsshim.vlanid.',
            }),
          ],
        });
        continue;
      }
      if (vlan === undefined) {
        out.push({
          message: `Docker network '${net.name}' (${net.driver}) has com.docker.network.windowsshim.vlanid='${raw}', which is not a VLAN id: valid ids are 1 to 4094.`,
          subjects: [net.subject],
          fixes: [
            recreateNetworkWith(net, { options: { [OPT.vlanId]: null } }, `Re-create '${net.name}' without the VLAN option (add it back with the right id, 1-4094)`, {
              verify, expect: 'The options no longer list com.docker.network.windowsshim.vlanid.',
            }),
          ],
        });
        continue;
      }
      out.push(trunkNotice(model, net, `Docker network '${net.name}' (${net.driver})`, vlan));
    }
    for (const hns of model.hnsNetworks) {
      if (hns.dockerNetwork) continue;
      const f = hnsFinding(model, hns);
      if (f) out.push(f);
    }
    return out;
  },
};
