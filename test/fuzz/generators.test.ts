/**
 * The fuzz generators themselves: what they build stays within its byte
 * bound, the JSON they write is what JSON.stringify would write (at any
 * depth), and a failure of the harness is told apart from one of the tool.
 */
import test from 'ava';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_CAPTURE_BYTES, MAX_FILE_NAME_BYTES, applyMutations, cook, filesOf, isFileNameKey, jsonBytes, jsonString, jsonText, mutationArb, recipeArb, sample,
  type FileRecipe, type Json, type Mutation, type Recipe,
} from './arbitraries.js';
import { HarnessError, harness, isHarnessError } from './harness-error.js';
import { checkPipeline } from './properties.js';

test('the JSON writer makes exactly what JSON.stringify makes, compact and indented', (t) => {
  const keys = fc.constantFrom('__proto__', 'constructor', 'a', '', '"', '\u2028', '\ud800', 'Name');
  const value = fc.letrec<{ v: Json }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom<Json>(-0, Infinity, NaN, 1e21, 5e-324, '\u0000\u001b[31m', '\udfff', 'x\ud83dy', [], {}),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(keys, fc.string()), tie('v'), { maxKeys: 4 }),
    ),
  })).v;
  fc.assert(fc.property(value, fc.constantFrom(0, 2, 4), (v, indent) => {
    const expected = JSON.stringify(v, null, indent);
    const got = jsonString(v, indent);
    if (got !== expected) throw new Error(`got ${got}, expected ${expected}`);
    if (jsonBytes(v, indent) !== Buffer.byteLength(expected, 'utf8')) throw new Error('byte count differs');
  }), { numRuns: 400 });
  // An own '__proto__' key, as JSON.parse makes it.
  const parsed = JSON.parse('{"__proto__":{"x":[1,{"y":null}]},"b":[]}') as Json;
  t.is(jsonString(parsed, 2), JSON.stringify(parsed, null, 2));
});

test('the JSON writer goes deeper than JSON.stringify can, and stops counting when told', (t) => {
  let deep: Json = 'x';
  for (let i = 0; i < 50_000; i++) deep = i % 2 === 0 ? [deep] : { Name: deep };
  t.throws(() => JSON.stringify(deep), { instanceOf: RangeError });
  const text = jsonString(deep);
  t.is(text.length, 25_000 * ('[]'.length + '{"Name":}'.length) + '"x"'.length);
  t.is(jsonBytes(deep), text.length);
  t.true(jsonBytes(deep, 2, 1000) <= 1000 + 2 * 50_000 + 20, 'stops soon after the bound');
  t.true(jsonBytes(deep, 2, 1000) > 1000);
});

// The case a long run stopped on: 343 levels of nesting, then that nesting repeated 2256 times.
// Indented, it is more text than V8 can hold in one string, and writing it threw RangeError.
const STOPPED_RUN: FileRecipe = {
  recipe: {
    sample: 'cases/default-nat-missing/broken',
    mutations: [{ kind: 'nest', at: 0, depth: 343, shape: 'array' }, { kind: 'giant', at: 0, length: 2256 }],
  },
  form: 'file',
  encoding: 'utf8',
  corruption: { kind: 'insert', at: 0, bytes: Uint8Array.from([0]) },
};

test('the recipe a long run stopped on is written, on one line, within the bound', (t) => {
  const { raw } = cook(STOPPED_RUN.recipe);
  // The indented text passes the bound (it is what could not be made), the compact one does not.
  t.true(jsonBytes(raw, 2, MAX_CAPTURE_BYTES) > MAX_CAPTURE_BYTES);
  t.true(jsonBytes(raw) <= MAX_CAPTURE_BYTES);
  const { files } = filesOf({ ...STOPPED_RUN, corruption: { kind: 'none' } });
  const bytes = files.get('capture.json')!;
  t.is(bytes.length, jsonBytes(raw));
  t.false(Buffer.from(bytes).includes('\n'), 'written without indentation');
  t.is(jsonText(raw), JSON.stringify(raw));
  for (const [encoding, form] of [['utf16le', 'file'], ['utf16be', 'folder']] as const) {
    const written = filesOf({ ...STOPPED_RUN, encoding, form });
    const total = [...written.files.values()].reduce((n, b) => n + b.length, 0);
    t.true(total <= 2 * MAX_CAPTURE_BYTES + 2 * written.files.size, `${encoding} ${form}: ${total} bytes`);
  }
});

test('no recipe takes a capture past the byte bound: a mutation that would is undone', (t) => {
  // A small bound, so that giant arrays, duplicates and nesting pass it often.
  const maxBytes = 256 * 1024;
  let undone = 0;
  fc.assert(fc.property(recipeArb({ giantMax: 20_000, depthMax: 20_000, maxMutations: 6 }), (recipe) => {
    const raw = sample(recipe.sample);
    const applied = applyMutations(raw, recipe.mutations, maxBytes);
    const bytes = jsonBytes(raw, 0, maxBytes);
    if (bytes > maxBytes) throw new Error(`${bytes} bytes from ${JSON.stringify(recipe)}`);
    if (new Set(applied.map((a) => a.mutation)).size < recipe.mutations.length) undone++;
  }), { numRuns: 150, seed: 20261207 });
  // A fixed seed: whether random recipes strike the bound depends on the samples they draw from.
  t.true(undone > 0, 'some recipes struck the bound');

  // Giant arrays are cut to what fits, not dropped: the list grows right up to the bound.
  const raw = sample('healthy-ws2019');
  const giant: Mutation = { kind: 'giant', at: 0, length: 1_000_000 };
  const [applied] = applyMutations(raw, [giant], maxBytes);
  t.truthy(applied);
  let list: Json = raw;
  for (const k of applied!.path) list = (list as Record<string | number, Json>)[k];
  const grown = (list as Json[]).length;
  t.true(grown > 100, `${grown} items`);
  t.true(jsonBytes(raw) <= maxBytes);
  t.true(jsonBytes(raw) > maxBytes * 0.9, `${jsonBytes(raw)} of ${maxBytes} bytes`);

  // An undone mutation leaves the capture as it was (same values, and nothing reported).
  const again = sample('healthy-ws2019');
  const wide: Recipe = { sample: 'healthy-ws2019', mutations: [{ kind: 'replace', target: 'string', at: 3, value: 'a'.repeat(maxBytes) }] };
  t.deepEqual(applyMutations(again, wide.mutations, maxBytes), []);
  t.deepEqual(again, sample('healthy-ws2019'));
});

test('below the bound, the bound changes nothing: the same mutations strike the same places', (t) => {
  let struck = 0;
  fc.assert(fc.property(fc.array(mutationArb(), { minLength: 1, maxLength: 4 }), (mutations) => {
    const bounded = sample('demo');
    const free = sample('demo');
    const a = applyMutations(bounded, mutations);
    const b = applyMutations(free, mutations, Infinity);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`struck ${JSON.stringify(a)}, unbounded ${JSON.stringify(b)}`);
    if (jsonString(bounded) !== jsonString(free)) throw new Error('the captures differ');
    struck += a.length;
  }), { numRuns: 40 });
  t.true(struck > 0);
});

test('a failure of the harness is labelled as one, and the pipeline check does not take it for a crash of the tool', (t) => {
  const e = t.throws(() => harness('making a case', () => { throw new RangeError('Invalid string length'); }));
  t.true(e instanceof HarnessError);
  t.true(isHarnessError(e));
  t.regex(e!.message, /the fuzz harness failed making a case: Invalid string length/);
  t.false(isHarnessError(new RangeError('Invalid string length')));
  // A crash inside wcn-doctor stays a violation of the property, not a harness failure.
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
  const outcome = checkPipeline(hostile as Parameters<typeof checkPipeline>[0], []);
  t.true(outcome.violations.some((v) => /the pipeline threw: Error: boom/.test(v)), outcome.violations.join('\n'));
});

const RUNNER = join(fileURLToPath(new URL('.', import.meta.url)), 'run.js');

test('the fuzz runner reports a failure of the harness with its own label and exit code (4)', (t) => {
  // An impossible replay path makes fast-check fail before any case reaches wcn-doctor.
  const r = spawnSync(process.execPath, [RUNNER, '--property', 'random', '--runs', '1', '--seed', '1', '--path', 'not-a-path'], { encoding: 'utf8', timeout: 120_000 });
  t.is(r.status, 4, r.stdout + r.stderr);
  t.regex(r.stderr, /HARNESS FAILURE/);
  const usage = spawnSync(process.execPath, [RUNNER, '--runs', 'many'], { encoding: 'utf8', timeout: 60_000 });
  t.is(usage.status, 2);
  t.notRegex(usage.stderr, /HARNESS FAILURE/);
});

test('a folder case never names a file longer than a file system allows (the long run stopped on ENAMETOOLONG)', (t) => {
  // From `npm run fuzz -- --runs 25000 --seed 20261207 --property files`, case 5363: an added key of 300 letters.
  const long = 'a'.repeat(300);
  const fr: FileRecipe = {
    recipe: { sample: 'cases/l2tunnel-cloud-only/broken', mutations: [{ kind: 'addKey', at: 938473139, key: long, value: 1 }] },
    form: 'folder', encoding: 'utf8', corruption: { kind: 'none' },
  };
  const { raw } = cook(fr.recipe);
  t.true(Object.keys(raw).some((k) => k.length === 300), 'the recipe does add the long key');
  const { files } = filesOf(fr);
  t.true(files.size > 0);
  for (const name of files.keys()) t.true(Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES, name.slice(0, 40));
  t.false(files.has(`${long}.json`));
  t.true(isFileNameKey('a'.repeat(250)));
  t.false(isFileNameKey('a'.repeat(251)));
});
