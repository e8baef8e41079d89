/** `wcn-doctor redact`: a copy of a capture that is safe to attach to a public issue. */
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readJsonFile, DEFAULT_MAX_BYTES } from '../core/capture/read.js';
import { CAPTURE_KEYS } from '../core/capture/keys.js';
import { jsonDepth, MAX_REDACT_DEPTH, redactCapture } from '../core/redact.js';
import { escapeJsonText, sanitizeInline } from '../core/text/sanitize.js';
import { defineCommand, flag, text } from './command.js';
import { EXIT, UsageError, type Io } from './io.js';

const KEY_BY_FILE = new Map<string, string>(CAPTURE_KEYS.map((k) => [`${k.key.toLowerCase()}.json`, k.key]));

function readRaw(path: string): { raw: Record<string, unknown>; folder: boolean; files: Map<string, string> } {
  const folder = statSync(path).isDirectory();
  const files = new Map<string, string>();
  if (!folder) {
    const r = readJsonFile(path, undefined, DEFAULT_MAX_BYTES);
    if (!r.ok) throw new UsageError(`${path}: ${r.issue.message}`);
    if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
      const key = KEY_BY_FILE.get(basename(path).toLowerCase());
      if (!key) throw new UsageError(`${path}: not a capture object`);
      return { raw: { [key]: r.value }, folder, files };
    }
    return { raw: r.value as Record<string, unknown>, folder, files };
  }
  const raw: Record<string, unknown> = {};
  for (const name of readdirSync(path)) {
    const key = KEY_BY_FILE.get(name.toLowerCase());
    if (!key) continue;
    // As when diagnosing: a link in the folder could copy any file of this machine into the output.
    if (!lstatSync(join(path, name)).isFile()) throw new UsageError(`${join(path, name)}: not a regular file (a link, pipe or device); not redacted`);
    const r = readJsonFile(join(path, name), key, DEFAULT_MAX_BYTES);
    if (!r.ok) throw new UsageError(`${join(path, name)}: ${r.issue.message}`);
    raw[key] = r.value;
    files.set(key, name);
  }
  if (files.size === 0) throw new UsageError(`${path}: the folder holds no capture files`);
  return { raw, folder, files };
}

/**
 * Writes one output file: a new file, or with `force` over an existing one,
 * but never through a symbolic link (which would write somewhere else).
 */
function writeOutput(path: string, text: string, force: boolean): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL), 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${sanitizeInline(path)} exists; use --force to overwrite it`);
    if (code === 'ELOOP') throw new UsageError(`${sanitizeInline(path)} is a symbolic link; name the real file`);
    throw new UsageError(`cannot write ${sanitizeInline(path)}: ${code ?? String(e)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UsageError(`${sanitizeInline(path)} is not a regular file`);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

export const redactCommand = defineCommand({
  name: 'redact',
  usage: ['<capture|folder> --out <path> [--force]'],
  description: `Write a copy of a capture with the host name, domain, VM names, MAC
addresses and public IP addresses replaced by placeholders, the same way the
collector's -Redact switch does. One value always gets one placeholder, and
private addresses, masks and prefix lengths are kept, so the redacted capture
gives the same diagnosis. The input is never modified.`,
  options: {
    out: text('<path>', `where to write (a file, '-' for standard output, or a new
folder for the folder form)`),
    force: flag('overwrite an existing output file'),
  },
  positionals: { min: 1, max: 1, few: 'name one capture file or folder', many: 'name one capture file or folder' },
  exitCodes: [
    [EXIT.ok, 'the redacted copy was written'],
    [EXIT.usage, 'usage error, a capture that could not be read, or an output that exists\n(without --force) or cannot be written'],
  ],
  examples: [
    'wcn-doctor redact host.json --out host.redacted.json',
    'wcn-doctor redact capture-folder --out capture-redacted',
  ],
  run: ({ options, positionals }, io) => runRedact(options.out, options.force, positionals[0]!, io),
});

function runRedact(out: string | undefined, force: boolean, input: string, io: Io): number {
  if (!out) throw new UsageError('say where to write the redacted copy: --out <path> (or --out - for standard output)');
  if (!existsSync(input)) throw new UsageError(`${input}: no such file or folder`);
  const { raw, folder, files } = readRaw(input);
  if (jsonDepth(raw) > MAX_REDACT_DEPTH) throw new UsageError(`${input}: nested more than ${MAX_REDACT_DEPTH} levels deep; not a capture`);
  const { capture, summary } = redactCapture(raw);
  if (out !== '-' && resolve(out) === resolve(input)) throw new UsageError('the output must not be the input: the input is never modified');
  if (folder) {
    if (out === '-') throw new UsageError('a folder capture is redacted into a new folder: --out <folder>');
    if (existsSync(out) && !force) throw new UsageError(`${out} exists; use --force to write into it`);
    mkdirSync(out, { recursive: true });
    for (const [key, name] of files) writeOutput(join(out, name), escapeJsonText(JSON.stringify(capture[key], null, 2)) + '\n', force);
  } else if (out === '-') {
    io.out(escapeJsonText(JSON.stringify(capture, null, 2)) + '\n');
  } else {
    if (existsSync(out) && !force) throw new UsageError(`${out} exists; use --force to overwrite it`);
    writeOutput(out, escapeJsonText(JSON.stringify(capture, null, 2)) + '\n', force);
  }
  io.err(`redacted ${summary.hostNames} host name(s), ${summary.domains} domain(s), ${summary.macs} MAC address(es), ${summary.ipv4} public IPv4 and ${summary.ipv6} public IPv6 address(es)${out === '-' ? '' : ` into ${sanitizeInline(out)}`}\n`);
  return EXIT.ok;
}
