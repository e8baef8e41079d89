/**
 * Writing a remediation script where the user says. UTF-8 with a BOM, so
 * Windows PowerShell 5.1 reads non-ASCII names (Korean adapter names, …)
 * correctly; CRLF line ends come from the renderer. An existing file is
 * never replaced unless the caller says `overwrite` (the TUI asks first);
 * the "does it exist" check and the write are one exclusive open, so no
 * file can appear in between and be lost.
 */
import { statSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export const UTF8_BOM = '\ufeff';

export type WriteOutcome =
  | { readonly kind: 'written'; readonly path: string; readonly bytes: number }
  | { readonly kind: 'exists'; readonly path: string }
  | { readonly kind: 'error'; readonly path: string; readonly message: string };

/** A file name from a host name: letters, digits, dot, dash, underscore only. */
export function defaultScriptName(hostName: string | null | undefined, suffix = ''): string {
  const safe = (hostName ?? '').normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `remediation${safe ? `-${safe}` : ''}${suffix}.ps1`;
}

export function resolveScriptPath(input: string, cwd: string): string {
  const p = input.trim().replace(/^~(?=$|\/)/, process.env['HOME'] ?? '~');
  return isAbsolute(p) ? p : resolve(cwd, p);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'that is a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENAMETOOLONG: 'the name is too long',
};

export function writeScript(path: string, content: string, options: { overwrite: boolean }): WriteOutcome {
  if (path.trim() === '') return { kind: 'error', path, message: 'no path given' };
  try {
    if (statSync(path).isDirectory()) return { kind: 'error', path, message: 'that is a folder; name a file inside it' };
  } catch {
    // Does not exist yet: the normal case.
  }
  const data = Buffer.from(UTF8_BOM + content, 'utf8');
  try {
    writeFileSync(path, data, { flag: options.overwrite ? 'w' : 'wx' });
    return { kind: 'written', path, bytes: data.length };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return { kind: 'exists', path };
    return { kind: 'error', path, message: REASONS[code] ?? (code || String((e as Error).message ?? e)) };
  }
}
