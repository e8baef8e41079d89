/**
 * Text from a capture reaches the terminal inert: no escape sequence (CSI,
 * OSC 52 clipboard writes, OSC 8 links, window titles), no 8-bit C1 control,
 * no carriage return or backspace that overwrites what was printed, no bidi
 * override that reorders it. First as a property of sanitizeInline and
 * sanitizeBlock, then end to end through `wcn-doctor` as a process, on a
 * capture that carries such text in every place a report prints.
 */
import test from 'ava';
import fc from 'fast-check';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeJsonText, sanitizeBlock, sanitizeInline } from '../../src/core/text/sanitize.js';
import { hostileDemo } from './injection-helpers.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

/** What must never reach a terminal from a capture: C0 (but newline), DEL, C1, bidi and invisible formatting. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

/** Terminal attacks, whole and in pieces. */
const ATTACKS: readonly string[] = [
  '\u001b]52;c;cm0gLXJmIH4vKg==\u0007', // OSC 52: write the clipboard (BEL)
  '\u001b]52;c;cm0gLXJmIH4vKg==\u001b\\', // OSC 52 with ST
  '\u009d52;c;cm0gLXJmIH4vKg==\u009c', // OSC 52, 8-bit
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // OSC 8 link
  '\u001b]0;pwned\u0007', '\u001b]2;pwned\u001b\\', // window title
  '\u001bP+q544e\u001b\\', '\u0090+q\u009c', // DCS (XTGETTCAP), 7- and 8-bit
  '\u001b[2J\u001b[H', '\u001b[31;1m', '\u009b31m', '\u001b[6n', '\u001b[?1049h', '\u001b[8m', '\u001bc', '\u001b7\u001b8',
  '\u001b_apc\u001b\\', '\u001b^pm\u001b\\', '\u001bX sos\u001b\\',
  'ok\rFAKE', 'abc\b\b\bxyz', '\u0007', '\u0000', '\u000b\u000c', '\u007f', '\u0085',
  '\u202edesrever', '\u202d', '\u202a', '\u2066isolate\u2069', '\u2067\u2068', '\u200f', '\u061c', '\u200b', '\ufeff', '\u2028', '\u2029',
  '\u001b', '\u001b[', '\u001b]', '\u009b', '\u009d',
];

const attackText = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ATTACKS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u001b', '\u009b', '\u009d', '\u0090', '[', ']', ';', '\u0007', '\\', 'P', '0', '2', 'm', 'a', ' ', '\r', '\n', '\t'), maxLength: 12 }) },
), { maxLength: 8 }).map((parts) => parts.join(''));

test('sanitizeInline and sanitizeBlock leave no control, escape or bidi character, and are idempotent', (t) => {
  const details = fc.check(fc.property(attackText, (s) => {
    const inline = sanitizeInline(s);
    const block = sanitizeBlock(s);
    if (UNSAFE_INLINE.test(inline)) throw new Error(`inline kept U+${inline.codePointAt(inline.search(UNSAFE_INLINE))!.toString(16)}`);
    if (UNSAFE.test(block)) throw new Error(`block kept U+${block.codePointAt(block.search(UNSAFE))!.toString(16)}`);
    if (sanitizeInline(inline) !== inline || sanitizeBlock(block) !== block) throw new Error('not idempotent');
  }), { numRuns: 1500 });
  t.false(details.failed, `seed ${details.seed}: ${String(details.errorInstance)} on ${JSON.stringify(details.counterexample)}`);
});

test('printable text passes unchanged, and an escape sequence takes its payload with it', (t) => {
  const printable = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !UNSAFE_INLINE.test(s) && !/[\u2060-\u206f]/u.test(s));
  const payload = fc.string({ unit: fc.constantFrom(...'abcXYZ019+/=:;. '.split('')), maxLength: 30 });
  const details = fc.check(fc.property(printable, printable, payload, (a, b, p) => {
    if (sanitizeInline(a) !== a || sanitizeBlock(a) !== a) throw new Error('printable text changed');
    for (const seq of [`\u001b]52;c;${p}\u0007`, `\u001b]52;c;${p}\u001b\\`, `\u009d52;c;${p}\u009c`, `\u001b]8;;${p}\u001b\\`, `\u001bP${p}\u001b\\`, `\u001b]0;${p}\u0007`]) {
      if (sanitizeInline(`${a}${seq}${b}`) !== a + b) throw new Error(`payload survived: ${JSON.stringify(sanitizeInline(`${a}${seq}${b}`))}`);
    }
  }), { numRuns: 500 });
  t.false(details.failed, `seed ${details.seed}: ${String(details.errorInstance)} on ${JSON.stringify(details.counterexample)}`);
  t.is(sanitizeInline('ok\rFAKE'), 'ok FAKE', 'a carriage return cannot move back over the line');
  t.is(sanitizeInline('abc\b\b\bxyz'), 'abcxyz');
  t.is(sanitizeBlock('line1\r\nline2\rline3'), 'line1\nline2\nline3');
});

// --- end to end ---------------------------------------------------------------------

/** The CLI as it ships (the bundle). */
const BIN = SHIPPED_BIN;
const EVIL = ATTACKS.join('');
/** What a command line can carry (no NUL). */
const EVIL_ARG = EVIL.replace(/\u0000/g, '');

/**
 * The demo capture with terminal attacks in every place a report prints:
 * the host, OS, collector and time, the objects findings name, a collector
 * error, unknown keys and values that become ingest issues.
 */
function hostileCapture(): Record<string, unknown> {
  const raw = hostileDemo(EVIL);
  delete raw['hnsEndpoints'];
  (raw['netNat'] as Record<string, unknown>[]).push({ Name: 5, Active: `yes${EVIL}` });
  return raw;
}

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', CI: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking, so that several processes run at once. */
function runAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', CI: '1', ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('close', (code) => done({ code, out, err }));
  });
}

/**
 * The output with what wcn-doctor itself writes taken out: colour sequences
 * (SGR only) and the CRLF line ends of a PowerShell script. A lone CR, which
 * could return to the start of a line and overwrite it, stays and fails.
 */
function withoutOwnColour(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');
}

const tmp = mkdtempSync(join(tmpdir(), 'wcn-term-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('every command prints hostile capture text inert, in colour and without', async (t) => {
  const file = join(tmp, `capture${'\u001b]0;file\u0007'}.json`);
  writeFileSync(file, JSON.stringify(hostileCapture(), null, 2));
  // A folder whose stray file name carries an escape sequence: its warning names the file.
  const folder = join(tmp, 'folder');
  mkdirSync(folder);
  writeFileSync(join(folder, 'netNat.json'), JSON.stringify([{ Name: `nat${EVIL}`, InternalIPInterfaceAddressPrefix: '192.168.50.0/24' }]));
  writeFileSync(join(folder, `stray${'\u001b]52;c;eA==\u0007'}.json`), '{}');
  // A folder that holds nothing but such a file cannot be read at all: the error names the file.
  const strayOnly = join(tmp, 'stray-only');
  mkdirSync(strayOnly);
  writeFileSync(join(strayOnly, `x${'\u001b]0;pwned\u0007\u009b2J'}.json`), '{}');

  const runs: [string[], string][] = [
    [['check', file], 'check'],
    [['check', '--verbose', file], 'check --verbose'],
    [['check', '--symptom', `The parameter is incorrect${EVIL_ARG}`, file], 'check --symptom'],
    [['check', folder], 'check on a folder'],
    [[file], 'default command'],
    [['search', `0x57${EVIL_ARG}`, '--capture', file], 'search with a capture'],
    [['search', `0x57${EVIL_ARG}`, '--capture', folder], 'search with a folder'],
    [['search', '0x57', '--capture', strayOnly], 'search with an unreadable folder'],
    [['check', strayOnly], 'check on an unreadable folder'],
    [['check', '--format', 'markdown', file], 'check --format markdown'],
    [['check', '--format', 'sarif', file], 'check --format sarif'],
    [['check', '--format', 'ndjson', file, folder], 'check --format ndjson'],
    [['check', '--verify-fixes', file], 'check --verify-fixes'],
    [['check', file, folder, strayOnly], 'check on several captures'],
    [['fix', file, '--out', '-', '--fixes', 'all'], 'fix --out -'],
    [['diff', folder, file], 'diff'],
    [['diff', '--format', 'json', folder, file], 'diff --format json'],
    [['topology', file], 'topology'],
    [['topology', '--format', 'dot', file], 'topology --format dot'],
    [['simulate', file, '--', `docker network rm 'CustomNat2${EVIL_ARG}'`, '--', `Remove-VMSwitch -Name 'LabExternal${EVIL_ARG}' -Force`], 'simulate'],
    [['simulate', file, '--format', 'json', '--', `docker network create -d nat x${EVIL_ARG}`], 'simulate --format json'],
    [['redact', file, '--out', '-'], 'redact'],
  ];
  let printedNames = 0;
  const envs: Record<string, string>[] = [{ NO_COLOR: '1' }, { FORCE_COLOR: '1' }];
  const jobs = runs.flatMap(([args, label]) => envs.map((env) => ({ args, label, env })));
  for (let i = 0; i < jobs.length; i += 4) {
    const batch = jobs.slice(i, i + 4);
    const results = await Promise.all(batch.map((j) => runAsync(j.args, j.env)));
    batch.forEach(({ label, env }, k) => {
      const r = results[k]!;
      t.true(r.code === 0 || r.code === 1 || r.code === 2, `${label}: exit ${r.code} ${r.err.slice(0, 300)}`);
      t.notRegex(r.err, /\n\s+at /, `${label}: no stack trace`);
      for (const [stream, text] of [['stdout', r.out], ['stderr', r.err]] as const) {
        const clean = withoutOwnColour(text);
        const bad = UNSAFE.exec(clean);
        t.is(bad, null, `${label} (${JSON.stringify(env)}) ${stream}: U+${bad?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${JSON.stringify(clean.slice(Math.max(0, (bad?.index ?? 0) - 60), (bad?.index ?? 0) + 20))}`);
      }
      if (r.out.includes('LabExternal') && r.out.includes('HOST')) printedNames++;
    });
  }
  t.true(printedNames >= 12, `the renamed objects are printed (sanitized), so the test sees them (${printedNames})`);
});

test('the JSON report keeps hostile text exactly, escaped so a terminal shows it inert', (t) => {
  const file = join(tmp, 'json-capture.json');
  writeFileSync(file, JSON.stringify(hostileCapture(), null, 2));
  const r = run(['check', '--format', 'json', file], {});
  t.is(UNSAFE.exec(r.out), null, 'no raw control, C1 or bidi character in the JSON text');
  const report = JSON.parse(r.out).reports[0];
  t.is(report.host.name, `HOST${EVIL}`, 'the value itself is kept exactly');
  t.true(report.findings.some((f: { subjects: { name: string }[] }) => f.subjects.some((s) => s.name === `LabExternal${EVIL}`)));
});

test('JSON from redact and search is escaped the same way and reads back exactly', (t) => {
  const file = join(tmp, 'redact-capture.json');
  writeFileSync(file, JSON.stringify(hostileCapture(), null, 2));
  const redacted = run(['redact', file, '--out', '-'], {});
  t.is(redacted.code, 0, redacted.err);
  t.is(UNSAFE.exec(redacted.out), null);
  t.is(JSON.parse(redacted.out).collector, `collector${EVIL}`);
  const searched = run(['search', `0x57${EVIL_ARG}`, '--format', 'json'], {});
  t.is(UNSAFE.exec(searched.out), null);
  t.is(JSON.parse(searched.out).query, `0x57${EVIL_ARG}`.trim());
  t.is(escapeJsonText(JSON.stringify('a\u009b\u202eb\u2028')), '"a\\u009b\\u202eb\\u2028"');
});
