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

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((acc, b) => acc * 256 + b, 0);
}

/** The IPv4 prefix of `length` that contains the address `n` (host bits cleared). */
export function ipv4PrefixFromNumber(n: number, length: number): Prefix | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff || !Number.isInteger(length) || length < 0 || length > 32) return undefined;
  const text = [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  return parsePrefix(`${text}/${length}`);
}

/** The first and last address of an IPv4 prefix, as numbers. */
export function ipv4Range(p: Prefix): { first: number; last: number } | undefined {
  if (p.family !== 'ipv4') return undefined;
  const first = ipv4ToNumber(p.network as ipaddr.IPv4);
  return { first, last: first + 2 ** (32 - p.length) - 1 };
}

/**
 * The prefix of `length` that contains `p` (`10.30.8.0/24` at 16 is
 * `10.30.0.0/16`); `p` itself when it is already that short or shorter.
 */
export function supernetOf(p: Prefix, length: number): Prefix {
  if (p.length <= length) return p;
  const widened = parsePrefix(`${p.network.toString()}/${length}`);
  return widened ?? p;
}

/**
 * The first IPv4 block of `length` bits, searched through `pools` in order,
 * that overlaps none of `avoid`. Skips past each overlapping prefix instead
 * of stepping through it, so even a /8 pool is searched quickly. IPv6
 * prefixes in `avoid` are ignored; an IPv6 pool yields nothing.
 */
export function firstFreePrefix(pools: readonly Prefix[], length: number, avoid: readonly Prefix[]): Prefix | undefined {
  if (!Number.isInteger(length) || length < 1 || length > 32) return undefined;
  // The blocked ranges, sorted and merged once: each pool is then one pass over them.
  const sorted = avoid.map(ipv4Range).filter((r): r is { first: number; last: number } => r !== undefined).sort((a, b) => a.first - b.first);
  const blocked: { first: number; last: number }[] = [];
  for (const r of sorted) {
    const top = blocked[blocked.length - 1];
    if (top && r.first <= top.last + 1) top.last = Math.max(top.last, r.last);
    else blocked.push({ ...r });
  }
  const step = 2 ** (32 - length);
  for (const pool of pools) {
    const range = ipv4Range(pool);
    if (!range || pool.length > length) continue;
    let n = range.first;
    let j = 0;
    while (n + step - 1 <= range.last) {
      const end = n + step - 1;
      while (j < blocked.length && blocked[j]!.last < n) j++;
      const hit = blocked[j];
      if (!hit || hit.first > end) return ipv4PrefixFromNumber(n, length);
      // Jump to the first aligned block after the overlapping range.
      n = Math.ceil((hit.last + 1) / step) * step;
    }
  }
  return undefined;
}

/** Private IPv4 ranges (RFC 1918), in the order a free NAT range is looked for. */
export const PRIVATE_IPV4_POOLS: readonly Prefix[] = ['172.16.0.0/12', '192.168.0.0/16', '10.0.0.0/8']
  .map((t) => parsePrefix(t)!);

/** Loopback, link-local, multicast and broadcast space: never a network a host "reaches". */
export function isSpecialIpv4Prefix(p: Prefix): boolean {
  if (p.family !== 'ipv4') return false;
  const range = p.network.range();
  return p.length === 0 || range === 'loopback' || range === 'linkLocal' || range === 'multicast' || range === 'broadcast' || range === 'unspecified' || range === 'reserved';
}

/**
 * Prefixes that answer "does any of them lie inside this one?" in
 * logarithmic time, so a check can compare many prefixes with many others
 * without a quadratic loop. IPv6 prefixes are compared one by one.
 */
export class PrefixIndex {
  /** Distinct IPv4 network numbers, ascending, each with its longest prefix length. */
  private readonly v4: { readonly first: number; readonly maxLength: number }[] = [];
  private readonly v6: Prefix[] = [];

  constructor(prefixes: Iterable<Prefix | undefined>) {
    const longest = new Map<number, number>();
    for (const p of prefixes) {
      if (!p) continue;
      if (p.family === 'ipv6') {
        this.v6.push(p);
        continue;
      }
      const first = ipv4ToNumber(p.network as ipaddr.IPv4);
      longest.set(first, Math.max(longest.get(first) ?? -1, p.length));
    }
    for (const [first, maxLength] of [...longest].sort((a, b) => a[0] - b[0])) this.v4.push({ first, maxLength });
  }

  /** True when some prefix of the index lies inside `outer` (or is it). */
  anyInside(outer: Prefix | undefined): boolean {
    if (!outer) return false;
    if (outer.family === 'ipv6') return this.v6.some((p) => prefixContains(outer, p));
    const range = ipv4Range(outer)!;
    let lo = 0;
    let hi = this.v4.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.v4[mid]!.first < range.first) lo = mid + 1;
      else hi = mid;
    }
    // A shorter prefix starting inside `outer` can only start at its first address, so this loop
    // passes over at most one entry before it answers.
    for (let i = lo; i < this.v4.length && this.v4[i]!.first <= range.last; i++) {
      if (this.v4[i]!.maxLength >= outer.length) return true;
    }
    return false;
  }
}
