import test from 'ava';
import fc from 'fast-check';
import {
  addressInPrefix, firstHost, isNetworkAddress, isPublicAddress, normalizeMac, parseAddress, parsePrefix, prefixContains, prefixesOverlap,
} from '../../src/core/model/net.js';

test('prefixes are normalized to their network address, remembering host bits', (t) => {
  const p = parsePrefix('172.29.80.1/20')!;
  t.is(p.text, '172.29.80.0/20');
  t.true(p.hadHostBits);
  t.false(parsePrefix('172.29.80.0/20')!.hadHostBits);
  t.is(parsePrefix('fe80::1/64')!.text, 'fe80::/64');
});

test('bad text is undefined, never an exception', (t) => {
  for (const bad of ['10', '10/8', '1.2.3/24', '300.1.1.1/24', '1.2.3.4/33', '::1/129', 'x', '', '1.2.3.4/ 24', '1.2.3.4/-1']) {
    t.is(parsePrefix(bad), undefined, bad);
  }
  t.is(parseAddress('10'), undefined, "ipaddr.js would read '10' as 0.0.0.10");
  t.is(parseAddress(undefined), undefined);
  t.is(parseAddress('fe80::1%19')?.toString(), 'fe80::1', 'zone index is dropped');
});

test('containment and overlap', (t) => {
  const p16 = parsePrefix('172.16.0.0/16');
  t.true(prefixContains(p16, parsePrefix('172.16.1.0/24')));
  t.false(prefixContains(p16, parsePrefix('172.17.1.0/24')));
  t.false(prefixContains(parsePrefix('172.16.1.0/24'), p16));
  t.true(prefixesOverlap(p16, parsePrefix('172.16.200.0/24')));
  t.true(prefixesOverlap(parsePrefix('172.16.200.0/24'), p16));
  t.false(prefixesOverlap(p16, parsePrefix('10.0.0.0/8')));
  t.false(prefixesOverlap(p16, parsePrefix('fe80::/64')), 'families never overlap, and never throw');
  t.true(addressInPrefix('172.16.2.1', parsePrefix('172.16.2.0/24')));
  t.false(addressInPrefix('172.16.1.1', parsePrefix('172.16.2.0/24')));
  t.false(addressInPrefix('::1', parsePrefix('0.0.0.0/0')));
});

test('first host, network address, public ranges, MAC forms', (t) => {
  t.is(firstHost(parsePrefix('10.123.174.0/23')!), '10.123.174.1');
  t.is(firstHost(parsePrefix('10.0.0.255/32')!), undefined);
  t.true(isNetworkAddress('10.123.174.0', parsePrefix('10.123.174.0/23')));
  t.false(isNetworkAddress('10.123.174.1', parsePrefix('10.123.174.0/23')));
  t.false(isPublicAddress('10.1.2.3'));
  t.false(isPublicAddress('192.168.1.1'));
  t.true(isPublicAddress('8.8.8.8'));
  t.is(normalizeMac('00155D010203'), '00-15-5D-01-02-03');
  t.is(normalizeMac('00:15:5d:01:02:03'), '00-15-5D-01-02-03');
  t.is(normalizeMac('00-15-5D-01-02'), undefined);
});

test('a MAC address is read the same whatever its form: every hex digit kept, anything else dropped', (t) => {
  // The rule in one line: the twelve hex digits, upper case, in dashed pairs; anything else is not a MAC.
  const reference = (mac: string) => {
    const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
    return hex.length === 12 ? hex.match(/../g)!.join('-') : undefined;
  };
  const pairs = fc.array(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFgG'), minLength: 2, maxLength: 2 }), { minLength: 5, maxLength: 7 });
  const macLike = fc.oneof(
    fc.tuple(pairs, fc.array(fc.constantFrom('-', ':', '.', ' ', ''), { minLength: 6, maxLength: 6 }))
      .map(([ps, seps]) => ps.map((p, i) => (i === 0 ? p : `${seps[i - 1]}${p}`)).join('')),
    fc.string({ unit: fc.constantFrom(...'0123456789aAfF-:'), maxLength: 20 }),
    // Six hex pairs with dashes or colons, in any case: the one-pass path.
    fc.tuple(fc.array(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 2, maxLength: 2 }), { minLength: 6, maxLength: 6 }), fc.array(fc.constantFrom('-', ':'), { minLength: 5, maxLength: 5 }))
      .map(([ps, seps]) => ps.map((p, i) => (i === 0 ? p : `${seps[i - 1]}${p}`)).join('')),
  );
  t.notThrows(() => fc.assert(fc.property(macLike, (mac) => normalizeMac(mac) === reference(mac)), { numRuns: 5000 }));
  t.is(normalizeMac('00-15-5D-01-02-03'), '00-15-5D-01-02-03');
  t.is(normalizeMac('00:15-5d:01-02:03'), '00-15-5D-01-02-03');
  t.is(normalizeMac('00:15:5g:01:02:03'), undefined);
});
