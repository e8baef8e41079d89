/** Runs the CLI in this process with a captured Io. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/cli/io.js';
import type { RawCapture } from './captures.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(argv: string[], options: { stderrIsTTY?: boolean; stdoutIsTTY?: boolean; cwd?: string; columns?: number } = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    color: false,
    columns: options.columns ?? 80,
    env: {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

export function tempDir(prefix = 'wcn-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a capture to a fresh temp folder and returns its path. */
export function writeCapture(raw: RawCapture, name = 'capture.json', dir = tempDir()): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}
