/**
 * `wcn-doctor collect`: on the Windows host itself, capture it with the
 * shipped collector (collect/Collect-WcnCapture.ps1, read-only) and open the
 * interactive view on the capture.
 *
 * The one command of wcn-doctor that starts a process: Windows PowerShell
 * (`powershell.exe`) on Windows, or PowerShell 7 (`pwsh`) where that is
 * what there is. PowerShell gets one command, built with the quoting helper
 * and passed base64-encoded (no command-line quoting to get wrong): it
 * replaces Write-Progress with a function that reports each step on a line
 * of its own, then runs the collector into a temporary file beside the
 * target. The file is checked and renamed into place only when the collector
 * succeeded, so an interrupted or failed run leaves nothing half-written.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/paths.js';
import { ps, psCode } from '../core/powershell.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { defineCommand, flag, text } from './command.js';
import { EXIT, UsageError, openTui, wantsInteractive, type Io } from './io.js';
import { makeProgress } from './progress.js';

/** Exit codes of this command beyond the common ones. */
const COLLECT_EXIT = { noPowerShell: 4, collectorFailed: 5 } as const;

const COLLECTOR_SCRIPT = join(PACKAGE_ROOT, 'collect', 'Collect-WcnCapture.ps1');
/** The prefix of the lines our Write-Progress writes. */
const PROGRESS_MARK = 'WCN-PROGRESS';
/** Lines PowerShell writes as the outcome of the run. */
const FAILED_MARK = 'WCN-FAILED';
/** Characters of one collector message shown on the terminal. */
const MAX_MESSAGE = 240;

function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The PowerShell to run, or undefined. On Windows, Windows PowerShell from
 * the system folder first (it is on every supported Windows), then
 * powershell.exe and pwsh.exe on PATH; elsewhere, pwsh on PATH.
 */
export function findPowerShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const candidates: string[] = [];
  const pathDirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  if (platform === 'win32') {
    const systemRoot = env['SystemRoot'] ?? env['SYSTEMROOT'] ?? env['windir'];
    if (systemRoot) candidates.push(join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
    for (const name of ['powershell.exe', 'pwsh.exe']) for (const d of pathDirs) candidates.push(join(d, name));
  } else {
    for (const d of pathDirs) candidates.push(join(d, 'pwsh'));
  }
  return candidates.find((c) => isExecutable(c, platform));
}

/** The default file name, as the collector itself would choose it. */
export function defaultOutName(now: Date, computer: string, redact: boolean): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const label = redact ? 'redacted' : computer.replace(/[^A-Za-z0-9_.-]/g, '_') || 'host';
  return `wcn-capture-${label}-${stamp}.json`;
}

/**
 * The command PowerShell runs: output in UTF-8, Write-Progress reporting
 * each step as a line on standard output, then the collector writing
 * `outFile`. The collector's own output (the file it wrote) is dropped; its
 * warnings pass through.
 */
export function collectorCommand(script: string, outFile: string, redact: boolean): string {
  const progress = psCode(`function global:Write-Progress {
  param([Parameter(Position = 0)] [string] $Activity, [Parameter(Position = 1)] [string] $Status, [int] $Id, [int] $PercentComplete = -1,
    [int] $SecondsRemaining, [string] $CurrentOperation, [int] $ParentId, [switch] $Completed, [int] $SourceId)
  if ($Completed) { $PercentComplete = 100 }
  [Console]::Out.WriteLine('${PROGRESS_MARK} ' + $PercentComplete + ' ' + $Status)
}`);
  const switches = psCode(redact ? ' -Redact' : '');
  // Windows PowerShell writes to a pipe in the console's code page; UTF-8 keeps non-English messages readable.
  return ps`try { [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false) } catch { }
${progress}
try {
  & ${script} -OutFile ${outFile}${switches} | Out-Null
}
catch {
  [Console]::Error.WriteLine('${psCode(FAILED_MARK)} ' + $_.Exception.Message)
  exit 1
}
exit 0
`;
}

/** PowerShell's arguments: no profile, no prompts, text output, the command base64-encoded (UTF-16LE, as PowerShell expects). */
export function powerShellArgs(command: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text', '-EncodedCommand', Buffer.from(command, 'utf16le').toString('base64')];
}

/** Splits a stream into lines as they arrive. */
function lines(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk;
      const parts = rest.split(/\r?\n/);
      rest = parts.pop() ?? '';
      for (const l of parts) onLine(l);
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The collector's own messages (errors, warnings), in order. */
  readonly messages: string[];
  readonly failure?: string;
  readonly startError?: string;
}

function runCollector(powershell: string, command: string, io: Io, onStart: (stop: () => void) => void): Promise<RunResult> {
  return new Promise((done) => {
    const progress = makeProgress(100, io.stderrIsTTY, io.err, io.columns, 'collecting', 'percent');
    const messages: string[] = [];
    let failure: string | undefined;
    const say = (line: string) => {
      const clean = sanitizeInline(line).trim();
      // A failing program's whole answer can follow its message: the start says enough here (the capture keeps it all).
      const text = clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean;
      if (!text) return;
      messages.push(text);
      progress.clear();
      io.err(`  ${text}\n`);
      progress.redraw();
    };
    let child;
    try {
      child = spawn(powershell, powerShellArgs(command), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, cwd: io.cwd });
    } catch (e) {
      done({ code: null, signal: null, messages, startError: (e as Error).message });
      return;
    }
    onStart(() => child.kill());
    const out = lines((l) => {
      if (l.startsWith(`${PROGRESS_MARK} `)) {
        const [, percent, ...status] = l.split(' ');
        const what = sanitizeInline(status.join(' ')).slice(0, 30);
        progress.tick(Math.max(0, Math.min(100, Number(percent) || 0)), `collecting ${what}`.trim());
      } else say(l);
    });
    const err = lines((l) => {
      if (l.startsWith(`${FAILED_MARK} `)) failure = sanitizeInline(l.slice(FAILED_MARK.length + 1));
      else say(l);
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => err.push(d));
    child.on('error', (e) => {
      progress.clear();
      done({ code: null, signal: null, messages, startError: e.message });
    });
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      progress.clear();
      done({ code, signal, messages, ...(failure !== undefined ? { failure } : {}) });
    });
  });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** What the collector wrote must be a capture before it takes the target's name. */
function checkCapture(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return `the collector wrote no file (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (text.trim() === '') return 'the collector wrote an empty file';
  try {
    const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as { format?: unknown };
    if (doc === null || typeof doc !== 'object' || doc.format !== 'wcn-capture') return "the collector's file is not a wcn-capture";
  } catch (e) {
    return `the collector's file is not JSON: ${(e as Error).message}`;
  }
  return undefined;
}

export const collectCommand = defineCommand({
  name: 'collect',
  usage: ['[--out <file>] [--redact] [--open | --no-open]'],
  description: `Run on the Windows container host itself, from an elevated prompt: captures
the host's container networking state with the collector that ships with
wcn-doctor (Collect-WcnCapture.ps1), writes it to a file, and opens the
interactive view on it.

The collector only reads: Get-* cmdlets, 'hnsdiag list', 'docker info',
'docker network inspect', 'netsh ... show excludedportrange' and the like.
It never changes, starts or stops anything, and nothing is sent anywhere.
It runs in Windows PowerShell 5.1 (powershell.exe), or in PowerShell 7
(pwsh) where Windows PowerShell is not there. Without elevation Hyper-V and
HNS usually refuse to answer; what could not be read is listed in the
capture's collectorErrors and printed as a warning.`,
  options: {
    out: text('<file>', 'where to write the capture (default:\nwcn-capture-<computer>-<yyyyMMdd-HHmmss>.json here)'),
    redact: flag("replace host and domain names, MAC addresses and public IP\naddresses in the capture (see 'wcn-doctor redact')"),
    open: flag('open the interactive view on the capture (the default on a\nterminal; needs one)'),
    'no-open': flag('only write the capture'),
    force: flag('overwrite an existing output file'),
  },
  positionals: { min: 0, max: 0, many: (unexpected) => `unexpected '${unexpected}'; collect captures this host (name the file with --out)` },
  exitCodes: [
    [EXIT.ok, 'the capture was written (and the view, if opened, closed normally)'],
    [EXIT.usage, 'usage error, or the output cannot be written there'],
    [COLLECT_EXIT.noPowerShell, 'no PowerShell found (powershell.exe, pwsh)'],
    [COLLECT_EXIT.collectorFailed, 'the collector failed; nothing was written'],
  ],
  examples: ['wcn-doctor collect', 'wcn-doctor collect --redact --out shared.json --no-open'],
  run: ({ options }, io) => runCollect(options, io),
});

interface CollectOptions {
  readonly out: string | undefined;
  readonly redact: boolean;
  readonly open: boolean;
  readonly 'no-open': boolean;
  readonly force: boolean;
}

async function runCollect(values: CollectOptions, io: Io): Promise<number> {
  if (values.open && values['no-open']) throw new UsageError('--open and --no-open together');
  const interactive = wantsInteractive(io);
  if (values.open && !interactive) throw new UsageError('--open needs a terminal (standard input and output); use --no-open, then open the capture where there is one');
  const open = values.open || (interactive && !values['no-open']);
  if (values.out === '') throw new UsageError('--out needs a file name');
  const target = resolve(io.cwd, values.out ?? defaultOutName(new Date(), io.env['COMPUTERNAME'] ?? hostname(), values.redact));
  const shown = sanitizeInline(values.out ?? basename(target));

  // Before anything runs: the output must be writable where it is named.
  if (existsSync(target)) {
    if (!values.force) throw new UsageError(`${shown} exists; use --force to overwrite it`);
    if (!statSync(target).isFile()) throw new UsageError(`${shown} is not a regular file`);
  }
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write ${shown}: the folder ${sanitizeInline(dir)} does not exist`);
  if (!existsSync(COLLECTOR_SCRIPT)) {
    io.err(`wcn-doctor: the collector script is missing from this installation: ${sanitizeInline(COLLECTOR_SCRIPT)}\n`);
    return EXIT.internal;
  }
  const powershell = findPowerShell(io.env);
  if (powershell === undefined) {
    io.err(`wcn-doctor: no PowerShell found: ${process.platform === 'win32' ? 'neither Windows PowerShell (powershell.exe) nor PowerShell 7 (pwsh.exe)' : 'PowerShell 7 (pwsh) is not on PATH'}.\nThe collector needs Windows PowerShell 5.1 or PowerShell 7.\n`);
    return COLLECT_EXIT.noPowerShell;
  }
  // Not a dot file: PowerShell on Linux hides those from the collector's last Get-Item.
  const temp = join(dir, `${basename(target)}.${process.pid}.tmp`);
  try {
    closeSync(openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644));
  } catch (e) {
    throw new UsageError(`cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)} in ${sanitizeInline(dir)}`);
  }

  let stop: (() => void) | undefined;
  const onSignal = () => {
    stop?.();
    removeQuietly(temp);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    io.err(`collecting with ${sanitizeInline(powershell)} (read-only)…\n`);
    const r = await runCollector(powershell, collectorCommand(COLLECTOR_SCRIPT, temp, values.redact), io, (s) => {
      stop = s;
    });
    const problem = r.startError !== undefined
      ? `could not start ${sanitizeInline(powershell)}: ${sanitizeInline(r.startError)}`
      : r.failure !== undefined
        ? `the collector stopped: ${r.failure}`
        : r.code !== 0
          ? `PowerShell exited with ${r.code ?? r.signal}${r.messages.length > 0 ? ` (its last message: ${r.messages[r.messages.length - 1]})` : ''}`
          : checkCapture(temp);
    if (problem !== undefined) {
      io.err(`wcn-doctor: ${problem}\nNothing was written to ${shown}.\n`);
      return COLLECT_EXIT.collectorFailed;
    }
    renameSync(temp, target);
    io.out(`wrote ${shown} (${Math.max(1, Math.round(statSync(target).size / 1024))} KiB)${open ? '' : `; open it with: wcn-doctor ${psQuoteForShell(values.out ?? basename(target))}`}\n`);
  } finally {
    removeQuietly(temp);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return open ? openTui(target, io.cwd) : EXIT.ok;
}

/** A file name as the user would type it back (quoted when it has spaces or quotes). */
function psQuoteForShell(name: string): string {
  return /^[\w.:\\/-]+$/.test(name) ? sanitizeInline(name) : ps`${sanitizeInline(name)}`;
}
