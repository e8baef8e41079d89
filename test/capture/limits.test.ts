import test from 'ava';
import { SAMPLE_NAMES, sample } from '../fuzz/arbitraries.js';
import { DEFAULT_MAX_ITEMS_PER_KEY, DEFAULT_MAX_VALUES, ingestCapture } from '../../src/core/capture/ingest.js';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

test('a list key with more items than the limit is skipped at once, with an error naming it', (t) => {
  const raw = { netAdapters: new Array(DEFAULT_MAX_ITEMS_PER_KEY + 1).fill(0), netNat: [{ Name: 'n' }] };
  const { value: { capture, issues }, ms } = timed(() => ingestCapture(raw, 'big.json'));
  t.is(capture.netAdapters, undefined, 'not captured, rather than half read');
  t.is(capture.netNat?.length, 1, 'other keys still load');
  t.is(issues.length, 1);
  t.like(issues[0], { severity: 'error', file: 'big.json', key: 'netAdapters', pointer: '/netAdapters' });
  t.regex(issues[0]!.message, /holds 100001 items, more than the 100000/);
  t.true(ms < 200, `took ${ms.toFixed(0)} ms: the items must not be validated one by one`);
});

test('docker parts count their items too', (t) => {
  const { capture, issues } = ingestCapture({ docker: { networks: new Array(11).fill({ Name: 'x' }), info: { OSType: 'windows' } } }, 'f', { maxItemsPerKey: 10 });
  t.is(capture.docker?.networks, undefined);
  t.is(capture.docker?.info?.OSType, 'windows');
  t.like(issues[0], { key: 'docker.networks', pointer: '/docker/networks' });
});

test('the value budget bounds the whole capture; later keys are skipped and named', (t) => {
  const raw = {
    os: { BuildNumber: 17763 },
    hnsNetworks: [{ ID: 'x', Type: 'nat', Policies: Array.from({ length: 30 }, () => ({ Type: 'OutBoundNAT' })) }],
    netNat: [{ Name: 'n' }],
  };
  const { capture, issues } = ingestCapture(raw, 'f', { maxValues: 40 });
  t.is(capture.os?.BuildNumber, 17763, 'keys within the budget load');
  t.is(capture.hnsNetworks, undefined);
  t.is(capture.netNat, undefined);
  t.deepEqual(issues.map((i) => [i.key, i.pointer, i.severity]), [['hnsNetworks', '/hnsNetworks', 'error'], ['netNat', '/netNat', 'error']]);
  t.regex(issues[0]!.message, /more than the 40 values/);
  t.regex(issues[1]!.message, /'netNat' was skipped/);
});

test('the value budget stops a wide array inside an item without walking it', (t) => {
  const wide = Array.from({ length: DEFAULT_MAX_VALUES + 10 }, () => 0);
  const { value: { capture, issues }, ms } = timed(() => ingestCapture({ hnsNetworks: [{ ID: 'x', Type: 'nat', Policies: wide }] }, 'f'));
  t.is(capture.hnsNetworks, undefined);
  t.is(issues[0]?.key, 'hnsNetworks');
  t.true(ms < 500, `took ${ms.toFixed(0)} ms`);
});

test('every sample capture loads within a hundredth of the limits', (t) => {
  // The limits must never refuse a genuine capture; the samples leave a margin of 100 times.
  for (const name of SAMPLE_NAMES) {
    const { issues } = ingestCapture(sample(name), name, { maxValues: DEFAULT_MAX_VALUES / 100, maxItemsPerKey: DEFAULT_MAX_ITEMS_PER_KEY / 100 });
    t.deepEqual(issues, [], name);
  }
  t.true(SAMPLE_NAMES.length >= 5);
});
