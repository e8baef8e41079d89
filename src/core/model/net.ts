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

/**
 * True for a dotted-quad address (what ipaddr.js's isValidFourPartDecimal
 * accepts: four decimal octets up to 255, no leading zero), read without
 * building anything. Tested before ipaddr.js is asked, because ipaddr.js
 * answers "not IPv4" by throwing, and an exception per IPv6 address cost
 * more than the rest of the host model together.
 */
function isFourPart(t: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // No leading zero (`01`), and no fourth digit: it could only be over 255.
      if ((digits > 0 && value === 0) || ++digits > 3) return false;
      value = value * 10 + c - 48;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** The address part parseAddress reads: trimmed, without its zone. */
function addressPart(text: string): string {
  const t = text.trim();
  const zone = t.indexOf('%');
  return zone >= 0 ? t.slice(0, zone) : t;
}

/**
 * The canonical text of an address (what `parseAddress(text)?.toString()`
 * gives), without building an ipaddr.js object for IPv4: a dotted quad that
 * parses is already canonical.
 */
export function canonicalAddress(text: string | undefined | null): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = addressPart(text);
  // Anything else goes to parseAddress as it was given: cutting twice would trim twice.
  return isFourPart(t) ? t : parseAddress(text)?.toString();
}

/** True when parseAddress(text) gives an address, answered without building one for IPv4. */
export function isAddressText(text: string): boolean {
  return isFourPart(addressPart(text)) || parseAddress(text) !== undefined;
}

/** True when parsePrefix(text) gives a prefix, answered without building one for IPv4. */
export function isPrefixText(text: string): boolean {
  const t = text.trim();
  const slash = t.lastIndexOf('/');
  if (slash < 0) return false;
  const lenText = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return false;
  const length = Number(lenText);
  const a = t.slice(0, slash);
  if (isFourPart(addressPart(a))) return length <= 32;
  return parseAddress(a) !== undefined && length <= 128;
}

/** Parses an address; IPv4 only in the four-part dotted form (`10` is not an address). */
export function parseAddress(text: string | undefined | null): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof text !== 'string') return undefined;
  const t = addressPart(text);
  if (isFourPart(t)) return new ipaddr.IPv4(t.split('.').map(Number));
  if (t.includes(':')) {
    try {
      return ipaddr.IPv6.parse(t);
    } catch {
      return undefined;
    }
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
  return prefixAround(addr, Number(lenText));
}

/** The prefix of `length` bits around an address already parsed (what parsePrefix gives for `<address>/<length>`). */
export function prefixAround(addr: ipaddr.IPv4 | ipaddr.IPv6 | undefined, length: number): Prefix | undefined {
  if (!addr || !Number.isInteger(length) || length < 0 || length > 999) return undefined;
  const family: Family = addr.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  if (length > (family === 'ipv4' ? 32 : 128)) return undefined;
  // The network address: the address with its host bits cleared.
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.min(8, Math.max(0, length - 8 * i));
    bytes[i] = bytes[i]! & (0xff << (8 - keep)) & 0xff;
  }
  const network = family === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes);
  const canonical = network.toString();
  return { family, text: `${canonical}/${length}`, network, length, hadHostBits: canonical !== addr.toString() };
}

export function addressInPrefix(address: string | ipaddr.IPv4 | ipaddr.IPv6 | undefined, prefix: Prefix | undefined): boolean {
  if (!prefix || address === undefined) return false;
  const a = typeof address === 'string' ? parseAddress(address) : address;
  return a !== undefined && inNetwork(a, prefix);
}

/**
 * An address already parsed against a prefix. Kept apart from the parsing in
 * addressInPrefix: the checks call the prefix comparisons below from small
 * callbacks thousands of times, and V8 recompiles those callbacks after
 * every garbage collection; with the parser inlined into them each
 * recompilation cost milliseconds.
 */
function inNetwork(a: ipaddr.IPv4 | ipaddr.IPv6, prefix: Prefix): boolean {
  if (a.kind() !== prefix.network.kind()) return false;
  // IPv4, the common case, by arithmetic.
  if (prefix.family === 'ipv4') return ipv4Match((a as ipaddr.IPv4).octets, (prefix.network as ipaddr.IPv4).octets, prefix.length);
  return (a as ipaddr.IPv6).match(prefix.network as ipaddr.IPv6, prefix.length);
}

/** ipaddr.js's IPv4 match(network, bits): the first `bits` bits of the two addresses are equal. */
function ipv4Match(a: readonly number[], n: readonly number[], bits: number): boolean {
  if (bits <= 0) return true;
  const x = (((a[0]! ^ n[0]!) << 24) | ((a[1]! ^ n[1]!) << 16) | ((a[2]! ^ n[2]!) << 8) | (a[3]! ^ n[3]!)) >>> 0;
  return bits >= 32 ? x === 0 : x >>> (32 - bits) === 0;
}

/** True when `inner` lies entirely inside `outer`. */
export function prefixContains(outer: Prefix | undefined, inner: Prefix | undefined): boolean {
  if (!outer || !inner || outer.family !== inner.family) return false;
  return inner.length >= outer.length && inNetwork(inner.network, outer);
}

/** Two prefixes overlap when the shorter one contains the other's network address. */
export function prefixesOverlap(a: Prefix | undefined, b: Prefix | undefined): boolean {
  if (!a || !b || a.family !== b.family) return false;
  return a.length <= b.length ? inNetwork(b.network, a) : inNetwork(a.network, b);
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

/**
 * For MAC text in the six-pair form (`00-15-5D-01-02-03`, docker's
 * `00:15:5d:01:02:03`): 1 when it is canonical already (upper case, dashes),
 * 2 when it needs only upper case and dashes, 0 when it is not in that form.
 */
function sixPairs(mac: string): 0 | 1 | 2 {
  if (mac.length !== 17) return 0;
  let canonical = true;
  for (let i = 0; i < 17; i++) {
    const c = mac.charCodeAt(i);
    if (i % 3 === 2) {
      if (c === 45) continue; // '-'
      if (c !== 58) return 0; // ':'
      canonical = false;
    } else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70)) {
      continue;
    } else if (c >= 97 && c <= 102) {
      canonical = false;
    } else {
      return 0;
    }
  }
  return canonical ? 1 : 2;
}

/** The character codes of the MAC address normalizeMac is writing (reused: one string at a time). */
const MAC_CODES: number[] = new Array<number>(17).fill(0);

/** Canonical MAC address text (`00-15-5D-01-02-03`), whatever the separators. */
export function normalizeMac(mac: string | undefined | null): string | undefined {
  if (typeof mac !== 'string') return undefined;
  const form = sixPairs(mac);
  if (form === 1) return mac;
  // docker's form: the canonical text built in one go (a container has one per network).
  if (form === 2) {
    for (let i = 0; i < 17; i++) {
      const c = mac.charCodeAt(i);
      MAC_CODES[i] = i % 3 === 2 ? 45 : c >= 97 ? c - 32 : c;
    }
    return String.fromCharCode.apply(null, MAC_CODES);
  }
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
