/**
 * Raw capture JSON -> normalized Capture + ingest issues. Pure: no I/O.
 * Every key is read on its own, and every item of a list on its own, so one
 * broken item or section is reported and skipped while the rest still loads.
 *
 * Each item goes first through the fast validator of its key
 * (fast.generated.ts, generated from the zod schemas in schema.ts, which it
 * matches exactly). Only an item that the fast validator rejects goes to
 * zod, which says precisely what is wrong with it; a valid capture is read
 * without zod.
 */
import * as z from '../zod.js';
import type { $ZodIssue, $ZodType } from 'zod/v4/core';
import { FAST_TYPED_DEPTH, FAST_VALIDATORS } from './fast.generated.js';
import { FAIL, type FastValidator } from './fast-runtime.js';
import { CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION, CAPTURE_KEYS } from './keys.js';
import { captureSchemas, SHAPE_FIELD, type Capture } from './schema.js';
import { describeValue, pointer, type IngestIssue } from './issues.js';
import { deriveKey, deriveParts } from './derive.js';
import { reportBadAddresses } from './addresses.js';

export interface IngestOptions {
  /** Deepest nesting accepted in what the loader keeps of one key (real captures need about 12). */
  readonly maxDepth?: number;
  /** Issues reported per key before the rest are summarized in one line. */
  readonly maxIssuesPerKey?: number;
  /** Items accepted in one list key; a longer list is skipped (real captures hold at most a few thousand). */
  readonly maxItemsPerKey?: number;
  /**
   * JSON values (objects, arrays, strings, numbers, ...) read from the whole
   * capture; keys past this budget are skipped. Bounds the time and memory
   * that validation takes whatever the shape of the input (a real capture of
   * a busy host holds a few hundred thousand).
   */
  readonly maxValues?: number;
  /**
   * An upper bound of the JSON values in the input, when the reader knows
   * one (see `valuesBound` in read.ts): within `maxValues`, the values need
   * not be counted, since the budget cannot run out.
   */
  readonly valuesAtMost?: number;
  /** Read every item with zod alone, without the fast validators (tests compare the two). */
  readonly zodOnly?: boolean;
}

export interface IngestResult {
  readonly capture: Capture;
  readonly issues: IngestIssue[];
}

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ISSUES_PER_KEY = 20;
export const DEFAULT_MAX_ITEMS_PER_KEY = 100_000;
export const DEFAULT_MAX_VALUES = 2_000_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const METADATA_KEYS = new Set(['format', 'formatVersion', 'capturedAt', 'collector', 'psVersion']);

type SchemaDef = { readonly kind: 'object' | 'list'; readonly schema: $ZodType; readonly record?: boolean };

/** How each key is read (the same table as the schemas', without building them). */
const KEY_KINDS: Readonly<Record<string, { readonly kind: 'object' | 'list'; readonly record?: boolean }>> = {
  os: { kind: 'object' },
  computerSystem: { kind: 'object' },
  hotfixes: { kind: 'list' },
  tcpip6: { kind: 'object' },
  services: { kind: 'list' },
  vmSwitches: { kind: 'list' },
  vmSwitchExtensions: { kind: 'list' },
  vmNetworkAdapters: { kind: 'list' },
  parentVmNetworkAdapters: { kind: 'list' },
  netAdapters: { kind: 'list' },
  netIPAddresses: { kind: 'list' },
  netIPInterfaces: { kind: 'list' },
  netRoutes: { kind: 'list' },
  netNat: { kind: 'list' },
  netNatStaticMappings: { kind: 'list' },
  excludedPortRanges: { kind: 'list' },
  hnsNetworks: { kind: 'list' },
  hnsEndpoints: { kind: 'list' },
  hnsLoadBalancers: { kind: 'list' },
  ipRoutes: { kind: 'list' },
  dnsClientServers: { kind: 'list' },
  dynamicPortRanges: { kind: 'list' },
  hnsVersion: { kind: 'object' },
  hnsState: { kind: 'object', record: true },
  vfp: { kind: 'object' },
  containerd: { kind: 'object' },
  collectorErrors: { kind: 'list' },
};
type PartKinds = Readonly<Record<string, { readonly kind: 'object' | 'list'; readonly record?: boolean }>>;
/** Keys made of parts, and how each part is read (the same table as the schemas' PART_SCHEMAS). */
const PART_KINDS: Readonly<Record<string, PartKinds>> = {
  docker: {
    info: { kind: 'object' },
    version: { kind: 'object' },
    networks: { kind: 'list' },
    containers: { kind: 'list' },
    daemonConfig: { kind: 'object', record: true },
  },
  firewall: { profiles: { kind: 'list' }, rules: { kind: 'list' } },
  cni: { confDirs: { kind: 'list' }, binDirs: { kind: 'list' } },
  kubernetes: {
    processes: { kind: 'list' },
    services: { kind: 'list' },
    files: { kind: 'list' },
    versions: { kind: 'object' },
    node: { kind: 'object' },
    nodes: { kind: 'list' },
  },
};
/** Each key's parts as entries, listed once rather than at every read. */
const PART_ENTRIES = new Map<PartKinds, [string, PartKinds[string]][]>(Object.values(PART_KINDS).map((parts) => [parts, Object.entries(parts)]));
const PART_LISTS: Readonly<Record<string, string>> = {
  docker: 'info, version, networks, containers and daemonConfig',
  firewall: 'profiles and rules',
  cni: 'confDirs and binDirs',
  kubernetes: 'processes, services, files, versions, node and nodes',
};

/** The zod schema of a key (`<key>.<part>` for parts); builds the schemas on first use. */
function zodSchemaOf(key: string): SchemaDef {
  const { KEY_SCHEMAS, PART_SCHEMAS } = captureSchemas();
  const dot = key.indexOf('.');
  const def = dot > 0
    ? ((PART_SCHEMAS as Record<string, Record<string, SchemaDef>>)[key.slice(0, dot)] ?? {})[key.slice(dot + 1)]
    : (KEY_SCHEMAS as Record<string, SchemaDef>)[key];
  if (!def) throw new Error(`no schema for '${key}'`);
  return def;
}

/** Collects issues for one key, keeping at most a fixed number. */
class IssueSink {
  private readonly perKey = new Map<string, number>();
  readonly issues: IngestIssue[] = [];
  /** JSON values still allowed in this capture (shared by every key); Infinity when they need no counting. */
  valuesLeft: number;
  constructor(private readonly max: number, maxValues: number) {
    this.valuesLeft = maxValues;
  }
  add(issue: IngestIssue): void {
    const k = issue.key ?? '';
    const n = (this.perKey.get(k) ?? 0) + 1;
    this.perKey.set(k, n);
    if (n <= this.max) this.issues.push(issue);
  }
  finish(file: string): void {
    for (const [key, n] of this.perKey) {
      if (n > this.max) {
        this.issues.push({
          severity: 'error', file, key: key || undefined,
          message: `${n - this.max} more problems in ${key ? `'${key}'` : 'this file'} were not listed`,
        });
      }
    }
  }
}

/**
 * Removes, anywhere in a parsed JSON value, the keys that could pollute
 * prototypes, and reports each with its path; and stops, returning false, at
 * the first object or array nested deeper than `maxDepth` (`depth` is the
 * depth of the value itself). Recursion stops at the depth limit, so the
 * stack stays small; the path is one shared array (no allocation per value).
 */
function scrub(root: unknown, depth: number, maxDepth: number, onForbidden: (path: (string | number)[]) => void): boolean {
  const path: (string | number)[] = [];
  const visit = (value: unknown, d: number): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (d > maxDepth) return false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v === null || typeof v !== 'object') continue;
        path.push(i);
        const ok = visit(v, d + 1);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) {
        delete obj[key];
        onForbidden([...path, key]);
        continue;
      }
      const v = obj[key];
      if (v === null || typeof v !== 'object') continue;
      path.push(key);
      const ok = visit(v, d + 1);
      path.pop();
      if (!ok) return false;
    }
    return true;
  };
  return visit(root, depth);
}

/**
 * Counts the JSON values of a parsed value the way the value budget counts
 * them (the value itself, each item of an array, each property of an
 * object), stopping as soon as the count passes `max`: an array is counted
 * whole before it is walked, so a huge one is refused at once. Iterative, so
 * any nesting is counted without growing the stack. Returns the count, or
 * -1 past `max`.
 */
function countValues(root: unknown, max: number): number {
  let values = 1;
  if (values > max) return -1;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      values += value.length;
      if (values > max) return -1;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v !== null && typeof v === 'object') stack.push(v);
      }
      continue;
    }
    // Object.values: own enumerable properties, as for-in with hasOwn, in about 60 % of its time.
    const members = Object.values(value);
    values += members.length;
    if (values > max) return -1;
    for (let i = 0; i < members.length; i++) {
      const v = members[i];
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return values;
}

/**
 * What the loader keeps of an item, made clean: every null property becomes
 * absent (undefined; see `opt` in schema.ts), in place, up to 100 levels
 * below the item. Setting undefined rather than deleting keeps the objects'
 * shape, and so fast. In place is safe: the values are the loader's own
 * result, or values it passed through from the parsed input, which it
 * already edits (see `scrub`).
 * Returns 'too-deep' when something is nested more than `maxDepth` below the
 * capture key, and 'forbidden' when a property could pollute prototypes
 * (the item is then read again, scrubbed first).
 */
function keep(value: unknown, depth: number, itemDepth: number, maxDepth: number): 'ok' | 'too-deep' | 'forbidden' {
  if (value === null || typeof value !== 'object') return 'ok';
  if (depth > maxDepth) return 'too-deep';
  const clean = depth - itemDepth <= 100;
  if (Array.isArray(value)) {
    for (const v of value) {
      if (v === null || typeof v !== 'object') continue;
      const r = keep(v, depth + 1, itemDepth, maxDepth);
      if (r !== 'ok') return r;
    }
    return 'ok';
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    if (FORBIDDEN_KEYS.has(key)) return 'forbidden';
    const v = obj[key];
    if (v === null) {
      if (clean) obj[key] = undefined;
    } else if (typeof v === 'object') {
      const r = keep(v, depth + 1, itemDepth, maxDepth);
      if (r !== 'ok') return r;
    }
  }
  return 'ok';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function explainZodIssue(issue: $ZodIssue, item: unknown): { expected?: string; found: string; message: string } {
  const found = valueAt(item, issue.path);
  const foundText = describeValue(found);
  const field = issue.path.length > 0 ? `'${issue.path.join('.')}'` : 'the value';
  if (issue.code === 'invalid_type') {
    const expected = issue.expected;
    if (typeof found === 'string' && (expected === 'object' || expected === 'array' || expected === 'record')) {
      return {
        expected, found: foundText,
        message: `${field} is the string ${foundText} where ${expected === 'array' ? 'a list' : 'an object'} was expected: the capture was written with too small a depth (use ConvertTo-Json -Depth 10)`,
      };
    }
    if (found === undefined) return { expected, found: foundText, message: `${field} is missing (expected ${expected})` };
    return { expected, found: foundText, message: `${field} should be ${expected === 'array' ? 'a list' : `a ${expected}`}, found ${foundText}` };
  }
  if (issue.code === 'invalid_union') {
    return { found: foundText, message: `${field} has none of the accepted shapes (found ${foundText})` };
  }
  return { found: foundText, message: `${field}: ${issue.message} (found ${foundText})` };
}

/**
 * A value that none of a union's shapes accepts is explained by the shape
 * it got furthest into, when one got past the value itself (a list of one
 * object or the object alone: a bad item of the list is named, not the
 * list); otherwise the union's own issue stands.
 */
function deepestOfUnion(issue: $ZodIssue): $ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: $ZodIssue | undefined;
  for (const option of issue.errors) {
    for (const inner of option) {
      if (inner.path.length > 0 && (best === undefined || inner.path.length > best.path.length)) best = inner;
    }
  }
  return best ? deepestOfUnion({ ...best, path: [...issue.path, ...best.path] } as $ZodIssue) : issue;
}

/** HNS objects come in two shapes; pick by the field that tells them apart, for clearer errors (see SHAPE_FIELD). */
function optionFor(key: string, item: unknown): 0 | 1 | undefined {
  const field = SHAPE_FIELD[key];
  if (field !== undefined && item && typeof item === 'object') return field in item ? 0 : 1;
  return undefined;
}

function schemaFor(key: string, def: SchemaDef, item: unknown): $ZodType {
  const option = optionFor(key, item);
  if (option !== undefined) {
    const options = (def.schema as unknown as { _zod: { def: { options?: $ZodType[] } } })._zod.def.options;
    if (options && options.length === 2) return options[option]!;
  }
  return def.schema;
}

/** Where an item sits: what it is read as, how deep, and how to report it. */
interface ItemContext {
  readonly key: string;
  readonly kind: 'object' | 'list';
  readonly record: boolean;
  readonly file: string;
  readonly sink: IssueSink;
  readonly maxDepth: number;
  /** The depth of the items below the key's value (1 in an array, else 0). */
  readonly itemDepth: number;
  /** True when the depth of what the fast validator builds itself needs checking too (a small maxDepth). */
  readonly checkAll: boolean;
  /** Pass-through values found by the fast validators, with their depth (reused between items). */
  readonly kept: unknown[];
  /** The key's fast validator. */
  readonly fast: FastValidator | undefined;
  readonly zodOnly: boolean;
}

/** Thrown (and caught in readKey) when what an item keeps is nested too deep: the key is skipped. */
const TOO_DEEP = Symbol('too deep');

/** The fast validator's result for an item, cleaned; FAIL when the item needs the careful path. */
function readFast(c: ItemContext, item: unknown, ptr: string): unknown {
  const fast = c.fast;
  if (!fast) return FAIL;
  const kept = c.kept;
  if (kept.length !== 0) kept.length = 0;
  const out = fast(item, kept, c.itemDepth, ptr);
  if (out === FAIL) return FAIL;
  if (c.checkAll) {
    kept.length = 0;
    kept.push(out, c.itemDepth);
  }
  for (let i = 0; i < kept.length; i += 2) {
    const r = keep(kept[i], kept[i + 1] as number, c.itemDepth, c.maxDepth);
    if (r === 'too-deep') throw TOO_DEEP;
    if (r === 'forbidden') return FAIL;
  }
  return out;
}

/**
 * The careful path, for an item the fast validator rejected: prototype keys
 * removed and reported, then zod's precise issues, or zod's result.
 */
function readCarefully(c: ItemContext, item: unknown, ptr: string): unknown {
  const { key, kind, file, sink } = c;
  const shallow = scrub(item, c.itemDepth, c.maxDepth, (path) => sink.add({
    severity: 'warning', file, key, pointer: ptr + path.map((p) => pointer(p)).join(''),
    message: `the property name '${String(path[path.length - 1])}' is not allowed and was ignored`,
  }));
  const parsed = z.safeParse(schemaFor(key, zodSchemaOf(key), item), item);
  // An item that fails and is nested too deep anywhere costs its key, as every item once did;
  // one that passes is judged, like every item, by the depth of what is kept of it.
  if (!parsed.success && !shallow) throw TOO_DEEP;
  if (!parsed.success) {
    for (const zi of parsed.error.issues.slice(0, 3).map(deepestOfUnion)) {
      const explained = explainZodIssue(zi, item);
      sink.add({
        severity: 'error', file, key, pointer: ptr + zi.path.map((p) => pointer(String(p))).join(''),
        expected: explained.expected, found: explained.found,
        message: `${explained.message}; this ${kind === 'list' ? 'item' : 'section'} was skipped`,
      });
    }
    return FAIL;
  }
  if (keep(parsed.data, c.itemDepth, c.itemDepth, c.maxDepth) === 'too-deep') throw TOO_DEEP;
  return parsed.data;
}

function readItem(c: ItemContext, item: unknown, ptr: string): unknown | undefined {
  const { key, kind, file, sink } = c;
  if (typeof item === 'string' && kind === 'list' && key !== 'excludedPortRanges') {
    sink.add({
      severity: 'error', file, key, pointer: ptr, expected: 'object', found: describeValue(item),
      message: `an item of '${key}' is the string ${describeValue(item)}, not an object: the capture was written with too small a depth (use ConvertTo-Json -Depth 10)`,
    });
    return undefined;
  }
  // The fast validators set the item's pointer themselves.
  const fast = c.zodOnly ? FAIL : readFast(c, item, ptr);
  if (fast !== FAIL) return fast;
  const out = readCarefully(c, item, ptr);
  if (out === FAIL) return undefined;
  if (out !== null && typeof out === 'object' && !Array.isArray(out) && !c.record) {
    // zod built this object (it drops unknown properties), so it can take the pointer in place.
    const located = out === item ? { ...(out as object) } : out;
    (located as Record<string, unknown>)['$ptr'] = ptr;
    return located;
  }
  return out;
}

/** Reads one key's raw value. Returns undefined when nothing usable was found. */
function readKey(
  key: string, def: { readonly kind: 'object' | 'list'; readonly record?: boolean }, raw: unknown, basePtr: string, file: string, sink: IssueSink, opts: Required<IngestOptions>,
): unknown {
  if (def.kind === 'list' && Array.isArray(raw) && raw.length > opts.maxItemsPerKey) {
    sink.add({
      severity: 'error', file, key, pointer: basePtr, expected: `at most ${opts.maxItemsPerKey} items`, found: describeValue(raw),
      message: `'${key}' holds ${raw.length} items, more than the ${opts.maxItemsPerKey} wcn-doctor reads from one key; the section was skipped`,
    });
    return undefined;
  }
  if (sink.valuesLeft !== Infinity) {
    const values = countValues(raw, sink.valuesLeft);
    if (values < 0) {
      const first = sink.valuesLeft > 0;
      sink.valuesLeft = 0;
      sink.add({
        severity: 'error', file, key, pointer: basePtr, expected: `at most ${opts.maxValues} values in the whole capture`,
        message: first
          ? `the capture holds more than the ${opts.maxValues} values wcn-doctor reads; '${key}' and the keys after it were skipped`
          : `'${key}' was skipped: the capture is past the limit of ${opts.maxValues} values`,
      });
      return undefined;
    }
    sink.valuesLeft -= values;
  }
  const itemDepth = Array.isArray(raw) ? 1 : 0;
  const c: ItemContext = {
    key, kind: def.kind, record: def.record === true, file, sink, maxDepth: opts.maxDepth, itemDepth,
    checkAll: itemDepth + (FAST_TYPED_DEPTH[key] ?? Infinity) > opts.maxDepth, kept: [], zodOnly: opts.zodOnly,
    fast: FAST_VALIDATORS[key],
  };
  try {
    if (def.kind === 'object') {
      // null is "captured, nothing there" (no daemon.json, no registry value), not "not captured".
      if (raw === null) return readItem(c, {}, basePtr);
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        if (Array.isArray(raw) && raw.length === 1) return readItem(c, raw[0], basePtr + '/0');
        sink.add({
          severity: 'error', file, key, pointer: basePtr, expected: 'object', found: describeValue(raw),
          message: `'${key}' should be an object, found ${describeValue(raw)}; the section was skipped`,
        });
        return undefined;
      }
      return readItem(c, raw, basePtr);
    }
    if (raw === null || raw === '') return [];
    const items = Array.isArray(raw) ? raw : [raw];
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const ptr = Array.isArray(raw) ? `${basePtr}/${i}` : basePtr;
      const v = readItem(c, items[i], ptr);
      if (v !== undefined) out.push(v);
    }
    if (out.length === 0 && items.length > 0) {
      // Nothing read is "could not be read", never "captured, nothing there".
      sink.add({
        severity: 'error', file, key, pointer: basePtr, expected: `items of '${key}'`, found: describeValue(raw),
        message: `${items.length === 1 ? 'the only item' : `none of the ${items.length} items`} of '${key}' could ${items.length === 1 ? 'not ' : ''}be read, so '${key}' counts as not captured`,
      });
      return undefined;
    }
    return out;
  } catch (e) {
    if (e !== TOO_DEEP) throw e;
    sink.add({
      severity: 'error', file, key, pointer: basePtr, expected: `at most ${opts.maxDepth} levels of nesting`,
      message: `'${key}' is nested more than ${opts.maxDepth} levels deep; the section was skipped`,
    });
    return undefined;
  }
}

/** Reads a key made of parts (docker, firewall, cni, kubernetes): each part on its own. */
function readParts(key: string, parts: PartKinds, raw: unknown, file: string, sink: IssueSink, opts: Required<IngestOptions>, basePtr: string): Record<string, unknown> | undefined {
  if (raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    sink.add({
      severity: 'error', file, key, pointer: basePtr, expected: 'object', found: describeValue(raw),
      message: `'${key}' should be an object with ${PART_LISTS[key]}; found ${describeValue(raw)}; the section was skipped`,
    });
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [part, def] of PART_ENTRIES.get(parts) ?? Object.entries(parts)) {
    if (!Object.hasOwn(obj, part)) continue;
    const v = readKey(`${key}.${part}`, def, obj[part], `${basePtr}/${part}`, file, sink, opts);
    if (v !== undefined) out[part] = v;
  }
  for (const k of Object.keys(obj)) {
    if (!Object.hasOwn(parts, k)) {
      sink.add({ severity: 'warning', file, key, pointer: basePtr + pointer(k), message: `unknown ${key} part '${k}' was ignored` });
    }
  }
  return out;
}

/** The raw value at `ptr`, a pointer below `basePtr` (where `raw` sits); undefined when it leads nowhere. */
function rawAtPointer(raw: unknown, basePtr: string, ptr: string): unknown {
  if (!ptr.startsWith(basePtr)) return undefined;
  let v = raw;
  for (const token of ptr.slice(basePtr.length).split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    const k = token.replace(/~1/g, '/').replace(/~0/g, '~');
    v = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

/** Reads one key (as found in `<key>.json` or under that key in a capture). */
export function ingestKeyInto(
  capture: Capture, key: string, raw: unknown, file: string, sink: IssueSink, opts: Required<IngestOptions>, basePtr = pointer(key),
): void {
  const target = capture as Record<string, unknown>;
  if (METADATA_KEYS.has(key)) {
    if (key === 'formatVersion') {
      if (typeof raw === 'number') target[key] = raw;
      else sink.add({ severity: 'warning', file, key, pointer: basePtr, expected: 'a number', found: describeValue(raw), message: `'formatVersion' should be a number, found ${describeValue(raw)}` });
    } else if (typeof raw === 'string') {
      target[key] = raw;
    } else if (raw !== null) {
      sink.add({ severity: 'warning', file, key, pointer: basePtr, expected: 'a string', found: describeValue(raw), message: `'${key}' should be a string, found ${describeValue(raw)}; ignored` });
    }
    return;
  }
  const report = (issue: Omit<IngestIssue, 'file'>) => sink.add({ ...issue, file, key: issue.key ?? key });
  const parts = Object.hasOwn(PART_KINDS, key) ? PART_KINDS[key] : undefined;
  if (parts) {
    const v = readParts(key, parts, raw, file, sink, opts, basePtr);
    if (v !== undefined) target[key] = deriveParts(key, v, report, (ptr) => rawAtPointer(raw, basePtr, ptr));
    return;
  }
  const def = Object.hasOwn(KEY_KINDS, key) ? KEY_KINDS[key] : undefined;
  if (!def) {
    sink.add({ severity: 'warning', file, key, pointer: basePtr, message: `unknown key '${key}' was ignored` });
    return;
  }
  const v = readKey(key, def, raw, basePtr, file, sink, opts);
  if (v === undefined) return;
  target[key] = deriveKey(key, v, report);
  reportBadAddresses(key, target[key], report);
}

export function newSink(opts?: IngestOptions): { sink: IssueSink; opts: Required<IngestOptions> } {
  const full = {
    maxDepth: opts?.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxIssuesPerKey: opts?.maxIssuesPerKey ?? DEFAULT_MAX_ISSUES_PER_KEY,
    maxItemsPerKey: opts?.maxItemsPerKey ?? DEFAULT_MAX_ITEMS_PER_KEY,
    maxValues: opts?.maxValues ?? DEFAULT_MAX_VALUES,
    valuesAtMost: opts?.valuesAtMost ?? Infinity,
    zodOnly: opts?.zodOnly ?? false,
  };
  // When the reader vouches that the input holds no more values than the budget, counting them is skipped.
  return { sink: new IssueSink(full.maxIssuesPerKey, full.valuesAtMost <= full.maxValues ? Infinity : full.maxValues), opts: full };
}
export type { IssueSink };

/** Checks the format markers once every part of a capture has been read. */
export function checkFormat(capture: Capture, file: string, sink: IssueSink): void {
  if (capture.format !== undefined && capture.format !== CAPTURE_FORMAT) {
    sink.add({ severity: 'warning', file, key: 'format', pointer: '/format', expected: CAPTURE_FORMAT, found: describeValue(capture.format), message: `'format' is ${describeValue(capture.format)}, not '${CAPTURE_FORMAT}'; reading it as a capture anyway` });
  }
  if (capture.formatVersion !== undefined && capture.formatVersion > CAPTURE_FORMAT_VERSION) {
    sink.add({ severity: 'warning', file, key: 'formatVersion', pointer: '/formatVersion', message: `format version ${capture.formatVersion} is newer than this wcn-doctor reads (${CAPTURE_FORMAT_VERSION}); unknown parts are ignored` });
  }
}

const KNOWN_KEYS = new Set<string>(CAPTURE_KEYS.map((k) => k.key));

/** Raw single-file capture (already parsed JSON) -> Capture. */
export function ingestCapture(raw: unknown, file: string, options?: IngestOptions): IngestResult {
  const { sink, opts } = newSink(options);
  const capture: Capture = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    sink.add({
      severity: 'error', file, pointer: '', expected: 'an object with capture keys', found: describeValue(raw),
      message: `the file holds ${describeValue(raw)}, not a capture object (for the output of a single cmdlet, name the file after its key, e.g. vmSwitches.json)`,
    });
    sink.finish(file);
    return { capture, issues: sink.issues };
  }
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) {
      sink.add({ severity: 'warning', file, key, pointer: pointer(key), message: `the property name '${key}' is not allowed and was ignored` });
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      sink.add({ severity: 'warning', file, key, pointer: pointer(key), message: `unknown key '${key}' was ignored` });
      continue;
    }
    ingestKeyInto(capture, key, (raw as Record<string, unknown>)[key], file, sink, opts);
  }
  checkFormat(capture, file, sink);
  sink.finish(file);
  return { capture, issues: sink.issues };
}
