/**
 * The properties every capture must satisfy, however broken. Each function
 * returns a list of violations (empty when the property holds), so the ava
 * tests and the standalone fuzz runner share them.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { readCapture } from '../../src/core/capture/read.js';
import { analyse } from '../../src/cli/analyse.js';
import type { IngestIssue } from '../../src/core/capture/issues.js';
import { CAPTURE_KEYS } from '../../src/core/capture/keys.js';
import { captureSchemas, type Capture } from '../../src/core/capture/schema.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { diagnoseModel } from '../../src/core/diagnose.js';
import { buildModel } from '../../src/core/model/build.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';
import { renderJsonReport, renderNdjsonLine } from '../../src/core/report/json.js';
import { renderMarkdownReport } from '../../src/core/report/markdown.js';
import { renderSarifReport } from '../../src/core/report/sarif.js';
import { renderRemediationScript } from '../../src/core/report/remediation.js';
import { renderTextReport } from '../../src/core/report/text.js';
import { syntaxErrors } from '../helpers/powershell-grammar.js';
import { cloneJson, filesOf, type Applied, type FileRecipe, type Json, type Path } from './arbitraries.js';

export const SOURCE = 'fuzz-capture.json';
const PAGES = loadKnowledge();

/** Time one case may take before it counts as a hang (ms); generous for slow CI machines. */
export const DEFAULT_CASE_LIMIT_MS = 5000;

/** Characters that must never reach a terminal from capture text (newline is allowed where lines are). */
export const UNSAFE_TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

const { KEY_SCHEMAS, PART_SCHEMAS } = captureSchemas();
const PARTS = PART_SCHEMAS as Record<string, Record<string, { kind: 'list' | 'object'; record?: boolean }>>;
const LIST_KEYS = new Set(Object.entries(KEY_SCHEMAS).filter(([, d]) => d.kind === 'list').map(([k]) => k));
const OBJECT_KEYS = new Set(Object.entries(KEY_SCHEMAS).filter(([, d]) => d.kind === 'object').map(([k]) => k));
const METADATA_KEYS = new Set(['format', 'formatVersion', 'capturedAt', 'collector', 'psVersion']);
const KNOWN_KEYS = new Set<string>(CAPTURE_KEYS.map((k) => k.key));

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

/** Splits a JSON pointer into tokens, or undefined when it is not a valid pointer. */
export function pointerTokens(ptr: string): string[] | undefined {
  if (ptr === '') return [];
  if (!ptr.startsWith('/')) return undefined;
  const tokens = ptr.slice(1).split('/');
  if (tokens.some((t) => /~[^01]|~$/.test(t))) return undefined;
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const MISSING = Symbol('missing');
function resolve(root: Json, tokens: readonly string[]): Json | typeof MISSING {
  let v: Json = root;
  for (const t of tokens) {
    if (v === null || typeof v !== 'object') return MISSING;
    if (Array.isArray(v)) {
      if (!/^(0|[1-9]\d*)$/.test(t) || Number(t) >= v.length) return MISSING;
      v = v[Number(t)];
    } else {
      if (!Object.hasOwn(v, t)) return MISSING;
      v = (v as Record<string, Json>)[t];
    }
  }
  return v;
}

/** How many pointer tokens name one item of a key: `/netNat/3`, `/docker/networks/0`, `/os`. */
function itemDepth(raw: Json, tokens: readonly (string | number)[]): number {
  const top = resolve(raw, [String(tokens[0])]);
  if (Object.hasOwn(PARTS, String(tokens[0])) && tokens.length > 1) {
    const part = resolve(raw, [String(tokens[0]), String(tokens[1])]);
    return Array.isArray(part) ? 3 : 2;
  }
  return Array.isArray(top) ? 2 : 1;
}

function related(raw: Json, issue: readonly string[], struck: Path): boolean {
  const s = struck.map(String);
  let common = 0;
  while (common < issue.length && common < s.length && issue[common] === s[common]) common++;
  if (common === issue.length || common === s.length) return true; // one contains the other
  return common >= itemDepth(raw, issue); // the same item
}

function keyOfIssue(i: IngestIssue): string | undefined {
  return i.key;
}

export interface LoaderCase {
  readonly raw: Json;
  /** The mutations that made this capture, when it came from a clean sample. */
  readonly applied?: readonly Applied[];
  readonly limitMs?: number;
}

export interface LoaderOutcome {
  readonly violations: string[];
  readonly capture?: Capture;
  readonly issues?: IngestIssue[];
  readonly ms: number;
}

/**
 * The loader never throws, never hangs, reports every problem as an issue
 * that names the key and a pointer that exists in the input, drops nothing
 * silently, and pollutes no prototype.
 */
export function checkLoader(c: LoaderCase): LoaderOutcome {
  const v: string[] = [];
  const before = cloneJson(c.raw);
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).length;
  const t0 = performance.now();
  let capture: Capture;
  let issues: IngestIssue[];
  try {
    ({ capture, issues } = ingestCapture(c.raw, SOURCE));
  } catch (e) {
    return { violations: [`ingestCapture threw: ${(e as Error)?.stack ?? String(e)}`], ms: performance.now() - t0 };
  }
  const ms = performance.now() - t0;
  const limit = c.limitMs ?? DEFAULT_CASE_LIMIT_MS;
  if (ms > limit) v.push(`ingestCapture took ${ms.toFixed(0)} ms (limit ${limit})`);
  if (Object.getOwnPropertyNames(Object.prototype).length !== protoKeys || ({} as Record<string, unknown>)['Name'] !== undefined) {
    v.push('Object.prototype was modified');
  }

  for (const i of issues) {
    const where = `issue ${show(i)}`;
    if (i.severity !== 'error' && i.severity !== 'warning') v.push(`${where}: bad severity`);
    if (i.file !== SOURCE) v.push(`${where}: file is not the source`);
    if (typeof i.message !== 'string' || i.message.trim() === '') v.push(`${where}: no message`);
    if (i.pointer === undefined) {
      // Only summaries ("N more problems in 'key'") may lack a pointer, and they name their key.
      if (!/more problems/.test(i.message)) v.push(`${where}: no pointer`);
      continue;
    }
    const tokens = pointerTokens(i.pointer);
    if (!tokens) {
      v.push(`${where}: not a JSON pointer`);
      continue;
    }
    if (tokens.length === 0) {
      if (before !== null && typeof before === 'object' && !Array.isArray(before)) v.push(`${where}: a whole-file issue for an object capture`);
      continue;
    }
    const key = keyOfIssue(i);
    if (key === undefined) v.push(`${where}: does not name its key`);
    else if (key.includes('.') && Object.hasOwn(PARTS, key.slice(0, key.indexOf('.')))) {
      const [top, part] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
      if (tokens[0] !== top || tokens[1] !== part) v.push(`${where}: key and pointer disagree`);
    } else if (tokens[0] !== key) v.push(`${where}: key and pointer disagree`);
    if (resolve(before, tokens) === MISSING) {
      const parent = resolve(before, tokens.slice(0, -1));
      // A missing property is reported at the place it should have been, inside an existing object.
      if (parent === MISSING || parent === null || typeof parent !== 'object') v.push(`${where}: the pointer leads nowhere in the input`);
    }
    if (c.applied && c.applied.length > 0 && !c.applied.some((a) => related(before, tokens, a.path))) {
      v.push(`${where}: points at none of the places that were broken (${c.applied.map((a) => '/' + a.path.join('/')).join(', ')})`);
    }
  }

  // Nothing is dropped without an error naming its key.
  if (before !== null && typeof before === 'object' && !Array.isArray(before)) {
    const rawObj = before as Record<string, Json>;
    const hasIssue = (key: string, severity?: 'error') => issues.some((i) => i.key === key && (severity === undefined || i.severity === severity));
    const out = capture as Record<string, unknown>;
    for (const key of Object.keys(rawObj)) {
      if (!KNOWN_KEYS.has(key)) {
        if (!hasIssue(key)) v.push(`unknown key ${show(key)} was ignored without a warning`);
        continue;
      }
      const value = rawObj[key];
      if (METADATA_KEYS.has(key)) {
        if (value !== null && value !== undefined && out[key] === undefined && !hasIssue(key)) v.push(`'${key}' ${show(value)} was dropped without an issue`);
        continue;
      }
      if (Object.hasOwn(PARTS, key)) {
        if (value === null) continue;
        if (typeof value !== 'object' || Array.isArray(value)) {
          if (!hasIssue(key, 'error')) v.push(`'${key}' ${show(value)} was dropped without an error`);
          continue;
        }
        for (const [part, def] of Object.entries(PARTS[key]!)) {
          if (!Object.hasOwn(value, part)) continue;
          const pv = (value as Record<string, Json>)[part];
          const got = (out[key] as Record<string, unknown> | undefined)?.[part];
          lost(`${key}.${part}`, def.kind, pv, got);
        }
        continue;
      }
      lost(key, LIST_KEYS.has(key) ? 'list' : OBJECT_KEYS.has(key) ? 'object' : 'object', value, out[key]);
    }
    function lost(key: string, kind: 'list' | 'object', value: Json, got: unknown): void {
      if (kind === 'object') {
        if (value !== null && got === undefined && !hasIssue(key, 'error')) v.push(`'${key}' ${show(value)} was dropped without an error`);
        return;
      }
      const n = Array.isArray(value) ? value.length : value === null || value === '' ? 0 : 1;
      if (got !== undefined && !Array.isArray(got)) v.push(`'${key}' came out as ${show(got)}, not a list`);
      const m = Array.isArray(got) ? got.length : 0;
      if (m > n) v.push(`'${key}' came out with ${m} items from ${n}`);
      if (m < n && !hasIssue(key, 'error')) v.push(`'${key}': ${n - m} of ${n} items were dropped without an error`);
    }
  }

  // Every item remembers where it came from.
  // (Free-form records such as daemonConfig are the user's own settings and carry no $ptr.)
  const items: unknown[] = [];
  const isRecord = (def: unknown) => (def as { record?: boolean } | undefined)?.record === true;
  for (const [k, val] of Object.entries(capture)) {
    if (Object.hasOwn(PARTS, k) && val && typeof val === 'object') {
      for (const [part, pv] of Object.entries(val)) {
        // Only the parts read from the capture; what is derived from them (kubernetes.kubeProxy) is no item.
        if (Object.hasOwn(PARTS[k]!, part) && !isRecord(PARTS[k]![part])) items.push(...(Array.isArray(pv) ? pv : [pv]));
      }
    } else if (!METADATA_KEYS.has(k) && !isRecord((KEY_SCHEMAS as Record<string, unknown>)[k])) items.push(...(Array.isArray(val) ? val : [val]));
  }
  for (const it of items) {
    if (it === null || typeof it !== 'object') continue;
    const ptr = (it as { $ptr?: unknown }).$ptr;
    const tokens = typeof ptr === 'string' ? pointerTokens(ptr) : undefined;
    if (!tokens || resolve(before, tokens) === MISSING) v.push(`item ${show(it)} has a $ptr that leads nowhere`);
  }
  return { violations: v, capture, issues, ms };
}

export interface PipelineOutcome {
  readonly violations: string[];
  readonly ms: number;
}

/**
 * From a loaded capture: the model builds, every check runs without
 * crashing, every command it offers parses as PowerShell and carries no
 * control character, and the text, JSON and script renderers cope.
 */
export function checkPipeline(capture: Capture, issues: IngestIssue[], limitMs = DEFAULT_CASE_LIMIT_MS): PipelineOutcome {
  const v: string[] = [];
  const t0 = performance.now();
  try {
    const model = buildModel(capture, SOURCE);
    const report = diagnoseModel(model, issues, CHECKS);
    const ms = performance.now() - t0;
    if (ms > limitMs) v.push(`building the model and running the checks took ${ms.toFixed(0)} ms (limit ${limitMs})`);
    if (report.checks.length !== CHECKS.length) v.push(`${report.checks.length} check results for ${CHECKS.length} checks`);
    for (const r of report.checks) if (r.status === 'crashed') v.push(`${r.check} (${r.knowledge}) crashed: ${r.reason}`);
    for (const f of report.findings) {
      if (typeof f.message !== 'string' || f.message === '') v.push(`${f.check}: a finding without a message`);
      for (const s of f.subjects) if (typeof s.name !== 'string') v.push(`${f.check}: a subject without a name: ${show(s)}`);
      for (const fix of f.fixes) {
        for (const cmd of [...fix.commands, fix.verify]) {
          if (typeof cmd !== 'string') v.push(`${f.check}: a command that is not text: ${show(cmd)}`);
          else if (UNSAFE_TERMINAL.test(cmd.replace(/\n/g, ''))) v.push(`${f.check}: a command carries a control character: ${show(cmd)}`);
        }
      }
    }
    // Parsing is the slow part of this test (not of the product): parse a sample of the commands.
    const sampled = report.findings.slice(0, 40).map((f) => ({ ...f, fixes: f.fixes.slice(0, 4) }));
    for (const f of sampled) {
      for (const fix of f.fixes) {
        for (const cmd of [...fix.commands.slice(0, 8), fix.verify]) {
          if (typeof cmd !== 'string') continue;
          const errors = syntaxErrors(cmd);
          if (errors.length > 0) v.push(`${f.check}: a command does not parse: ${show(cmd)} ${show(errors)}`);
        }
      }
    }
    const text = renderTextReport(report, { color: false, verbose: true });
    const bad = UNSAFE_TERMINAL.exec(text);
    if (bad) v.push(`the text report carries U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${show(text.slice(Math.max(0, bad.index - 40), bad.index + 10))}`);
    JSON.parse(renderJsonReport([report]));
    const ndjson = renderNdjsonLine(report);
    if (ndjson.indexOf('\n') !== ndjson.length - 1) v.push('an NDJSON report takes more than one line');
    JSON.parse(ndjson);
    const markdown = renderMarkdownReport([report]);
    const badMd = UNSAFE_TERMINAL.exec(markdown);
    if (badMd) v.push(`the Markdown report carries U+${badMd[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${show(markdown.slice(Math.max(0, badMd.index - 40), badMd.index + 10))}`);
    JSON.parse(renderSarifReport([report], { pages: PAGES, cwd: process.cwd() }));
    renderRemediationScript(report, { fixes: 'all', generatedAt: '2024-01-01T00:00:00Z' });
    const script = renderRemediationScript(report, { fixes: 'all', generatedAt: '2024-01-01T00:00:00Z', only: sampled });
    const scriptErrors = syntaxErrors(script);
    if (scriptErrors.length > 0) v.push(`the remediation script does not parse: ${show(scriptErrors.slice(0, 3))}`);
    const total = performance.now() - t0;
    if (total > 2 * limitMs) v.push(`the whole pipeline took ${total.toFixed(0)} ms`);
    return { violations: v, ms: total };
  } catch (e) {
    return { violations: [...v, `the pipeline threw: ${(e as Error)?.stack ?? String(e)}`], ms: performance.now() - t0 };
  }
}

let fileCase = 0;

/**
 * A broken capture on disk (one file or a folder, any encoding, corrupted
 * bytes): reading never throws, every issue names a file of the capture, a
 * capture that could not be read says why, and what could be read goes
 * through the whole pipeline.
 */
export async function checkFiles(fr: FileRecipe, tmp: string, limitMs = DEFAULT_CASE_LIMIT_MS): Promise<PipelineOutcome> {
  const v: string[] = [];
  const { entry, files } = filesOf(fr);
  const dir = join(tmp, `case-${process.pid}-${fileCase++}`);
  mkdirSync(dir, { recursive: true });
  try {
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    const path = fr.form === 'file' ? join(dir, entry) : dir;
    const t0 = performance.now();
    let loaded;
    try {
      loaded = readCapture(path);
    } catch (e) {
      return { violations: [`readCapture threw: ${(e as Error)?.stack ?? String(e)}`], ms: performance.now() - t0 };
    }
    const ms = performance.now() - t0;
    if (ms > limitMs) v.push(`readCapture took ${ms.toFixed(0)} ms (limit ${limitMs})`);
    for (const i of loaded.issues) {
      if (i.file !== path && !i.file.startsWith(dir + sep)) v.push(`issue names a file outside the capture: ${show(i)}`);
      if (typeof i.message !== 'string' || i.message.trim() === '') v.push(`issue without a message: ${show(i)}`);
      if (i.severity !== 'error' && i.severity !== 'warning') v.push(`issue with a bad severity: ${show(i)}`);
    }
    if (!loaded.readable && !loaded.issues.some((i) => i.severity === 'error')) v.push('unreadable, but no error says why');
    if (fr.form === 'file' && fr.corruption.kind === 'none' && !loaded.readable) v.push(`an intact file was not readable: ${show(loaded.issues)}`);
    if (loaded.readable) {
      for (const x of checkPipeline(loaded.capture, loaded.issues, limitMs).violations) v.push(x);
      // What `check --format sarif` does: read the files again to locate the evidence by line and column.
      const t1 = performance.now();
      const analysis = await analyse(path, { regions: true });
      const ms1 = performance.now() - t1;
      if (ms1 > limitMs) v.push(`analysing with regions took ${ms1.toFixed(0)} ms (limit ${limitMs})`);
      JSON.parse(renderSarifReport([analysis.report], { pages: PAGES, cwd: tmp }));
    }
    return { violations: v, ms: performance.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
