/**
 * Runs `wcn-doctor.exe` (npm run build:exe) under Wine, in a pseudo-terminal:
 * Node for Windows under Wine fails with EBADF when its output is a pipe, and
 * writes normally to a terminal. The Wine prefix is the tool's own (in the
 * temporary folder), set to Windows 10 once, since Node refuses to start on
 * the Windows 7 that a new prefix reports.
 *
 * `wineMissing()` says whether Wine is here; a test skips without it,
 * except under CI=true, where `.ci/run` installs it and its absence fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildExe, EXE_PATH, exeIsFresh } from '../../scripts/build-exe.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { buildOnce } from './build-lock.js';
import { startInPty, terminalEnv, type PtySession } from './pty.js';

/** Debian's wine64 package puts the loader here (it is not on PATH). */
const WINE_CANDIDATES = ['/usr/lib/wine/wine64', '/usr/bin/wine64'];
export const WINE = WINE_CANDIDATES.find((p) => existsSync(p));
export const WINEPREFIX = join(tmpdir(), `wcn-doctor-wine-${process.getuid?.() ?? 0}`);
export { EXE_PATH };
/** Written into the prefix once it is set up. */
const READY = '.wcn-ready';

/** Why the Wine tests cannot run here, or undefined when they can. */
export function wineMissing(): string | undefined {
  if (WINE === undefined) return `Wine is not installed (looked for ${WINE_CANDIDATES.join(', ')}; Debian: apt-get install wine64)`;
  if (spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0) return "util-linux 'script' is not installed";
  return undefined;
}

export function wineEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return terminalEnv({ WINEPREFIX, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: undefined, ...extra });
}

/** Creates the prefix (Windows 10) once. */
function makePrefix(): void {
  const r = spawnSync(WINE!, ['winecfg', '/v', 'win10'], { env: wineEnv(), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`could not set up the Wine prefix ${WINEPREFIX}: ${r.stderr}`);
  writeFileSync(join(WINEPREFIX, READY), '');
}

/**
 * Makes the executable and the prefix ready, and starts the prefix's Wine
 * server so that it outlives each run by 15 s (it then exits by itself):
 * each run saves the server's start.
 */
export async function prepareWine(): Promise<void> {
  // The executable is built when it is missing or older than what it is built from.
  await buildOnce(join(PACKAGE_ROOT, 'dist', '.exe-lock'), exeIsFresh, async () => {
    await buildExe();
  }, 600_000);
  await buildOnce(`${WINEPREFIX}.lock`, () => existsSync(join(WINEPREFIX, READY)), makePrefix, 300_000);
  spawnSync(join(dirname(WINE!), 'wineserver'), ['-p15'], { env: wineEnv(), stdio: 'ignore' });
}

/** A Linux path as Wine's Z: drive names it. */
export function winPath(path: string): string {
  return `Z:${path.replace(/\//g, '\\')}`;
}

/** Terminal output as text: escape sequences and carriage returns removed. */
export function plain(raw: string): string {
  return raw
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[()][0-9A-Za-z]/g, '')
    .replace(/\r/g, '');
}

/**
 * Runs the executable with `args` to its end in a pty `cols` wide (Wine
 * breaks lines at the terminal's width: a wide one keeps long lines whole).
 */
export function runExe(args: readonly string[], opts: { cols?: number; timeoutMs?: number; env?: Record<string, string | undefined> } = {}): { code: number | null; out: string; ms: number } {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols ${opts.cols ?? 1000} rows 50; exec ${[WINE!, EXE_PATH, ...args].map(q).join(' ')}`;
  const start = process.hrtime.bigint();
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { env: wineEnv(opts.env), encoding: 'utf8', input: '', timeout: opts.timeoutMs ?? 120_000, cwd: tmpdir() });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { code: r.status, out: plain(r.stdout ?? ''), ms };
}

/** The executable in a pty, for the terminal UI. */
export function startExeInPty(args: readonly string[], cols = 80, rows = 24): PtySession {
  return startInPty(args, { cols, rows, env: wineEnv(), cwd: tmpdir(), program: [WINE!, EXE_PATH] });
}
