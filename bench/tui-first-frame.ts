/**
 * Time to the first frame of the TUI on the demo capture, as a ratio to
 * baselines measured in the same run (machines differ; ratios travel):
 *
 *   - `node -e ''`: the cost of starting Node at all;
 *   - `wcn-doctor check <demo>`: the batch path, same capture, no UI.
 *
 * Every program runs in a real pseudo-terminal (util-linux `script`) at
 * 80x24, the baselines too, so the wrapper costs the same everywhere. The
 * TUI's time ends when its frame (the tab line) reaches the terminal; the
 * baselines' when they exit. Runs are interleaved, and the median is kept.
 *
 *   node dist/bench/tui-first-frame.js [capture] [--runs N]
 *
 * Prints one line. `measureTuiFirstFrame` is the same as a function, for a
 * bench runner.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FirstFrameResult {
  readonly capture: string;
  readonly runs: number;
  /** Medians, in milliseconds. */
  readonly tuiMs: number;
  readonly nodeMs: number;
  readonly checkMs: number;
  readonly ratioToNode: number;
  readonly ratioToCheck: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** dist/bench -> the package root. */
const ROOT = join(HERE, '..', '..');
/** The CLI as it ships: the file package.json's `bin` names (built by npm run build). */
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['wcn-doctor']!);
const MARKER = ' 1 Findings ';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR' || k === 'TMUX') continue;
    e[k] = v;
  }
  e['TERM'] = 'xterm-256color';
  return e;
}

/** Runs argv in an 80x24 pty; resolves with the ms until `marker` is printed (then quits it), or until exit. */
export function timeInPty(argv: readonly string[], marker?: string, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const cmd = `stty cols 80 rows 24; exec ${argv.map(quote).join(' ')}`;
    const start = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: env(), stdio: ['pipe', 'pipe', 'ignore'], cwd: ROOT });
    let out = '';
    let done: number | undefined;
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${marker ? `'${marker.trim()}'` : 'exit'} within ${timeoutMs} ms from: ${argv.join(' ')}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (!marker || done !== undefined) return;
      out += d;
      if (out.includes(marker)) {
        done = elapsed();
        child.stdin.write('q');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      const t = marker ? done : elapsed();
      if (t === undefined) reject(new Error(`exited before showing '${marker}': ${argv.join(' ')}`));
      else resolve(t);
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function ptyAvailable(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function measureTuiFirstFrame(options: { capture?: string; runs?: number } = {}): Promise<FirstFrameResult> {
  const capture = options.capture ?? join(ROOT, 'snapshots', 'demo.json');
  const runs = Math.max(1, options.runs ?? 5);
  if (!existsSync(BIN)) throw new Error(`build first: ${BIN} is missing`);
  if (!existsSync(capture)) throw new Error(`no capture at ${capture}`);
  const node = process.execPath;
  // One warm-up of each, not counted (file cache).
  await timeInPty([node, '-e', '']);
  await timeInPty([node, BIN, capture], MARKER);
  const tui: number[] = [];
  const base: number[] = [];
  const check: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(await timeInPty([node, '-e', '']));
    tui.push(await timeInPty([node, BIN, capture], MARKER));
    check.push(await timeInPty([node, BIN, 'check', '--fail-on', 'never', capture]));
  }
  const tuiMs = median(tui);
  const nodeMs = median(base);
  const checkMs = median(check);
  return { capture, runs, tuiMs, nodeMs, checkMs, ratioToNode: tuiMs / nodeMs, ratioToCheck: tuiMs / checkMs };
}

export function formatFirstFrame(r: FirstFrameResult): string {
  const rel = relative(ROOT, r.capture) || r.capture;
  return `tui-first-frame: ${Math.round(r.tuiMs)} ms to the first frame of ${rel} at 80x24 (median of ${r.runs}) = ${r.ratioToNode.toFixed(1)}x node start-up (${Math.round(r.nodeMs)} ms), ${r.ratioToCheck.toFixed(1)}x 'check' (${Math.round(r.checkMs)} ms)`;
}

async function main(argv: string[]): Promise<number> {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : Number(process.env['WCN_BENCH_RUNS'] ?? 5);
  const capture = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
  if (!ptyAvailable()) {
    process.stdout.write("tui-first-frame: skipped (util-linux 'script' is not installed)\n");
    return 0;
  }
  const r = await measureTuiFirstFrame({ capture, runs: Number.isFinite(runs) ? runs : 5 });
  process.stdout.write(`${formatFirstFrame(r)}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`tui-first-frame: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
