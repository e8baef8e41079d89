/** Hyper-V switches with their extensions, bound adapters and host vNICs. */
import type { Capture } from '../../capture/schema.js';
import { VFP_EXTENSION_NAME } from '../constants.js';
import { normalizeMac } from '../net.js';
import type { SwitchExtensionModel, SwitchModel } from '../types.js';
import type { Adapters } from './adapters.js';
import { byName, lower } from './common.js';

export interface Switches {
  readonly switches: SwitchModel[];
  readonly extensions: SwitchExtensionModel[];
  readonly byName: Map<string, SwitchModel>;
}

export function buildSwitches(capture: Capture, adapters: Adapters): Switches {
  const extensions: SwitchExtensionModel[] = (capture.vmSwitchExtensions ?? []).map((e) => ({
    switchName: e.SwitchName, name: e.Name, enabled: e.Enabled, running: e.Running,
    isVfp: lower(e.Name) === lower(VFP_EXTENSION_NAME),
    subject: { kind: 'switch-extension', name: `${e.Name} on ${e.SwitchName ?? '?'}`, pointer: e.$ptr },
  }));
  const extBySwitch = new Map<string, SwitchExtensionModel[]>();
  for (const e of extensions) {
    const list = extBySwitch.get(lower(e.switchName)) ?? [];
    list.push(e);
    extBySwitch.set(lower(e.switchName), list);
  }
  const switches: SwitchModel[] = (capture.vmSwitches ?? []).map((s) => {
    const descriptions = [...new Set([...(s.NetAdapterInterfaceDescriptions ?? []), ...(s.NetAdapterInterfaceDescription ? [s.NetAdapterInterfaceDescription] : [])])];
    const sw: SwitchModel = {
      name: s.Name, id: s.Id, type: s.SwitchType, allowManagementOS: s.AllowManagementOS,
      boundDescriptions: s.SwitchType === 'External' ? descriptions : [],
      boundAdapters: [], hostVnics: [], extensions: extBySwitch.get(lower(s.Name)) ?? [],
      hnsNetworks: [], dockerNetworks: [], notes: s.Notes,
      subject: { kind: 'vswitch', name: s.Name, id: s.Id, pointer: s.$ptr },
    };
    for (const d of sw.boundDescriptions) {
      const a = adapters.byDescription.get(lower(d));
      if (a) {
        sw.boundAdapters.push(a);
        a.boundTo = sw;
      }
    }
    return sw;
  });
  const switchByName = byName(switches);
  // A host vNIC is joined to its switch through Get-VMNetworkAdapter -ManagementOS
  // (vNIC name -> SwitchName, or MAC), because its adapter name does not always carry
  // the switch name (`vEthernet (HNS Internal NIC)`, `vEthernet (Ethernet 2)`).
  const vnicSwitch = new Map<string, SwitchModel>();
  for (const v of capture.vmNetworkAdapters ?? []) {
    const sw = v.SwitchName ? switchByName.get(lower(v.SwitchName)) : undefined;
    if (!sw) continue;
    vnicSwitch.set(`name:${lower(v.Name)}`, sw);
    const mac = normalizeMac(v.MacAddress);
    if (mac) vnicSwitch.set(`mac:${mac}`, sw);
  }
  for (const a of adapters.adapters) {
    if (!a.isHostVnic) continue;
    const inner = /^vEthernet \((.*)\)$/i.exec(a.name)?.[1];
    const sw = (inner !== undefined ? vnicSwitch.get(`name:${lower(inner)}`) : undefined)
      ?? (a.mac ? vnicSwitch.get(`mac:${a.mac}`) : undefined)
      ?? (inner !== undefined ? switchByName.get(lower(inner)) : undefined);
    if (sw) {
      sw.hostVnics.push(a);
      a.vnicOf = sw;
    }
  }
  return { switches, extensions, byName: switchByName };
}
