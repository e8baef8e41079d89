/**
 * Acting on HNS directly, through the inbox HostNetworkingService module
 * (17763+; hns.psm1 before): what works whoever made the object, and the
 * only way for an object no owner claims.
 */
import type { Fix } from '../checks/types.js';
import type { HnsEndpointModel, HnsNetworkModel } from '../model/types.js';
import { ps } from '../powershell.js';

/** The one command that removes an HNS network, by id. */
export function removeHnsNetworkCommand(id: string): string {
  return ps`Get-HnsNetwork | Where-Object Id -eq ${id} | Remove-HnsNetwork`;
}

/** The one command that removes an HNS endpoint, by id. */
export function removeHnsEndpointCommand(id: string): string {
  return ps`Get-HnsEndpoint | Where-Object Id -eq ${id} | Remove-HnsEndpoint`;
}

/** Remove an HNS network with its endpoints (and the switch HNS made for it). */
export function removeHnsNetworkFix(n: HnsNetworkModel, why = ''): Fix {
  return {
    title: `Remove HNS network '${n.name ?? n.id}'${why}`,
    risk: 'disruptive',
    disrupts: `HNS network '${n.name ?? n.id}' with its endpoints${n.switch ? ` and vSwitch '${n.switch.name}'` : ''}: check first that no VM or other tool uses it`,
    runOn: 'container-host',
    commands: [removeHnsNetworkCommand(n.id)],
    verify: ps`Get-HnsNetwork | Where-Object Id -eq ${n.id}`,
    expect: 'Prints nothing.',
  };
}

export function removeHnsEndpointsFix(endpoints: readonly HnsEndpointModel[], disrupts: string): Fix {
  const plural = endpoints.length === 1 ? 'endpoint' : 'endpoints';
  return {
    title: `Remove the leftover HNS ${plural}`,
    risk: 'disruptive',
    disrupts,
    runOn: 'container-host',
    commands: endpoints.map((e) => removeHnsEndpointCommand(e.id)),
    verify: "Get-HnsEndpoint | Select-Object -Property 'ID','VirtualNetworkName','IPAddress','State'",
    expect: `The ${plural} listed are gone.`,
  };
}
