/**
 * Raw capture JSON -> normalized Capture + ingest issues. Pure: no I/O.
 * Every key is read on its own, and every item of a list on its own, so one
 * broken item or section is reported and skipped while the rest still loads.
 */
import type { z } from 'zod';
import { CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION, CAPTURE_KEYS } from './keys.js';
import { DOCKER_PART_SCHEMAS, KEY_SCHEMAS, type Capture } from './schema.js';
import { describeValue, pointer, type IngestIssue } from './issues.js';

export interface IngestOptions {
  /** Deepest nesting accepted inside one key (real captures need about 12). */
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

type SchemaDef = { readonly kind: 'object' | 'list'; readonly schema: z.ZodType; readonly record?: boolean };

/** Collects issues for one key, keeping at most a fixed number. */
class IssueSink {
  private readonly perKey = new Map<string, number>();
  readonly issues: IngestIssue[] = [];
  /** JSON values still allowed in this capture (shared by every key). */
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

type ScrubResult =
  | { readonly ok: true; readonly values: number }
  | { readonly ok: false; readonly why: 'depth' | 'values' };

/**
 * Walks a parsed JSON value: removes keys that could pollute prototypes, and
 * stops as soon as the nesting passes `maxDepth` or the values counted pass
 * `maxValues` (an array is counted whole before it is walked, so a huge one
 * is refused at once). Recursion stops at the depth limit, so the stack
 * stays small; the path is one shared array (no allocation per value).
 */
function scrub(
  root: unknown, maxDepth: number, maxValues: number, onForbidden: (path: (string | number)[]) => void,
): ScrubResult {
  const path: (string | number)[] = [];
  let values = 1;
  let why: 'depth' | 'values' = 'values';
  if (values > maxValues) return { ok: false, why };
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (depth > maxDepth) {
      why = 'depth';
      return false;
    }
    if (Array.isArray(value)) {
      values += value.length;
      if (values > maxValues) return false;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v === null || typeof v !== 'object') continue;
        path.push(i);
        const ok = visit(v, depth + 1);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      if (++values > maxValues) return false;
      if (FORBIDDEN_KEYS.has(key)) {
        delete obj[key];
        onForbidden([...path, key]);
        continue;
      }
      const v = obj[key];
      if (v === null || typeof v !== 'object') continue;
      path.push(key);
      const ok = visit(v, depth + 1);
      path.pop();
      if (!ok) return false;
    }
    return true;
  };
  return visit(root, 0) ? { ok: true, values } : { ok: false, why };
}

/**
 * Makes every null property of a parsed item absent (undefined), in place
 * (see `opt` in schema.ts). In place is safe: zod built the objects, except
 * values it passes through as they are (policies, daemon.json), which belong
 * to the parsed input that the loader already edits (see `scrub`). Setting
 * undefined rather than deleting keeps the objects' shape, and so fast.
 */
function withoutNulls(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 100) return;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') withoutNulls(v, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (v === null) obj[key] = undefined;
    else if (typeof v === 'object') withoutNulls(v, depth + 1);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function explainZodIssue(issue: z.core.$ZodIssue, item: unknown): { expected?: string; found: string; message: string } {
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

/** HNS objects come in two shapes; pick by the fields that tell them apart for clearer errors. */
function schemaFor(key: string, def: SchemaDef, item: unknown): z.ZodType {
  if ((key === 'hnsNetworks' || key === 'hnsEndpoints') && item && typeof item === 'object') {
    const union = def.schema as unknown as { def?: { options?: z.ZodType[] } };
    const options = union.def?.options;
    if (options && options.length === 2) {
      const o = item as Record<string, unknown>;
      const v2 = key === 'hnsNetworks' ? 'Ipams' in o : 'HostComputeNetwork' in o;
      return v2 ? options[0]! : options[1]!;
    }
  }
  return def.schema;
}

function readItem(
  key: string, def: SchemaDef, item: unknown, ptr: string, file: string, sink: IssueSink,
): unknown | undefined {
  if (typeof item === 'string' && def.kind === 'list' && key !== 'excludedPortRanges') {
    sink.add({
      severity: 'error', file, key, pointer: ptr, expected: 'object', found: describeValue(item),
      message: `an item of '${key}' is the string ${describeValue(item)}, not an object: the capture was written with too small a depth (use ConvertTo-Json -Depth 10)`,
    });
    return undefined;
  }
  const parsed = schemaFor(key, def, item).safeParse(item);
  if (parsed.success) {
    const out = parsed.data;
    withoutNulls(out);
    if (out !== null && typeof out === 'object' && !Array.isArray(out) && !def.record) {
      // Zod built this object (it strips unknown keys), so it can take the pointer in place.
      const located = out === item ? { ...(out as object) } : out;
      (located as Record<string, unknown>)['$ptr'] = ptr;
      return located;
    }
    return out;
  }
  for (const zi of parsed.error.issues.slice(0, 3)) {
    const explained = explainZodIssue(zi, item);
    sink.add({
      severity: 'error', file, key, pointer: ptr + zi.path.map((p) => pointer(String(p))).join(''),
      expected: explained.expected, found: explained.found,
      message: `${explained.message}; this ${def.kind === 'list' ? 'item' : 'section'} was skipped`,
    });
  }
  return undefined;
}

/** Reads one key's raw value. Returns undefined when nothing usable was found. */
function readKey(
  key: string, def: SchemaDef, raw: unknown, basePtr: string, file: string, sink: IssueSink, opts: Required<IngestOptions>,
): unknown {
  if (def.kind === 'list' && Array.isArray(raw) && raw.length > opts.maxItemsPerKey) {
    sink.add({
      severity: 'error', file, key, pointer: basePtr, expected: `at most ${opts.maxItemsPerKey} items`, found: describeValue(raw),
      message: `'${key}' holds ${raw.length} items, more than the ${opts.maxItemsPerKey} wcn-doctor reads from one key; the section was skipped`,
    });
    return undefined;
  }
  const scrubbed = scrub(raw, opts.maxDepth, sink.valuesLeft, (path) => sink.add({
    severity: 'warning', file, key, pointer: basePtr + path.map((p) => pointer(p)).join(''),
    message: `the property name '${String(path[path.length - 1])}' is not allowed and was ignored`,
  }));
  if (!scrubbed.ok && scrubbed.why === 'depth') {
    sink.add({
      severity: 'error', file, key, pointer: basePtr, expected: `at most ${opts.maxDepth} levels of nesting`,
      message: `'${key}' is nested more than ${opts.maxDepth} levels deep; the section was skipped`,
    });
    return undefined;
  }
  if (!scrubbed.ok) {
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
  sink.valuesLeft -= scrubbed.values;
  if (def.kind === 'object') {
    // null is "captured, nothing there" (no daemon.json, no registry value), not "not captured".
    if (raw === null) return readItem(key, def, {}, basePtr, file, sink);
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      if (Array.isArray(raw) && raw.length === 1) return readItem(key, def, raw[0], basePtr + '/0', file, sink);
      sink.add({
        severity: 'error', file, key, pointer: basePtr, expected: 'object', found: describeValue(raw),
        message: `'${key}' should be an object, found ${describeValue(raw)}; the section was skipped`,
      });
      return undefined;
    }
    return readItem(key, def, raw, basePtr, file, sink);
  }
  if (raw === null || raw === '') return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const ptr = Array.isArray(raw) ? `${basePtr}/${i}` : basePtr;
    const v = readItem(key, def, items[i], ptr, file, sink);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function readDocker(raw: unknown, file: string, sink: IssueSink, opts: Required<IngestOptions>): Capture['docker'] {
  if (raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    sink.add({
      severity: 'error', file, key: 'docker', pointer: '/docker', expected: 'object', found: describeValue(raw),
      message: `'docker' should be an object with info, version, networks, containers and daemonConfig; found ${describeValue(raw)}; the section was skipped`,
    });
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const docker: Record<string, unknown> = {};
  for (const [part, def] of Object.entries(DOCKER_PART_SCHEMAS)) {
    if (!Object.hasOwn(obj, part)) continue;
    const v = readKey(`docker.${part}`, def, obj[part], `/docker/${part}`, file, sink, opts);
    if (v !== undefined) docker[part] = v;
  }
  for (const k of Object.keys(obj)) {
    if (!Object.hasOwn(DOCKER_PART_SCHEMAS, k)) {
      sink.add({ severity: 'warning', file, key: 'docker', pointer: pointer('docker', k), message: `unknown docker part '${k}' was ignored` });
    }
  }
  return docker as Capture['docker'];
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
  if (key === 'docker') {
    const d = readDocker(raw, file, sink, opts);
    if (d !== undefined) capture.docker = { ...(capture.docker ?? {}), ...d };
    return;
  }
  const def = (KEY_SCHEMAS as Record<string, SchemaDef>)[key];
  if (!def) {
    sink.add({ severity: 'warning', file, key, pointer: basePtr, message: `unknown key '${key}' was ignored` });
    return;
  }
  const v = readKey(key, def, raw, basePtr, file, sink, opts);
  if (v !== undefined) target[key] = v;
}

export function newSink(opts?: IngestOptions): { sink: IssueSink; opts: Required<IngestOptions> } {
  const full = {
    maxDepth: opts?.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxIssuesPerKey: opts?.maxIssuesPerKey ?? DEFAULT_MAX_ISSUES_PER_KEY,
    maxItemsPerKey: opts?.maxItemsPerKey ?? DEFAULT_MAX_ITEMS_PER_KEY,
    maxValues: opts?.maxValues ?? DEFAULT_MAX_VALUES,
  };
  return { sink: new IssueSink(full.maxIssuesPerKey, full.maxValues), opts: full };
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
  const known = new Set<string>(CAPTURE_KEYS.map((k) => k.key));
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) {
      sink.add({ severity: 'warning', file, key, pointer: pointer(key), message: `the property name '${key}' is not allowed and was ignored` });
      continue;
    }
    if (!known.has(key)) {
      sink.add({ severity: 'warning', file, key, pointer: pointer(key), message: `unknown key '${key}' was ignored` });
      continue;
    }
    ingestKeyInto(capture, key, (raw as Record<string, unknown>)[key], file, sink, opts);
  }
  checkFormat(capture, file, sink);
  sink.finish(file);
  return { capture, issues: sink.issues };
}
