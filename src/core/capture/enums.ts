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
