/**
 * Entry of the TUI, loaded by the CLI through one dynamic import when stdin
 * and stdout are terminals. Owns the terminal: enters the alternate screen
 * on start and leaves it on every way out (quit, Ctrl+C, an error, SIGTERM,
 * SIGHUP), showing the cursor again.
 */
import { statSync } from 'node:fs';
import { render } from 'ink';
import { folderContents } from '../core/capture/folder.js';
import { diagnoseFile } from '../core/diagnose.js';
import { SNAPSHOTS_DIR } from '../core/paths.js';
import { colorWanted } from '../core/report/style.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { App, type Loaded } from './app.js';
import { findCaptures } from './logic/captures.js';

export interface TuiOptions {
  /** A capture file or folder to open; without it, the picker. */
  readonly path?: string | undefined;
  readonly cwd: string;
}

const ENTER_ALT = '\u001b[?1049h\u001b[H\u001b[2J';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

function holdsWholeCaptures(path: string): boolean {
  try {
    return statSync(path).isDirectory() && folderContents(path).captures.length > 0;
  } catch {
    return false;
  }
}

function load(path: string): Loaded {
  const { report, model } = diagnoseFile(path);
  return { report, model };
}

/** Runs the TUI until the user quits; returns the exit code. */
export async function runTui(options: TuiOptions): Promise<number> {
  const stdout = process.stdout;
  const stderr = process.stderr;
  let initial: Loaded | undefined;
  // A folder of whole captures (a download folder) opens the picker on its captures.
  const listFrom = options.path !== undefined && holdsWholeCaptures(options.path) ? options.path : undefined;
  if (options.path !== undefined && listFrom === undefined) {
    initial = load(options.path);
    if (!initial.model) {
      // Nothing to show: say why on the normal screen, like the batch commands do.
      const issues = initial.report.ingestIssues.map((i) => `  ${sanitizeInline(i.message)}`).join('\n');
      stderr.write(`wcn-doctor: cannot read ${sanitizeInline(options.path)}\n${issues}\n`);
      return 2;
    }
  }

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(signal === 'SIGHUP' ? 129 : signal === 'SIGINT' ? 130 : 143);
  };
  const onCrash = (err: unknown) => {
    restore();
    stderr.write(`wcn-doctor: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env['WCN_DEBUG']) stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exit(3);
  };
  process.on('exit', restore);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  stdout.write(ENTER_ALT);
  try {
    const instance = render(
      <App
        initial={initial}
        listCaptures={() => findCaptures(SNAPSHOTS_DIR, listFrom ?? options.cwd)}
        load={load}
        cwd={options.cwd}
        color={colorWanted(stdout)}
        writeRaw={(bytes) => stdout.write(bytes)}
      />,
      { exitOnCtrlC: true, patchConsole: true },
    );
    await instance.waitUntilExit();
    return 0;
  } catch (err) {
    restore();
    stderr.write(`wcn-doctor: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env['WCN_DEBUG']) stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return 3;
  } finally {
    restore();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
