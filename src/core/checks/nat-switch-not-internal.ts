import { canonicalAddress, parseAddress } from '../model/net.js';
import type { AdapterModel, HnsNetworkModel, HostModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import { removeHnsNetworkCommand } from '../owners/hns.js';
import { engineServiceName, recreateNetworkFix, restartService, startService, stopService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const isDefaultNat = (h: HnsNetworkModel) => (h.dockerNetwork?.name ?? h.name ?? '').toLowerCase() === 'nat';

/** The host vNIC name the nat network should have on this build. */
function expectedVnicName(model: HostModel, h: HnsNetworkModel): string {
  const existing = h.switch?.hostVnics[0]?.name;
  if (existing) return existing;
  if (model.platform.natVnicNamedAfterSwitch === false) return 'vEthernet (HNS Internal NIC)';
  return `vEthernet (${h.switch?.name ?? h.name ?? 'nat'})`;
}

/** The gateway of a nat network: HNS's, or docker's when HNS has none (docker's is empty on 17763). */
function gatewayOf(h: HnsNetworkModel): string | undefined {
  const fromHns = h.subnets.find((s) => s.gateway && parseAddress(s.gateway)?.kind() === 'ipv4')?.gateway;
  if (fromHns) return fromHns;
  return h.dockerNetwork?.subnets.find((s) => s.gateway && s.prefix && s.prefix.length > 0)?.gateway;
}

function carriers(model: HostModel, gateway: string): AdapterModel[] {
  const gw = canonicalAddress(gateway);
  return model.adapters.filter((a) => a.ipv4.some((ip) => canonicalAddress(ip.address) === gw));
}

export const natSwitchNotInternal: Check = {
  meta: {
    code: 'WCN205',
    knowledge: 'nat-switch-not-internal',
    title: "The nat network's vSwitch has no working host vNIC",
    severity: 'error',
    requires: ['hnsNetworks', 'netAdapters', 'netIPAddresses'],
    description: 'The vSwitch of an HNS nat network must be Internal, with a host vNIC that carries the network\'s gateway address.',
  },
  run(model) {
    const dockerKnown = model.captured.has('docker.networks');
    const switchesKnown = model.captured.has('vmSwitches');
    const out: FindingDraft[] = [];
    for (const h of model.hnsNetworks) {
      if (h.type !== 'nat') continue;
      // An HNS nat network that docker does not list is a leftover (stale-hns-state), not a path containers use.
      if (dockerKnown && !h.dockerNetwork && !isDefaultNat(h)) continue;
      // Custom nat networks of 14393 are partitions of the default one and need not have a switch of their own:
      // judge a network when its switch is known, and the default network always.
      if (!h.switch && !isDefaultNat(h)) continue;
      const problems: string[] = [];
      const sw = h.switch;
      if (sw && sw.type === 'Private') {
        problems.push(`its vSwitch '${sw.name}' is Private: it has no host vNIC, so nothing on the host side forwards or translates the containers' traffic`);
      } else if (sw && sw.type === 'External') {
        problems.push(`its vSwitch '${sw.name}' is External, not Internal`);
      }
      const gateway = gatewayOf(h);
      const vnicName = expectedVnicName(model, h);
      let onWrongAdapter: AdapterModel | undefined;
      if (gateway) {
        const holders = carriers(model, gateway);
        const vnics = holders.filter((a) => a.isHostVnic);
        if (vnics.length === 0) {
          onWrongAdapter = holders[0];
          problems.push(onWrongAdapter
            ? `its gateway ${gateway} is on '${onWrongAdapter.name}', which is not a host vNIC, instead of on '${vnicName}'`
            : `no host vNIC carries its gateway ${gateway} (expected on '${vnicName}'), so the containers' default gateway does not exist`);
        }
      }
      if (problems.length === 0) continue;
      const subjects: Subject[] = [h.subject];
      if (h.dockerNetwork) subjects.unshift(h.dockerNetwork.subject);
      if (sw) subjects.push(sw.subject);
      if (onWrongAdapter) subjects.push(onWrongAdapter.subject);
      const attached = h.dockerNetwork?.containers.map((a) => `'${a.container.name}'`) ?? [];
      const name = h.dockerNetwork?.name ?? h.name ?? h.id;
      const unknownSwitch = !sw && !switchesKnown ? ' (vmSwitches was not captured, so the switch type was not checked)' : '';
      out.push({
        message: `NAT network '${name}': ${problems.join('; and ')}${unknownSwitch}. Containers on it${attached.length > 0 ? ` (${attached.join(', ')})` : ''} get addresses but reach nothing beyond their subnet: no DNS, no outbound traffic, no published ports.`,
        subjects,
        fixes: fixesFor(model, h, vnicName, gateway),
      });
    }
    return out;
  },
};

function fixesFor(model: HostModel, h: HnsNetworkModel, vnicName: string, gateway: string | undefined): Fix[] {
  const service = engineServiceName(model);
  const net = h.dockerNetwork;
  const verify = ps`Get-NetIPAddress -InterfaceAlias ${vnicName} -AddressFamily 'IPv4'`;
  const expect = `Lists the gateway address of the rebuilt network${gateway ? ` (${gateway} before; HNS may choose a new subnet)` : ''}, as shown under Subnets by Get-HnsNetwork.`;
  const fixes: Fix[] = [];
  if (net && !isDefaultNat(h)) {
    const subnet = net.effectiveSubnets[0];
    fixes.push({
      ...recreateNetworkFix(net, { ...(subnet?.text ? { subnet: subnet.text } : {}), ...(subnet?.gateway ? { gateway: subnet.gateway } : {}) }, `Re-create '${net.name}' so HNS builds its switch and vNIC again`),
      verify,
      expect,
    });
  } else {
    fixes.push({
      title: `Stop Docker, remove the HNS network '${h.name ?? h.id}' and start Docker, which rebuilds its nat network`,
      risk: 'disruptive',
      disrupts: 'the Docker engine stops and starts: every container stops, and containers on nat get new addresses',
      runOn: 'container-host',
      commands: [stopService(service), removeHnsNetworkCommand(h.id), startService(service)],
      verify,
      expect,
    });
  }
  fixes.push({
    title: 'If the vNIC still does not come back, restart HNS as well',
    risk: 'disruptive',
    disrupts: 'every container network on the host is down while HNS restarts, and every container stops with Docker',
    runOn: 'container-host',
    commands: [stopService(service), restartService('hns'), startService(service)],
    verify,
    expect,
  });
  return fixes;
}
