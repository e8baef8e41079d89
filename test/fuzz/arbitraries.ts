/**
 * Generators of hostile and broken captures for the fuzz tests.
 *
 * Most cases start from a real sample capture (every `snapshots/*.json` and
 * `snapshots/cases/<id>/*.json`, found at load time so new samples join in)
 * and apply a few mutations at random places: a value of the wrong type,
 * a missing key, a huge number, an invalid address or prefix, odd Unicode,
 * NUL bytes and escape sequences, deep nesting, a giant array, a duplicated
 * object, a swapped enum, a renamed or forbidden property name. Each
 * mutation records where it struck, so a property can check that every
 * ingest issue points at (or into) a place that was actually broken.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';

export type Json = unknown;
export type Path = readonly (string | number)[];

// --- the samples ------------------------------------------------------------------

function findSamples(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(SNAPSHOTS_DIR).sort()) {
    const full = join(SNAPSHOTS_DIR, name);
    if (name.endsWith('.json') && !name.endsWith('.schema.json')) out.push(name.slice(0, -'.json'.length));
    else if (name === 'cases' && statSync(full).isDirectory()) {
      for (const c of readdirSync(full).sort()) {
        const dir = join(full, c);
        if (!statSync(dir).isDirectory()) continue;
        for (const f of readdirSync(dir).sort()) if (f.endsWith('.json')) out.push(`cases/${c}/${f.slice(0, -'.json'.length)}`);
      }
    }
  }
  return out;
}

/** Names of every sample capture, relative to snapshots/ without `.json`. */
export const SAMPLE_NAMES: readonly string[] = findSamples();

const sampleText = new Map<string, string>();
/** A fresh deep copy of a sample, parsed from its file. */
export function sample(name: string): Record<string, Json> {
  let text = sampleText.get(name);
  if (text === undefined) {
    text = readFileSync(join(SNAPSHOTS_DIR, `${name}.json`), 'utf8');
    sampleText.set(name, text);
  }
  return JSON.parse(text) as Record<string, Json>;
}

// --- hostile values -----------------------------------------------------------------

/** Strings that have broken parsers, terminals and shells before. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\u202e', '\u2066evil\u2069', '\u200b', '\ufeff', '\u061c',
  '\u001b[31mred\u001b[0m', '\u001b]52;c;cm0gLXJmIC8=\u0007', '\u001b]0;title\u0007', '\u001b]8;;http://x/\u001b\\link\u001b]8;;\u001b\\',
  '\u009b31m', '\u009d0;t\u009c', '\u0085', '\u2028', '\u2029', 'a\r\nb', '\b\b\b', '\u007f',
  'System.Object[]', '@{Name=x; SwitchType=2}', 'Microsoft.Management.Infrastructure.CimInstance',
  '\\/Date(1591287561241)\\/', '/Date(1591287561241)/', '/Date(99999999999999999)/', '/Date(-99999999999999999)/',
  '/Date(8640000000000001)/', '/Date(1591287561241+0200)/',
  'NaN', 'Infinity', '-Infinity', '1e309', '0x10', '0xFFFFFFFF', '0x100000000', '-1', '  17763  ', '17763.5830', '١٢٣',
  'True', 'false', 'null', 'undefined', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  "'; Remove-Item C:\\ -Recurse; '", '$(Stop-Computer)', '`n', '<#', '#>', '{{json .}}', '%s%s%n',
  'vEthernet (', 'vEthernet ()', 'vEthernet (nat', 'vEthernet (nat)', 'nat', 'NAT', 'ICS', 'transparent', 'l2bridge', 'Overlay',
  '컨테이너', 'ⓝⓐⓣ', 'ＮＡＴ', 'e\u0301', '🐳'.repeat(20), 'a'.repeat(5000), '1:'.repeat(2000),
];

/** Addresses and prefixes that are wrong in every way we could think of, plus valid ones. */
export const NASTY_ADDRESSES: readonly string[] = [
  '300.1.1.1', '10.0.0.0/33', '10.0.0.1/-1', '1.2.3', '10', '::ffff:10.0.0.1', '::ffff:10.0.0.1/120', 'fe80::1%19', 'fe80::1%eth0/64',
  '0.0.0.0/0', '::/0', '10.0.0.0/024', '1.2.3.4/32/1', ' 10.0.0.0 / 8 ', '::/128', '::/129', '10.0.0.0/', '/24', '/', '1.2.3.4/ 24',
  '01.02.03.04/8', '10.0.0.0/8\n', '2001:db8::/32', '2001:db8:::1/64', '255.255.255.255/0', '0.0.0.0/32', '1.2.3.4/0x10',
  'a:b:c:d:e:f:0:1:2/64', '127.0.0.1/8', '10.0.0.0\u0000/8', '172.29.80.1/20', '172.16.1.1', '0.0.0.0', '::', '255.255.255.255',
  '1.2.3.4/31', '1.2.3.4/30', '192.168.0.0/16', '10.255.255.255/8', '00-15-5D-01-02-03', '00:15:5d:01:02:03', '00155D010203',
  '00-15-5D-01-02', 'zz-zz-zz-zz-zz-zz', '0.0.0.0/0.0.0.0', '10.0.0.0/255.255.255.0',
];

/** Values that look like enum values of one field or another. */
const ENUMISH: readonly unknown[] = [
  'Private', 'Internal', 'External', 'On', 'Off', 'Running', 'Stopped', 'Paused', 'IPv4', 'IPv6', 'TCP', 'UDP', 'Automatic', 'Disabled',
  'running', 'EXTERNAL', 'external ', '2', ' 2 ', '0x2', '2.0', '23', '17', '6', 'Up', 'Disconnected', 'Capture', 'Forwarding',
];

export const HUGE_NUMBERS: readonly number[] = [
  1e308, -1e308, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 4294967296, 4294967295, -2147483649, 1e-320, -0,
  0.5, 255, 256, 65535, 65536, 99999, -1, 8640000000000001, 14393, 15063, 17763, 1e21,
];

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\u001b', '[', ']', ';', '\u0007', '\u009b', '\u202e', '\n', '\r', "'", '\u2019', '$', '(', ')', '`', '#', 'a', ' '), maxLength: 16 }) },
);

const generatedAddress: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: -2, max: 40 })).map(([a, l]) => `${a}/${l}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: -2, max: 140 })).map(([a, l]) => `${a}/${l}`),
  fc.tuple(fc.nat(400), fc.nat(400), fc.nat(400), fc.nat(400)).map((p) => p.join('.')),
  fc.ipV4(), fc.ipV6(), fc.ipV4Extended(),
);

export const nastyAddress: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_ADDRESSES) },
  { weight: 1, arbitrary: generatedAddress },
);

/** Any value a hostile capture could hold in one place. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...HUGE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, 1, 2, [], {}, [null], [[]], [{}], '', 'x') },
  { weight: 2, arbitrary: nastyAddress },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...ENUMISH) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// --- mutations ------------------------------------------------------------------------

export type Mutation =
  | { readonly kind: 'replace'; readonly target: 'any' | 'string' | 'number' | 'enum'; readonly at: number; readonly value: Json }
  | { readonly kind: 'replaceField'; readonly at: number; readonly value: Json }
  | { readonly kind: 'perturb'; readonly at: number; readonly pick: number; readonly all: boolean }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'rename'; readonly at: number; readonly to: string }
  | { readonly kind: 'addKey'; readonly at: number; readonly key: string; readonly value: Json }
  | { readonly kind: 'duplicate'; readonly at: number; readonly times: number }
  | { readonly kind: 'giant'; readonly at: number; readonly length: number }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number; readonly shape: 'array' | 'object' }
  | { readonly kind: 'stringify'; readonly at: number }
  | { readonly kind: 'unwrap'; readonly at: number }
  | { readonly kind: 'swapItems'; readonly at: number; readonly other: number };

const GUIDISH: readonly unknown[] = [
  '', '{}', 'not-a-guid', '{5A1B3F0E-9D2C-4E71-8B6A-2F4C0D9E7A31}', '5a1b3f0e9d2c4e718b6a2f4c0d9e7a31', 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31',
  '00000000-0000-0000-0000-000000000000', 'e9b59cfa-2be1-4b21-828f-b6fbdbddc017', 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017', 0, null, ['a'],
];
const DATEISH: readonly unknown[] = [
  '/Date(99999999999999999)/', '/Date(-99999999999999999)/', '/Date(8640000000000001)/', '/Date(-8640000000000001)/', '/Date()/', '/Date(1e3)/',
  '/Date(1591287561241+9999)/', '\\/Date(1)\\/', 'not a date', '', '2024-13-45T99:99:99Z', 'Thursday, June 4, 2020', 0, -1, 1e308, null,
  { value: '/Date(99999999999999999)/' }, { value: null, DateTime: 5 }, { DateTime: '' }, {}, { value: {} }, [],
];
const BOOLISH: readonly unknown[] = ['True', 'False', 'true', 'TRUE', 'yes', '1', 0, 1, 2, -1, null, '', [], {}, 'on'];

/** A value of the same kind as `current` but wrong in a way that kind of value can be wrong. */
export function perturbedValue(key: string | number, current: Json, pick: number): Json {
  const from = (pool: readonly unknown[]) => pool[pick % pool.length];
  if (typeof key === 'string' && ENUM_FIELDS.has(key)) return from([...ENUMISH, ...HUGE_NUMBERS.slice(0, 8), null, '', [], {}]);
  if (typeof key === 'string' && /date|installedon|capturedat/i.test(key)) return from(DATEISH);
  if (typeof current === 'string') {
    if (/^\/Date\(|^\d{4}-\d\d-\d\d/.test(current)) return from(DATEISH);
    if (/^[0-9a-f]{2}([-:]?[0-9a-f]{2}){5}$/i.test(current)) return from(NASTY_ADDRESSES.filter((a) => /^[0-9a-z]{2}[-:]?/i.test(a)).concat(['', '00', current.toLowerCase()]));
    if (/^[0-9.:a-f%/]+$/i.test(current) && /[.:]/.test(current)) return from(NASTY_ADDRESSES);
    if (/^\{?h?[0-9a-f]{8}-?[0-9a-f]{4}/i.test(current)) return from(GUIDISH);
    if (/^(true|false)$/i.test(current)) return from(BOOLISH);
    if (/^\s*-?\d+\s*$/.test(current)) return from([...HUGE_NUMBERS.map(String), '', ' ', '0x10', '1e3', '١٢٣']);
    return from(NASTY_STRINGS);
  }
  if (typeof current === 'number') return from([...HUGE_NUMBERS, ...HUGE_NUMBERS.map(String), null, true]);
  if (typeof current === 'boolean') return from(BOOLISH);
  if (current === null) return from([0, '', [], {}, 'null', false]);
  if (Array.isArray(current)) return from([[], [null], [[]], current.length > 0 ? current[0] : 'x', 'System.Object[]', {}, [current], null, '']);
  return from([{}, [], 'System.Collections.Hashtable', '@{}', null, [current], Object.keys(current as object).join(' ')]);
}

/** Property names of enum fields in the captures. */
const ENUM_FIELDS = new Set(['SwitchType', 'MacAddressSpoofing', 'Status', 'StartType', 'AddressFamily', 'ExtensionType', 'Protocol', 'ProductType', 'Type', 'Driver', 'Scope']);

export interface MutationOptions {
  /** Upper bound for giant arrays (keeps `npm test` fast; the fuzz runner raises it). */
  readonly giantMax?: number;
  /** Upper bound for deep nesting. */
  readonly depthMax?: number;
}

export function mutationArb(options: MutationOptions = {}): fc.Arbitrary<Mutation> {
  const giantMax = options.giantMax ?? 2000;
  const depthMax = options.depthMax ?? 1000;
  const at = fc.nat();
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.constant('any' as const), at, value: nastyValue }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.constant('string' as const), at, value: fc.oneof(nastyString, nastyAddress) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.constant('number' as const), at, value: fc.oneof(fc.constantFrom<unknown>(...HUGE_NUMBERS), fc.double(), nastyString) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.constant('enum' as const), at, value: fc.oneof(fc.constantFrom<unknown>(...ENUMISH), fc.integer({ min: -3, max: 30 }), fc.double(), fc.boolean()) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('replaceField' as const), at, value: nastyValue }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('perturb' as const), at, pick: fc.nat(), all: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), at, to: fc.oneof(nastyString, fc.constantFrom('name', 'NAME', 'Name ', '__proto__', 'constructor', 'prototype')) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('addKey' as const), at, key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'CimClass', 'IsDeleted', 'toString', '$ptr'), nastyString), value: nastyValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, times: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('giant' as const), at, length: fc.integer({ min: 50, max: giantMax }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), at, depth: fc.oneof(fc.constantFrom(10, 60, 63, 64, 65, 66, 100), fc.integer({ min: 1, max: depthMax })), shape: fc.constantFrom('array' as const, 'object' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('stringify' as const), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('unwrap' as const), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapItems' as const), at, other: fc.nat() }) },
  );
}

type Container = Record<string, Json> | Json[];

interface NodeRef {
  readonly value: Json;
  readonly parent: Container;
  readonly key: string | number;
  readonly up: NodeRef | undefined;
  readonly depth: number;
}

/** The path from the root to a node. */
function pathOf(n: NodeRef): Path {
  const out: (string | number)[] = [];
  for (let x: NodeRef | undefined = n; x; x = x.up) out.push(x.key);
  return out.reverse();
}

/** Every node under the root (not the root itself), with its parent; paths are made on demand. */
export function nodesOf(root: Json, limit = 200_000): NodeRef[] {
  const out: NodeRef[] = [];
  const stack: { value: Json; ref: NodeRef | undefined }[] = [{ value: root, ref: undefined }];
  while (stack.length > 0 && out.length < limit) {
    const { value, ref } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const k of keys) {
      const v = (value as Record<string | number, Json>)[k];
      const n: NodeRef = { value: v, parent: value as Container, key: k, up: ref, depth: (ref?.depth ?? 0) + 1 };
      out.push(n);
      stack.push({ value: v, ref: n });
    }
  }
  return out;
}

/**
 * A deep copy of JSON data without recursion (nesting may be thousands deep),
 * keeping own '__proto__' properties as JSON.parse makes them.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const rootCopy: unknown = Array.isArray(value) ? [] : {};
  const stack: { from: object; to: Record<string | number, unknown> }[] = [{ from: value as object, to: rootCopy as Record<string, unknown> }];
  const copyOf = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const copy = Array.isArray(v) ? [] : {};
    stack.push({ from: v, to: copy as Record<string, unknown> });
    return copy;
  };
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    if (Array.isArray(from)) {
      for (const v of from) (to as unknown as unknown[]).push(copyOf(v));
      continue;
    }
    for (const k of Object.keys(from)) {
      const copy = copyOf((from as Record<string, unknown>)[k]);
      if (k === '__proto__') setOwn(to as Record<string, Json>, k, copy);
      else to[k] = copy;
    }
  }
  return rootCopy as T;
}

function setOwn(obj: Record<string, Json>, key: string, value: Json): void {
  // defineProperty, so that '__proto__' becomes an own property as JSON.parse makes it.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// --- serializing without recursion, and measuring -------------------------------------

/** One open array or object while walking JSON data without recursion. */
interface Frame {
  readonly obj: Record<string | number, unknown>;
  /** Property names of an object; undefined for an array. */
  readonly keys: readonly string[] | undefined;
  readonly depth: number;
  next: number;
  wrote: number;
}

function frameOf(v: object, depth: number): Frame {
  return { obj: v as Record<string | number, unknown>, keys: Array.isArray(v) ? undefined : Object.keys(v), depth, next: 0, wrote: 0 };
}

/** Values JSON.stringify leaves out of an object. */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const isContainer = (v: unknown): v is object => v !== null && typeof v === 'object';

/**
 * Walks JSON data as JSON.stringify writes it, without recursion (JSON.stringify
 * overflows the stack a few thousand levels deep). `visit` sees each entry with
 * its key (undefined in an array), value and depth; `close` each container as it
 * ends. Either returns false to stop.
 */
function walkJson(root: object, visit: (f: Frame, key: string | undefined, value: unknown) => boolean, close: (f: Frame) => boolean): void {
  const stack: Frame[] = [frameOf(root, 0)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const size = f.keys ? f.keys.length : (f.obj as unknown as unknown[]).length;
    if (f.next >= size) {
      stack.pop();
      if (!close(f)) return;
      continue;
    }
    const key = f.keys ? f.keys[f.next] : undefined;
    const v = f.obj[key ?? f.next];
    f.next++;
    if (key !== undefined && skipped(v)) continue;
    if (!visit(f, key, v)) return;
    f.wrote++;
    if (isContainer(v)) stack.push(frameOf(v, f.depth + 1));
  }
}

const ASCII = /^[\u0000-\u007f]*$/;
const utf8Length = (text: string) => (ASCII.test(text) ? text.length : Buffer.byteLength(text, 'utf8'));

/**
 * UTF-8 bytes of JSON.stringify(value, null, indent), counted without making
 * the text, up to `stopAbove` (a larger result only means "more than that").
 */
export function jsonBytes(value: Json, indent = 0, stopAbove = Infinity): number {
  if (!isContainer(value)) return utf8Length(JSON.stringify(value) ?? 'null');
  let n = 2;
  walkJson(value, (f, key, v) => {
    // Comma, line break and indentation, the key with ':' (and a space), then the value.
    n += (f.wrote > 0 ? 1 : 0) + (indent > 0 ? 1 + indent * (f.depth + 1) : 0);
    if (key !== undefined) n += utf8Length(JSON.stringify(key)) + (indent > 0 ? 2 : 1);
    n += isContainer(v) ? 2 : utf8Length(JSON.stringify(v) ?? 'null');
    return n <= stopAbove;
  }, (f) => {
    if (f.wrote > 0 && indent > 0) n += 1 + indent * f.depth;
    return n <= stopAbove;
  });
  return n;
}

/** The text JSON.stringify(value, null, indent) makes, at any depth of nesting. */
export function jsonString(value: Json, indent = 0): string {
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch (e) {
    if (!(e instanceof RangeError) || !isContainer(value)) throw e;
  }
  // Too deep for JSON.stringify: the same text, piece by piece.
  const pad = (depth: number) => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  const open = (v: unknown) => (Array.isArray(v) ? '[' : '{');
  const parts: string[] = [open(value)];
  walkJson(value, (f, key, v) => {
    parts.push((f.wrote > 0 ? ',' : '') + pad(f.depth + 1) + (key === undefined ? '' : JSON.stringify(key) + (indent > 0 ? ': ' : ':'))
      + (isContainer(v) ? open(v) : JSON.stringify(v) ?? 'null'));
    return true;
  }, (f) => {
    parts.push((f.wrote > 0 ? pad(f.depth) : '') + (f.keys ? '}' : ']'));
    return true;
  });
  return parts.join('');
}

/**
 * The most a generated capture may take, as UTF-8 JSON text. Every recipe
 * stays within it, and a file is written indented only when that fits too,
 * so no file passes twice this in any encoding (half the loader's default
 * size limit) and no text comes near the longest string V8 can make.
 */
export const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

function nest(value: Json, depth: number, shape: 'array' | 'object'): Json {
  let v = value;
  for (let i = 0; i < depth; i++) v = shape === 'array' ? [v] : { Name: v };
  return v;
}

/** Values a giant-array mutation may add (a few tens of megabytes of JSON). */
const GIANT_NODE_BUDGET = 1_000_000;

/** A mutation of "every place with this property name" strikes at most this many places. */
const MAX_FIELD_TARGETS = 200;

/** What a mutation did, for the properties. */
export interface Applied {
  readonly mutation: Mutation;
  /** Where it struck: issues are expected at, above or below this pointer. */
  readonly path: Path;
}

/**
 * Applies mutations in order to `root` (modified in place). Returns what each
 * one did; a mutation that found no place to strike is left out, and so is
 * one that would take the capture past `maxBytes` of JSON text (it is undone):
 * the capture a recipe makes never passes that bound.
 */
export function applyMutations(root: Record<string, Json>, mutations: readonly Mutation[], maxBytes = MAX_CAPTURE_BYTES): Applied[] {
  const applied: Applied[] = [];
  let bytes = jsonBytes(root, 0, maxBytes);
  // What each change replaced, so that a mutation that makes the capture too large can be undone.
  let undo: (() => void)[] = [];
  const put = (parent: Container, key: string | number, value: Json) => {
    if (Array.isArray(parent)) {
      const i = key as number;
      const old = parent[i];
      parent[i] = value;
      undo.push(() => { parent[i] = old; });
      return;
    }
    const k = key as string;
    const had = Object.hasOwn(parent, k);
    const old = parent[k];
    setOwn(parent, k, value);
    undo.push(() => (had ? setOwn(parent, k, old) : delete parent[k]));
  };
  const remove = (parent: Container, key: string | number) => {
    if (Array.isArray(parent)) {
      const i = key as number;
      const [old] = parent.splice(i, 1);
      undo.push(() => parent.splice(i, 0, old));
      return;
    }
    const k = key as string;
    const old = parent[k];
    delete parent[k];
    undo.push(() => setOwn(parent, k, old));
  };
  const append = (arr: Json[], make: () => Json, until: number) => {
    const before = arr.length;
    while (arr.length < until) arr.push(make());
    undo.push(() => { arr.length = before; });
  };
  for (const m of mutations) {
    undo = [];
    const count = applied.length;
    apply(m);
    const after = jsonBytes(root, 0, maxBytes);
    if (after > maxBytes) {
      for (const u of undo.reverse()) u();
      applied.length = count;
    } else bytes = after;
  }
  return applied;

  function apply(m: Mutation): void {
    const all = nodesOf(root);
    const pick = (list: NodeRef[]): NodeRef | undefined => (list.length === 0 ? undefined : list[m.at % list.length]);
    switch (m.kind) {
      case 'replace': {
        const list = m.target === 'string' ? all.filter((n) => typeof n.value === 'string')
          : m.target === 'number' ? all.filter((n) => typeof n.value === 'number')
            : m.target === 'enum' ? all.filter((n) => typeof n.key === 'string' && ENUM_FIELDS.has(n.key))
              : all;
        const n = pick(list);
        if (!n) break;
        put(n.parent, n.key, cloneJson(m.value));
        applied.push({ mutation: m, path: pathOf(n) });
        break;
      }
      case 'perturb': {
        // A value of the right kind gone wrong, at one place or at every place with that property name.
        const n = pick(all);
        if (!n) break;
        const targets = m.all && typeof n.key === 'string' ? all.filter((x) => x.key === n.key && !Array.isArray(x.parent)).slice(0, MAX_FIELD_TARGETS) : [n];
        for (const x of targets) {
          put(x.parent, x.key, cloneJson(perturbedValue(x.key, x.value, m.pick)));
          applied.push({ mutation: m, path: pathOf(x) });
        }
        break;
      }
      case 'replaceField': {
        // Every value of one property name (every item's 'InstalledOn', say) at once.
        const names = [...new Set(all.filter((x) => typeof x.key === 'string').map((x) => x.key as string))].sort();
        if (names.length === 0) break;
        const name = names[m.at % names.length]!;
        for (const n of all.filter((x) => x.key === name && !Array.isArray(x.parent)).slice(0, MAX_FIELD_TARGETS)) {
          put(n.parent, name, cloneJson(m.value));
          applied.push({ mutation: m, path: pathOf(n) });
        }
        break;
      }
      case 'delete': {
        const n = pick(all);
        if (!n) break;
        if (Array.isArray(n.parent)) {
          remove(n.parent, n.key);
          applied.push({ mutation: m, path: pathOf(n).slice(0, -1) }); // later items moved
        } else {
          remove(n.parent, n.key);
          applied.push({ mutation: m, path: pathOf(n) });
        }
        break;
      }
      case 'rename': {
        const n = pick(all.filter((x) => !Array.isArray(x.parent)));
        if (!n || n.key === m.to) break;
        const v = n.value;
        remove(n.parent, n.key);
        put(n.parent, m.to, v);
        applied.push({ mutation: m, path: pathOf(n) });
        applied.push({ mutation: m, path: [...pathOf(n).slice(0, -1), m.to] });
        break;
      }
      case 'addKey': {
        const objects = all.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
        const i = m.at % (objects.length + 1);
        const n = objects[i];
        put((n ? n.value : root) as Record<string, Json>, m.key, cloneJson(m.value));
        applied.push({ mutation: m, path: [...(n ? pathOf(n) : []), m.key] });
        break;
      }
      case 'duplicate': {
        const n = pick(all.filter((x) => Array.isArray(x.parent)));
        if (!n) break;
        const arr = n.parent as Json[];
        append(arr, () => cloneJson(n.value), arr.length + m.times);
        applied.push({ mutation: m, path: pathOf(n).slice(0, -1) });
        break;
      }
      case 'giant': {
        const n = pick(all.filter((x) => Array.isArray(x.value) && (x.value as Json[]).length > 0));
        if (!n) break;
        const arr = n.value as Json[];
        const base = arr.slice();
        // Grow the array within the node budget and the bytes left (items and commas), not past them.
        const perItem = Math.max(1, nodesOf(base, GIANT_NODE_BUDGET).length / base.length);
        const perItemBytes = (jsonBytes(base, 0, maxBytes) - 1) / base.length;
        const length = Math.min(m.length, arr.length + Math.floor(GIANT_NODE_BUDGET / perItem), arr.length + Math.floor((maxBytes - bytes) / perItemBytes));
        if (length <= arr.length) break;
        append(arr, () => cloneJson(base[arr.length % base.length]), length);
        applied.push({ mutation: m, path: pathOf(n) });
        break;
      }
      case 'nest': {
        const n = pick(all);
        if (!n) break;
        put(n.parent, n.key, nest(n.value, m.depth, m.shape));
        applied.push({ mutation: m, path: pathOf(n) });
        break;
      }
      case 'stringify': {
        // What ConvertTo-Json writes below its -Depth: a type name or a flattened list.
        const n = pick(all.filter((x) => x.value !== null && typeof x.value === 'object'));
        if (!n) break;
        const text = Array.isArray(n.value) ? (n.value as Json[]).map((x) => (typeof x === 'object' ? 'System.Collections.Hashtable' : String(x))).join(' ') : '@{' + Object.keys(n.value as object).map((k) => `${k}=`).join('; ') + '}';
        put(n.parent, n.key, text);
        applied.push({ mutation: m, path: pathOf(n) });
        break;
      }
      case 'unwrap': {
        // A one-element array written as its element, or a value wrapped in an array.
        const n = pick(all);
        if (!n) break;
        put(n.parent, n.key, Array.isArray(n.value) ? n.value[0] : [n.value]);
        applied.push({ mutation: m, path: pathOf(n) });
        break;
      }
      case 'swapItems': {
        // Swaps two values of different places (types and enums end up in the wrong field).
        const a = pick(all);
        const b = all.length === 0 ? undefined : all[m.other % all.length];
        if (!a || !b || a === b) break;
        const isAncestor = (p: NodeRef, q: NodeRef) => {
          for (let x: NodeRef | undefined = q; x; x = x.up) if (x === p) return true;
          return false;
        };
        if (isAncestor(a, b) || isAncestor(b, a)) break;
        const av = cloneJson(a.value);
        const bv = cloneJson(b.value);
        put(a.parent, a.key, bv);
        put(b.parent, b.key, av);
        applied.push({ mutation: m, path: pathOf(a) }, { mutation: m, path: pathOf(b) });
        break;
      }
    }
  }
}

/** Which sample to start from and what to break: small to print and to replay. */
export interface Recipe {
  readonly sample: string;
  readonly mutations: readonly Mutation[];
}

/** A sample capture, broken in a few places. */
export interface MutatedCapture {
  readonly sample: string;
  readonly raw: Record<string, Json>;
  readonly applied: readonly Applied[];
}

export function recipeArb(options: MutationOptions & { readonly maxMutations?: number } = {}): fc.Arbitrary<Recipe> {
  return fc.record({
    sample: fc.constantFrom(...SAMPLE_NAMES),
    mutations: fc.array(mutationArb(options), { minLength: 1, maxLength: options.maxMutations ?? 4 }),
  });
}

/** Makes the broken capture a recipe describes (a fresh copy every time). */
export function cook(recipe: Recipe): MutatedCapture {
  const raw = sample(recipe.sample);
  const applied = applyMutations(raw, recipe.mutations);
  return { sample: recipe.sample, raw, applied };
}

/** Captures made from nothing: known keys holding random JSON, or not an object at all. */
export const randomCaptureArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('format', 'formatVersion', 'capturedAt', 'collector', 'psVersion', 'os', 'computerSystem', 'hotfixes', 'tcpip6', 'services', 'vmSwitches', 'vmSwitchExtensions', 'vmNetworkAdapters', 'parentVmNetworkAdapters', 'netAdapters', 'netIPAddresses', 'netIPInterfaces', 'netRoutes', 'netNat', 'netNatStaticMappings', 'excludedPortRanges', 'hnsNetworks', 'hnsEndpoints', 'docker', 'collectorErrors'), fc.oneof(nastyValue, fc.array(fc.dictionary(fc.constantFrom('Name', 'ID', 'Id', 'Type', 'SwitchType', 'Status', 'IPAddress', 'PrefixLength', 'Subnets', 'Ipams', 'HostComputeNetwork', 'InternalIPInterfaceAddressPrefix', 'Options', 'IPAM', 'Containers', 'NetworkSettings', 'HotFixID', 'ExternalPort', 'DestinationPrefix', 'key', 'networks', 'containers', 'info'), nastyValue), { maxLength: 4 })), { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 0, '', 'wcn-capture', [{}], true) },
);

// --- files on disk ---------------------------------------------------------------------

export type FileEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16le-nobom' | 'utf16be' | 'windows-1252';

export type Corruption =
  | { readonly kind: 'none' }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'flip'; readonly at: number; readonly xor: number }
  | { readonly kind: 'text'; readonly at: number; readonly text: string };

/** A broken capture written to disk as one file or a folder of `<key>.json` files. */
export interface FileRecipe {
  readonly recipe: Recipe;
  readonly form: 'file' | 'folder';
  readonly encoding: FileEncoding;
  /** Applied to the file (or, in a folder, to one file picked by `at`). */
  readonly corruption: Corruption;
}

export function fileRecipeArb(options: MutationOptions & { readonly maxMutations?: number } = {}): fc.Arbitrary<FileRecipe> {
  return fc.record({
    recipe: recipeArb({ ...options, maxMutations: options.maxMutations ?? 2 }),
    form: fc.constantFrom('file' as const, 'folder' as const),
    encoding: fc.constantFrom<FileEncoding>('utf8', 'utf8-bom', 'utf16le', 'utf16le-nobom', 'utf16be', 'windows-1252'),
    corruption: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.constantFrom('// comment\n', '/* c */', ',', ',,', '}', ']', '{', '"', '\\', 'NaN', 'undefined', "'x'", '\u0000', '\ufeff', '\u2028', '0x10', '.5', '01', '+1', '1e999', '"\\ud800"', '"\\u00"') }) },
    ),
  });
}

function encodeText(text: string, enc: FileEncoding): Uint8Array {
  switch (enc) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8-bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16le-nobom': return Buffer.from(text, 'utf16le');
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) {
        const b = le[i]!;
        le[i] = le[i + 1]!;
        le[i + 1] = b;
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'windows-1252': return Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1');
  }
}

function corrupt(bytes: Uint8Array, c: Corruption, enc: FileEncoding): Uint8Array {
  if (bytes.length === 0 || c.kind === 'none') return bytes;
  const at = c.at % bytes.length;
  switch (c.kind) {
    case 'truncate': return bytes.subarray(0, at);
    case 'insert': return Buffer.concat([bytes.subarray(0, at), c.bytes, bytes.subarray(at)]);
    case 'flip': {
      const out = Buffer.from(bytes);
      out[at] = out[at]! ^ c.xor;
      return out;
    }
    case 'text': return Buffer.concat([bytes.subarray(0, at), encodeText(c.text, enc === 'utf8-bom' ? 'utf8' : enc === 'utf16le' ? 'utf16le-nobom' : enc === 'utf16be' ? 'utf16le-nobom' : enc), bytes.subarray(at)]);
  }
}

/**
 * Indented like ConvertTo-Json when that stays within MAX_CAPTURE_BYTES
 * (deep nesting makes indentation grow with the square of the depth), else
 * on one line; measured before any text is made.
 */
export function jsonText(value: Json): string {
  return jsonString(value, jsonBytes(value, 2, MAX_CAPTURE_BYTES) <= MAX_CAPTURE_BYTES ? 2 : 0);
}

/** Longest file name (in bytes, `.json` included) that common file systems accept. */
export const MAX_FILE_NAME_BYTES = 255;

/** Whether a key can be the name of a `<key>.json` file in a capture folder. */
export function isFileNameKey(key: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(key) && key.length + '.json'.length <= MAX_FILE_NAME_BYTES;
}

/** The files a file recipe writes: relative name -> bytes. */
export function filesOf(fr: FileRecipe): { entry: string; files: Map<string, Uint8Array>; applied: readonly Applied[] } {
  const { raw, applied } = cook(fr.recipe);
  const files = new Map<string, Uint8Array>();
  if (fr.form === 'file') {
    files.set('capture.json', corrupt(encodeText(jsonText(raw), fr.encoding), fr.corruption, fr.encoding));
    return { entry: 'capture.json', files, applied };
  }
  const keys = Object.keys(raw);
  keys.forEach((k, i) => {
    const bytes = encodeText(jsonText(raw[k] ?? null), fr.encoding);
    const target = fr.corruption.kind === 'none' || keys.length === 0 ? -1 : fr.corruption.at % keys.length;
    // A key name may not make a file name (odd Unicode, '/', longer than a file system allows): such keys
    // go nowhere, as on a real disk.
    if (!isFileNameKey(k)) return;
    files.set(`${k}.json`, i === target ? corrupt(bytes, fr.corruption, fr.encoding) : bytes);
  });
  return { entry: '.', files, applied };
}
