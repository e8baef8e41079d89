import { containerdCni } from '../model/derived/cni.js';
import { kubernetesFacts, podNetwork } from '../model/derived/kubernetes.js';
import { parseAddress } from '../model/net.js';
import type { AdapterModel, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft, Fix } from './types.js';

/** Plugins whose `master` names the uplink the HNS network is bound to. */
const UPLINK_PLUGINS = new Set(['sdnbridge', 'sdnoverlay', 'win-bridge', 'win-overlay']);

const LIST = "Get-NetIPAddress -AddressFamily IPv4 | Select-Object -Property 'InterfaceAlias','IPAddress','PrefixLength'";

function adapterWithIp(model: HostModel, ip: string): AdapterModel | undefined {
  const want = parseAddress(ip)?.toString();
  return model.adapters.find((a) => a.ipv4.some((x) => parseAddress(x.address)?.toString() === want));
}

/** The adapter itself, or the host vNIC HNS made for it (`vEthernet (<name>)`). */
function sameUplink(a: AdapterModel, uplink: string | undefined): boolean {
  if (!uplink) return true;
  const n = a.name.toLowerCase();
  return n === uplink.toLowerCase() || n === `vethernet (${uplink.toLowerCase()})`;
}

function lookFix(title: string, expect: string): Fix {
  return { title, risk: 'safe', runOn: 'container-host', commands: [], verify: LIST, expect };
}

export const cniInterfaceSelection: Check = {
  meta: {
    code: 'WCN708',
    knowledge: 'cni-interface-selection',
    title: 'The CNI agent is told to use an interface that does not exist or is not the pod network\'s uplink',
    severity: 'error',
    requires: ['netAdapters', 'netIPAddresses'],
    owners: ['cni', 'containerd'],
    description: "Reads flanneld's --iface (an address or an interface name) and the master of the uplink plugins (sdnbridge, sdnoverlay, win-bridge, win-overlay) in the confs containerd loads, against the host's adapters and addresses and the pod network's adapter.",
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const out: FindingDraft[] = [];
    const { network } = podNetwork(model);
    const uplink = network?.adapterName;
    for (const p of model.capture.kubernetes?.processes ?? []) {
      if (p.agent !== 'flanneld') continue;
      const iface = p.flags['iface']?.[0];
      if (!iface) continue;
      const subject = { kind: 'runtime' as const, name: 'flanneld', pointer: p.$ptr };
      if (parseAddress(iface)) {
        const a = adapterWithIp(model, iface);
        if (!a) {
          out.push({
            message: `flanneld runs with --iface ${iface}, but no adapter of this host has that address: flanneld cannot find its interface and the pod network is never made (or is made on another uplink after the address changed).`,
            subjects: [subject], evidence: [p.$ptr],
            fixes: [lookFix("List the host's IPv4 addresses and give flanneld the node's address with --iface", 'The address the node uses for the cluster (kubelet --node-ip) is listed; put it in --iface of flanneld (its DaemonSet or service) and restart flanneld.')],
          });
        } else if (!sameUplink(a, uplink)) {
          out.push({
            message: `flanneld runs with --iface ${iface}, which is on '${a.name}', but HNS network '${network?.name}' is bound to '${uplink}': VXLAN and host-gw traffic leaves through another interface than the pod network's.`,
            severity: 'warning', subjects: [subject, a.subject], evidence: [p.$ptr],
            fixes: [lookFix(`Give flanneld the address on '${uplink}' with --iface`, `The address of 'vEthernet (${uplink})' is listed; put it in --iface of flanneld and restart flanneld.`)],
          });
        }
      } else {
        const a = model.adapterByName(iface);
        if (!a) {
          out.push({
            message: `flanneld runs with --iface ${iface}, but this host has no interface of that name: flanneld cannot start its network.`,
            subjects: [subject], evidence: [p.$ptr],
            fixes: [lookFix('List the interfaces and give flanneld an existing name (or the node\'s address) with --iface', 'Pick the interface that carries the node\'s address (after the vSwitch exists, that is vEthernet (<adapter>)).')],
          });
        } else if (a.ipv4.length === 0) {
          const vnic = model.adapterByName(`vEthernet (${a.name})`);
          out.push({
            message: `flanneld runs with --iface ${iface}, which has no IPv4 address${vnic ? `: the address moved to '${vnic.name}' when the vSwitch was made` : ''}. flanneld reads the interface's address and finds none.`,
            severity: 'warning', subjects: [subject, a.subject], evidence: [p.$ptr],
            fixes: [lookFix(`Give flanneld ${vnic ? `'${vnic.name}' or its address` : 'the interface that carries the node\'s address'} with --iface`, 'The interface named in --iface carries the node\'s IPv4 address.')],
          });
        }
      }
    }
    const setup = containerdCni(model);
    for (const file of setup?.loaded ?? []) {
      for (const plugin of file.conf?.plugins ?? []) {
        const type = (plugin.delegateType ?? plugin.type)?.toLowerCase();
        if (!plugin.master || !type || !UPLINK_PLUGINS.has(type)) continue;
        if (model.adapterByName(plugin.master) || model.adapterByName(`vEthernet (${plugin.master})`)) continue;
        out.push({
          message: `CNI conf '${file.name}' names master '${plugin.master}' for plugin ${type}, but this host has no adapter of that name: HNS cannot bind the network to it ("An adapter was not found", 0x803b0006).`,
          subjects: [{ kind: 'cni-conf', name: file.name, pointer: file.$ptr }], evidence: [file.$ptr],
          fixes: [{
            title: 'List the adapters, then write the uplink\'s exact name into master',
            risk: 'safe', runOn: 'container-host',
            commands: ["Get-NetAdapter | Select-Object -Property 'Name','InterfaceDescription','Status'"],
            verify: ps`Get-Content -Path ${file.path} -Raw`,
            expect: 'master names an adapter that is Up (names are exact, spaces included).',
          }],
        });
      }
    }
    return out;
  },
};
