import { kubernetesFacts, podNetwork } from '../model/derived/kubernetes.js';
import { canonicalAddress, parseAddress } from '../model/net.js';
import type { AdapterModel, HostModel } from '../model/types.js';
import type { Check, FindingDraft, Fix } from './types.js';

const LIST = "Get-NetIPAddress -AddressFamily IPv4 | Select-Object -Property 'InterfaceAlias','IPAddress','PrefixLength'";

function adapterWithIp(model: HostModel, ip: string): AdapterModel | undefined {
  const want = canonicalAddress(ip);
  return model.adapters.find((a) => a.ipv4.some((x) => canonicalAddress(x.address) === want));
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
        // An address no adapter has is an adapter not found (pod-network-adapter-not-found), judged there.
        const a = adapterWithIp(model, iface);
        if (a && !sameUplink(a, uplink)) {
          out.push({
            message: `flanneld runs with --iface ${iface}, which is on '${a.name}', but HNS network '${network?.name}' is bound to '${uplink}': VXLAN and host-gw traffic leaves through another interface than the pod network's.`,
            severity: 'warning', subjects: [subject, a.subject], evidence: [p.$ptr],
            fixes: [lookFix(`Give flanneld the address on '${uplink}' with --iface`, `The address of 'vEthernet (${uplink})' is listed; put it in --iface of flanneld and restart flanneld.`)],
          });
        }
      } else {
        // A name no adapter has is an adapter not found (pod-network-adapter-not-found), judged there.
        const a = model.adapterByName(iface);
        if (a && a.ipv4.length === 0) {
          const vnic = model.adapterByName(`vEthernet (${a.name})`);
          out.push({
            message: `flanneld runs with --iface ${iface}, which has no IPv4 address${vnic ? `: the address moved to '${vnic.name}' when the vSwitch was made` : ''}. flanneld reads the interface's address and finds none.`,
            severity: 'warning', subjects: [subject, a.subject], evidence: [p.$ptr],
            fixes: [lookFix(`Give flanneld ${vnic ? `'${vnic.name}' or its address` : 'the interface that carries the node\'s address'} with --iface`, 'The interface named in --iface carries the node\'s IPv4 address.')],
          });
        }
      }
    }
    // A CNI conf's master that names no adapter is judged by pod-network-adapter-not-found.
    return out;
  },
};
