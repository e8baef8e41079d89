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
 *
 * Times are the smaller of wall-clock and CPU time (clock.ts), so a machine
 * busy with other work does not turn slow cases into failures.
 *   --giant <n>         largest giant array a mutation makes (default 20000)
 *   --depth <n>         deepest nesting a mutation makes (default 20000)
 *
 * `scale` is no property either: for every sample and every list in it, the
 * list is grown to --giant items (default 20000 here, copies of its own
 * items) and to a quarter of that; the loader, the model and each check are
 * timed against --limit, and a stage that takes half a second or more at
 * full size and grows more than ten times from the quarter (measured again,
 * the best of three) fails, so a stage that is quadratic in some key shows
 * even when random mutations miss it.
 *
 * `resources` is no property: it writes 200 MB captures (a genuine shape and
 * the shape with the most values per byte), runs wcn-doctor on them with the
 * size limit raised to 256 MiB, and checks time and peak memory against
 * bounds (the bounded versions of these cases are in `npm test`).
 *
 * Each property runs in a worker thread; the main thread watches it, so a
 * case that hangs is stopped and reported with its seed and the mutations
 * that made it, instead of stalling the run.
 *
 * A failure of the harness itself (a generator that cannot make its case, a
 * case that cannot be written, a hang or crash while a case is being made)
 * is reported as a HARNESS FAILURE: it says nothing about wcn-doctor.
 *
 * Exit codes: 0 every property held; 1 wcn-doctor broke a property; 2 bad
 * arguments; 4 the harness failed (and wcn-doctor broke nothing it checked).
 * (3 is left out: the wcn-doctor command line exits with 3 for its own bugs.)
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
import { harness, isHarnessError } from './harness-error.js';
import { stopwatch } from './clock.js';
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

/** Where a case is: being made by the harness, or in wcn-doctor's hands. */
type Phase = 'input' | 'tool';

type Message =
  | { readonly type: 'case'; readonly n: number; readonly input: string }
  | { readonly type: 'tool' }
  | { readonly type: 'timing'; readonly stages: Readonly<Record<string, number>> }
  | { readonly type: 'done'; readonly failed: boolean; readonly harness: boolean; readonly report: string; readonly runs: number; readonly seed: number; readonly path?: string };

/** How one property (or pass) ended. */
type Outcome = 'ok' | 'tool' | 'harness';

class UsageError extends Error {}

const HARNESS = 'HARNESS FAILURE (the fuzz harness itself failed; this says nothing about wcn-doctor)';

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
  const toolRuns = () => parentPort!.postMessage({ type: 'tool' } satisfies Message);
  const timing = (stages: Readonly<Record<string, number>> | undefined) => parentPort!.postMessage({ type: 'timing', stages: stages ?? {} } satisfies Message);
  const limit = job.limit;
  let property: fc.IProperty<[unknown]> | fc.IAsyncProperty<[unknown]>;
  let tmp: string | undefined;
  if (job.property === 'mutated') {
    property = fc.property(recipeArb(options), (recipe) => {
      beat(recipe);
      const c = harness('building the case from its recipe', () => cook(recipe));
      toolRuns();
      const loaded = checkLoader({ raw: c.raw, applied: c.applied, limitMs: limit });
      fail(loaded.violations);
      const pipeline = checkPipeline(loaded.capture!, loaded.issues!, limit);
      timing({ loader: loaded.ms, ...pipeline.stages });
      fail(pipeline.violations);
    }) as fc.IProperty<[unknown]>;
  } else if (job.property === 'random') {
    property = fc.property(randomCaptureArb, (raw) => {
      beat(raw);
      const copy = harness('copying the case', () => cloneJson(raw));
      toolRuns();
      const loaded = checkLoader({ raw: copy, limitMs: limit });
      fail(loaded.violations);
      const pipeline = checkPipeline(loaded.capture!, loaded.issues!, limit);
      timing({ loader: loaded.ms, ...pipeline.stages });
      fail(pipeline.violations);
    }) as fc.IProperty<[unknown]>;
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'wcn-fuzz-'));
    const dir = tmp;
    // Asynchronous: SARIF regions load the JSON locator on demand.
    property = fc.asyncProperty(fileRecipeArb(options), async (fr) => {
      beat(fr);
      const outcome = await checkFiles(fr, dir, limit, toolRuns);
      timing(outcome.stages);
      fail(outcome.violations);
    }) as fc.IAsyncProperty<[unknown]>;
  }
  try {
    const details = await fc.check(property, { numRuns: job.runs, seed: job.seed, ...(job.path ? { path: job.path } : {}), endOnFailure: false });
    parentPort!.postMessage({
      type: 'done', failed: details.failed, harness: details.failed && isHarnessError(details.errorInstance), runs: details.numRuns, seed: details.seed,
      path: details.counterexamplePath ?? undefined,
      report: details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\n${describeError(details.errorInstance)}` : '',
    } satisfies Message);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

function runOne(job: Job): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    const w = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 3072 } });
    let last: { n: number; input: string } = { n: 0, input: '' };
    let phase: Phase = 'input';
    let lastBeat = Date.now();
    let beatCpu = process.cpuUsage();
    let settled = false;
    // The slowest cases, by the time wcn-doctor took (see clock.ts), with that time by stage.
    const slowest: { ms: number; stages: string; input: string }[] = [];
    const noteDuration = (stages: Readonly<Record<string, number>>) => {
      const ms = Object.entries(stages).reduce((n, [k, x]) => (k === 'grammar' ? n : n + x), 0);
      if (slowest.length === 3 && ms <= slowest[2]!.ms) return;
      slowest.push({ ms, stages: Object.entries(stages).map(([k, x]) => `${k} ${x.toFixed(0)}`).join(', '), input: last.input });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 3);
    };
    const started = Date.now();
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolvePromise(outcome);
    };
    const replay = (path?: string) => `npm run fuzz -- --property ${job.property} --seed ${job.seed}${path ? ` --path ${path}` : ''}`;
    // Before a case reaches wcn-doctor (or before the first case), whatever goes wrong is the harness's.
    const blame = (): Outcome => (phase === 'input' ? 'harness' : 'tool');
    const headline = (outcome: Outcome, what: string) => `\n✖ ${job.property}: ${outcome === 'harness' ? `${HARNESS}: ` : ''}${what}`;
    const timer = setInterval(() => {
      // A hang burns CPU for the whole timeout (a machine busy with other work only stretches the wall clock);
      // a case stuck without using CPU is caught after ten times as long.
      const wall = Date.now() - lastBeat;
      const used = process.cpuUsage(beatCpu);
      if (Math.min(wall, (used.user + used.system) / 1000) <= job.timeout && wall <= 10 * job.timeout) return;
      const outcome = blame();
      console.error(headline(outcome, `case ${last.n} ran for more than ${job.timeout} ms (a hang) ${phase === 'input' ? 'while the case was being made' : 'in wcn-doctor'}.`));
      console.error(`  seed ${job.seed}; the case: ${last.input}`);
      console.error(`  replay the run: ${replay()}`);
      void w.terminate();
      finish(outcome);
    }, 250);
    w.on('message', (m: Message) => {
      if (m.type === 'case') {
        if (m.n % 5000 === 0) console.log(`  ${job.property}: ${m.n} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        last = m;
        phase = 'input';
        lastBeat = Date.now();
        beatCpu = process.cpuUsage();
        return;
      }
      if (m.type === 'tool') {
        phase = 'tool';
        return;
      }
      if (m.type === 'timing') {
        noteDuration(m.stages);
        return;
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (m.failed) {
        console.error(headline(m.harness ? 'harness' : 'tool', `property failed after ${m.runs} cases (${secs} s)`));
        console.error(m.report);
        console.error(`  seed ${m.seed}${m.path ? `, path ${m.path}` : ''}`);
        console.error(`  replay: ${replay(m.path)}`);
      } else {
        console.log(`✔ ${job.property}: ${m.runs} cases passed in ${secs} s (seed ${m.seed})`);
        for (const x of slowest) console.log(`    slowest: ${x.ms.toFixed(0)} ms (${x.stages}) ${x.input.slice(0, 300)}`);
      }
      finish(!m.failed ? 'ok' : m.harness ? 'harness' : 'tool');
    });
    w.on('error', (e) => {
      const outcome = last.n === 0 ? 'harness' : blame();
      console.error(headline(outcome, `the worker died on case ${last.n}: ${e.stack ?? e.message}`));
      console.error(`  seed ${job.seed}; the case: ${last.input}`);
      console.error(`  replay the run: ${replay()}`);
      finish(outcome);
    });
    w.on('exit', (code) => {
      if (!settled) {
        const outcome = last.n === 0 ? 'harness' : blame();
        console.error(headline(outcome, `the worker exited (${code}) on case ${last.n}; seed ${job.seed}; the case: ${last.input}`));
        finish(outcome);
      }
    });
  });
}

/** The shortest of `n` timings, each taken after a garbage collection when node runs with --expose-gc. */
function bestOf(n: number, time: () => number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    best = Math.min(best, time());
  }
  return best;
}

/**
 * A stage that takes at least this long at full size is judged on its growth (ms). Below it,
 * growth says more about the garbage collector than about the code: here even cloning the grown
 * capture (structuredClone) takes 6 to 9 times as long at 20,000 items as at 5,000, and a stage
 * that spends under half a second on 20,000 items is not the slowness this pass looks for.
 */
const GROWTH_FLOOR_MS = 500;
/** Four times the items may take at most this many times as long (linear: about 4; quadratic: 16). */
const GROWTH_LIMIT = 10;

/**
 * Every stage (loader, model, each check), timed on every sample with one
 * list grown to `items` and to a quarter of that. Fails when a stage passes
 * the time limit, crashes, or grows faster than the list (measured again
 * before it counts, the best of three runs at each size, so a pause of a
 * busy machine or of the garbage collector does not).
 */
function scale(items: number, limitMs: number): Outcome {
  let outcome: Outcome = 'ok';
  const worst = new Map<string, { ms: number; where: string }>();
  const growth: { ratio: number; text: string }[] = [];
  type Timings = Map<string, number>;
  const grown = (name: string, path: readonly string[], n: number): Record<string, Json> => harness(`growing ${path.join('.')} of ${name} to ${n} items`, () => {
    const r = sample(name);
    const holder = (path.length === 1 ? r : r['docker']) as Record<string, Json[]>;
    const list = holder[path[path.length - 1]!]!;
    const copies = list.slice();
    while (list.length < n) list.push(cloneJson(copies[list.length % copies.length]));
    return r;
  });
  /** Times each stage on the capture; undefined when wcn-doctor threw (reported). */
  const measure = (raw: Record<string, Json>, where: string): Timings | undefined => {
    const timings: Timings = new Map();
    try {
      let elapsed = stopwatch();
      const { capture } = ingestCapture(raw, 'scale.json', { maxItemsPerKey: Math.max(items, 100_000) });
      timings.set('loader', elapsed());
      elapsed = stopwatch();
      const model = buildModel(capture, 'scale.json');
      timings.set('model', elapsed());
      for (const check of CHECKS) {
        elapsed = stopwatch();
        const r = runChecks(model, [check]);
        timings.set(check.meta.code, elapsed());
        if (r.results[0]?.status === 'crashed') {
          outcome = 'tool';
          console.error(`✖ ${check.meta.code} crashed on ${where}: ${r.results[0].reason}`);
        }
      }
      return timings;
    } catch (e) {
      outcome = 'tool';
      console.error(`✖ wcn-doctor threw after ${[...timings.keys()].join(', ') || 'nothing'} on ${where}: ${describeError(e)}`);
      return undefined;
    }
  };
  const quarter = Math.max(1, Math.floor(items / 4));
  try {
    for (const name of SAMPLE_NAMES) {
      const base = sample(name);
      const lists: string[][] = [];
      for (const [k, v] of Object.entries(base)) if (Array.isArray(v) && v.length > 0) lists.push([k]);
      const docker = base['docker'];
      if (docker && typeof docker === 'object') for (const [k, v] of Object.entries(docker)) if (Array.isArray(v) && v.length > 0) lists.push(['docker', k]);
      for (const path of lists) {
        const where = `${name} with ${items} ${path.join('.')}`;
        const full = measure(grown(name, path, items), where);
        const small = measure(grown(name, path, quarter), where);
        if (!full || !small) continue;
        for (const [what, ms] of full) {
          if (ms > (worst.get(what)?.ms ?? -1)) worst.set(what, { ms, where });
          if (ms > limitMs) {
            outcome = 'tool';
            console.error(`✖ ${what} took ${ms.toFixed(0)} ms on ${where} (limit ${limitMs})`);
          }
          const before = small.get(what) ?? 0;
          if (ms < GROWTH_FLOOR_MS) continue;
          const ratio = ms / Math.max(before, 1);
          growth.push({ ratio, text: `${what} ×${ratio.toFixed(1)} (${before.toFixed(0)} → ${ms.toFixed(0)} ms, ${path.join('.')} of ${name})` });
          if (ratio <= GROWTH_LIMIT) continue;
          // Measured again, at both sizes, before it counts: the best of three runs after a
          // collection, so a pause to collect the giant capture's garbage is not counted as growth.
          const again = bestOf(3, () => measure(grown(name, path, items), where)?.get(what) ?? 0);
          const againBefore = bestOf(3, () => measure(grown(name, path, quarter), where)?.get(what) ?? 0);
          if (again >= GROWTH_FLOOR_MS && again / Math.max(againBefore, 1) > GROWTH_LIMIT) {
            outcome = 'tool';
            console.error(`✖ ${what} grows faster than the list: ${quarter} → ${items} ${path.join('.')} of ${name} took ${before.toFixed(0)} → ${ms.toFixed(0)} ms, and again ${againBefore.toFixed(0)} → ${again.toFixed(0)} ms (limit ×${GROWTH_LIMIT})`);
          }
        }
      }
    }
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    console.error(`✖ scale: ${HARNESS}: ${describeError(e)}`);
    return 'harness';
  }
  const top = [...worst].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5);
  console.log(`${outcome === 'ok' ? '✔' : '✖'} scale: ${SAMPLE_NAMES.length} samples, every list grown to ${quarter} and ${items} items; slowest: ${top.map(([w, x]) => `${w} ${x.ms.toFixed(0)} ms (${x.where})`).join(', ')}`);
  console.log(`    fastest growth from ${quarter} to ${items} items (stages over ${GROWTH_FLOOR_MS} ms): ${growth.sort((a, b) => b.ratio - a.ratio).slice(0, 5).map((g) => g.text).join('; ') || 'none'}`);
  return outcome;
}

/** The 200 MB cases, measured; fails when a bound is broken. */
function resources(): Outcome {
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
  return ok ? 'ok' : 'tool';
}

/** The exit code for a run: a failure of wcn-doctor comes first, then one of the harness. */
function exitCode(outcomes: readonly Outcome[]): number {
  return outcomes.includes('tool') ? 1 : outcomes.includes('harness') ? 4 : 0;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
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
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    console.log('npm run fuzz -- [--runs n] [--seed n] [--path p] [--property mutated|random|files|scale|resources|all] [--limit ms] [--timeout ms] [--giant n] [--depth n]');
    console.log('exit codes: 0 every property held, 1 wcn-doctor broke a property, 2 bad arguments, 4 the fuzz harness itself failed');
    return 0;
  }
  const num = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, not '${text}'`);
    return n;
  };
  const seed = values.seed !== undefined ? num('seed', values.seed) : Math.floor(Math.random() * 2 ** 31);
  const job = {
    seed, runs: num('runs', values.runs), timeout: num('timeout', values.timeout), limit: num('limit', values.limit),
    giant: num('giant', values.giant), depth: num('depth', values.depth), ...(values.path ? { path: values.path } : {}),
  };
  if (values.property === 'resources') return exitCode([resources()]);
  if (values.property === 'scale') return exitCode([scale(job.giant, job.limit)]);
  const chosen = values.property === 'all' ? [...PROPERTIES] : [values.property as PropertyName];
  if (!chosen.every((p) => (PROPERTIES as readonly string[]).includes(p))) throw new UsageError(`--property is one of ${PROPERTIES.join(', ')}, scale, resources, all`);
  console.log(`fuzzing with seed ${seed}, ${values.runs} cases per property`);
  const outcomes: Outcome[] = [];
  for (const property of chosen) outcomes.push(await runOne({ property, ...job }));
  if (values.property === 'all') outcomes.push(scale(job.giant, job.limit), resources());
  return exitCode(outcomes);
}

if (isMainThread) {
  main().then((code) => { process.exitCode = code; }, (e: Error) => {
    if (e instanceof UsageError) {
      console.error(`fuzz: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(`fuzz: ${HARNESS}: ${describeError(e)}`);
    process.exitCode = 4;
  });
} else {
  await worker(workerData as Job);
}
