/**
 * Finds what the picker offers: the bundled sample captures (demo first)
 * and the captures in the current folder — `*.json` files that look like
 * captures, and folders of `<key>.json` files. Reads at most the head of
 * each file; never parses a large file just to list it.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { decodeCaptureBytes } from '../../core/capture/decode.js';
import { isKeyFileName, looksLikeCapture, readHead } from '../../core/capture/folder.js';
import { sanitizeInline } from '../../core/text/sanitize.js';

export interface CaptureEntry {
  /** What the list shows. */
  readonly label: string;
  /** What to open. */
  readonly path: string;
  readonly origin: 'sample' | 'here';
  readonly form: 'file' | 'folder';
  /** A short hint: size, number of key files. */
  readonly note: string;
  /** Host name, OS and build, read from a small capture file (sanitized); empty when unknown. */
  readonly host?: string;
}

/** Files up to this size are parsed to show their host name and OS in the list. */
const DESCRIBE_BYTES = 2 * 1024 * 1024;
const MAX_ENTRIES = 200;

function humanSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(n / 1024))} KiB`;
}

function keyFilesIn(dir: string): number {
  try {
    return readdirSync(dir).filter((n) => isKeyFileName(n)).length;
  } catch {
    return 0;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => a.localeCompare(b));
  } catch {
    return [];
  }
}

const pick = (o: unknown, k: string): unknown => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined);
const first = (o: unknown): unknown => (Array.isArray(o) ? o[0] : o);

/** `CTR-LAB-07 · Windows Server 2016 Standard · build 14393` from a parsed capture, sanitized. */
function describeCapture(capture: unknown): string {
  const cs = first(pick(capture, 'computerSystem'));
  const os = first(pick(capture, 'os'));
  const name = pick(cs, 'Name');
  const caption = pick(os, 'Caption');
  const build = pick(os, 'BuildNumber');
  const parts = [
    typeof name === 'string' ? name : undefined,
    typeof caption === 'string' ? caption.replace(/^Microsoft\s+/, '') : undefined,
    typeof build === 'string' || typeof build === 'number' ? `build ${build}` : undefined,
  ].filter((x): x is string => !!x && x.trim() !== '');
  return sanitizeInline(parts.join(' · '));
}

function describeFile(path: string): string {
  try {
    return describeCapture(JSON.parse(decodeCaptureBytes(readFileSync(path)).text));
  } catch {
    return '';
  }
}

function fileEntry(path: string, label: string, origin: CaptureEntry['origin']): CaptureEntry | undefined {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    size = st.size;
  } catch {
    return undefined;
  }
  const head = readHead(path, { followLinks: true });
  if (head === undefined || !looksLikeCapture(head)) return undefined;
  return { label, path, origin, form: 'file', note: humanSize(size), host: size <= DESCRIBE_BYTES ? describeFile(path) : '' };
}

/** Bundled samples: `<dir>/*.json` that are captures, `demo` first, then by name. */
export function sampleCaptures(samplesDir: string): CaptureEntry[] {
  const out: CaptureEntry[] = [];
  for (const name of listDir(samplesDir)) {
    if (!name.toLowerCase().endsWith('.json')) continue;
    const e = fileEntry(join(samplesDir, name), name.replace(/\.json$/i, ''), 'sample');
    if (e) out.push(e);
  }
  return out.sort((a, b) => Number(b.label === 'demo') - Number(a.label === 'demo') || a.label.localeCompare(b.label));
}

/** Captures in `cwd`: the folder itself when it holds key files, capture files, and sub-folders of key files. */
export function localCaptures(cwd: string): CaptureEntry[] {
  const out: CaptureEntry[] = [];
  const names = listDir(cwd);
  const here = names.filter((n) => isKeyFileName(n)).length;
  if (here > 0) out.push({ label: `. (this folder, ${basename(cwd) || cwd})`, path: cwd, origin: 'here', form: 'folder', note: `${here} key file${here === 1 ? '' : 's'}` });
  for (const name of names) {
    if (out.length >= MAX_ENTRIES) break;
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(cwd, name);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) {
      const n = keyFilesIn(path);
      if (n > 0) out.push({ label: `${name}/`, path, origin: 'here', form: 'folder', note: `${n} key file${n === 1 ? '' : 's'}` });
      continue;
    }
    // A lone <key>.json is part of this folder's capture, listed above.
    if (!name.toLowerCase().endsWith('.json') || isKeyFileName(name)) continue;
    const e = fileEntry(path, name, 'here');
    if (e) out.push(e);
  }
  return out;
}

export function findCaptures(samplesDir: string, cwd: string): CaptureEntry[] {
  const samples = sampleCaptures(samplesDir);
  // Running from the package folder itself: do not list the samples twice.
  const local = localCaptures(cwd).filter((e) => !samples.some((s) => s.path === e.path));
  return [...samples, ...local];
}

/** A path to show: relative to cwd when that is shorter. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}
