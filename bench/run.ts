/**
 * wcn-doctor benchmarks (npm run bench). Every figure is measured against
 * its baseline in the same run, alternating the two so that load from other
 * processes hits both alike, and reported as the median of repeated runs:
 *
 *   1. pipeline ÷ JSON.parse: read, ingest, model and checks of a capture,
 *      against a plain JSON.parse of the same bytes (goal ≤ 2), each timed
 *      over a batch of calls back to back once the code is warm (see
 *      timePerCall and WARM_UP_CALLS); reported beside it, the same ratio for
 *      one call right after a forced full collection;
 *   2. growth: pipeline time when the host doubles (goal ≤ 2.2 per doubling);
 *   3. start-up: `wcn-doctor check` on a small capture ÷ `node -e ''` (goal ≤ 2);
 *   4. fleet: captures per second and peak memory for 1,000 captures, on a
 *      worker pool and on one thread.
 *
 * Captures are generated in a temporary folder, deleted at the end. The
 * results go to the terminal and to bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { diagnoseFile } from '../src/core/diagnose.js';
import { generateCapture, scaled, type HostSize } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
// The CLI as it ships: the file package.json's `bin` names (built by npm run build).
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['wcn-doctor']!);
const quick = process.argv.includes('--quick');
const REPEATS = quick ? 5 : 15;
const FLEET = quick ? 200 : 1000;
const FLEET_RUNS = quick ? 1 : 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6;
/**
 * Captures diagnosed before any is measured. The pipeline is a lot of
 * JavaScript, and most of its functions run once per capture (each check's
 * run, each key's validator), so V8 optimizes them only after hundreds of
 * captures, on other threads whose CPU time counts, up to about the
 * 2,000th. `node dist/bench/warm-up.js` shows it: at the smallest host the
 * ratio to JSON.parse was 2.01 and 2.11 after 500 calls, 1.56 and 1.35 after
 * 3,000 (two runs). What a fleet pays for it is in the fleet figures, and a
 * single run's in the start-up figure. JSON.parse is native and needs no
 * warming.
 */
const WARM_UP_CALLS = quick ? 1000 : 3000;

/** CPU time of one side of a pair of batches (pipeline or baseline): at least this much, so a scheduler tick or a collection is a small part of it. */
const BATCH_MS = 50;

/**
 * CPU time (user + system, all threads of this process) per call of fn, in
 * ms, over `calls` calls back to back.
 * The machines this runs on are shared: wall time swings with other
 * processes' load, CPU time does not, so in-process figures use it.
 *
 * Over a batch of at least BATCH_MS each side pays for the garbage it makes,
 * collections included, as a fleet of captures does. Figure 1 was measured
 * one call at a time, each after a forced full collection; that is still
 * reported (afterFullCollection), but it is not the cost of a capture: the
 * sweep V8 runs on other threads after a collection was charged to whichever
 * call came next (about 2 ms at the smallest host: 5.8 ms with it, 3.9 ms
 * when the clock started only once the sweep was done), and the
 * collection threw away the optimized code of the functions the checks make
 * per call, so every call paid for compiling them again, which a real run
 * pays only after its rare full collections. A forced collection before each
 * batch, also tried, had the second effect on every batch.
 */
function timePerCall(fn: () => void, calls: number): number {
  const t = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / calls;
}

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** CPU time of one call of fn, in ms, right after a forced full garbage collection. */
function afterFullCollection(fn: () => void): number {
  collect();
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** Runs a node process; returns its CPU time (user + system, measured in the child at exit) and wall time in ms. */
const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu:'+((u.user+u.system)/1000)+'\\n')})`;
function runNode(args: string[]): { cpu: number; wall: number } {
  const t = now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = now() - t;
  const m = /\ncpu:([\d.]+)\n/.exec(r.stderr ?? '');
  if ((r.status !== 0 && r.status !== 1) || !m) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return { cpu: Number(m[1]), wall };
}

const dir = mkdtempSync(join(tmpdir(), 'wcn-bench-'));
const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, availableParallelism: availableParallelism(), model: cpus()[0]?.model, node: process.version, platform: `${process.platform} ${process.arch}` },
  date: new Date().toISOString(),
  repeats: REPEATS,
};

try {
  // 1 and 2: pipeline against JSON.parse, over doubling host sizes.
  const sizes: { k: number; size: HostSize; bytes: number; calls: number; parseMs: number; pipelineMs: number; ratio: number; findings: number }[] = [];
  const ks = [4, 3, 2, 1, 0];
  for (const k of ks) writeFileSync(join(dir, `host-${k}.json`), JSON.stringify(generateCapture(scaled(k)), null, 2));
  // Warm up first, so that no measurement pays for the optimizing compiler (see WARM_UP_CALLS):
  // the smallest host (cheap), then every size a few times.
  for (let i = 0; i < WARM_UP_CALLS; i++) diagnoseFile(join(dir, `host-${ks[0]}.json`));
  for (let round = 0; round < 10; round++) {
    for (const k of ks) {
      const file = join(dir, `host-${k}.json`);
      JSON.parse(readFileSync(file, 'utf8'));
      diagnoseFile(file);
    }
  }
  for (const k of ks) {
    const size = scaled(k);
    const file = join(dir, `host-${k}.json`);
    const parse: number[] = [];
    const pipe: number[] = [];
    const ratios: number[] = [];
    let findings = 0;
    const baseline = () => JSON.parse(readFileSync(file, 'utf8'));
    const pipeline = () => { findings = diagnoseFile(file).report.findings.length; };
    // Enough calls that one batch of the baseline takes BATCH_MS (sized from a short probe, then
    // checked on a full batch); the pipeline runs as many.
    let calls = Math.max(1, Math.ceil(BATCH_MS / timePerCall(baseline, 3)));
    const batch = timePerCall(baseline, calls) * calls;
    if (batch < BATCH_MS) calls = Math.ceil((calls * BATCH_MS * 1.2) / batch);
    for (let i = 0; i < REPEATS; i++) {
      const p = timePerCall(baseline, calls);
      const d = timePerCall(pipeline, calls);
      parse.push(p);
      pipe.push(d);
      ratios.push(d / p);
    }
    sizes.push({ k, size, bytes: statSync(file).size, calls, parseMs: median(parse), pipelineMs: median(pipe), ratio: median(ratios), findings });
  }
  const growth = sizes.slice(1).map((s, i) => ({ from: sizes[i]!.size, to: s.size, ratio: s.pipelineMs / sizes[i]!.pipelineMs }));
  results['pipeline'] = sizes;

  // 1b, reported: one call at a time, each after a forced full collection (how figure 1 was
  // measured before). V8 then drops the optimized code that only the freed objects kept alive, so
  // each call pays for compiling it again: the cost of a capture read right after a full collection.
  const afterCollection: { k: number; parseMs: number; pipelineMs: number; ratio: number }[] = [];
  for (const k of ks) {
    const file = join(dir, `host-${k}.json`);
    const ratios: number[] = [];
    const parse: number[] = [];
    const pipe: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const p = afterFullCollection(() => JSON.parse(readFileSync(file, 'utf8')));
      const d = afterFullCollection(() => diagnoseFile(file));
      parse.push(p);
      pipe.push(d);
      ratios.push(d / p);
    }
    afterCollection.push({ k, parseMs: median(parse), pipelineMs: median(pipe), ratio: median(ratios) });
  }
  results['pipelineAfterCollection'] = afterCollection;
  results['growth'] = growth;

  // 3: start-up of the check command against node itself.
  const small = join(dir, 'small.json');
  writeFileSync(small, JSON.stringify(generateCapture(scaled(6)), null, 2));
  for (let i = 0; i < 2; i++) {
    runNode(['-e', '']);
    runNode([BIN, 'check', '--format', 'json', small]);
  }
  const nodeRuns: { cpu: number; wall: number }[] = [];
  const checkRuns: { cpu: number; wall: number }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    nodeRuns.push(runNode(['-e', '']));
    checkRuns.push(runNode([BIN, 'check', '--format', 'json', small]));
  }
  const startRatios = nodeRuns.map((n, i) => checkRuns[i]!.cpu / n.cpu);
  results['startup'] = {
    nodeMs: median(nodeRuns.map((x) => x.cpu)), checkMs: median(checkRuns.map((x) => x.cpu)), ratio: median(startRatios),
    nodeWallMs: median(nodeRuns.map((x) => x.wall)), checkWallMs: median(checkRuns.map((x) => x.wall)), captureBytes: statSync(small).size,
  };

  // 4: a fleet of captures, on the worker pool and on one thread.
  const fleetDir = join(dir, 'fleet');
  const files: string[] = [];
  spawnSync('mkdir', ['-p', fleetDir]);
  for (let i = 0; i < FLEET; i++) {
    const raw = generateCapture(scaled(5 + (i % 3)), i) as Record<string, any>;
    if (i % 4 === 0) raw['tcpip6'] = { DisabledComponents: 255 };
    const f = join(fleetDir, `host-${String(i).padStart(4, '0')}.json`);
    writeFileSync(f, JSON.stringify(raw));
    files.push(f);
  }
  // The shipped CLI as a process (its bundled worker included); it reports its CPU time and
  // peak resident memory (every thread) when it exits. Start-up is part of the wall time.
  const USAGE_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nusage:'+JSON.stringify({cpuMs:(u.userCPUTime+u.systemCPUTime)/1000,maxRssMiB:u.maxRSS/1024})+'\\n')})`;
  const fleetRun = (jobs: number) => {
    const outFile = join(dir, 'fleet.ndjson');
    const fd = openSync(outFile, 'w');
    const t = now();
    const r = spawnSync(process.execPath, ['--import', USAGE_AT_EXIT, BIN, 'check', '--format', 'ndjson', '--fail-on', 'never', '--jobs', String(jobs), ...files], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    const ms = now() - t;
    closeSync(fd);
    const m = /\nusage:(\{.*\})\n/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m) throw new Error(`fleet run failed: ${r.stderr}`);
    const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean).length;
    if (lines !== files.length) throw new Error(`fleet run wrote ${lines} reports for ${files.length} captures`);
    return { ms, ...(JSON.parse(m[1]!) as { cpuMs: number; maxRssMiB: number }) };
  };
  const jobs = availableParallelism();
  const pool: { ms: number; cpuMs: number; maxRssMiB: number }[] = [];
  const single: { ms: number; cpuMs: number; maxRssMiB: number }[] = [];
  for (let i = 0; i < FLEET_RUNS; i++) {
    pool.push(fleetRun(jobs));
    single.push(fleetRun(1));
  }
  const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  results['fleet'] = {
    captures: files.length,
    totalMiB: totalBytes / 1024 / 1024,
    workers: jobs,
    pool: { capturesPerSecond: files.length / (median(pool.map((x) => x.ms)) / 1000), cpuMsPerCapture: median(pool.map((x) => x.cpuMs)) / files.length, peakRssMiB: Math.max(...pool.map((x) => x.maxRssMiB)) },
    oneThread: { capturesPerSecond: files.length / (median(single.map((x) => x.ms)) / 1000), cpuMsPerCapture: median(single.map((x) => x.cpuMs)) / files.length, peakRssMiB: Math.max(...single.map((x) => x.maxRssMiB)) },
    loadAverage: loadavg()[0],
  };
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// --- report -------------------------------------------------------------------
type Row = [string, string, string, string];
const rows: Row[] = [];
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pass = (ok: boolean) => (ok ? 'met' : 'MISSED');
const pipeline = results['pipeline'] as { size: HostSize; bytes: number; parseMs: number; pipelineMs: number; ratio: number }[];
for (const s of pipeline) {
  rows.push([
    `pipeline ÷ JSON.parse, ${s.size.networks} networks / ${s.size.endpoints} endpoints / ${s.size.containers} containers / ${s.size.adapters} adapters (${(s.bytes / 1024).toFixed(0)} KiB)`,
    `${f1(s.pipelineMs)} ms ÷ ${f1(s.parseMs)} ms = ${f2(s.ratio)}`, '≤ 2', pass(s.ratio <= 2),
  ]);
}
const after = results['pipelineAfterCollection'] as { ratio: number }[];
rows.push([
  `pipeline ÷ JSON.parse, one call after a forced full collection, ${pipeline.map((s) => s.size.endpoints).join(' / ')} endpoints`,
  after.map((a) => f2(a.ratio)).join(' / '), 'report', '',
]);
for (const g of results['growth'] as { to: HostSize; ratio: number }[]) {
  rows.push([`growth to ${g.to.endpoints} endpoints (host doubled)`, f2(g.ratio), '≤ 2.2', pass(g.ratio <= 2.2)]);
}
const st = results['startup'] as { nodeMs: number; checkMs: number; ratio: number };
rows.push([`start-up: check ÷ node -e ''`, `${f1(st.checkMs)} ms ÷ ${f1(st.nodeMs)} ms = ${f2(st.ratio)}`, '≤ 2', pass(st.ratio <= 2)]);
type FleetSide = { capturesPerSecond: number; cpuMsPerCapture: number; peakRssMiB: number };
const fl = results['fleet'] as { captures: number; workers: number; pool: FleetSide; oneThread: FleetSide; loadAverage: number };
const fleetText = (x: FleetSide) => `${f1(x.capturesPerSecond)} captures/s, ${f2(x.cpuMsPerCapture)} ms CPU each, peak ${f1(x.peakRssMiB)} MiB`;
rows.push([`fleet of ${fl.captures}: ${fl.workers} workers`, fleetText(fl.pool), 'report', '']);
rows.push([`fleet of ${fl.captures}: one thread (baseline)`, fleetText(fl.oneThread), 'report', '']);
const goals = {
  pipelineRatio: pipeline.every((s) => s.ratio <= 2),
  growth: (results['growth'] as { ratio: number }[]).every((g) => g.ratio <= 2.2),
  startup: st.ratio <= 2,
};
results['goals'] = goals;

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'result', 'goal', ''][i]!.length));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(['measure', 'result', 'goal', '']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\n${JSON.stringify(results['machine'])}; load average ${loadavg()[0]!.toFixed(1)}; medians of ${REPEATS} runs (fleet: ${FLEET_RUNS}); in-process and start-up times are CPU time, in-process ones per call over batches of at least ${BATCH_MS} ms`);
if (!quick) {
  writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('written: bench/results.json');
}
