/**
 * Windows PowerShell 5.1 writes .NET enums as integers; PowerShell 7 (with
 * -EnumsAsStrings) and hand-made captures write their names. Each table maps
 * both forms to one canonical name.
 */

export type EnumTable<N extends string> = { readonly names: readonly N[]; readonly byNumber: Readonly<Record<number, N>> };

function table<N extends string>(byNumber: Record<number, N>): EnumTable<N> {
  return { names: Object.values(byNumber), byNumber };
}

export const SwitchType = table({ 0: 'Private', 1: 'Internal', 2: 'External' } as const);
export const OnOffState = table({ 0: 'On', 1: 'Off' } as const);
export const ServiceStatus = table({
  1: 'Stopped', 2: 'StartPending', 3: 'StopPending', 4: 'Running', 5: 'ContinuePending', 6: 'PausePending', 7: 'Paused',
} as const);
export const ServiceStartType = table({ 0: 'Boot', 1: 'System', 2: 'Automatic', 3: 'Manual', 4: 'Disabled' } as const);
export const AddressFamily = table({ 2: 'IPv4', 23: 'IPv6' } as const);
export const ExtensionType = table({
  0: 'Unknown', 1: 'Capture', 2: 'Filter', 3: 'Forwarding', 4: 'Monitoring', 5: 'Native',
} as const);
export const NatProtocol = table({ 6: 'TCP', 17: 'UDP' } as const);
/** `Get-NetRoute` Protocol (NL_ROUTE_PROTOCOL): how the route was learnt. */
export const RouteProtocol = table({
  1: 'Other', 2: 'Local', 3: 'NetMgmt', 4: 'Icmp', 5: 'Egp', 6: 'Ggp', 7: 'Hello', 8: 'Rip', 9: 'IsIs', 10: 'EsIs',
  11: 'Cisco', 12: 'Bbn', 13: 'Ospf', 14: 'Bgp', 15: 'Idpr', 16: 'Eigrp', 17: 'Dvmrp', 18: 'Rpl', 19: 'Dhcp',
} as const);
/** `Get-NetFirewallProfile` Enabled (GpoBoolean). */
export const GpoBoolean = table({ 0: 'False', 1: 'True', 2: 'NotConfigured' } as const);
/** Firewall actions (profile DefaultInboundAction, rule Action). */
export const FirewallAction = table({ 0: 'NotConfigured', 2: 'Allow', 4: 'Block' } as const);
/** Firewall rule Direction. */
export const FirewallDirection = table({ 1: 'Inbound', 2: 'Outbound' } as const);

/** Maps an integer or a (case-insensitive) name to the canonical name, or undefined. */
export function enumName<N extends string>(t: EnumTable<N>, value: unknown): N | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return t.byNumber[value];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return t.byNumber[Number(trimmed)];
    const lower = trimmed.toLowerCase();
    return t.names.find((n) => n.toLowerCase() === lower);
  }
  return undefined;
}
