/**
 * Runs the real CLI in a real pseudo-terminal and reads the screen the way a
 * terminal would show it: util-linux `script` allocates the pty (and sets
 * its size with stty), keys are written to its stdin, and its output is fed
 * into a headless xterm. No fixed sleeps: every wait polls the screen with a
 * bounded timeout.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import xterm from '@xterm/headless';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from './shipped-bin.js';

/** The CLI as it ships (the bundle; it opens the TUI from dist/bundle/tui.js). */
export const BIN = SHIPPED_BIN;

/** True when util-linux `script` is there (Debian and Ubuntu have it in the base system). */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The environment of a person at a terminal: not CI (ink would draw nothing), a capable TERM. */
export function terminalEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'NO_COLOR' || k === 'FORCE_COLOR' || k === 'TMUX') continue;
    env[k] = v;
  }
  env['TERM'] = 'xterm-256color';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface PtySession {
  /** The visible screen, one string per row, right-trimmed. */
  lines(): string[];
  screen(): string;
  /** Everything the program wrote, escape sequences included. */
  raw(): string;
  /** Titles the program tried to set (OSC 0/2). */
  readonly titles: string[];
  write(keys: string): void;
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code of the program (script passes it on), or rejects on timeout. */
  exit(timeoutMs?: number): Promise<number | null>;
  kill(): void;
  readonly child: ChildProcess;
}

/**
 * Starts `program` (by default the shipped CLI under this Node) with `args`
 * in a pty of the given size.
 */
export function startInPty(args: readonly string[], opts: { cols: number; rows: number; env?: NodeJS.ProcessEnv; cwd?: string; program?: readonly string[] }): PtySession {
  const { cols, rows } = opts;
  const command = `stty cols ${cols} rows ${rows}; exec ${[...(opts.program ?? [process.execPath, BIN]), ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: opts.env ?? terminalEnv(),
    cwd: opts.cwd ?? PACKAGE_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const titles: string[] = [];
  term.onTitleChange((t) => titles.push(t));
  let raw = '';
  let pending = 0;
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    raw += d;
    pending++;
    term.write(d, () => {
      pending--;
    });
  });
  child.stderr!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const s: PtySession = {
    child,
    titles,
    lines,
    screen: () => lines().join('\n'),
    raw: () => raw,
    write(keys) {
      child.stdin!.write(keys);
    },
    async waitFor(what, timeoutMs = 15000) {
      const start = Date.now();
      for (;;) {
        if (pending === 0) {
          const screen = s.screen();
          if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
        }
        if (exitCode !== undefined) throw new Error(`the program exited (${exitCode}) while waiting for ${String(what)}; output:\n${raw}`);
        if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(what)}; screen:\n${s.screen()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async exit(timeoutMs = 15000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the program did not exit within ${timeoutMs} ms; screen:\n${s.screen()}`)), timeoutMs);
      });
      try {
        const code = await Promise.race([exited, timeout]);
        // Let the last output reach the terminal model.
        for (let i = 0; i < 50 && pending > 0; i++) await new Promise((r) => setTimeout(r, 10));
        return code;
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
      term.dispose();
    },
  };
  return s;
}
