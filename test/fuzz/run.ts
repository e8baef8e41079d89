/**
 * The long fuzz run: `npm run fuzz [-- options]`.
 *
 *   --runs <n>          cases per property (default 2000)
 *   --seed <n>          the seed (default: random; always printed)
 *   --path <p>          replay one failing case (with the seed it was found with)
 *   --property <name>   mutated | random | files | scale | resources | all (default all)
 *   --limit <ms>        the longest one phase of a case may take: loading,
 *                       checking, locating evidence (default 5000)
 *   --timeout <ms>      a case that runs longer in all is stopped as a hang
 *                       (default 30000)
 *   --giant <n>         largest giant array a mutation makes (default 20000)
 *   --depth <n>         deepest nesting a mutation makes (default 20000)
 *
 * `scale` is no property either: for every sample and every list in it, the
 * list is grown to --giant items (default 20000 here, copies of its own
 * items) and the model and each check are timed against --limit, so a check
 * that is quadratic in some key shows even when random mutations miss it.
 *
 * `resources` is no property: it writes 200 MB captures (a genuine shape and
 * the shape with the most values per byte), runs wcn-doctor on them with the
 * size limit raised to 256 MiB, and checks time and peak memory against
 * bounds (the bounded versions of these cases are in `npm test`).
 *
 * Each property runs in a worker thread; the main thread watches it, so a
 * case that hangs is stopped and reported with its seed and the mutations
 * that made it, instead of stalling the run. Exit code 0 when every
 * property held, 1 otherwise.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { runChecks } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import { SAMPLE_NAMES, cloneJson, cook, fileRecipeArb, randomCaptureArb, recipeArb, sample, type Json, type MutationOptions } from './arbitraries.js';
import { checkFiles, checkLoader, checkPipeline } from './properties.js';
import { baselineMiB, runMeasured, writeBigCapture, type BigShape } from '../security/measure.js';

const PROPERTIES = ['mutated', 'random', 'files'] as const;
type PropertyName = (typeof PROPERTIES)[number];

interface Job {
  readonly property: PropertyName;
  readonly runs: number;
  readonly seed: number;
  readonly path?: string;
  readonly timeout: number;
  readonly limit: number;
  readonly giant: number;
  readonly depth: number;
}

type Message =
  | { readonly type: 'case'; readonly n: number; readonly input: string }
  | { readonly type: 'done'; readonly failed: boolean; readonly report: string; readonly runs: number; readonly seed: number; readonly path?: string };

function describe(input: unknown): string {
  try {
    const s = JSON.stringify(input);
    return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  } catch {
    return String(input);
  }
}

function describeError(e: unknown): string {
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

function fail(violations: string[]): void {
  if (violations.length > 0) throw new Error(violations.join('\n'));
}

async function worker(job: Job): Promise<void> {
  const options: MutationOptions = { giantMax: job.giant, depthMax: job.depth };
  let n = 0;
  const beat = (input: unknown) => parentPort!.postMessage({ type: 'case', n: ++n, input: describe(input) } satisfies Message);
  const limit = job.limit;
  let property: fc.IProperty<[unknown]> | fc.IAsyncProperty<[unknown]>;
  let tmp: string | undefined;
  if (job.property === 'mutated') {
    property = fc.property(recipeArb(options), (recipe) => {
      beat(recipe);
      const c = cook(recipe);
      const loaded = checkLoader({ raw: c.raw, applied: c.applied, limitMs: limit });
      fail(loaded.violations);
      fail(checkPipeline(loaded.capture!, loaded.issues!, limit).violations);
    }) as fc.IProperty<[unknown]>;
  } else if (job.property === 'random') {
    property = fc.property(randomCaptureArb, (raw) => {
      beat(raw);
      const loaded = checkLoader({ raw: cloneJson(raw), limitMs: limit });
      fail(loaded.violations);
      fail(checkPipeline(loaded.capture!, loaded.issues!, limit).violations);
    }) as fc.IProperty<[unknown]>;
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'wcn-fuzz-'));
    const dir = tmp;
    // Asynchronous: SARIF regions load the JSON locator on demand.
    property = fc.asyncProperty(fileRecipeArb(options), async (fr) => {
      beat(fr);
      fail((await checkFiles(fr, dir, limit)).violations);
    }) as fc.IAsyncProperty<[unknown]>;
  }
  try {
    const details = await fc.check(property, { numRuns: job.runs, seed: job.seed, ...(job.path ? { path: job.path } : {}), endOnFailure: false });
    parentPort!.postMessage({
      type: 'done', failed: details.failed, runs: details.numRuns, seed: details.seed,
      path: details.counterexamplePath ?? undefined,
      report: details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\n${describeError(details.errorInstance)}` : '',
    } satisfies Message);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

function runOne(job: Job): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const w = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 3072 } });
    let last: { n: number; input: string } = { n: 0, input: '' };
    let lastBeat = Date.now();
    let settled = false;
    const slowest: { ms: number; input: string }[] = [];
    const noteDuration = () => {
      if (last.n === 0) return;
      slowest.push({ ms: Date.now() - lastBeat, input: last.input });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 3);
    };
    const started = Date.now();
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolvePromise(ok);
    };
    const replay = (path?: string) => `npm run fuzz -- --property ${job.property} --seed ${job.seed}${path ? ` --path ${path}` : ''}`;
    const timer = setInterval(() => {
      if (Date.now() - lastBeat <= job.timeout) return;
      console.error(`\n✖ ${job.property}: case ${last.n} ran for more than ${job.timeout} ms (a hang).`);
      console.error(`  seed ${job.seed}; the case: ${last.input}`);
      console.error(`  replay the run: ${replay()}`);
      void w.terminate();
      finish(false);
    }, 250);
    w.on('message', (m: Message) => {
      if (m.type === 'case') {
        noteDuration();
        last = m;
        lastBeat = Date.now();
        return;
      }
      noteDuration();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (m.failed) {
        console.error(`\n✖ ${job.property}: property failed after ${m.runs} cases (${secs} s)`);
        console.error(m.report);
        console.error(`  seed ${m.seed}${m.path ? `, path ${m.path}` : ''}`);
        console.error(`  replay: ${replay(m.path)}`);
      } else {
        console.log(`✔ ${job.property}: ${m.runs} cases passed in ${secs} s (seed ${m.seed})`);
        for (const x of slowest) console.log(`    slowest: ${x.ms} ms ${x.input.slice(0, 300)}`);
      }
      finish(!m.failed);
    });
    w.on('error', (e) => {
      console.error(`\n✖ ${job.property}: the worker died on case ${last.n}: ${e.stack ?? e.message}`);
      console.error(`  seed ${job.seed}; the case: ${last.input}`);
      console.error(`  replay the run: ${replay()}`);
      finish(false);
    });
    w.on('exit', (code) => {
      if (!settled) {
        console.error(`\n✖ ${job.property}: the worker exited (${code}) on case ${last.n}; seed ${job.seed}; the case: ${last.input}`);
        finish(false);
      }
    });
  });
}

/** Every check, timed on every sample with one list grown large; returns false when one is too slow. */
function scale(items: number, limitMs: number): boolean {
  let ok = true;
  const worst = new Map<string, { ms: number; where: string }>();
  for (const name of SAMPLE_NAMES) {
    const base = sample(name);
    const lists: string[][] = [];
    for (const [k, v] of Object.entries(base)) if (Array.isArray(v) && v.length > 0) lists.push([k]);
    const docker = base['docker'];
    if (docker && typeof docker === 'object') for (const [k, v] of Object.entries(docker)) if (Array.isArray(v) && v.length > 0) lists.push(['docker', k]);
    for (const path of lists) {
      const raw = sample(name);
      const holder = (path.length === 1 ? raw : raw['docker']) as Record<string, Json[]>;
      const list = holder[path[path.length - 1]!]!;
      const copies = list.slice();
      while (list.length < items) list.push(cloneJson(copies[list.length % copies.length]));
      const { capture } = ingestCapture(raw, 'scale.json', { maxItemsPerKey: Math.max(items, 100_000) });
      const where = `${name} with ${items} ${path.join('.')}`;
      let t0 = performance.now();
      const model = buildModel(capture, 'scale.json');
      const timings: [string, number][] = [['model', performance.now() - t0]];
      for (const check of CHECKS) {
        t0 = performance.now();
        const r = runChecks(model, [check]);
        timings.push([check.meta.code, performance.now() - t0]);
        if (r.results[0]?.status === 'crashed') {
          ok = false;
          console.error(`✖ ${check.meta.code} crashed on ${where}: ${r.results[0].reason}`);
        }
      }
      for (const [what, ms] of timings) {
        if (ms > (worst.get(what)?.ms ?? -1)) worst.set(what, { ms, where });
        if (ms > limitMs) {
          ok = false;
          console.error(`✖ ${what} took ${ms.toFixed(0)} ms on ${where} (limit ${limitMs})`);
        }
      }
    }
  }
  const top = [...worst].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5);
  console.log(`${ok ? '✔' : '✖'} scale: ${SAMPLE_NAMES.length} samples, every list grown to ${items} items; slowest: ${top.map(([w, x]) => `${w} ${x.ms.toFixed(0)} ms (${x.where})`).join(', ')}`);
  return ok;
}

/** The 200 MB cases, measured; returns false when a bound is broken. */
function resources(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-resources-'));
  const base = baselineMiB();
  let ok = true;
  try {
    console.log(`resources: baseline peak ${base.toFixed(0)} MiB`);
    // Bounds: the process may take its baseline plus this many times the file size, and this long.
    const cases: { shape: BigShape; perMiB: number; seconds: number }[] = [
      { shape: 'adapters', perMiB: 8, seconds: 60 },
      { shape: 'zeros', perMiB: 18, seconds: 60 },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.shape}.json`);
      const items = writeBigCapture(file, 200 * 1000 * 1000, c.shape);
      const sizeMiB = 200 * 1000 * 1000 / (1024 * 1024);
      for (const args of [['check', file], ['check', '--max-size', '256', file]]) {
        const r = runMeasured(args, 300_000);
        const refused = /over the limit of 64\.0 MiB/.test(r.out);
        const bound = args.length === 2 ? base + 40 : base + c.perMiB * sizeMiB;
        const good = r.signal === null && (r.code === 0 || r.code === 2) && r.peakMiB < bound && r.ms < c.seconds * 1000 && (args.length === 2 ? refused : !refused);
        console.log(`${good ? '✔' : '✖'} ${c.shape}, 200 MB (${items} items), ${args.length === 2 ? 'default limit' : '--max-size 256'}: exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s, peak ${r.peakMiB.toFixed(0)} MiB (bound ${bound.toFixed(0)} MiB)${refused ? ', refused' : ''}`);
        if (!good) {
          ok = false;
          console.error(r.err.slice(0, 2000));
        }
      }
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      path: { type: 'string' },
      property: { type: 'string', default: 'all' },
      timeout: { type: 'string', default: '30000' },
      limit: { type: 'string', default: '5000' },
      giant: { type: 'string', default: '20000' },
      depth: { type: 'string', default: '20000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('npm run fuzz -- [--runs n] [--seed n] [--path p] [--property mutated|random|files|scale|resources|all] [--limit ms] [--timeout ms] [--giant n] [--depth n]');
    return 0;
  }
  const num = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, not '${text}'`);
    return n;
  };
  const seed = values.seed !== undefined ? num('seed', values.seed) : Math.floor(Math.random() * 2 ** 31);
  if (values.property === 'resources') return resources() ? 0 : 1;
  if (values.property === 'scale') return scale(num('giant', values.giant), num('limit', values.limit)) ? 0 : 1;
  const chosen = values.property === 'all' ? [...PROPERTIES] : [values.property as PropertyName];
  if (!chosen.every((p) => (PROPERTIES as readonly string[]).includes(p))) throw new Error(`--property is one of ${PROPERTIES.join(', ')}, scale, resources, all`);
  console.log(`fuzzing with seed ${seed}, ${values.runs} cases per property`);
  let ok = true;
  for (const property of chosen) {
    ok = (await runOne({
      property, seed, runs: num('runs', values.runs), timeout: num('timeout', values.timeout), limit: num('limit', values.limit),
      giant: num('giant', values.giant), depth: num('depth', values.depth),
      ...(values.path ? { path: values.path } : {}),
    })) && ok;
  }
  if (values.property === 'all') ok = scale(num('giant', values.giant), num('limit', values.limit)) && resources() && ok;
  return ok ? 0 : 1;
}

if (isMainThread) {
  main().then((code) => { process.exitCode = code; }, (e: Error) => {
    console.error(`fuzz: ${e.message}`);
    process.exitCode = 2;
  });
} else {
  await worker(workerData as Job);
}
