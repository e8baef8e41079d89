/**
 * `wcn-doctor collect`: the shipped CLI as a process, with the PowerShell it
 * finds on PATH.
 *
 * - End to end: real PowerShell 7 (pwsh) on a fake Windows host (the fake
 *   host of test/powershell/fakehost, loaded by collect/fake-host-powershell.ps1,
 *   which a `pwsh` first on PATH runs). Skipped with a message without pwsh,
 *   failed instead under CI=true (.ci/run installs it).
 * - Error paths: no PowerShell at all, a PowerShell that fails, an output
 *   that cannot be written, an interrupted run; small stand-in programs.
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { collectorCommand, defaultOutName, findPowerShell, powerShellArgs } from '../../src/cli/collect.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { tempDir } from '../helpers/cli.js';
import { parsePowerShell, syntaxErrors, walk } from '../helpers/powershell-grammar.js';
import { psLiteralValue } from '../helpers/ps-literal.js';
import { startInPty, terminalEnv } from '../helpers/pty.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const BOOT = join(PACKAGE_ROOT, 'test', 'cli', 'collect', 'fake-host-powershell.ps1');

function findPwsh(): string | undefined {
  const local = join(PACKAGE_ROOT, '.tools', 'pwsh', 'pwsh');
  if (existsSync(local)) return local;
  return (process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, 'pwsh')).find((p) => existsSync(p));
}
const PWSH = findPwsh();
const pwshMissing = PWSH === undefined ? 'pwsh (PowerShell 7) was not found; run scripts/install-powershell.sh (needs the .NET SDK)' : undefined;

/** A folder holding one executable `pwsh` with the given shell script body. */
function fakePwsh(body: string): string {
  const dir = tempDir('wcn-fake-pwsh-');
  writeFileSync(join(dir, 'pwsh'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, 'pwsh'), 0o755);
  return dir;
}

/** PATH with `first`, then the system folders that hold no pwsh (sh, touch and sleep are there). */
function pathWith(first?: string): string {
  const system = ['/usr/local/bin', '/usr/bin', '/bin'].filter((d) => !existsSync(join(d, 'pwsh')));
  return [...(first === undefined ? [] : [first]), ...system].join(delimiter);
}

function collect(args: string[], opts: { cwd: string; path: string; env?: Record<string, string> }) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: opts.path, ...opts.env };
  delete env['CI'];
  const r = spawnSync(process.execPath, [SHIPPED_BIN, 'collect', ...args], { cwd: opts.cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// ---- in process ---------------------------------------------------------

test('PowerShell is found: pwsh on PATH elsewhere; on Windows, Windows PowerShell first, then pwsh.exe', (t) => {
  const a = tempDir();
  const b = tempDir();
  writeFileSync(join(a, 'pwsh'), 'not executable');
  t.is(findPowerShell({ PATH: a }, 'linux'), undefined, 'a file that cannot be run is no PowerShell');
  writeFileSync(join(b, 'pwsh'), '#!/bin/sh\n');
  chmodSync(join(b, 'pwsh'), 0o755);
  t.is(findPowerShell({ PATH: [a, b].join(':') }, 'linux'), join(b, 'pwsh'));
  t.is(findPowerShell({}, 'linux'), undefined);

  const root = tempDir();
  const system = join(root, 'System32', 'WindowsPowerShell', 'v1.0');
  mkdirSync(system, { recursive: true });
  const seven = tempDir();
  writeFileSync(join(seven, 'pwsh.exe'), '');
  t.is(findPowerShell({ Path: seven, SystemRoot: root }, 'win32'), join(seven, 'pwsh.exe'), 'only PowerShell 7 there');
  writeFileSync(join(system, 'powershell.exe'), '');
  t.is(findPowerShell({ Path: seven, SystemRoot: root }, 'win32'), join(system, 'powershell.exe'), 'Windows PowerShell first');
  t.is(findPowerShell({ Path: tempDir() }, 'win32'), undefined);
});

test('the default file name is the one the collector would choose', (t) => {
  const at = new Date(2026, 0, 2, 3, 4, 5);
  t.is(defaultOutName(at, 'CTRHOST22V', false), 'wcn-capture-CTRHOST22V-20260102-030405.json');
  t.is(defaultOutName(at, 'CTRHOST22V', true), 'wcn-capture-redacted-20260102-030405.json');
  t.is(defaultOutName(at, 'a b/..\\c', false), 'wcn-capture-a_b_.._c-20260102-030405.json');
});

test('the command PowerShell runs parses, and paths with quotes, $() and line breaks stay one literal', (t) => {
  for (const out of ["C:\\it's\\capture.json", 'C:\\$(Stop-Computer)\\x.json', 'C:\\a\nRemove-Item C:\\ -Recurse\\x.json', 'C:\\\u2019; Restart-Computer; \u2018.json']) {
    const text = collectorCommand('C:\\wcn\\collect\\Collect-WcnCapture.ps1', out, true);
    t.deepEqual(syntaxErrors(text), [], text);
    const literals = [...walk(parsePowerShell(text).rootNode)].map((n) => psLiteralValue(n.text)).filter((v) => v !== undefined);
    t.true(literals.includes(out), `the path is one literal in:\n${text}`);
    t.true(literals.includes('C:\\wcn\\collect\\Collect-WcnCapture.ps1'));
    t.regex(text, / -Redact \|/);
  }
  t.notRegex(collectorCommand('a.ps1', 'b.json', false), /-Redact/);
  const args = powerShellArgs('Get-Date');
  t.deepEqual(args.slice(0, -1), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text', '-EncodedCommand']);
  t.is(Buffer.from(args.at(-1)!, 'base64').toString('utf16le'), 'Get-Date');
});

// ---- error paths ----------------------------------------------------------

test('no PowerShell: exit 4, a message saying what is needed, nothing written', (t) => {
  const cwd = tempDir();
  const r = collect(['--out', 'c.json'], { cwd, path: pathWith() });
  t.is(r.code, 4, r.err);
  t.regex(r.err, /no PowerShell found/);
  t.regex(r.err, /Windows PowerShell 5\.1 or PowerShell 7/);
  t.deepEqual(readdirSync(cwd), []);
});

test('an output that cannot be written: exit 2 before PowerShell starts, an existing file untouched', (t) => {
  const cwd = tempDir();
  const marker = join(tempDir(), 'started');
  const bin = fakePwsh(`touch '${marker}'; exit 0`);
  const missing = collect(['--out', join(cwd, 'no', 'such', 'folder', 'c.json')], { cwd, path: pathWith(bin) });
  t.is(missing.code, 2, missing.err);
  t.regex(missing.err, /cannot write .*c\.json: the folder .* does not exist/);
  writeFileSync(join(cwd, 'file'), 'a file, not a folder');
  const underFile = collect(['--out', 'file/c.json'], { cwd, path: pathWith(bin) });
  t.is(underFile.code, 2, underFile.err);
  writeFileSync(join(cwd, 'old.json'), 'keep me');
  const exists = collect(['--out', 'old.json'], { cwd, path: pathWith(bin) });
  t.is(exists.code, 2);
  t.regex(exists.err, /old\.json exists; use --force/);
  t.is(readFileSync(join(cwd, 'old.json'), 'utf8'), 'keep me');
  t.false(existsSync(marker), 'PowerShell was never started');
  t.deepEqual(readdirSync(cwd).sort(), ['file', 'old.json']);
});

test('usage errors: an argument, --open without a terminal, --open with --no-open', (t) => {
  const cwd = tempDir();
  for (const args of [['capture.json'], ['--open'], ['--open', '--no-open'], ['--out', ''], ['--bogus']]) {
    const r = collect(args, { cwd, path: pathWith() });
    t.is(r.code, 2, `${args.join(' ')}: ${r.err}`);
    t.regex(r.err, /Run 'wcn-doctor collect --help'/);
  }
  t.deepEqual(readdirSync(cwd), []);
});

test('a PowerShell that fails: exit 5, its message shown, nothing written, no temporary file left', (t) => {
  const cwd = tempDir();
  const bin = fakePwsh("echo 'The term Get-CimInstance is not recognized' >&2; exit 7");
  const r = collect(['--out', 'c.json', '--force'], { cwd, path: pathWith(bin) });
  t.is(r.code, 5, r.err);
  t.regex(r.err, /PowerShell exited with 7 \(its last message: The term Get-CimInstance is not recognized\)/);
  t.regex(r.err, /Nothing was written to c\.json/);
  t.deepEqual(readdirSync(cwd), []);
});

test('a PowerShell that succeeds without writing a capture: exit 5, the target untouched', (t) => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'c.json'), 'the old capture');
  // Writes garbage into every temporary file it can see, like a collector gone wrong.
  const bin = fakePwsh("for f in *.tmp; do echo 'not json' > \"$f\"; done; exit 0");
  const r = collect(['--out', 'c.json', '--force'], { cwd, path: pathWith(bin) });
  t.is(r.code, 5, r.err);
  t.regex(r.err, /not JSON/);
  t.is(readFileSync(join(cwd, 'c.json'), 'utf8'), 'the old capture');
  t.deepEqual(readdirSync(cwd), ['c.json']);
});

test('interrupted while collecting: PowerShell is stopped and the temporary file removed', async (t) => {
  const cwd = tempDir();
  const started = join(tempDir(), 'started');
  const bin = fakePwsh(`touch '${started}'; exec sleep 60`);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWith(bin) };
  delete env['CI'];
  const child = spawn(process.execPath, [SHIPPED_BIN, 'collect', '--out', 'c.json'], { cwd, env, stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  for (let i = 0; i < 600 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
  t.true(existsSync(started), 'PowerShell started');
  t.is(readdirSync(cwd).length, 1, 'the temporary file is there while it runs');
  child.kill('SIGTERM');
  t.is(await exited, 130);
  t.deepEqual(readdirSync(cwd), []);
});

// ---- end to end: real pwsh, fake Windows host ---------------------------

const e2e = pwshMissing === undefined ? test.serial : test.skip;
if (pwshMissing !== undefined && process.env['CI'] === 'true') {
  test('pwsh is installed (CI=true: .ci/run installs it)', (t) => t.fail(pwshMissing));
} else if (pwshMissing !== undefined) {
  console.log(`collect end-to-end tests: skipped, ${pwshMissing}`);
}

/** A `pwsh` first on PATH that runs real PowerShell 7 on the fake host. */
const fakeHostBin = () => fakePwsh(`exec '${PWSH}' -NoProfile -NonInteractive -File '${BOOT}' "$@"`);

/** The host name that the shipped CLI's diagnosis of a capture reports. */
function diagnosedHost(file: string): string | undefined {
  const r = spawnSync(process.execPath, [SHIPPED_BIN, 'check', '--format', 'json', '--fail-on', 'never', file], { encoding: 'utf8' });
  if (r.status !== 0) return `exit ${r.status}: ${r.stderr}`;
  return (JSON.parse(r.stdout) as { reports: { host: { name: string } }[] }).reports[0]?.host.name;
}

e2e('collect on a fake Windows Server 2022 host: the capture is written where named and diagnoses', (t) => {
  const cwd = tempDir();
  const argsFile = join(tempDir(), 'args.txt');
  const r = collect(['--out', 'host.json'], { cwd, path: pathWith(fakeHostBin()), env: { WCN_FAKE_SHAPE: 'ws2022', WCN_FAKE_ARGS: argsFile } });
  t.is(r.code, 0, r.err);
  t.regex(r.out, /^wrote host\.json \(\d+ KiB\); open it with: wcn-doctor host\.json\n$/);
  t.regex(r.err, /collecting with .*pwsh \(read-only\)/);
  t.notRegex(r.err, /\[#/, 'no progress bar into a pipe');
  t.deepEqual(readdirSync(cwd), ['host.json'], 'only the capture, no temporary file');
  const capture = JSON.parse(readFileSync(join(cwd, 'host.json'), 'utf8')) as { format: string; collector: string };
  t.is(capture.format, 'wcn-capture');
  t.is(diagnosedHost(join(cwd, 'host.json')), 'CTRHOST22V');
  // What PowerShell was given: no profile, no prompts, one encoded command, nothing else.
  const args = readFileSync(argsFile, 'utf8').trim().split('\n');
  t.deepEqual(args.slice(0, -1), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text', '-EncodedCommand']);
  t.regex(Buffer.from(args.at(-1)!, 'base64').toString('utf16le'), /Collect-WcnCapture\.ps1' -OutFile '.*host\.json\.\d+\.tmp' \| Out-Null/);
});

e2e('collect --redact on a fake host (PowerShell 7 form): the host name is replaced by a placeholder', (t) => {
  const cwd = tempDir();
  const r = collect(['--redact', '--no-open', '--out', 'shared.json'], { cwd, path: pathWith(fakeHostBin()), env: { WCN_FAKE_SHAPE: 'ws2022', WCN_FAKE_PSFORM: '7' } });
  t.is(r.code, 0, r.err);
  const text = readFileSync(join(cwd, 'shared.json'), 'utf8');
  t.false(text.includes('CTRHOST22V'), 'the host name is replaced');
  t.regex(diagnosedHost(join(cwd, 'shared.json')) ?? '', /^host-\d+$/);
});

e2e('on a terminal: the progress is drawn, then the interactive view opens on the capture', async (t) => {
  const cwd = tempDir();
  const env = terminalEnv({ PATH: pathWith(fakeHostBin()), WCN_FAKE_SHAPE: 'ws2019' });
  const s = startInPty(['collect', '--out', 'host.json'], { cols: 100, rows: 30, env, cwd });
  try {
    await s.waitFor(/Findings/, 120_000);
    t.regex(s.raw(), /\[#+\.*\] collecting \S+ \d+%/, 'the progress bar');
    t.regex(s.screen(), /Windows Server 2019/);
    s.write('q');
    t.is(await s.exit(30_000), 0);
    t.deepEqual(readdirSync(cwd), ['host.json']);
  } finally {
    s.kill();
  }
});
