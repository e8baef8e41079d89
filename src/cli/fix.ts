/** `wcn-doctor fix`: write a remediation script for one capture. */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { RUN_ON_TEXT, type RunOn } from '../core/checks/types.js';
import { renderRemediationScript } from '../core/report/remediation.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { choice, defineCommand, flag, maxSize, text } from './command.js';
import { diagnoseOrReport } from './load.js';
import { EXIT, UsageError } from './io.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Writes exactly the named file: never over an existing one unless forced, never anywhere else. */
function writeScriptFile(path: string, text: string, force: boolean): void {
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

export const fixCommand = defineCommand({
  name: 'fix',
  usage: ['<capture|folder> --out <file.ps1|-> [options]'],
  description: `Write a PowerShell remediation script for the findings of one capture. The
script needs an elevated session (#Requires -RunAsAdministrator) and runs
one guarded step per fix, safe steps before disruptive ones; each step names
its finding and how to verify it. Preview it all with -WhatIf; disruptive
steps ask for confirmation unless the script is run with -Force.

wcn-doctor never runs the script. Read it before you run it: the capture
may be older than the host's current state.`,
  options: {
    out: text('<path>', `the file to write (UTF-8 with a byte order mark, which
Windows PowerShell 5.1 needs to read non-ASCII names),
or - for standard output (no byte order mark)`),
    force: flag('replace the file if it exists'),
    fixes: choice('<which>', ['first', 'all'], 'first', `first (default): the first, least disruptive fix of
each finding; all: every fix offered, each its own step
(a finding's fixes are alternatives: with -Confirm,
answer yes to the one you want)`),
    'run-on': choice('<where>', Object.keys(RUN_ON_TEXT) as RunOn[], 'container-host', `container-host (default), hyperv-parent or vsphere (a
PowerCLI session): the steps for other places are
listed as comments only`),
    'max-size': maxSize(),
  },
  positionals: { min: 1, max: 1, few: 'name one capture file or folder', many: 'name only one capture: a script is for one host' },
  exitCodes: [
    [EXIT.ok, 'the script was written (it may hold no step when nothing needs fixing)'],
    [EXIT.usage, `usage error, a capture that could not be read, or an output file that
exists (without --force) or cannot be written`],
  ],
  examples: [
    'wcn-doctor fix host.json --out remediation.ps1',
    'wcn-doctor fix host.json --out - --fixes all',
    'wcn-doctor fix host.json --out parent.ps1 --run-on hyperv-parent',
  ],
  run({ options, positionals }, io) {
    const { out, fixes } = options;
    if (out === undefined || out === '') throw new UsageError("name the script to write with --out <file.ps1>, or '--out -' for standard output");
    const capture = positionals[0]!;
    if (out !== '-' && resolve(io.cwd, out) === resolve(io.cwd, capture)) {
      throw new UsageError('--out names the capture itself; choose another file');
    }
    const diagnosed = diagnoseOrReport(capture, io, options['max-size']);
    if (!diagnosed) return EXIT.usage;
    const script = renderRemediationScript(diagnosed.report, { fixes, runOn: options['run-on'] });
    if (out === '-') {
      io.out(script);
      return EXIT.ok;
    }
    writeScriptFile(resolve(io.cwd, out), script, options.force);
    const steps = (script.match(/^# Step \d+ of \d+:/gm) ?? []).length;
    const name = sanitizeInline(out.replace(/^.*[\\/]/, ''));
    io.err(`wrote ${sanitizeInline(out)}: ${steps} step${steps === 1 ? '' : 's'}. Preview it on the host with: .\\${name} -WhatIf\n`);
    return EXIT.ok;
  },
});
