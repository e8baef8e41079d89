import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import {
  addressInPrefix, canonicalAddress, firstFreePrefix, ipv4PrefixFromNumber, ipv4Range, ipv4ToNumber, isAddressText, isPrefixText, isSpecialIpv4Prefix, parseAddress, parsePrefix,
  prefixesOverlap, PRIVATE_IPV4_POOLS, supernetOf, type Prefix,
} from '../../src/core/model/net.js';
import ipaddr from 'ipaddr.js';

const p = (t: string): Prefix => {
  const r = parsePrefix(t);
  if (!r) throw new Error(`bad prefix in test: ${t}`);
  return r;
};

test('IPv4 addresses convert to numbers and back', (t) => {
  t.is(ipv4ToNumber(ipaddr.IPv4.parse('0.0.0.0')), 0);
  t.is(ipv4ToNumber(ipaddr.IPv4.parse('255.255.255.255')), 0xffffffff);
  t.is(ipv4ToNumber(ipaddr.IPv4.parse('172.16.0.1')), 0xac100001);
  t.is(ipv4PrefixFromNumber(0xac100001, 12)?.text, '172.16.0.0/12');
  t.is(ipv4PrefixFromNumber(0xffffffff, 32)?.text, '255.255.255.255/32');
  t.is(ipv4PrefixFromNumber(-1, 24), undefined);
  t.is(ipv4PrefixFromNumber(2 ** 32, 24), undefined);
  t.is(ipv4PrefixFromNumber(1, 33), undefined);
  t.is(ipv4PrefixFromNumber(1.5, 24), undefined);
});

test('the range of a prefix spans its first and last address', (t) => {
  t.deepEqual(ipv4Range(p('10.0.0.0/8')), { first: 0x0a000000, last: 0x0affffff });
  t.deepEqual(ipv4Range(p('192.168.1.7/32')), { first: 0xc0a80107, last: 0xc0a80107 });
  t.deepEqual(ipv4Range(p('0.0.0.0/0')), { first: 0, last: 0xffffffff });
  t.is(ipv4Range(p('fd00::/8')), undefined);
});

test('a supernet widens a prefix and never narrows it', (t) => {
  t.is(supernetOf(p('10.30.8.0/24'), 16).text, '10.30.0.0/16');
  t.is(supernetOf(p('172.29.80.1/20'), 12).text, '172.16.0.0/12');
  t.is(supernetOf(p('10.0.0.0/8'), 16).text, '10.0.0.0/8');
  t.is(supernetOf(p('10.1.2.3/32'), 0).text, '0.0.0.0/0');
});

test('the first free prefix is the first block of a pool that overlaps nothing', (t) => {
  const pools = PRIVATE_IPV4_POOLS;
  t.is(firstFreePrefix(pools, 24, [])?.text, '172.16.0.0/24');
  t.is(firstFreePrefix(pools, 24, [p('172.16.0.0/16')])?.text, '172.17.0.0/24');
  // A block that only partly overlaps is skipped too.
  t.is(firstFreePrefix([p('10.0.0.0/16')], 24, [p('10.0.0.128/25'), p('10.0.1.7/32')])?.text, '10.0.2.0/24');
  // Unaligned blockers push the search to the next aligned block.
  t.is(firstFreePrefix([p('10.0.0.0/16')], 22, [p('10.0.0.0/23'), p('10.0.4.0/30')])?.text, '10.0.8.0/22');
  // The whole first pool taken: the next pool is searched.
  t.is(firstFreePrefix(pools, 24, [p('172.16.0.0/12')])?.text, '192.168.0.0/24');
  t.is(firstFreePrefix(pools, 24, [p('172.16.0.0/12'), p('192.168.0.0/16')])?.text, '10.0.0.0/24');
  // Everything taken, or a block larger than the pool.
  t.is(firstFreePrefix(pools, 24, [p('0.0.0.0/0')]), undefined);
  t.is(firstFreePrefix([p('10.0.0.0/24')], 16, []), undefined);
  t.is(firstFreePrefix(pools, 0, []), undefined);
  // IPv6 prefixes never block IPv4 blocks.
  t.is(firstFreePrefix(pools, 24, [p('::/0')])?.text, '172.16.0.0/24');
});

test('the first free prefix really is free, for many random blockers', (t) => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let found = 0;
  for (let round = 0; round < 60; round++) {
    const avoid: Prefix[] = [];
    for (let i = 0; i < 30; i++) {
      const n = 0xac100000 + Math.floor(rnd() * 2 ** 20);
      avoid.push(ipv4PrefixFromNumber(n, 15 + Math.floor(rnd() * 18))!);
    }
    const free = firstFreePrefix([p('172.16.0.0/12')], 24, avoid);
    const pool = ipv4Range(p('172.16.0.0/12'))!;
    if (free) found++;
    if (free) t.false(avoid.some((a) => prefixesOverlap(a, free)), `${free.text} overlaps a blocker`);
    // Nothing earlier in the pool (or nothing at all, when none was found) was free.
    const until = free ? ipv4Range(free)!.first : pool.last + 1;
    for (let n = pool.first; n < until; n += 256) {
      const earlier = ipv4PrefixFromNumber(n, 24)!;
      if (!avoid.some((a) => prefixesOverlap(a, earlier))) t.fail(`${earlier.text} was free before ${free?.text ?? 'the end of the pool'}`);
    }
  }
  t.true(found > 10, `only ${found} rounds found a free block: the blockers are too coarse to test anything`);
});

test('special IPv4 space is recognised', (t) => {
  for (const s of ['127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '255.255.255.255/32', '0.0.0.0/0', '240.0.0.0/4']) t.true(isSpecialIpv4Prefix(p(s)), s);
  for (const s of ['10.0.0.0/8', '172.16.0.0/12', '192.168.178.0/24', '8.8.8.0/24']) t.false(isSpecialIpv4Prefix(p(s)), s);
  t.false(isSpecialIpv4Prefix(p('fe80::/64')));
  t.truthy(parseAddress('10.0.0.1'));
});

// --- parseAddress and parsePrefix against ipaddr.js's own parsing ----------------

/** The straightforward reading through ipaddr.js (what net.ts did before it avoided exceptions). */
function referenceAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let s = text.trim();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s);
  return undefined;
}

function referencePrefix(text: string) {
  const s = text.trim();
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = referenceAddress(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(lenText)) return undefined;
  const length = Number(lenText);
  const family = addr.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  if (length > (family === 'ipv4' ? 32 : 128)) return undefined;
  const network = family === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${length}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${length}`);
  return { family, text: `${network.toString()}/${length}`, network: network.toString(), kind: network.kind(), length, hadHostBits: network.toString() !== addr.toString() };
}

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('256', '999', '01', '00', '0x1f', '-1', '', ' 1'));
const hextet = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)), fc.constantFrom('', 'ffff', 'FFFF', 'g', '12345'));
const addressText = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
  fc.tuple(octet, octet, octet).map((o) => o.join('.')),
  fc.array(hextet, { minLength: 2, maxLength: 9 }).map((h) => h.join(':')),
  fc.tuple(fc.array(hextet, { maxLength: 3 }), fc.array(hextet, { maxLength: 3 })).map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
  fc.tuple(octet, octet, octet, octet).map((o) => `::ffff:${o.join('.')}`),
  fc.constantFrom('fe80::215:5dff:fe01:1', '::', '::1', '0.0.0.0', '255.255.255.255', '10', 'abc', ' 10.0.0.1 ', '1.2.3.4.5'),
);
const withZone = fc.tuple(addressText, fc.option(fc.constantFrom('%10', '%eth0', '%'), { nil: undefined })).map(([a, z]) => a + (z ?? ''));

testProp('parseAddress reads addresses as ipaddr.js does', [withZone], (t, text) => {
  const got = parseAddress(text);
  const want = referenceAddress(text);
  t.is(got?.kind(), want?.kind());
  t.is(got?.toString(), want?.toString());
  t.deepEqual(got?.toByteArray(), want?.toByteArray());
}, { numRuns: 2000 });

testProp('parsePrefix reads prefixes as ipaddr.js does', [withZone, fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom('', '08', '-1', '1000', 'x'))], (t, a, len) => {
  const text = `${a}/${len}`;
  const got = parsePrefix(text);
  const want = referencePrefix(text);
  t.deepEqual(got && { family: got.family, text: got.text, network: got.network.toString(), kind: got.network.kind(), length: got.length, hadHostBits: got.hadHostBits }, want);
}, { numRuns: 2000 });

test('an adapter address gets the prefix parsePrefix gives for it, zone and spaces included', async (t) => {
  const { buildModel } = await import('../../src/core/model/build.js');
  const texts = ['10.1.2.3', ' 10.1.2.3 ', 'fe80::1%12', ' fe80::1 %12', 'fe80::1%1/2', '10.0.0.1/8', '1.2.3.4%x', '::ffff:10.0.0.1', 'bogus', '%', ''];
  for (const text of texts) {
    for (const len of [0, 8, 24, 32, 64, 128]) {
      const model = buildModel({ netAdapters: [{ Name: 'E', ifIndex: 1, $ptr: '/a' }], netIPAddresses: [{ IPAddress: text, PrefixLength: len, InterfaceIndex: 1, $ptr: '/x' }] } as never);
      const got = model.adapters[0]!.addresses[0]!.prefix;
      const want = parsePrefix(`${text.split('%')[0]}/${len}`);
      t.is(got?.text, want?.text, `${JSON.stringify(text)}/${len}`);
      t.is(got?.hadHostBits, want?.hadHostBits);
    }
  }
});

testProp('addressInPrefix answers as ipaddr.js match does', [
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
  fc.integer({ min: 0, max: 32 }),
  fc.boolean(),
], (t, a, n, len, near) => {
  // Near: the address shares a random number of leading bits with the network, so both answers occur.
  const addr = near ? [n[0], n[1], a[2], a[3]] : a;
  const p = parsePrefix(`${n.join('.')}/${len}`)!;
  const ip = ipaddr.IPv4.parse(addr.join('.'));
  t.is(addressInPrefix(ip, p), ip.match(p.network as ipaddr.IPv4, p.length));
  t.is(addressInPrefix(addr.join('.'), p), ip.match(p.network as ipaddr.IPv4, p.length));
}, { numRuns: 3000 });

test('addressInPrefix: IPv6 through ipaddr.js, and never across families', (t) => {
  t.true(addressInPrefix('fd00::1', parsePrefix('fd00::/8')));
  t.false(addressInPrefix('fe80::1', parsePrefix('fd00::/8')));
  t.false(addressInPrefix('10.0.0.1', parsePrefix('::/0')));
  t.false(addressInPrefix('fd00::1', parsePrefix('0.0.0.0/0')));
  t.true(addressInPrefix('10.0.0.1', parsePrefix('0.0.0.0/0')));
  t.true(addressInPrefix('10.0.0.1', parsePrefix('10.0.0.1/32')));
  t.false(addressInPrefix('10.0.0.2', parsePrefix('10.0.0.1/32')));
});

/** Text near the edge of what parses: octets over 255, leading zeros, zones, spaces, lengths over 32. */
const addressLike = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', ':', 'a', 'f', '%', '/', ' ', '\t'), maxLength: 20 }),
  fc.tuple(fc.array(fc.oneof(fc.nat(300), fc.constantFrom('00', '01', '256', '1000', '')), { minLength: 1, maxLength: 5 }), fc.constantFrom('', ' ', '%eth0', '\n'))
    .map(([octets, tail]) => ` ${octets.join('.')}${tail}`),
  fc.ipV4(), fc.ipV6(), fc.ipV4Extended(),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.nat(140)).map(([a, n]) => `${a}/${n}`),
  fc.tuple(fc.ipV4(), fc.constantFrom('/08', '/032', '/', '/-1', '/1.5', '/ 24', '/24 ')).map(([a, n]) => `${a}${n}`),
);

testProp('canonicalAddress and isAddressText agree with parseAddress on any text', [addressLike], (t, text) => {
  t.is(canonicalAddress(text), parseAddress(text)?.toString());
  t.is(isAddressText(text), parseAddress(text) !== undefined);
}, { numRuns: 5000 });

testProp('isPrefixText agrees with parsePrefix on any text', [addressLike], (t, text) => {
  t.is(isPrefixText(text), parsePrefix(text) !== undefined);
}, { numRuns: 5000 });

test('the quick answers on the cases that tell them apart', (t) => {
  t.is(canonicalAddress(' 10.0.0.1%5 '), '10.0.0.1');
  t.is(canonicalAddress('10.0.0.01'), undefined);
  t.is(canonicalAddress('10.0.0.256'), undefined);
  t.is(canonicalAddress('FE80:0:0::1%12'), 'fe80::1');
  // Found by the property above: the text before a zone is trimmed once, as parseAddress trims it.
  for (const text of ['::\t%', '::\t%0\t', ' ::1 %2']) {
    t.is(canonicalAddress(text), parseAddress(text)?.toString(), JSON.stringify(text));
    t.is(isAddressText(text), parseAddress(text) !== undefined, JSON.stringify(text));
    t.is(isPrefixText(`${text.split('%')[0]}/64`), parsePrefix(`${text.split('%')[0]}/64`) !== undefined, JSON.stringify(text));
  }
  t.false(isAddressText('10.0.0'));
  t.false(isAddressText('10.0.0.0.1'));
  t.true(isPrefixText('10.0.0.1/32'));
  t.false(isPrefixText('10.0.0.1/33'));
  t.true(isPrefixText('fd00::/128'));
  t.false(isPrefixText('fd00::/129'));
  t.false(isPrefixText('10.0.0.0/0240'));
  t.true(isPrefixText('10.0.0.0/024'));
});
