/**
 * What a folder holds, judged by name and content: the `<key>.json` files of one
 * capture (as the collector's folder form and hand-saved cmdlet output are
 * laid out), whole captures (files with `"format": "wcn-capture"`, and
 * sub-folders of key files) side by side as in a support engineer's download
 * folder, or both. Only the head of each file is read, and only regular
 * files count: a link could lead anywhere on this machine, and a pipe or
 * device could block the read for ever.
 */
import { closeSync, constants, lstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCaptureBytes } from './decode.js';
import { CAPTURE_KEYS } from './keys.js';

const HEAD_BYTES = 64 * 1024;
const KEY_FILES = new Set(CAPTURE_KEYS.map((k) => `${k.key.toLowerCase()}.json`));
const HEADER_KEYS = new Set(['format', 'formatVersion', 'capturedAt', 'collector', 'psVersion', 'collectorErrors']);
const KEY_PROPERTY = new RegExp(`"(${CAPTURE_KEYS.map((k) => k.key).filter((k) => !HEADER_KEYS.has(k)).join('|')})"\\s*:`, 'g');
const FORMAT_MARK = /"format"\s*:\s*"wcn-capture"/;

/** True when a file name is that of one capture key (`netNat.json`, any case). */
export function isKeyFileName(name: string): boolean {
  return KEY_FILES.has(name.toLowerCase());
}

/**
 * True when the head of a JSON file looks like a whole capture: it says
 * `"format": "wcn-capture"`, or (a capture assembled by hand) it is an object
 * naming two capture keys and is not a JSON schema.
 */
export function looksLikeCapture(head: string): boolean {
  if (FORMAT_MARK.test(head)) return true;
  if (/"\$schema"\s*:/.test(head) || !/^\s*\{/.test(head)) return false;
  const seen = new Set<string>();
  for (const m of head.matchAll(KEY_PROPERTY)) seen.add(m[1]!);
  return seen.size >= 2;
}

/**
 * The first 64 KiB of a regular file, decoded; undefined when it cannot be
 * read. Inside a folder no link is followed; a file the user picked may be one.
 */
export function readHead(file: string, options: { readonly followLinks: boolean } = { followLinks: false }): string | undefined {
  let fd: number | undefined;
  try {
    if (!(options.followLinks ? statSync(file) : lstatSync(file)).isFile()) return undefined;
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.followLinks ? 0 : constants.O_NOFOLLOW ?? 0));
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return decodeCaptureBytes(buf.subarray(0, n)).text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => a.localeCompare(b));
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface FolderContents {
  /** Names of the `<key>.json` files: together they are one capture, the folder's own. */
  readonly keyFiles: readonly string[];
  /** Paths of the whole captures inside: files that are captures, and sub-folders of key files. */
  readonly captures: readonly string[];
}

/** Sorts what a folder holds into key files and whole captures; other files are left out. */
export function folderContents(dir: string): FolderContents {
  const keyFiles: string[] = [];
  const captures: string[] = [];
  for (const name of names(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (isDirectory(path)) {
      if (names(path).some(isKeyFileName)) captures.push(path);
      continue;
    }
    if (!name.toLowerCase().endsWith('.json')) continue;
    // A file named after a key is that key's part of the folder's capture, whatever it holds (as the
    // capture folder reader takes it); any other file is a whole capture when its head says so.
    if (isKeyFileName(name)) keyFiles.push(name);
    else {
      const head = readHead(path);
      if (head !== undefined && looksLikeCapture(head)) captures.push(path);
    }
  }
  return { keyFiles, captures };
}

export interface FolderReading {
  /** What to diagnose, each on its own. */
  readonly paths: readonly string[];
  /** Set when the folder could be read two ways: which reading was chosen, for the user. */
  readonly note?: string;
}

function list(items: readonly string[], most = 3): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

/**
 * How a folder named as a capture is read. Key files only (or nothing
 * recognisable): the folder is one capture. Whole captures only: each is
 * read on its own, a fleet. Both: nothing is left out: each whole capture,
 * and the key files together as the folder's own capture, with a note.
 */
export function readingOfFolder(dir: string): FolderReading {
  const { keyFiles, captures } = folderContents(dir);
  if (captures.length === 0) return { paths: [dir] };
  if (keyFiles.length === 0) return { paths: captures };
  const n = captures.length + 1;
  return {
    paths: [...captures, dir],
    note: `'${dir}' holds both the key files of one capture (${list(keyFiles)}) and ${captures.length} whole capture${captures.length === 1 ? '' : 's'}; `
      + `read as ${n} captures: each whole capture on its own, and the key files together as the folder's capture. Name a file or sub-folder to read it alone.`,
  };
}
