import { kubernetesFacts, networkAgent, nodeInternalIP } from '../model/derived/kubernetes.js';
import { parseAddress } from '../model/net.js';
import type { AdapterModel, Subject } from '../model/types.js';
import { networkAgentRestartFix } from '../owners/network-agent.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft } from './types.js';

/** CNI plugins that bind an HNS network to an adapter through `master` (nat does not). */
const BINDING_PLUGINS = new Set(['sdnbridge', 'sdnoverlay', 'l2bridge', 'overlay', 'win-bridge', 'win-overlay']);
const WIRELESS = /wi-?fi|wireless|802\.11|wlan/i;

export const podNetworkAdapterNotFound: Check = {
  meta: {
    code: 'WCN730',
    knowledge: 'pod-network-adapter-not-found',
    title: 'The adapter the pod network should bind is missing, down or wireless',
    severity: 'error',
    requires: ['netAdapters'],
    owners: ['cni', 'kube-proxy', 'containerd'],
    description: "Matches the adapter flanneld's --iface and the CNI confs' master name (by name or address) against the host's adapters: present, up and wired.",
  },
  run(model) {
    const k = kubernetesFacts(model);
    const wanted: { value: string; from: string; subject: Subject; path?: string }[] = [];
    const flannel = model.capture.kubernetes?.processes?.find((p) => p.agent === 'flanneld');
    const iface = flannel?.flags['iface']?.[0];
    if (flannel && iface) wanted.push({ value: iface, from: `--iface of ${flannel.Name}`, subject: { kind: 'runtime', name: 'flanneld', pointer: flannel.$ptr } });
    for (const dir of model.capture.cni?.confDirs ?? []) {
      for (const f of dir.files) {
        for (const p of f.conf?.plugins ?? []) {
          const type = (p.delegateType ?? p.type ?? '').toLowerCase();
          if (p.master && BINDING_PLUGINS.has(type)) wanted.push({ value: p.master, from: `master of CNI conf ${f.name}`, subject: { kind: 'cni-conf', name: f.name, pointer: f.$ptr }, path: f.path });
        }
      }
    }
    const out: FindingDraft[] = [];
    for (const w of wanted) {
      const byIp = parseAddress(w.value) !== undefined;
      const adapter: AdapterModel | undefined = byIp
        ? model.adapters.find((a) => a.ipv4.some((x) => x.address === w.value))
        : model.adapterByName(w.value) ?? model.adapterByName(`vEthernet (${w.value})`);
      let problem: string | undefined;
      if (!adapter) {
        const names = model.adapters.filter((a) => !/loopback/i.test(a.name)).map((a) => `'${a.name}'${a.ipv4[0] ? ` (${a.ipv4.map((x) => x.address).join(', ')})` : ''}`);
        problem = `${byIp ? 'no adapter has address' : 'no adapter is named'} '${w.value}' (${w.from}); the host has ${names.join(', ') || 'no adapter'}`;
      } else if (!adapter.up) problem = `adapter '${adapter.name}' (${w.from}) is ${adapter.status ?? 'not up'}`;
      else if (WIRELESS.test(`${adapter.name} ${adapter.description ?? ''}`)) problem = `adapter '${adapter.name}' (${w.from}) is a wireless adapter, which an external vSwitch for L2Bridge/Overlay cannot use`;
      if (!problem) continue;
      const agent = networkAgent(model);
      const ip = nodeInternalIP(model)?.value;
      // The adapter to use instead: the one holding the node's address, else the first wired physical adapter that is up.
      const good = (ip ? model.adapters.find((a) => a.ipv4.some((x) => x.address === ip) && !a.isHostVnic) : undefined)
        ?? model.adapters.find((a) => a.isPhysical && a.up && !WIRELESS.test(`${a.name} ${a.description ?? ''}`));
      out.push({
        message: `The pod network cannot bind its adapter: ${problem}. HNS refuses to create the network ("An adapter was not found", 0x803b0006, or "The parameter is incorrect", 0x57) and pods on ${k.isNode ? 'this node' : 'this host'} get no network.${ip ? ` This node's address is ${ip}.` : ''}`,
        subjects: adapter ? [w.subject, adapter.subject] : [w.subject],
        evidence: w.subject.pointer ? [w.subject.pointer] : [],
        fixes: agent && w.subject.kind === 'runtime'
          ? [{ ...networkAgentRestartFix(model, agent, `flanneld logs the interface it binds, and Get-HnsNetwork shows the pod network with ManagementIP ${ip ?? "of this node's address"}.`), title: `Set --iface to ${ip ? `'${ip}'` : "this node's address"} in flannel's Windows DaemonSet, then delete this node's flannel pod` }]
          : good && w.path ? [{
            title: `Name adapter '${good.name}' as master in ${w.subject.name}`,
            risk: 'safe',
            runOn: 'container-host',
            commands: [
              ps`Copy-Item -Path ${w.path} -Destination ${`${w.path}.bak`} -Force`,
              ps`(Get-Content -Path ${w.path} -Raw).Replace(${`"${w.value}"`}, ${`"${good.name}"`}) | Set-Content -Path ${w.path} -NoNewline`,
            ],
            verify: ps`Get-Content -Path ${w.path}`,
            expect: `master is '${good.name}'; the next pod creates the network on it.`,
          }] : [],
      });
    }
    return out;
  },
};
