/**
 * Addresses and prefixes that do not parse are said, not silently read as
 * unknown: `10.0.0.0/33` in a route, `999.1.1.1` on an adapter. The item is
 * kept (its other fields still count); the check that needs the value then
 * cannot use it, and the warning names the field. One table of the fields
 * that hold addresses; the parsing is model/net.ts's, the only one.
 */
import { isAddressText, isPrefixText } from '../model/net.js';
import { describeValue } from './issues.js';
import type { Report } from './derive.js';

type Kind = 'address' | 'prefix';

/**
 * Per capture key: the fields that hold an address or a prefix, and whether
 * the field's name is its place in the file. HNS records are normalized from
 * two shapes (V1 and V2), so a warning about them points at the record.
 */
const FIELDS: Readonly<Record<string, { readonly fields: readonly (readonly [string, Kind])[]; readonly exact: boolean }>> = {
  netIPAddresses: { fields: [['IPAddress', 'address']], exact: true },
  netRoutes: { fields: [['DestinationPrefix', 'prefix'], ['NextHop', 'address']], exact: true },
  ipRoutes: { fields: [['DestinationPrefix', 'prefix'], ['NextHop', 'address']], exact: true },
  netNat: { fields: [['InternalIPInterfaceAddressPrefix', 'prefix']], exact: true },
  hnsEndpoints: { fields: [['IPAddress', 'address']], exact: false },
};

const valid = (kind: Kind, text: string) => (kind === 'address' ? isAddressText(text) : isPrefixText(text));

const what = (kind: Kind) => (kind === 'address' ? 'an IPv4 or IPv6 address' : 'an IPv4 or IPv6 prefix (address/length)');

/** Warns about each address or prefix of a loaded key that does not parse. */
export function reportBadAddresses(key: string, value: unknown, report: Report): void {
  const table = FIELDS[key];
  if (table === undefined && key !== 'hnsNetworks') return;
  if (!Array.isArray(value)) return;
  for (const item of value as Record<string, unknown>[]) {
    const at = item['$ptr'] as string | undefined;
    if (table) {
      for (const [field, kind] of table.fields) {
        const text = item[field];
        if (isBad(kind, text)) say(report, field, kind, text as string, table.exact && at ? `${at}/${field}` : at);
      }
      continue;
    }
    // hnsNetworks: every subnet's prefix and gateway (V1 Subnets, V2 Ipams), pointed at by the network.
    for (const s of (item['Subnets'] as Record<string, unknown>[] | undefined) ?? []) {
      if (isBad('prefix', s['AddressPrefix'])) say(report, 'AddressPrefix', 'prefix', s['AddressPrefix'] as string, at);
      if (isBad('address', s['GatewayAddress'])) say(report, 'GatewayAddress', 'address', s['GatewayAddress'] as string, at);
    }
  }
}

/** Text that should hold an address or prefix and does not (no text, or blank, is not judged). */
function isBad(kind: Kind, text: unknown): boolean {
  return typeof text === 'string' && text.trim() !== '' && !valid(kind, text);
}

function say(report: Report, field: string, kind: Kind, text: string, pointer: string | undefined): void {
  report({
    severity: 'warning', pointer, expected: what(kind), found: describeValue(text),
    message: `'${field}' should be ${what(kind)}, found ${describeValue(text)}; it is read as unknown`,
  });
}
