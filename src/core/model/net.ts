/**
 * Address and prefix arithmetic, in one place. Built on ipaddr.js; never
 * throws on bad text (callers get undefined and report it).
 */
import ipaddr from 'ipaddr.js';

export type Family = 'ipv4' | 'ipv6';

/** A prefix normalized to its network address (host bits cleared). */
export interface Prefix {
  readonly family: Family;
  /** Canonical text, e.g. `172.16.0.0/16`. */
  readonly text: string;
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
  readonly length: number;
  /** True when the text carried host bits (e.g. `172.29.80.1/20`). */
  readonly hadHostBits: boolean;
}

/** Parses an address; IPv4 only in the four-part dotted form (`10` is not an address). */
export function parseAddress(text: string | undefined | null): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof text !== 'string') return undefined;
  let t = text.trim();
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
  if (t.includes(':') && ipaddr.IPv6.isValid(t)) {
    const a = ipaddr.IPv6.parse(t);
    return a;
  }
  return undefined;
}

export function parsePrefix(text: string | undefined | null): Prefix | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const slash = t.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddress(t.slice(0, slash));
  const lenText = t.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(lenText)) return undefined;
  const length = Number(lenText);
  const family: Family = addr.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  if (length > (family === 'ipv4' ? 32 : 128)) return undefined;
  const network = family === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${length}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${length}`);
  const canonical = network.toString();
  return { family, text: `${canonical}/${length}`, network, length, hadHostBits: canonical !== addr.toString() };
}

/** A prefix from an address and a length (e.g. an adapter's IP and PrefixLength). */
export function prefixOf(address: string | undefined, length: number | undefined): Prefix | undefined {
  if (address === undefined || length === undefined) return undefined;
  return parsePrefix(`${address}/${length}`);
}

export function addressInPrefix(address: string | ipaddr.IPv4 | ipaddr.IPv6 | undefined, prefix: Prefix | undefined): boolean {
  if (!prefix || address === undefined) return false;
  const a = typeof address === 'string' ? parseAddress(address) : address;
  if (!a || a.kind() !== prefix.network.kind()) return false;
  return (a as ipaddr.IPv4).match(prefix.network as ipaddr.IPv4, prefix.length);
}

/** True when `inner` lies entirely inside `outer`. */
export function prefixContains(outer: Prefix | undefined, inner: Prefix | undefined): boolean {
  if (!outer || !inner || outer.family !== inner.family) return false;
  return inner.length >= outer.length && addressInPrefix(inner.network, outer);
}

/** Two prefixes overlap when the shorter one contains the other's network address. */
export function prefixesOverlap(a: Prefix | undefined, b: Prefix | undefined): boolean {
  if (!a || !b || a.family !== b.family) return false;
  return a.length <= b.length ? addressInPrefix(b.network, a) : addressInPrefix(a.network, b);
}

/** The "everything" prefix that docker shows on 17763 when HNS picked the subnet. */
export function isUnspecifiedPrefix(p: Prefix | undefined): boolean {
  return p !== undefined && p.length === 0;
}

/** The first usable host address of an IPv4 prefix (network + 1), as text. */
export function firstHost(p: Prefix): string | undefined {
  if (p.family !== 'ipv4' || p.length >= 31) return undefined;
  const bytes = p.network.toByteArray();
  let carry = 1;
  for (let i = bytes.length - 1; i >= 0 && carry; i--) {
    const v = bytes[i]! + carry;
    bytes[i] = v & 0xff;
    carry = v >> 8;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** True for the network address of an IPv4 prefix (a gateway HNS must not get). */
export function isNetworkAddress(address: string | undefined, p: Prefix | undefined): boolean {
  const a = parseAddress(address);
  return !!a && !!p && a.kind() === p.network.kind() && a.toString() === p.network.toString();
}

/** Private, loopback, link-local and other non-public ranges, per ipaddr.js. */
export function isPublicAddress(address: string): boolean {
  const a = parseAddress(address);
  if (!a) return false;
  return a.range() === 'unicast';
}

const CANONICAL_MAC = /^[0-9A-F]{2}(?:-[0-9A-F]{2}){5}$/;

/** Canonical MAC address text (`00-15-5D-01-02-03`), whatever the separators. */
export function normalizeMac(mac: string | undefined | null): string | undefined {
  if (typeof mac !== 'string') return undefined;
  if (CANONICAL_MAC.test(mac)) return mac;
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 12) return undefined;
  return hex.match(/../g)!.join('-');
}
