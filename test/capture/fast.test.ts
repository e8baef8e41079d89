/**
 * The loader's fast validators (generated from the zod schemas) must read
 * every capture exactly as zod does: the same normalized capture, key for
 * key (absent and undefined told apart), and the same issues. Checked on
 * every sample capture and on captures generated from the schemas
 * themselves, valid and broken; and the generated files must be what the
 * generator writes today.
 */
import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { util as zodUtil } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { generateFastValidators } from '../../scripts/fast-validators.js';
import { captureJsonSchemaText } from '../../src/core/capture/json-schema.js';
import { hasEnumerableSymbols, isPlainObject } from '../../src/core/capture/fast-runtime.js';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { enumTableOf } from '../../src/core/capture/normalize.js';
import { readCapture, valuesBound } from '../../src/core/capture/read.js';
import { captureSchemas } from '../../src/core/capture/schema.js';
import { PACKAGE_ROOT, SNAPSHOTS_DIR } from '../../src/core/paths.js';
import type { IngestIssue } from '../../src/core/capture/issues.js';

test('fast.generated.ts is what the generator writes from the schemas (npm run schema)', (t) => {
  const committed = readFileSync(join(PACKAGE_ROOT, 'src', 'core', 'capture', 'fast.generated.ts'), 'utf8');
  t.true(committed === generateFastValidators(), 'src/core/capture/fast.generated.ts is out of date: run npm run schema');
});

test('capture.schema.json is what the schemas say (npm run schema)', (t) => {
  const committed = readFileSync(join(SNAPSHOTS_DIR, 'capture.schema.json'), 'utf8');
  t.true(committed === captureJsonSchemaText(), 'snapshots/capture.schema.json is out of date: run npm run schema');
});

test('the object tests of the fast validators give zod\'s answers', (t) => {
  class Thing {}
  const noIsPrototypeOf = function F() {} as unknown as { prototype: object };
  noIsPrototypeOf.prototype = Object.create(null);
  const samples: unknown[] = [
    {}, { a: 1 }, Object.create(null), [], null, 1, 'x', new Thing(), new Date(0), { constructor: 1 }, { constructor: () => 1 },
    Object.assign(Object.create({ inherited: true }), { a: 1 }), new (noIsPrototypeOf as unknown as new () => object)(),
  ];
  samples.forEach((s, i) => t.is(isPlainObject(s), zodUtil.isPlainObject(s), `sample ${i}`));
  const sym = { a: 1, [Symbol('s')]: 2 };
  const hidden = { a: 1 };
  Object.defineProperty(hidden, Symbol('h'), { value: 1, enumerable: false });
  t.true(hasEnumerableSymbols(sym));
  t.false(hasEnumerableSymbols(hidden));
  t.false(hasEnumerableSymbols({ a: 1 }));
});

/**
 * The careful path scrubs a whole item and so also reports a forbidden name
 * (`__proto__`) inside a property the loader discards (CIM noise, unknown
 * fields); the fast path never reads discarded properties. Both drop it, so
 * the captures must be equal, and the issues equal apart from those warnings.
 */
const forbiddenNameWarning = (i: IngestIssue) => i.severity === 'warning' && /^the property name '.*' is not allowed and was ignored$/.test(i.message);

function sameBothWays(t: { true(v: boolean, m?: string): void }, raw: unknown, label: string): void {
  const fast = ingestCapture(structuredClone(raw), 'f');
  const zod = ingestCapture(structuredClone(raw), 'f', { zodOnly: true });
  t.true(isDeepStrictEqual(fast.capture, zod.capture), `${label}: capture`);
  const fastIssues = fast.issues.filter((i) => !forbiddenNameWarning(i));
  const zodIssues = zod.issues.filter((i) => !forbiddenNameWarning(i));
  t.true(isDeepStrictEqual(fastIssues, zodIssues), `${label}: issues`);
  t.true(fast.issues.filter(forbiddenNameWarning).every((w) => zod.issues.some((z) => isDeepStrictEqual(z, w))), `${label}: the fast path warns only where the careful path does`);
}

/** Every capture file and folder in the repository. */
function sampleCaptures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        out.push(p);
        walk(p);
      } else if (e.name.endsWith('.json') && e.name !== 'capture.schema.json' && !e.name.includes('sarif')) out.push(p);
    }
  };
  walk(SNAPSHOTS_DIR);
  walk(join(PACKAGE_ROOT, 'test', 'fixtures'));
  return out;
}

test('every sample capture reads the same with the fast validators as with zod alone', (t) => {
  const samples = sampleCaptures();
  t.true(samples.length > 20);
  for (const p of samples) {
    const fast = readCapture(p);
    const zod = readCapture(p, { zodOnly: true });
    t.true(isDeepStrictEqual(fast, zod), p);
  }
});

test('the same when the maximum depth is so small that the items themselves are too deep', (t) => {
  const demo = JSON.parse(readFileSync(join(SNAPSHOTS_DIR, 'demo.json'), 'utf8'));
  for (const maxDepth of [0, 1, 2, 3, 4]) {
    const fast = ingestCapture(structuredClone(demo), 'f', { maxDepth });
    const zod = ingestCapture(structuredClone(demo), 'f', { maxDepth, zodOnly: true });
    t.true(isDeepStrictEqual(fast, zod), `maxDepth ${maxDepth}`);
  }
});

// --- captures generated from the schemas ------------------------------------------

type Def = Record<string, any>;
const defOf = (s: $ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Values that often sit on the edge of some schema. */
const EDGY = fc.constantFrom<unknown>(
  '', ' ', '7', ' 42 ', '-3', '1.5', '0x1F', '0xFFFFFFFF', '4294967296', 'True', 'false', 'TRUE', 'running', 'Running', 'Stopped',
  'External', 'internal', 'IPv4', '23', 'tcp', '/Date(1591287561241)/', '/Date(-1)/', '/Date(1591287561241+0100)/', '2024-05-14T09:00:00Z',
  0, 1, -1, 2, 4, 23, 255, 1.5, -2147483649, 4294967295, 4294967296, 2 ** 53, -(2 ** 53), 1e308, Number.NaN, Infinity,
  true, false, null, undefined, {}, [], [null], { value: '/Date(0)/' }, { DateTime: 'Tuesday' }, { a: null }, ['x', 'y'],
  '__proto__', 'constructor',
);

/** Any JSON value, sometimes with null properties inside. */
const JUNK: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: EDGY },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Mostly values the schema accepts, sometimes anything. */
function arb(s: $ZodType, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArb(s, depth);
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: JUNK });
}

function validArb(s: $ZodType, depth: number): fc.Arbitrary<unknown> {
  const d = defOf(s);
  switch (d['type']) {
    case 'string': {
      const checks = (d['checks'] ?? []) as $ZodType[];
      const pattern = checks.map(defOf).find((c) => c['format'] === 'regex')?.['pattern'] as RegExp | undefined;
      if (pattern) return fc.oneof(fc.stringMatching(new RegExp(pattern.source)), fc.string({ maxLength: 6 }), EDGY.filter((v) => typeof v === 'string'));
      return fc.oneof(fc.string({ maxLength: 8 }), EDGY.filter((v) => typeof v === 'string'));
    }
    case 'number': return fc.oneof(fc.integer({ min: -5, max: 300 }), fc.integer(), fc.double(), EDGY.filter((v) => typeof v === 'number'));
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'enum': return fc.constantFrom(...Object.values(d['entries'] as object));
    case 'literal': return fc.constantFrom(...(d['values'] as unknown[]));
    case 'unknown': return fc.oneof(JUNK, fc.dictionary(fc.constantFrom('Type', 'Settings', 'a', 'b'), JUNK, { maxKeys: 3 }));
    case 'optional': return fc.oneof(fc.constant(undefined), validArb(d['innerType'], depth));
    case 'nullable': return fc.oneof(fc.constant(null), validArb(d['innerType'], depth));
    case 'union': return fc.oneof(...(d['options'] as $ZodType[]).map((o) => validArb(o, depth)));
    case 'pipe': {
      const table = enumTableOf(defOf(d['out'])['transform']);
      if (table) {
        const numbers = Object.keys(table.byNumber).map(Number);
        return fc.oneof(fc.constantFrom(...numbers), fc.constantFrom(...numbers.map((n) => ` ${n}`)), fc.constantFrom(...table.names), fc.constantFrom(...table.names.map((n) => n.toLowerCase())), validArb(d['in'], depth));
      }
      // A pipe into a narrower schema: values of the narrower one pass the first more often.
      return defOf(d['out'])['type'] === 'transform' ? validArb(d['in'], depth) : fc.oneof(validArb(d['in'], depth), validArb(d['out'], depth));
    }
    case 'array': return depth > 6 ? fc.constant([]) : fc.array(arb(d['element'], depth + 1), { maxLength: 3 });
    case 'record': return depth > 6 ? fc.constant({}) : fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('80/tcp', 'nat', 'x y')), arb(d['valueType'], depth + 1), { maxKeys: 3 });
    case 'object': {
      if (depth > 6) return fc.constant({});
      const shape = d['shape'] as Record<string, $ZodType>;
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(shape)) fields[k] = arb(v, depth + 1);
      // Some fields left out, CIM-style noise added.
      return fc.tuple(
        fc.record(fields, { requiredKeys: [] }),
        fc.record(Object.fromEntries(Object.keys(shape).map((k) => [k, arb(shape[k]!, depth + 1)])), { requiredKeys: Object.keys(shape) }),
        fc.dictionary(fc.constantFrom('CimClass', 'CimInstanceProperties', 'Extra', 'Nested'), JUNK, { maxKeys: 2 }),
        fc.boolean(),
      ).map(([some, all, noise, full]) => ({ ...(full ? all : some), ...noise }));
    }
    default: throw new Error(`no arbitrary for ${d['type']}`);
  }
}

const { KEY_SCHEMAS, PART_SCHEMAS } = captureSchemas();

for (const [key, def] of Object.entries(KEY_SCHEMAS)) {
  const item = arb(def.schema);
  const value = def.kind === 'list' ? fc.oneof(fc.array(item, { maxLength: 4 }), item) : item;
  testProp(`'${key}': fast validators and zod read generated items alike`, [value], (t, v) => {
    sameBothWays(t, { [key]: v }, key);
  }, { numRuns: 300 });
}

for (const [key, parts] of Object.entries(PART_SCHEMAS as Record<string, Record<string, { kind: string; schema: $ZodType }>>)) {
  for (const [part, def] of Object.entries(parts)) {
    const item = arb(def.schema);
    const value = def.kind === 'list' ? fc.oneof(fc.array(item, { maxLength: 3 }), item) : item;
    testProp(`'${key}.${part}': fast validators and zod read generated items alike`, [value], (t, v) => {
      sameBothWays(t, { [key]: { [part]: v } }, `${key}.${part}`);
    }, { numRuns: 300 });
  }
}

test('items of the samples, each property replaced by edge values, read alike', (t) => {
  const demo = JSON.parse(readFileSync(join(SNAPSHOTS_DIR, 'demo.json'), 'utf8')) as Record<string, unknown>;
  const edges = fc.sample(EDGY, { numRuns: 40, seed: 7 });
  let cases = 0;
  const visit = (root: Record<string, unknown>, node: unknown, depth: number) => {
    if (node === null || typeof node !== 'object' || depth > 5) return;
    for (const k of Object.keys(node)) {
      const saved = (node as Record<string, unknown>)[k];
      for (const e of edges.slice(0, 8)) {
        (node as Record<string, unknown>)[k] = e;
        sameBothWays(t, root, `${k} = ${String(e)}`);
        cases++;
      }
      (node as Record<string, unknown>)[k] = saved;
      visit(root, saved, depth + 1);
    }
  };
  for (const key of Object.keys(demo)) {
    const one = { [key]: structuredClone(demo[key]) };
    visit(one, one[key], 0);
  }
  t.true(cases > 500, `${cases} cases`);
});

test('symbol keys and inherited properties are read alike', (t) => {
  const daemon: Record<string | symbol, unknown> = { bridge: 'none', [Symbol('s')]: 1 };
  sameBothWays(t, { docker: { daemonConfig: daemon } }, 'symbol in a record');
  const inherited = Object.assign(Object.create({ Name: 'inherited' }), { SwitchType: 1 });
  sameBothWays(t, { vmSwitches: [inherited] }, 'inherited Name');
});

test('nesting counts in what the loader keeps: deep noise that is dropped does not cost the section', (t) => {
  let deep: unknown = {};
  for (let i = 0; i < 200; i++) deep = { a: deep };
  const { capture, issues } = ingestCapture({ os: { Caption: 'x', CimNoise: deep } }, 'f');
  t.deepEqual(issues, []);
  t.is(capture.os?.Caption, 'x');
  const kept = ingestCapture({ vmNetworkAdapters: [{ Name: 'n', Status: deep }] }, 'f');
  t.deepEqual(kept.capture.vmNetworkAdapters, undefined);
  t.regex(kept.issues[0]!.message, /'vmNetworkAdapters' is nested more than 64 levels deep/);
});

test('a prototype key inside a kept value sends the item the careful way, which reports it', (t) => {
  const raw = JSON.parse('{"hnsNetworks": [{"ID": "A", "Type": "nat", "Policies": [{"Type": "x", "constructor": {"a": 1}}]}]}');
  const { capture, issues } = ingestCapture(raw, 'f');
  t.is(capture.hnsNetworks?.length, 1);
  t.false(Object.hasOwn(capture.hnsNetworks![0]!.Policies[0]!, 'constructor'));
  t.deepEqual(issues.map((i) => i.pointer), ['/hnsNetworks/0/Policies/0/constructor']);
});

test('reading is unchanged by a file of over 1,000 items (no state carried between items)', (t) => {
  const file = join(SNAPSHOTS_DIR, 'demo.json');
  t.true(statSync(file).size > 0);
  const demo = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown[]>;
  const many = { ...demo, hnsEndpoints: Array.from({ length: 1200 }, (_, i) => ({ ...(demo['hnsEndpoints']?.[i % (demo['hnsEndpoints']?.length || 1)] as object), ID: `e${i}` })) };
  sameBothWays(t, many, 'many endpoints');
});

testProp('valuesBound(text length) bounds the values the budget counts, so within the budget the reader may skip counting', [
  fc.dictionary(fc.constantFrom('hnsNetworks', 'docker', 'os', 'netNat', 'futureKey'), fc.jsonValue({ maxDepth: 6 }), { maxKeys: 4 }),
], (t, raw) => {
  const text = JSON.stringify(raw);
  const bound = valuesBound(text.length);
  const { issues } = ingestCapture(structuredClone(raw), 'f', { maxValues: bound });
  t.false(issues.some((i) => /values/.test(i.message) && /limit|more than the/.test(i.message)), `${bound} values for ${text.length} characters`);
}, { numRuns: 500 });

test('the tightest texts reach the bound: arrays of one-digit numbers and objects of empty keys', (t) => {
  for (const raw of [{ a: [0, 0, 0, 0, 0, 0, 0, 0] }, { a: [[], [], []] }, { '': { '': 0, ' ': 0 } }]) {
    const text = JSON.stringify(raw);
    const within = ingestCapture(structuredClone(raw), 'f', { maxValues: valuesBound(text.length) });
    t.false(within.issues.some((i) => /values/.test(i.message)), text);
  }
});

test('a forbidden name inside discarded CIM noise: both paths give the same capture', (t) => {
  const raw = JSON.parse('{"tcpip6": {"CimClass": {"__proto__": 0}}}');
  sameBothWays(t, raw, 'regression: tcpip6 with __proto__ inside CimClass');
});
