import test from 'ava';
import { join } from 'node:path';
import { runCli, tempDir, writeCapture } from '../helpers/cli.js';
import { miniCapture } from '../helpers/mini-capture.js';

function fleet(): string[] {
  const dir = tempDir();
  return [
    writeCapture(miniCapture({ host: 'A' }), 'a.json', dir),
    writeCapture(miniCapture({ host: 'B', healthy: true }), 'b.json', dir),
    writeCapture(miniCapture({ host: 'C', disabledComponents: 0 }), 'c.json', dir),
    writeCapture(miniCapture({ host: 'D' }), 'd.json', dir),
    writeCapture(miniCapture({ host: 'E', healthy: true }), 'e.json', dir),
  ];
}

test('ndjson: one report per line, every capture once', async (t) => {
  const files = fleet();
  const r = await runCli(['check', '--format', 'ndjson', '--jobs', '2', ...files]);
  t.is(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  t.is(lines.length, files.length);
  const reports = lines.map((l) => JSON.parse(l));
  t.deepEqual(reports.map((x) => x.source).sort(), [...files].sort());
  for (const x of reports) t.deepEqual(Object.keys(x.summary), ['errors', 'warnings', 'infos']);
  t.is(r.err, '', 'no progress bar into a pipe');
});

test('workers give the same reports as one thread, in input order, with a fleet summary', async (t) => {
  const files = [...fleet(), join(tempDir(), 'missing.json')];
  const one = await runCli(['check', '--format', 'json', '--jobs', '1', ...files]);
  const many = await runCli(['check', '--format', 'json', '--jobs', '3', ...files]);
  t.is(one.code, 2, 'an unreadable capture makes the exit code 2');
  t.is(many.code, 2);
  const a = JSON.parse(one.out);
  const b = JSON.parse(many.out);
  t.deepEqual(b, a);
  t.deepEqual(b.reports.map((x: { source: string }) => x.source), files);
  const f = b.fleet;
  t.is(f.hosts, 6);
  t.is(f.unreadable, 1);
  t.is(f.withErrors, 3);
  t.is(f.clean, 2);
  const ipv6 = f.byKnowledge.find((e: { knowledge: string }) => e.knowledge === 'ipv6-disabled');
  t.is(ipv6.hosts, 2);
  t.deepEqual(ipv6.sources, [files[0], files[3]]);
  t.is(f.byKnowledge[0].hosts, 3, 'the most widespread failure mode comes first');
});

test('text: reports in input order, then the summary; a progress bar only on a terminal', async (t) => {
  const files = fleet();
  const r = await runCli(['check', '--jobs', '2', ...files], { stderrIsTTY: true });
  const order = files.map((f) => r.out.indexOf(`${f}\n`));
  t.true(order.every((p) => p >= 0));
  t.deepEqual([...order].sort((x, y) => x - y), order);
  t.regex(r.out, /Summary of 5 captures\n  3 with errors, 0 with warnings only, 2 without problems\n/);
  t.regex(r.out, /\n  3 +3 +error +WCN203 +gateway-outside-subnet\n/);
  t.regex(r.err, /\r\u001b\[K\[#+\] checking 5\/5/);
  t.true(r.err.endsWith('\r\u001b[K'), 'the bar is cleared at the end');
  const quiet = await runCli(['check', '--jobs', '2', ...files], { stderrIsTTY: false });
  t.is(quiet.err, '');
});

test('one capture runs without workers and still carries the fleet field in JSON', async (t) => {
  const r = await runCli(['check', '--format', 'json', fleet()[0]!], { stderrIsTTY: true });
  t.is(r.err, '', 'no progress bar for one capture');
  const j = JSON.parse(r.out);
  t.is(j.fleet.hosts, 1);
  t.is(j.reports.length, 1);
});

test('bad --jobs and --format values are usage errors', async (t) => {
  const f = fleet()[0]!;
  t.is((await runCli(['check', '--jobs', '0', f])).code, 2);
  t.is((await runCli(['check', '--jobs', 'many', f])).code, 2);
  const r = await runCli(['check', '--format', 'xml', f]);
  t.is(r.code, 2);
  t.regex(r.err, /\(use text, json, ndjson, markdown, sarif or html\)/);
});
