/**
 * Reads a capture from disk: one JSON file, or a folder of `<key>.json`
 * files. Never writes, never follows a command found in the data.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import { decodeCaptureBytes } from './decode.js';
import { folderContents } from './folder.js';
import { checkFormat, ingestCapture, ingestKeyInto, newSink, type IngestOptions } from './ingest.js';
import type { IngestIssue } from './issues.js';
import { CAPTURE_KEYS } from './keys.js';
import type { Capture } from './schema.js';

/**
 * Real captures are well under a megabyte. Parsing JSON takes memory that
 * grows with the number of values, up to about fifteen times the file size
 * for an array of small numbers, so a cap on the size is what keeps a hostile
 * file from exhausting memory before any other check runs.
 */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface ReadOptions extends IngestOptions {
  /** A capture (one file, or all files of a folder together) larger than this is refused (default 64 MiB). */
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

/** `chars`: the length of the JSON text (see valuesBound). */
type JsonResult = { ok: true; value: unknown; note?: string; chars: number } | { ok: false; issue: IngestIssue };

/**
 * The most JSON values (as the loader's value budget counts them: the
 * document, each array item, each object property) that a text of `chars`
 * characters can hold: every item or property takes at least two characters
 * (the value, and a comma or closing bracket; a property more), so at most
 * half the characters plus the document itself. When that is within the
 * budget the loader need not count.
 */
export function valuesBound(chars: number): number {
  return Math.floor(chars / 2) + 1;
}

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

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** What a path is, for a message about something that is not a regular file. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

type BytesResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

/**
 * Files up to this size are read into one buffer that is kept and reused
 * (see readBounded's `scratch`): a fresh buffer of a few hundred KiB for
 * every capture costs more than parsing it, since the memory is new to the
 * process each time. Larger files get a buffer of their own, not kept.
 */
const SCRATCH_MAX = 4 * 1024 * 1024;
let scratchBuffer: Buffer | undefined;

/** A buffer of at least `size` bytes to read into: the kept one when it is small enough. */
function scratch(size: number): Buffer {
  if (size > SCRATCH_MAX) return Buffer.allocUnsafeSlow(size);
  if (!scratchBuffer || scratchBuffer.length < size) scratchBuffer = Buffer.allocUnsafeSlow(Math.max(size, 1 << 16));
  return scratchBuffer;
}

/**
 * Reads a regular file of at most `maxBytes`. A pipe, device or socket is
 * refused before it is opened for reading (it could block or never end), and
 * the read stops one byte past the limit even if the file grows meanwhile.
 * With `reuse`, the bytes may sit in the kept scratch buffer: they are good
 * only until the next such read, so the caller must decode them at once.
 */
function readBounded(file: string, maxBytes: number, limitText: string, followLinks = true, reuse = false): BytesResult {
  let fd: number;
  try {
    const st = followLinks ? statSync(file) : lstatSync(file);
    if (!st.isFile()) return { ok: false, message: `it is ${kindOf(st)}, not a file; it was not read` };
    if (st.size > maxBytes) return { ok: false, message: `the file is ${humanSize(st.size)}, ${limitText}; it was not read (raise the limit with --max-size if the capture is genuine)` };
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, message: `cannot read the file: ${errorCode(e)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, message: `it is ${kindOf(st)}, not a file; it was not read` };
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read asks for the whole file (and one byte more, to see it end): one read, no copy.
    // After a short read the file has most likely ended: a small read (from Buffer's pool) makes
    // sure, instead of a fresh megabyte for every capture.
    let want = Math.max(st.size + 1, 1 << 16);
    for (;;) {
      const size = Math.min(want, maxBytes + 1 - total);
      // Only the first read may go to the scratch buffer: later chunks are kept beside it.
      const chunk = reuse && total === 0 ? scratch(size).subarray(0, size) : Buffer.allocUnsafe(size);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      want = n < chunk.length ? 1 << 10 : 1 << 20;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, message: `the file grew past ${humanSize(maxBytes)} while it was read; it was not read` };
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (e) {
    return { ok: false, message: `cannot read the file: ${errorCode(e)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of one file of a capture, read as the loader reads them: a
 * regular file only, at most `maxBytes`, and (for a file inside a capture
 * folder) not through a link. For anything that reads a capture file again
 * after loading it, such as locating evidence by line and column.
 */
export function readCaptureFileBytes(file: string, maxBytes: number, options: { readonly followLinks: boolean }): Buffer | undefined {
  const r = readBounded(file, maxBytes, `over the limit of ${humanSize(maxBytes)}`, options.followLinks);
  return r.ok ? r.bytes : undefined;
}

/** Where JSON stops being valid, as a sentence. */
function jsonErrorText(text: string, error: unknown): string {
  try {
    // Loaded only here: locating a JSON error is the rare path, and start-up matters.
    const { parse: parseTolerant, printParseErrorCode } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first) {
      const where = lineAndColumn(text, first.offset);
      const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      return `not valid JSON: ${what} at line ${where.line}, column ${where.column}`;
    }
  } catch {
    // The detailed parser recurses; text nested thousands of levels deep overflows it. Fall back to V8's words.
  }
  const v8 = error instanceof Error ? error.message : '';
  return v8 ? `not valid JSON: ${v8.length > 200 ? `${v8.slice(0, 200)}...` : v8}` : 'not valid JSON';
}

/** Reads and parses one JSON file; every failure becomes one clear issue. */
export function readJsonFile(file: string, key: string | undefined, maxBytes: number, limitText = `over the limit of ${humanSize(maxBytes)}`): JsonResult {
  // The bytes are decoded to text at once, so they may sit in the reused buffer.
  const read = readBounded(file, maxBytes, limitText, true, true);
  if (!read.ok) return { ok: false, issue: { severity: 'error', file, key, message: read.message } };
  const decoded = decodeCaptureBytes(read.bytes);
  const text = decoded.text;
  // Not text.trim(): that copies a whole capture that ends with a line break.
  if (!/\S/.test(text)) return { ok: true, value: null, note: 'the file is empty (read as: captured, nothing there)', chars: text.length };
  try {
    return { ok: true, value: JSON.parse(text), note: decoded.note, chars: text.length };
  } catch (e) {
    return { ok: false, issue: { severity: 'error', file, key, message: jsonErrorText(text, e) } };
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

function readFile(path: string, maxBytes: number, given?: IngestOptions): LoadedCapture {
  const json = readJsonFile(path, undefined, maxBytes);
  if (!json.ok) return { source: path, form: 'file', capture: {}, issues: [json.issue], readable: false };
  const options: IngestOptions = { ...given, valuesAtMost: valuesBound(json.chars) };
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
  let bytesLeft = maxBytes;
  const seen = new Map<string, string>();
  for (const name of names) {
    if (!name.toLowerCase().endsWith('.json')) continue;
    const file = join(dir, name);
    const key = KEY_BY_FILE.get(name.toLowerCase());
    if (!key) {
      sink.add({ severity: 'warning', file, message: `'${name}' is not named after a capture key and was ignored` });
      continue;
    }
    // Inside a capture folder only regular files count: a link could lead to any file on this
    // machine, and a pipe or device could block the read for ever.
    let entry: Stats;
    try {
      entry = lstatSync(file);
    } catch (e) {
      sink.add({ severity: 'error', file, key, message: `cannot read the file: ${errorCode(e)}` });
      continue;
    }
    if (!entry.isFile()) {
      sink.add({ severity: 'warning', file, key, message: `'${name}' is ${kindOf(entry)}, not a file, and was not read` });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      sink.add({ severity: 'warning', file, key, message: `'${name}' holds '${key}' again (already read from '${earlier}') and was ignored` });
      continue;
    }
    seen.set(key, name);
    found++;
    const json = readJsonFile(file, key, bytesLeft, bytesLeft < maxBytes ? `more than is left of the limit of ${humanSize(maxBytes)} for the whole folder` : `over the limit of ${humanSize(maxBytes)}`);
    if (entry.size <= bytesLeft) bytesLeft -= entry.size;
    if (!json.ok) {
      sink.add(json.issue);
      continue;
    }
    if (json.note) sink.add({ severity: 'warning', file, key, message: json.note });
    ingestKeyInto(capture, key, json.value, file, sink, opts);
  }
  if (found === 0) {
    const whole = folderContents(dir).captures.length;
    sink.add({
      severity: 'error', file: dir,
      message: whole > 0
        ? `the folder holds ${whole} whole capture${whole === 1 ? '' : 's'}, not the <key>.json files of one capture: name one of them, or diagnose them all with 'wcn-doctor check <folder>'`
        : 'the folder holds no capture files (<key>.json, e.g. vmSwitches.json or netNat.json)',
    });
  }
  checkFormat(capture, dir, sink);
  sink.finish(dir);
  return { source: dir, form: 'folder', capture, issues: sink.issues, readable: found > 0 };
}
