/**
 * Reads a capture from disk: one JSON file, or a folder of `<key>.json`
 * files. Never writes, never follows a command found in the data.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import { decodeCaptureBytes } from './decode.js';
import { checkFormat, ingestCapture, ingestKeyInto, newSink, type IngestOptions } from './ingest.js';
import type { IngestIssue } from './issues.js';
import { CAPTURE_KEYS } from './keys.js';
import type { Capture } from './schema.js';

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export interface ReadOptions extends IngestOptions {
  /** Files larger than this are refused (default 256 MiB). */
  readonly maxBytes?: number;
}

export interface LoadedCapture {
  /** The path the user named. */
  readonly source: string;
  readonly form: 'file' | 'folder';
  /** Set when the file is the output of one cmdlet saved as `<key>.json` (the file holds that key's value). */
  readonly key?: string;
  readonly capture: Capture;
  readonly issues: IngestIssue[];
  /** False when nothing could be read at all (the report then holds only the issues). */
  readonly readable: boolean;
}

type JsonResult = { ok: true; value: unknown; note?: string } | { ok: false; issue: IngestIssue };

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function humanSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** Reads and parses one JSON file; every failure becomes one clear issue. */
export function readJsonFile(file: string, key: string | undefined, maxBytes: number): JsonResult {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    return { ok: false, issue: { severity: 'error', file, key, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` } };
  }
  if (size > maxBytes) {
    return {
      ok: false,
      issue: { severity: 'error', file, key, message: `the file is ${humanSize(size)}, over the limit of ${humanSize(maxBytes)}; it was not read (raise the limit with --max-size if the capture is genuine)` },
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, issue: { severity: 'error', file, key, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` } };
  }
  const decoded = decodeCaptureBytes(bytes);
  const text = decoded.text;
  if (text.trim() === '') return { ok: true, value: null, note: 'the file is empty (read as: captured, nothing there)' };
  try {
    return { ok: true, value: JSON.parse(text), note: decoded.note };
  } catch {
    // Loaded only here: locating a JSON error is the rare path, and start-up matters.
    const { parse: parseTolerant, printParseErrorCode } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const where = first ? lineAndColumn(text, first.offset) : undefined;
    const what = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'invalid JSON';
    return {
      ok: false,
      issue: {
        severity: 'error', file, key,
        message: where ? `not valid JSON: ${what} at line ${where.line}, column ${where.column}` : `not valid JSON: ${what}`,
      },
    };
  }
}

const KEY_BY_FILE = new Map<string, string>(CAPTURE_KEYS.map((k) => [`${k.key.toLowerCase()}.json`, k.key]));

/** Reads a capture from a file or folder. Never throws for bad input. */
export function readCapture(path: string, options?: ReadOptions): LoadedCapture {
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file or folder' : `cannot read it: ${code ?? String(e)}`;
    return { source: path, form: 'file', capture: {}, issues: [{ severity: 'error', file: path, message }], readable: false };
  }
  return isDir ? readFolder(path, maxBytes, options) : readFile(path, maxBytes, options);
}

function readFile(path: string, maxBytes: number, options?: IngestOptions): LoadedCapture {
  const json = readJsonFile(path, undefined, maxBytes);
  if (!json.ok) return { source: path, form: 'file', capture: {}, issues: [json.issue], readable: false };
  const noteIssue: IngestIssue[] = json.note ? [{ severity: 'warning', file: path, message: json.note }] : [];
  // The output of one cmdlet saved as <key>.json is a capture with one key.
  const key = KEY_BY_FILE.get(basename(path).toLowerCase());
  const v = json.value;
  const isCaptureObject = v !== null && typeof v === 'object' && !Array.isArray(v) && ('format' in v || 'formatVersion' in v);
  if (key && !isCaptureObject) {
    const { sink, opts } = newSink(options);
    const capture: Capture = {};
    ingestKeyInto(capture, key, v, path, sink, opts);
    sink.finish(path);
    return { source: path, form: 'file', key, capture, issues: [...noteIssue, ...sink.issues], readable: true };
  }
  const { capture, issues } = ingestCapture(v, path, options);
  const readable = v !== null && typeof v === 'object' && !Array.isArray(v);
  return { source: path, form: 'file', capture, issues: [...noteIssue, ...issues], readable };
}

function readFolder(dir: string, maxBytes: number, options?: IngestOptions): LoadedCapture {
  const { sink, opts } = newSink(options);
  const capture: Capture = {};
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    return { source: dir, form: 'folder', capture, issues: [{ severity: 'error', file: dir, message: `cannot list the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }], readable: false };
  }
  let found = 0;
  for (const name of names) {
    if (!name.toLowerCase().endsWith('.json')) continue;
    const file = join(dir, name);
    const key = KEY_BY_FILE.get(name.toLowerCase());
    if (!key) {
      sink.add({ severity: 'warning', file, message: `'${name}' is not named after a capture key and was ignored` });
      continue;
    }
    found++;
    const json = readJsonFile(file, key, maxBytes);
    if (!json.ok) {
      sink.add(json.issue);
      continue;
    }
    if (json.note) sink.add({ severity: 'warning', file, key, message: json.note });
    ingestKeyInto(capture, key, json.value, file, sink, opts);
  }
  if (found === 0) {
    sink.add({ severity: 'error', file: dir, message: 'the folder holds no capture files (<key>.json, e.g. vmSwitches.json or netNat.json)' });
  }
  checkFormat(capture, dir, sink);
  sink.finish(dir);
  return { source: dir, form: 'folder', capture, issues: sink.issues, readable: found > 0 };
}
