/** Output plumbing shared by the batch commands. */
import { colorWanted } from '../core/report/style.js';

export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  /** Optional: callers that never open the TUI need not say. */
  readonly stdinIsTTY?: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readonly columns: number;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIo(): Io {
  return {
    out: (t) => { process.stdout.write(t); },
    err: (t) => { process.stderr.write(t); },
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    color: colorWanted(process.stdout),
    columns: process.stdout.isTTY ? process.stdout.columns || 80 : 80,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** 3 is a bug in wcn-doctor itself, never a verdict on the host. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/**
 * True on a CI runner (the same test the terminal UI library makes: there it
 * draws nothing until exit, so the text report is the useful output).
 */
function inCi(env: NodeJS.ProcessEnv): boolean {
  if (env['CI'] === '0' || env['CI'] === 'false') return false;
  return 'CI' in env || 'CONTINUOUS_INTEGRATION' in env || Object.keys(env).some((k) => k.startsWith('CI_'));
}

/** The interactive view needs a person at a terminal: both ends a TTY, not a dumb terminal, not CI. */
export function wantsInteractive(io: Io): boolean {
  return io.stdoutIsTTY && io.stdinIsTTY === true && io.env['TERM'] !== 'dumb' && !inCi(io.env);
}

/**
 * Opens the interactive view on a capture (or the picker), and returns its
 * exit code. The TUI, and with it ink and react, is loaded here and nowhere
 * else, with one dynamic import.
 */
export async function openTui(path: string | undefined, cwd: string): Promise<number> {
  // React's development build is several times slower to start; nobody debugs React here.
  process.env['NODE_ENV'] ??= 'production';
  const { runTui } = await import('../ui/run.js');
  return runTui({ path, cwd });
}
