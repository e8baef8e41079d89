/**
 * Capture files and folders built to hang, mislead or leak: pipes, devices,
 * links out of the folder, the same key twice, a folder larger in total than
 * the limit, JSON nested too deep for a recursive parser. Each one becomes an
 * issue; none hangs or throws.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '../../src/core/capture/read.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

/** The CLI as it ships (the bundle). */
const BIN = SHIPPED_BIN;
const tmp = mkdtempSync(join(tmpdir(), 'wcn-hostile-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function folder(): string {
  const dir = join(tmp, `f${n++}`);
  mkdirSync(dir);
  return dir;
}

/** Runs the CLI with a deadline: a hang shows as a killed process, not a stuck test. */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

const haveMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

(haveMkfifo ? test : test.skip)('a named pipe is refused before it is opened, as the capture and inside a folder', (t) => {
  const dir = folder();
  const pipe = join(dir, 'netNat.json');
  t.is(spawnSync('mkfifo', [pipe]).status, 0);
  writeFileSync(join(dir, 'os.json'), '{"BuildNumber": 17763}');
  const asFile = cli(['check', '--format', 'json', pipe]);
  t.is(asFile.signal, null, 'did not hang');
  t.is(asFile.code, 2);
  t.regex(JSON.parse(asFile.out).reports[0].ingestIssues[0].message, /named pipe, not a file; it was not read/);
  const asFolder = cli(['check', '--format', 'json', dir]);
  t.is(asFolder.signal, null, 'did not hang');
  const report = JSON.parse(asFolder.out).reports[0];
  t.is(report.host.build, 17763, 'the other files are read');
  t.true(report.ingestIssues.some((i: { key?: string; message: string }) => i.key === 'netNat' && /named pipe, not a file/.test(i.message)));
});

test('a device is refused, never read until it ends', (t) => {
  if (!existsSync('/dev/zero')) return t.pass('no /dev/zero here');
  const r = cli(['check', '--format', 'json', '/dev/zero']);
  t.is(r.signal, null, 'did not hang');
  t.is(r.code, 2);
  t.regex(JSON.parse(r.out).reports[0].ingestIssues[0].message, /a device, not a file/);
});

test('links inside a capture folder are not followed, so a capture cannot pull in other files', (t) => {
  const secret = join(tmp, 'secret.json');
  writeFileSync(secret, JSON.stringify({ Caption: 'TOP-SECRET-VALUE', BuildNumber: 'not a number either' }));
  const dir = folder();
  symlinkSync(secret, join(dir, 'os.json'));
  if (existsSync('/dev/zero')) symlinkSync('/dev/zero', join(dir, 'netNat.json'));
  writeFileSync(join(dir, 'vmSwitches.json'), '[]');
  const r = readCapture(dir);
  t.true(r.readable);
  t.is(r.capture.os, undefined, 'the linked file was not read');
  t.is(r.capture.netNat, undefined);
  t.deepEqual(r.capture.vmSwitches, []);
  t.true(r.issues.some((i) => i.key === 'os' && /symbolic link, not a file, and was not read/.test(i.message)));
  t.false(JSON.stringify(r).includes('TOP-SECRET-VALUE'));
});

test('the same key twice in a folder (names differing in case) is read once, with a warning', (t) => {
  const dir = folder();
  writeFileSync(join(dir, 'NETNAT.json'), JSON.stringify([{ Name: 'first' }]));
  writeFileSync(join(dir, 'netNat.json'), JSON.stringify([{ Name: 'second' }]));
  const r = readCapture(dir);
  t.is(r.capture.netNat?.length, 1);
  t.is(r.capture.netNat?.[0]?.Name, 'first');
  t.true(r.issues.some((i) => i.key === 'netNat' && /holds 'netNat' again \(already read from 'NETNAT.json'\)/.test(i.message)));
});

test('the size limit holds for a whole folder, not only for each file', (t) => {
  const dir = folder();
  const big = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ Name: `n${i}`, InternalIPInterfaceAddressPrefix: '10.0.0.0/24' })));
  writeFileSync(join(dir, 'netNat.json'), big);
  writeFileSync(join(dir, 'vmSwitches.json'), JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ Name: `switch-${i}-${'x'.repeat(40)}`, SwitchType: 1 }))));
  const limit = Math.ceil(big.length * 1.5);
  const r = readCapture(dir, { maxBytes: limit });
  t.is(r.capture.netNat?.length, 300);
  t.is(r.capture.vmSwitches, undefined, 'the second file would take the folder past the limit');
  t.true(r.issues.some((i) => i.key === 'vmSwitches' && /more than is left of the limit of .* for the whole folder/.test(i.message)));
});

test('invalid JSON nested too deep for the detailed parser is still reported, not a crash', (t) => {
  const file = join(tmp, 'deep-invalid.json');
  writeFileSync(file, `{"os":${'['.repeat(200_000)}x`);
  const r = readCapture(file);
  t.false(r.readable);
  t.regex(r.issues[0]!.message, /^not valid JSON: /);
  const viaCli = cli(['check', file]);
  t.is(viaCli.code, 2, 'a usage-level failure (unreadable input), not an internal error');
  t.notRegex(viaCli.err, /internal error/);
});

test('redact refuses a capture folder with a link, so it cannot copy another file into a shareable output', (t) => {
  const secret = join(tmp, 'redact-secret.json');
  writeFileSync(secret, JSON.stringify({ auths: { 'registry.example': { auth: 'TOP-SECRET-TOKEN' } } }));
  const dir = folder();
  writeFileSync(join(dir, 'os.json'), '{"BuildNumber": 17763}');
  symlinkSync(secret, join(dir, 'daemonConfig.json'));
  symlinkSync(secret, join(dir, 'collectorErrors.json'));
  const out = join(tmp, 'redacted-out');
  const r = spawnSync(process.execPath, [BIN, 'redact', dir, '--out', out], { encoding: 'utf8', timeout: 20_000 });
  t.is(r.status, 2);
  t.regex(r.stderr, /not a regular file/);
  t.false(existsSync(out) && spawnSync('grep', ['-r', 'TOP-SECRET-TOKEN', out]).status === 0);
});

test('SARIF locates evidence without following a link in the folder or reading a device', (t) => {
  if (!existsSync('/dev/zero')) return t.pass('no /dev/zero here');
  const dir = folder();
  const demo = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'snapshots', 'demo.json'), 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(demo)) writeFileSync(join(dir, `${key === 'netNat' ? 'NETNAT' : key}.json`), JSON.stringify(value, null, 2));
  // The loader reads NETNAT.json; a second netNat.json, a link to a device, is where evidence of 'netNat' would be looked up.
  symlinkSync('/dev/zero', join(dir, 'netNat.json'));
  const r = cli(['check', '--format', 'sarif', dir]);
  t.is(r.signal, null, 'did not hang');
  t.is(r.code, 1, r.err);
  t.true(JSON.parse(r.out).runs[0].results.length > 0);
});

test('SARIF of a capture nested too deep for the locating parser still renders, without regions there', (t) => {
  const demo = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'snapshots', 'demo.json'), 'utf8')) as Record<string, unknown>;
  const file = join(tmp, 'deep-sarif.json');
  writeFileSync(file, `${JSON.stringify(demo).slice(0, -1)},"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  const r = cli(['check', '--format', 'sarif', file]);
  t.is(r.code, 1, r.err);
  t.notRegex(r.err, /internal error/);
  t.true(JSON.parse(r.out).runs[0].results.length > 0);
});

test('redact --force never writes through a link at the output path', (t) => {
  const target = join(tmp, 'elsewhere.txt');
  writeFileSync(target, 'keep me');
  const link = join(tmp, 'redacted-link.json');
  symlinkSync(target, link);
  const r = spawnSync(process.execPath, [BIN, 'redact', join(PACKAGE_ROOT, 'snapshots', 'demo.json'), '--out', link, '--force'], { encoding: 'utf8', timeout: 20_000 });
  t.is(r.status, 2);
  t.regex(r.stderr, /is a symbolic link; name the real file/);
  t.is(readFileSync(target, 'utf8'), 'keep me');
});
