/** `wcn-doctor fix`: write a remediation script for one capture. */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RUN_ON_TEXT, type RunOn } from '../core/checks/types.js';
import { diagnoseFile } from '../core/diagnose.js';
import { renderRemediationScript } from '../core/report/remediation.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { EXIT, UsageError, type Io } from './io.js';

export const FIX_HELP = `Usage: wcn-doctor fix <capture|folder> --out <file.ps1|-> [options]

Write a PowerShell remediation script for the findings of one capture. The
script needs an elevated session (#Requires -RunAsAdministrator) and runs
one guarded step per fix, safe steps before disruptive ones; each step names
its finding and how to verify it. Preview it all with -WhatIf; disruptive
steps ask for confirmation unless the script is run with -Force.

wcn-doctor never runs the script. Read it before you run it: the capture
may be older than the host's current state.

Options:
  --out <path>       the file to write (UTF-8 with a byte order mark, which
                     Windows PowerShell 5.1 needs to read non-ASCII names),
                     or - for standard output (no byte order mark)
  --force            replace the file if it exists
  --fixes <which>    first (default): the first, least disruptive fix of
                     each finding; all: every fix offered, each its own step
                     (a finding's fixes are alternatives: with -Confirm,
                     answer yes to the one you want)
  --run-on <where>   container-host (default), hyperv-parent or vsphere (a
                     PowerCLI session): the steps for other places are
                     listed as comments only
  --max-size <MiB>   refuse capture files larger than this (default 64)
  -h, --help         show this help

Exit codes:
  0  the script was written (it may hold no step when nothing needs fixing)
  2  usage error, a capture that could not be read, or an output file that
     exists (without --force) or cannot be written
  3  internal error in wcn-doctor

Examples:
  wcn-doctor fix host.json --out remediation.ps1
  wcn-doctor fix host.json --out - --fixes all
  wcn-doctor fix host.json --out parent.ps1 --run-on hyperv-parent
`;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Writes exactly the named file: never over an existing one unless forced, never anywhere else. */
export function writeScriptFile(path: string, text: string, force: boolean): void {
  let fd: number;
  try {
    // O_EXCL fails when the file exists, atomically (no check-then-write race);
    // O_NOFOLLOW refuses a symbolic link, which would write somewhere else.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL);
    fd = openSync(path, flags, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`'${path}' exists; use --force to replace it`);
    if (code === 'EISDIR') throw new UsageError(`'${path}' is a folder; name a file`);
    if (code === 'ELOOP') throw new UsageError(`'${path}' is a symbolic link; name the real file`);
    if (code === 'ENOENT') throw new UsageError(`cannot write '${path}': its folder does not exist`);
    throw new UsageError(`cannot write '${path}': ${code ?? String(e)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UsageError(`'${path}' is not a regular file`);
    writeSync(fd, Buffer.concat([BOM, Buffer.from(text, 'utf8')]));
  } finally {
    closeSync(fd);
  }
}

export function runFix(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      fixes: { type: 'string', default: 'first' },
      'run-on': { type: 'string', default: 'container-host' },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(FIX_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name one capture file or folder' : 'name only one capture: a script is for one host');
  if (values.out === undefined || values.out === '') throw new UsageError("name the script to write with --out <file.ps1>, or '--out -' for standard output");
  const fixes = values.fixes;
  if (fixes !== 'first' && fixes !== 'all') throw new UsageError(`unknown --fixes '${fixes}' (use first or all)`);
  const runOn = values['run-on'] as RunOn;
  if (!Object.hasOwn(RUN_ON_TEXT, runOn)) throw new UsageError(`unknown --run-on '${values['run-on']}' (use ${Object.keys(RUN_ON_TEXT).join(', ')})`);
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    const mib = Number(values['max-size']);
    if (!Number.isFinite(mib) || mib <= 0) throw new UsageError(`--max-size takes a number of MiB, not '${values['max-size']}'`);
    maxBytes = Math.floor(mib * 1024 * 1024);
  }
  const capture = positionals[0]!;
  if (values.out !== '-' && resolve(io.cwd, values.out) === resolve(io.cwd, capture)) {
    throw new UsageError('--out names the capture itself; choose another file');
  }

  const { report, model } = diagnoseFile(capture, { maxBytes });
  if (!model) {
    io.err(`wcn-doctor: cannot read '${capture}': ${report.ingestIssues.map((i) => i.message).join('; ')}\n`);
    return EXIT.usage;
  }
  const script = renderRemediationScript(report, { fixes, runOn });
  if (values.out === '-') {
    io.out(script);
    return EXIT.ok;
  }
  writeScriptFile(resolve(io.cwd, values.out), script, values.force);
  const steps = (script.match(/^# Step \d+ of \d+:/gm) ?? []).length;
  const name = sanitizeInline(values.out.replace(/^.*[\\/]/, ''));
  io.err(`wrote ${sanitizeInline(values.out)}: ${steps} step${steps === 1 ? '' : 's'}. Preview it on the host with: .\\${name} -WhatIf\n`);
  return EXIT.ok;
}
