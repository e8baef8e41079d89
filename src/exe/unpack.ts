/**
 * Unpacking the package that `wcn-doctor.exe` carries (see launcher.ts):
 * into a temporary folder beside the target, renamed when every file is
 * written, so that an interrupted run leaves nothing a later run would use.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Every file of the embedded package by its path (with `/`), as text or base64. */
export type PayloadFiles = Record<string, { readonly text?: string; readonly base64?: string }>;

/** What the launcher reads at every start (small): which build, and what to import. */
export interface Manifest {
  readonly version: string;
  /** sha256 of the files, names the unpacked folder. */
  readonly id: string;
  /** The ES module to import, relative to the package root. */
  readonly main: string;
}

/** The two assets of the executable: the manifest, and the files (read only to unpack). */
export const MANIFEST_ASSET = 'manifest.json';
export const FILES_ASSET = 'files.json';
/** Written last into an unpacked folder: its presence says every file is there. */
const COMPLETE = '.complete';
/** A CommonJS file in the unpacked folder: import() works from a module loaded from disk. */
export const LOADER = 'import-main.cjs';

/** The content hash of a payload's files (the same function names and checks the folder). */
export function payloadId(files: PayloadFiles): string {
  const h = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const f = files[name]!;
    h.update(`${name}\0${f.text !== undefined ? 't' : 'b'}${f.text ?? f.base64 ?? ''}\0`);
  }
  return h.digest('hex');
}

/**
 * Unpacks the files unless a complete copy of this build is already there
 * (then `files` is never called); returns the folder.
 */
export function unpack(manifest: Manifest, files: () => PayloadFiles, root: string): string {
  const dir = join(root, `${manifest.version}-${manifest.id.slice(0, 16)}`);
  const marker = join(dir, COMPLETE);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === manifest.id) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [name, f] of Object.entries(files())) {
      const path = join(tmp, ...name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text !== undefined ? f.text : Buffer.from(f.base64 ?? '', 'base64'));
    }
    writeFileSync(join(tmp, LOADER), 'module.exports = (url) => import(url);\n');
    writeFileSync(join(tmp, COMPLETE), manifest.id);
    // An incomplete folder (an older run stopped half-way) is replaced; a complete one from a run in parallel is kept.
    if (existsSync(dir) && !(existsSync(marker) && readFileSync(marker, 'utf8') === manifest.id)) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(marker)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
