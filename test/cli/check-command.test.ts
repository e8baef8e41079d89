/** The check command as a user runs it: a real process, real files, real exit codes. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const BIN = SHIPPED_BIN;
const sample = (n: string) => join(PACKAGE_ROOT, 'snapshots', `${n}.json`);

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a healthy host exits 0, the demo exits 1', (t) => {
  t.is(run(['check', sample('healthy-ws2019')]).code, 0);
  t.is(run(['check', sample('demo')]).code, 1);
});

test('--fail-on decides the threshold', (t) => {
  t.is(run(['check', '--fail-on', 'never', sample('demo')]).code, 0);
  const warnOnly = join(PACKAGE_ROOT, 'snapshots/cases/oob-vswitch-blocks-transparent/broken.json');
  t.is(run(['check', warnOnly]).code, 0, 'a warning does not fail at the default threshold');
  t.is(run(['check', '--fail-on', 'warning', warnOnly]).code, 1);
});

test('usage errors exit 2 with a hint and no stack trace', (t) => {
  for (const args of [['check'], ['check', '--format', 'yaml', sample('demo')], ['check', '--bogus'], ['frobnicate-option', '--x']]) {
    const r = run(args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.err, /^wcn-doctor: /);
    t.notRegex(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('an unreadable capture exits 2, names the file and still reports the others', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-cli-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"os": ');
  const r = run(['check', '--format', 'json', bad, sample('healthy-ws2019')]);
  t.is(r.code, 2);
  const json = JSON.parse(r.out);
  t.is(json.reports.length, 2);
  t.is(json.reports[0].ingestIssues[0].file, bad);
  t.regex(json.reports[0].ingestIssues[0].message, /line 1, column 8/);
  t.is(json.reports[1].summary.errors, 0);
});

test('a capture whose every section is unreadable exits 2 and says no check could judge it; one readable section is enough to judge', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-cli-'));
  const healthy = JSON.parse(readFileSync(sample('healthy-ws2022'), 'utf8')) as Record<string, unknown>;
  const spoilt: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(healthy)) spoilt[k] = ['format', 'formatVersion', 'capturedAt', 'collector'].includes(k) ? v : 'garbage';
  const nothing = join(dir, 'nothing.json');
  writeFileSync(nothing, JSON.stringify(spoilt));
  const r = run(['check', nothing]);
  t.is(r.code, 2, r.err);
  t.regex(r.out, /No check could judge this capture/);
  t.is(run(['check', '--fail-on', 'never', nothing]).code, 2, 'not even with --fail-on never');
  const withOs = join(dir, 'with-os.json');
  writeFileSync(withOs, JSON.stringify({ ...spoilt, os: healthy['os'], tcpip6: healthy['tcpip6'] }));
  const judged = run(['check', withOs]);
  t.true([0, 1].includes(judged.code ?? -1), `exit ${judged.code}: ${judged.out}`);
});

test('the JSON report has the documented shape', (t) => {
  const json = JSON.parse(run(['check', '--format', 'json', sample('demo')]).out);
  t.is(json.tool.name, 'wcn-doctor');
  t.regex(json.tool.version, /^\d+\.\d+\.\d+/);
  const r = json.reports[0];
  t.deepEqual(Object.keys(r).slice(0, 6), ['source', 'host', 'summary', 'findings', 'checks', 'ingestIssues']);
  t.deepEqual(Object.keys(r.summary), ['errors', 'warnings', 'infos']);
  const f = r.findings[0];
  for (const k of ['check', 'knowledge', 'severity', 'title', 'message', 'subjects', 'evidence', 'fixes']) t.true(k in f, k);
  for (const k of ['title', 'risk', 'runOn', 'commands', 'verify']) t.true(k in f.fixes[0], k);
  for (const c of r.checks) t.true(['pass', 'fail', 'not-applicable', 'crashed'].includes(c.status));
  t.true(r.findings.every((x: { evidence: string[] }) => x.evidence.every((p) => p.startsWith('/'))));
});

test('no colour into a pipe, none with NO_COLOR even when forced, colour when forced', (t) => {
  t.notRegex(run(['check', sample('demo')]).out, /\u001b\[/);
  t.notRegex(run(['check', sample('demo')], { FORCE_COLOR: '1', NO_COLOR: '1' }).out, /\u001b\[/);
  t.regex(run(['check', sample('demo')], { FORCE_COLOR: '1' }).out, /\u001b\[31m/);
});

test('the text report fits 80 columns except command lines', (t) => {
  const out = run(['check', sample('demo')]).out;
  const long = out.split('\n').filter((l) => [...l].length > 80 && !/^ {6}\S/.test(l));
  t.deepEqual(long, []);
});

test('every command has --help', (t) => {
  for (const cmd of ['check', 'explain', 'list-checks', 'search']) {
    const r = run([cmd, '--help']);
    t.is(r.code, 0, cmd);
    t.regex(r.out, /^Usage: wcn-doctor /, cmd);
  }
  t.regex(run(['--help']).out, /check/);
});

test('without a terminal, the default command prints the text report of the capture', (t) => {
  const r = run([sample('demo')]);
  t.is(r.code, 0);
  t.regex(r.out, /WCN101/);
});

test('--symptom adds likely causes, ranked by host state', (t) => {
  const json = JSON.parse(run(['check', '--format', 'json', '--symptom', 'HNS failed with error : The parameter is incorrect.', sample('demo')]).out);
  t.is(json.reports[0].likelyCauses[0].knowledge, 'winnat-slot-taken');
  t.regex(json.reports[0].likelyCauses[0].why, /this host shows it/);
});
