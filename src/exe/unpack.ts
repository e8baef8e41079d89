/**
 * Unpacking the package that `wcn-doctor.exe` carries (see launcher.ts):
 * into a temporary folder beside the target, renamed when every file is
 * written, so that an interrupted run leaves nothing a later run would use.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The embedded package: every file by its path (with `/`), as text or base64. */
export interface Payload {
  readonly version: string;
  /** sha256 of the files, names the unpacked folder. */
  readonly id: string;
  /** The ES module to import, relative to the package root. */
  readonly main: string;
  readonly files: Record<string, { readonly text?: string; readonly base64?: string }>;
}

export const PAYLOAD_ASSET = 'payload.json';
/** Written last into an unpacked folder: its presence says every file is there. */
const COMPLETE = '.complete';
/** A CommonJS file in the unpacked folder: import() works from a module loaded from disk. */
export const LOADER = 'import-main.cjs';

/** The content hash of a payload's files (the same function names and checks the folder). */
export function payloadId(files: Payload['files']): string {
  const h = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const f = files[name]!;
    h.update(`${name}\0${f.text !== undefined ? 't' : 'b'}${f.text ?? f.base64 ?? ''}\0`);
  }
  return h.digest('hex');
}

/** Unpacks the payload unless a complete copy is already there; returns the folder. */
export function unpack(payload: Payload, root: string): string {
  const dir = join(root, `${payload.version}-${payload.id.slice(0, 16)}`);
  const marker = join(dir, COMPLETE);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === payload.id) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [name, f] of Object.entries(payload.files)) {
      const path = join(tmp, ...name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text !== undefined ? f.text : Buffer.from(f.base64 ?? '', 'base64'));
    }
    writeFileSync(join(tmp, LOADER), 'module.exports = (url) => import(url);\n');
    writeFileSync(join(tmp, COMPLETE), payload.id);
    // An incomplete folder (an older run stopped half-way) is replaced; a complete one from a run in parallel is kept.
    if (existsSync(dir) && !(existsSync(marker) && readFileSync(marker, 'utf8') === payload.id)) rmSync(dir, { recursive: true, force: true });
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
