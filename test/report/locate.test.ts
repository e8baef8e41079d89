import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonLocator, pointerTokens, type TextRegion } from '../../src/core/report/locate.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every pointer of a document, the root included. */
function pointersOf(value: Json, at = ''): string[] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointersOf(v, `${at}/${i}`)));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return out;
}

function valueAt(doc: Json, pointer: string): Json {
  let v = doc;
  for (const t of pointerTokens(pointer)) v = (v as Record<string, Json>)[t]!;
  return v;
}

/** The text a region covers. */
function slice(text: string, r: TextRegion): string {
  const lines = text.split('\n');
  const start = lines.slice(0, r.startLine - 1).reduce((n, l) => n + l.length + 1, 0) + r.startColumn - 1;
  const end = lines.slice(0, r.endLine - 1).reduce((n, l) => n + l.length + 1, 0) + r.endColumn - 1;
  return text.slice(start, end);
}

const jsonValue = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, 0, -1.5e300, ''),
    fc.string({ unit: 'binary' }),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('v'), { maxKeys: 5 }),
    // Keys a pointer must escape (~ and /) or JSON must escape (quote, backslash, control, U+2028).
    fc.dictionary(fc.string({ unit: fc.constantFrom('~', '/', '"', '\\', 'é', '\n', '\u2028', '\u{1F600}', 'a', '0'), maxLength: 4 }), tie('v'), { maxKeys: 4 }),
  ),
})).v;

test('every value of any document is found where it is, compact or indented', (t) => {
  t.notThrows(() => fc.assert(fc.property(jsonValue, fc.constantFrom(0, 2, '\t'), (doc, indent) => {
    const text = JSON.stringify(doc, null, indent);
    const pointers = pointersOf(doc);
    const regions = new JsonLocator(text).regions(pointers);
    for (const p of pointers) {
      const r = regions.get(p);
      if (!r) return false;
      if (JSON.stringify(JSON.parse(slice(text, r))) !== JSON.stringify(valueAt(doc, p))) return false;
    }
    return true;
  }), { numRuns: 300 }));
});

test('the regions of a real capture: a value in a switch, a whole adapter, the document', (t) => {
  const text = readFileSync(join(SNAPSHOTS_DIR, 'demo.json'), 'utf8');
  const doc = JSON.parse(text) as Json;
  const pointers = ['/vmSwitches/0/Name', '/netAdapters/1', ''];
  const regions = new JsonLocator(text).regions(pointers);
  for (const p of pointers) t.deepEqual(JSON.parse(slice(text, regions.get(p)!)), valueAt(doc, p), p);
  t.is(regions.get('')!.startLine, 1);
});

test('a pointer whose value is not in the text gets its nearest parent; the last of two equal keys wins, as in JSON.parse', (t) => {
  const text = '{\n  "a": {"b": 1},\n  "a": {"b": 2, "c": [10, 20]}\n}';
  const regions = new JsonLocator(text).regions(['/a/b', '/a/c/5', '/a/zz/0', '/nothing']);
  t.is(slice(text, regions.get('/a/b')!), '2');
  t.is(slice(text, regions.get('/a/c/5')!), '[10, 20]');
  t.is(slice(text, regions.get('/a/zz/0')!), '{"b": 2, "c": [10, 20]}');
  t.is(slice(text, regions.get('/nothing')!), text);
});

test('a document nested 100,000 levels deep is scanned without a stack overflow; a broken text keeps what precedes the fault', (t) => {
  const deep = `{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "y": 5}`;
  t.is(slice(deep, new JsonLocator(deep).regions(['/y']).get('/y')!), '5');
  const broken = '{"a": 1, "b": [1, 2}';
  const regions = new JsonLocator(broken).regions(['/a', '/b/1']);
  t.is(slice(broken, regions.get('/a')!), '1');
  t.is(slice(broken, regions.get('/b/1')!), '2', 'the last item before the stray bracket is still found');
});
