import { ps } from '../powershell.js';
import type { AdapterModel, SwitchModel } from '../model/types.js';
import { dockerNetworkCreate, restartService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const IFACE = 'com.docker.network.windowsshim.interface';

export const oobVswitchBlocksTransparent: Check = {
  meta: {
    code: 'WCN301',
    knowledge: 'oob-vswitch-blocks-transparent',
    title: 'An External vSwitch made outside Docker holds the adapter',
    severity: 'warning',
    requires: ['vmSwitches', 'netAdapters', 'hnsNetworks'],
    description: 'Finds External vSwitches that no HNS network uses, bound to an adapter a transparent network would need.',
  },
  run(model) {
    const physical = model.adapters.filter((a) => a.isPhysical);
    const free = physical.filter((a) => !a.boundTo);
    const wanted = new Set(model.dockerNetworks.filter((n) => n.driver === 'transparent').flatMap((n) => n.interfaceOption ?? []).map((n) => n.toLowerCase()));
    const out: FindingDraft[] = [];
    for (const sw of model.switches) {
      if (sw.type !== 'External' || sw.hnsNetworks.length > 0) continue;
      const held = sw.boundAdapters.filter((a) => a.isPhysical);
      if (held.length === 0) continue;
      const onlyAdapter = free.length === 0;
      const isWanted = held.some((a) => wanted.has(a.name.toLowerCase()));
      if (!onlyAdapter && !isWanted) continue;
      out.push(draft(sw, held, free, onlyAdapter));
    }
    return out;
  },
};

function draft(sw: SwitchModel, held: AdapterModel[], free: AdapterModel[], onlyAdapter: boolean): FindingDraft {
  const names = held.map((a) => `'${a.name}'`).join(', ');
  const fixes: Fix[] = [];
  const spare = free[0];
  if (spare) {
    fixes.push({
      title: `Bind the transparent network to the free adapter '${spare.name}' instead`,
      risk: 'safe',
      runOn: 'container-host',
      commands: [dockerNetworkCreate({ driver: 'transparent', name: 'transparent', options: { [IFACE]: spare.name } })],
      verify: ps`docker network ls --filter 'driver=transparent'`,
      expect: 'Lists the new network.',
    });
  }
  fixes.push({
    title: `Restart HNS and Docker so Docker discovers '${sw.name}' as a transparent network`,
    risk: 'disruptive',
    disrupts: 'all container networking on the host while HNS and Docker restart',
    runOn: 'container-host',
    commands: [restartService('hns'), restartService('docker')],
    verify: ps`docker network ls --filter 'driver=transparent'`,
    expect: `Lists a network on switch '${sw.name}'.`,
  });
  fixes.push({
    title: `Remove vSwitch '${sw.name}' after checking that no VM uses it`,
    risk: 'disruptive',
    disrupts: `every VM and host vNIC connected to '${sw.name}'${sw.allowManagementOS ? ' (including the host\'s own connection through it, briefly)' : ''}`,
    runOn: 'container-host',
    commands: [
      ps`Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value ${sw.name}`,
      ps`Remove-VMSwitch -Name ${sw.name} -Force`,
    ],
    verify: ps`Get-VMSwitch -Name ${sw.name} -ErrorAction SilentlyContinue`,
      expect: 'Prints nothing.',
  });
  return {
    message: `External vSwitch '${sw.name}' is bound to ${names} but no HNS network uses it: it was made outside Docker (Hyper-V Manager or New-VMSwitch).${onlyAdapter ? ' No other physical adapter is free, so' : ' A transparent network asks for that adapter, so'} "docker network create -d transparent" cannot bind its own switch and fails.`,
    subjects: [sw.subject, ...held.map((a) => a.subject)],
    fixes,
  };
}
