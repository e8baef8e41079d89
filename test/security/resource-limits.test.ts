/**
 * Resource limits, end to end: real files in a temporary folder, wcn-doctor
 * as a real process, its peak memory and CPU time measured. Time is never
 * compared with a fixed number of milliseconds (the machine may be busy): a
 * refusal is compared with the CPU time of a small sample in the same run,
 * and a run that hangs is stopped by runMeasured's guard and fails on its
 * signal. The 200 MB capture is refused by the default limit in a moment;
 * the worst shape of input that
 * the default limit still lets through is measured at a quarter of that
 * limit here (`npm run fuzz -- --property resources` measures 200 MB files
 * with the limit raised).
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineRun, runMeasured, writeBigCapture, writeDeepCapture, type Measured } from './measure.js';

const MiB = 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), 'wcn-limits-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));
const baseRun = baselineRun();
const base = baseRun.peakMiB;

/** Not stopped by the hang guard, and a line for the log. */
function finished(t: { is: (a: unknown, b: unknown, m?: string) => void }, r: Measured, label: string): void {
  t.is(r.signal, null, `${label}: stopped by the hang guard after ${r.ms.toFixed(0)} ms`);
}

test.serial('a 200 MB capture is refused by the default limit at once, with a clear message, as a file and in a folder', (t) => {
  const file = join(tmp, 'huge.json');
  writeBigCapture(file, 200 * 1000 * 1000, 'adapters');
  const folder = join(tmp, 'huge-folder');
  mkdirSync(folder);
  // The folder form: one key file of 200 MB next to a small one.
  writeFileSync(join(folder, 'os.json'), '{"BuildNumber": 17763}');
  writeBigCapture(join(folder, 'hnsNetworks.json'), 200 * 1000 * 1000, 'adapters');
  try {
    const runs: [string[], string][] = [[['check', '--format', 'json', file], 'file'], [['check', '--format', 'json', folder], 'folder'], [['redact', file, '--out', join(tmp, 'r.json')], 'redact']];
    for (const [args, label] of runs) {
      const r = runMeasured(args);
      t.log(`${label}: exit ${r.code}, ${r.ms.toFixed(0)} ms, peak ${r.peakMiB.toFixed(0)} MiB (baseline ${base.toFixed(0)} MiB)`);
      // A file that cannot be read at all exits 2; in a folder the other files are still read.
      t.is(r.code, label === 'folder' ? 0 : 2, `${label}: exit ${r.code} ${r.err}`);
      const message = label === 'redact' ? r.err : JSON.parse(r.out).reports[0].ingestIssues.map((i: { message: string }) => i.message).join('\n');
      t.regex(message, /the file is 190\.7 MiB, over the limit of 64\.0 MiB; it was not read \(raise the limit with --max-size if the capture is genuine\)/, label);
      finished(t, r, label);
      // Refused without reading: no more work than checking a small sample (a generous factor for noise).
      t.true(r.cpuMs < 3 * baseRun.cpuMs, `${label}: ${r.cpuMs.toFixed(0)} ms of CPU, a small sample takes ${baseRun.cpuMs.toFixed(0)} ms`);
      t.true(r.peakMiB < base + 40, `${label}: peak ${r.peakMiB.toFixed(0)} MiB: the file must not be read`);
    }
  } finally {
    rmSync(file, { force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});

test.serial('the input with the most values per byte that the limit lets through is read in bounded memory, without hanging', (t) => {
  // An array of single digits: about 15 times its size in memory once parsed. At 16 MiB this is the
  // same shape, a quarter of the default limit, as the 64 MiB worst case.
  const file = join(tmp, 'zeros.json');
  const items = writeBigCapture(file, 16 * MiB, 'zeros');
  const size = statSync(file).size / MiB;
  try {
    const r = runMeasured(['check', file]);
    t.log(`${size.toFixed(1)} MiB, ${items} numbers: exit ${r.code}, ${r.ms.toFixed(0)} ms, peak ${r.peakMiB.toFixed(0)} MiB`);
    t.is(r.code, 0);
    t.regex(r.out, new RegExp(`'netAdapters' holds ${items} items, more\\s+than the 100000 wcn-doctor reads from one key; the section was skipped`));
    t.regex(r.out, /Windows Server 2019/, 'the rest of the capture is read');
    finished(t, r, 'zeros');
    t.true(r.peakMiB < base + 20 * size, `peak ${r.peakMiB.toFixed(0)} MiB for ${size.toFixed(1)} MiB`);
  } finally {
    rmSync(file, { force: true });
  }
});

test.serial('a million-element array is skipped for its key without validating its items', (t) => {
  const file = join(tmp, 'million.json');
  writeFileSync(file, `{"netNat":[{"Name":"n"}],"hotfixes":[${Array.from({ length: 1_000_000 }, (_, i) => `{"HotFixID":"KB${i}"}`).join(',')}]}`);
  const size = statSync(file).size / MiB;
  try {
    const r = runMeasured(['check', '--format', 'json', file]);
    t.log(`${size.toFixed(1)} MiB: exit ${r.code}, ${r.ms.toFixed(0)} ms, peak ${r.peakMiB.toFixed(0)} MiB`);
    const issues = JSON.parse(r.out).reports[0].ingestIssues;
    t.deepEqual(issues.map((i: { key: string; pointer: string }) => [i.key, i.pointer]), [['hotfixes', '/hotfixes']]);
    t.regex(issues[0].message, /holds 1000000 items, more than the 100000/);
    finished(t, r, 'million');
    t.true(r.peakMiB < base + 15 * size, `peak ${r.peakMiB.toFixed(0)} MiB for ${size.toFixed(1)} MiB`);
  } finally {
    rmSync(file, { force: true });
  }
});

test.serial('10,000 and 1,000,000 levels of nesting are refused for their key, without a stack overflow', (t) => {
  for (const depth of [10_000, 1_000_000]) {
    const file = join(tmp, `deep-${depth}.json`);
    writeDeepCapture(file, depth);
    try {
      const r = runMeasured(['check', '--format', 'json', file]);
      t.log(`depth ${depth}: exit ${r.code}, ${r.ms.toFixed(0)} ms, peak ${r.peakMiB.toFixed(0)} MiB`);
      // Without 'os' no check can judge the one key left (netNat): exit 2, the report still written.
      t.is(r.code, 2, r.err);
      const report = JSON.parse(r.out).reports[0];
      t.like(report.ingestIssues[0], { severity: 'error', key: 'os', pointer: '/os' });
      t.regex(report.ingestIssues[0].message, /nested more than 64 levels deep; the section was skipped/);
      t.true(report.checks.length > 0, 'the other keys are read and the checks run');
      finished(t, r, `depth ${depth}`);
      // Parsing makes one array per level (about 100 bytes each); nothing after the parser grows with depth.
      t.true(r.peakMiB < base + 40 + depth / 10_000, `peak ${r.peakMiB.toFixed(0)} MiB`);
      const redact = runMeasured(['redact', file, '--out', '-']);
      t.is(redact.code, 2);
      t.regex(redact.err, /nested more than 100 levels deep/);
    } finally {
      rmSync(file, { force: true });
    }
  }
});
