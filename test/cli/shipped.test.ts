/**
 * Every command through the CLI as it ships (the bundle package.json's `bin`
 * names), as a process: the bundle finds the package's own files from where
 * it lies, loads jsonc-parser and the fleet worker from there, and keeps the
 * terminal UI in a file of its own.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { PACKAGE_ROOT, toolVersion } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const DEMO = join(PACKAGE_ROOT, 'snapshots', 'demo.json');
const HEALTHY = join(PACKAGE_ROOT, 'snapshots', 'healthy-ws2019.json');

function run(args: string[], cwd = tmpdir()) {
  const r = spawnSync(process.execPath, [SHIPPED_BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the shipped file is the bundle, and it is what package.json names', (t) => {
  t.regex(SHIPPED_BIN, /dist[/\\]bundle[/\\]wcn-doctor\.js$/);
  t.true(readFileSync(SHIPPED_BIN, 'utf8').startsWith('#!/usr/bin/env node'));
});

test('--version and --help, from another working directory (the package root is found from the bundle)', (t) => {
  const v = run(['--version']);
  t.is(v.code, 0, v.err);
  t.is(v.out.trim(), `wcn-doctor ${toolVersion()}`);
  t.regex(run(['--help']).out, /wcn-doctor check <capture>/);
});

test('check: text, JSON, SARIF (the JSON locator loads jsonc-parser from node_modules)', (t) => {
  const text = run(['check', DEMO]);
  t.is(text.code, 1, text.err);
  t.regex(text.out, /WCN101/);
  const json = JSON.parse(run(['check', '--format', 'json', DEMO]).out);
  t.true(json.reports[0].findings.length > 0);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', DEMO]).out);
  t.true(sarif.runs[0].results.some((r: { locations: { physicalLocation: { region?: unknown } }[] }) => r.locations[0]!.physicalLocation.region !== undefined));
});

test('check on a file that is not JSON names line and column (jsonc-parser from the bundle)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-shipped-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "os": { "Caption": "x", }\n}\n');
  const r = run(['check', bad]);
  t.is(r.code, 2);
  t.regex(r.out + r.err, /not valid JSON: .* at line 2, column \d+/);
});

test('check on several captures runs the bundled fleet worker', (t) => {
  const r = run(['check', '--format', 'ndjson', '--jobs', '2', '--fail-on', 'never', DEMO, HEALTHY, DEMO]);
  t.is(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { source: string; ingestIssues: { message: string }[] });
  t.is(lines.length, 3);
  t.false(lines.some((l) => l.ingestIssues.some((i) => /analysis stopped/.test(i.message))), 'no worker failed');
  t.true(readdirSync(dirname(SHIPPED_BIN)).includes('fleet-worker.js'));
});

test('check --symptom and --verify-fixes load the knowledge base and the simulator', (t) => {
  const r = run(['check', '--format', 'json', '--symptom', 'Element not found 0x490', '--verify-fixes', DEMO]);
  t.is(r.code, 1, r.err);
  const report = JSON.parse(r.out).reports[0];
  t.true(report.likelyCauses.length > 0);
  t.true(report.fixVerification.length > 0);
});

test('the other commands: list-checks, explain, search, topology, diff, fix, simulate, redact, and the default', (t) => {
  t.regex(run(['list-checks']).out, /WCN101/);
  t.regex(run(['explain', 'WCN101']).out, /IPv6/);
  t.regex(run(['search', 'Element not found 0x490']).out, /ipv6-disabled/);
  t.regex(run(['topology', DEMO]).out, /graph|flowchart/);
  t.is(run(['diff', DEMO, DEMO]).code, 0);
  t.regex(run(['fix', DEMO, '--out', '-']).out, /ShouldProcess|WhatIf/);
  t.regex(run(['simulate', HEALTHY, '--', 'Get-NetNat']).out + run(['simulate', HEALTHY, '--', 'Get-NetNat']).err, /Get-NetNat/);
  const out = join(mkdtempSync(join(tmpdir(), 'wcn-shipped-')), 'redacted.json');
  t.is(run(['redact', DEMO, '--out', out]).code, 0);
  t.truthy(JSON.parse(readFileSync(out, 'utf8')));
  const def = run([DEMO]);
  t.regex(def.out, /WCN101/, 'without a terminal the default command prints the text report');
});

/** The inputs of one bundled file, from its source map (paths relative to the package root). */
function sourcesOf(file: string): string[] {
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((p) => relative(PACKAGE_ROOT, join(dirname(file), p)).split(sep).join('/'));
}
const UI_SOURCE = /^node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout|@inkjs\/ui)\/|^(dist\/)?src\/ui\//;

test('the terminal UI is bundled into tui.js alone, which the CLI loads only through import()', (t) => {
  const dir = dirname(SHIPPED_BIN);
  const files = readdirSync(dir).filter((x) => x.endsWith('.js'));
  t.true(files.includes('tui.js'));
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    // Nothing is left to load from node_modules at run time.
    t.notRegex(text, /from\s*["'](ink|react|@inkjs\/ui|react-reconciler|yoga-layout)["']/, f);
    const ui = sourcesOf(join(dir, f)).filter((p) => UI_SOURCE.test(p));
    if (f === 'tui.js') {
      for (const part of ['node_modules/ink/', 'node_modules/react/', 'node_modules/yoga-layout/', 'src/ui/']) t.true(ui.some((p) => p.startsWith(part)), `tui.js holds ${part}`);
    } else {
      t.deepEqual(ui, [], `${f} holds no part of the terminal UI`);
      t.notRegex(text, /from\s*["']\.\/tui\.js["']/, `${f} does not import tui.js statically`);
    }
  }
  const loaders = files.filter((f) => /import\(["']\.\/tui\.js["']\)/.test(readFileSync(join(dir, f), 'utf8')));
  t.is(loaders.length, 1, 'one import() of tui.js, in the CLI');
});

test("loading the view does not load Node's HTTP client (yoga once read its inlined wasm through fetch)", (t) => {
  const undici = (code: string) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `${code}; console.log(JSON.stringify(process.moduleLoadList.filter((m) => /undici/.test(m))))`], { encoding: 'utf8', cwd: PACKAGE_ROOT });
    t.is(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  t.not(undici("await fetch('data:application/octet-stream;base64,AAAA')").length, 0, 'the probe sees it when fetch is used');
  t.deepEqual(undici(`await import(${JSON.stringify(join(dirname(SHIPPED_BIN), 'tui.js'))})`), []);
});
