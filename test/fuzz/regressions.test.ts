/**
 * One test per problem the fuzz tests found, so each stays fixed. Time
 * bounds here are loose (ten times what a linear implementation needs on a
 * slow machine) and fail only for quadratic behaviour.
 */
import test from 'ava';
import fc from 'fast-check';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { freeSubnetAllocator, natOutsideWinnatPrefix } from '../../src/core/checks/nat-outside-winnat-prefix.js';
import { runChecks } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import { ipv4PrefixFromNumber, ipv4Range, parsePrefix, prefixesOverlap, type Prefix } from '../../src/core/model/net.js';
import { sample } from './arbitraries.js';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

test('the model joins docker networks to HNS networks by name in linear time', (t) => {
  const n = 20_000;
  const { capture } = ingestCapture({
    hnsNetworks: Array.from({ length: n }, (_, i) => ({ ID: `id-${i}`, Name: `hns-${i}`, Type: 'nat' })),
    docker: { networks: Array.from({ length: n }, (_, i) => ({ Name: `net-${i}`, Driver: 'nat', Options: { 'com.docker.network.windowsshim.networkname': `HNS-${n - 1 - i}` } })) },
  }, 'scale.json');
  const { value: model, ms } = timed(() => buildModel(capture));
  t.is(model.dockerNetworks[0]?.hns?.name, `hns-${n - 1}`, 'joined by name, case-insensitively');
  t.is(model.dockerNetworks[n - 1]?.hns?.name, 'hns-0');
  t.log(`buildModel: ${ms.toFixed(0)} ms`);
  t.true(ms < 2500, `took ${ms.toFixed(0)} ms`);
});

test('WCN202 hands out free partitions in linear time, and the same ones as a brute-force search', (t) => {
  // Differential: the allocator against a search that scans every candidate on each call.
  fc.assert(fc.property(
    fc.integer({ min: 18, max: 26 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 14 - 1 }), fc.integer({ min: 16, max: 32 })), { maxLength: 30 }),
    fc.integer({ min: 1, max: 40 }),
    (outerLen, usedSpec, calls) => {
      const outer = parsePrefix(`172.29.0.0/${outerLen}`)!;
      const used = usedSpec.map(([n, len]) => parsePrefix(`172.29.${n >> 6}.${(n & 63) * 4}/${len}`)!);
      const next = freeSubnetAllocator(outer, used);
      const taken = [...used];
      for (let i = 0; i < calls; i++) {
        const expected = bruteForce(outer, taken);
        const got = next();
        if (got?.text !== expected?.text) throw new Error(`call ${i}: got ${got?.text}, expected ${expected?.text}`);
        if (expected) taken.push(expected);
      }
    },
  ), { numRuns: 200 });
  function bruteForce(outer: Prefix, used: readonly Prefix[]): Prefix | undefined {
    const len = Math.max(outer.length, 24);
    const count = Math.min(2 ** (len - outer.length), 4096);
    const base = ipv4Range(outer)!.first;
    for (let i = 0; i < count; i++) {
      const c = ipv4PrefixFromNumber(base + i * 2 ** (32 - len), len)!;
      if (!used.some((u) => prefixesOverlap(u, c))) return c;
    }
    return undefined;
  }

  const raw = sample('healthy-ws2016');
  const docker = raw['docker'] as { networks: unknown[] };
  for (let i = 0; i < 20_000; i++) {
    docker.networks.push({ Name: `outside-${i}`, Driver: 'nat', IPAM: { Config: [{ Subnet: `10.${i >> 8}.${i & 255}.0/24`, Gateway: `10.${i >> 8}.${i & 255}.1` }] } });
  }
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const { value: { findings, results }, ms } = timed(() => runChecks(model, [natOutsideWinnatPrefix]));
  t.is(results[0]?.status, 'fail');
  t.is(findings.length, 20_000);
  const suggested = findings.map((f) => f.fixes[0]?.title.match(/with (\S+),/)?.[1]).filter((x) => x !== undefined);
  t.is(new Set(suggested).size, suggested.length, 'no block is suggested twice');
  t.true(ms < 3000, `took ${ms.toFixed(0)} ms`);
});
