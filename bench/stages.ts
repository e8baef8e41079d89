/**
 * Where the pipeline's time goes, stage by stage, for the benchmark's host
 * sizes: read (file, decode, JSON.parse), ingest, host model, checks; CPU
 * time, medians of repeated calls, each call after a full garbage collection
 * (as the benchmark's figure 1b; its figure 1 times warm batches instead, see
 * bench/run.ts). For comparing stages, not for the goal. Writes nothing.
 *
 *   node dist/bench/stages.js [--runs N]
 *   node --max-opt=1 dist/bench/stages.js    (the same without V8's optimizing compiler, for comparison)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ingestCapture } from '../src/core/capture/ingest.js';
import { readJsonFile, valuesBound } from '../src/core/capture/read.js';
import { diagnoseModel } from '../src/core/diagnose.js';
import { buildModel } from '../src/core/model/build.js';
import { generateCapture, scaled } from './generate.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '31' } } });
const RUNS = Number(values.runs);
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const dir = mkdtempSync(join(tmpdir(), 'wcn-stages-'));
try {
  const ks = [4, 3, 2, 1, 0];
  const files = ks.map((k) => {
    const f = join(dir, `host-${k}.json`);
    writeFileSync(f, JSON.stringify(generateCapture(scaled(k)), null, 2));
    return f;
  });
  /** One call of the pipeline, as diagnoseFile runs it, timed stage by stage. */
  const run = (f: string): number[] => {
    const t0 = cpu();
    const json = readJsonFile(f, undefined, Infinity);
    if (!json.ok) throw new Error(json.issue.message);
    const t1 = cpu();
    const { capture, issues } = ingestCapture(json.value, f, { valuesAtMost: valuesBound(json.chars) });
    const t2 = cpu();
    const model = buildModel(capture, f);
    const t3 = cpu();
    diagnoseModel(model, issues);
    const t4 = cpu();
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0];
  };
  for (let i = 0; i < 5; i++) for (const f of files) run(f);
  const rows: number[][][] = ks.map(() => [[], [], [], [], [], []]);
  for (let i = 0; i < RUNS; i++) {
    files.forEach((f, j) => {
      collect();
      const t = cpu();
      JSON.parse(readFileSync(f, 'utf8'));
      rows[j]![5]!.push(cpu() - t);
      collect();
      run(f).forEach((v, s) => rows[j]![s]!.push(v));
    });
  }
  const names = ['read', 'ingest', 'model', 'checks', 'pipeline', 'JSON.parse'];
  console.log(`endpoints  ${ks.map((k) => String(scaled(k).endpoints).padStart(8)).join('')}   (CPU ms, medians of ${RUNS})`);
  names.forEach((name, s) => console.log(`${name.padEnd(10)} ${rows.map((r) => median(r[s]!).toFixed(2).padStart(8)).join('')}`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
