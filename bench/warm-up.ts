/**
 * How the pipeline's cost per capture settles as V8 optimizes it: CPU per
 * call at the smallest benchmark host, in batches against JSON.parse of the
 * same bytes, after 500, 1,000, 2,000 and 3,000 calls in the same process.
 * The basis of the benchmark's warm-up (bench/run.ts, WARM_UP_CALLS).
 *
 *   node dist/bench/warm-up.js
 *   node --trace-opt dist/bench/warm-up.js | grep -c 'completed optimizing'   (what V8 optimizes meanwhile)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseFile } from '../src/core/diagnose.js';
import { generateCapture, scaled } from './generate.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const cpuPerCall = (fn: () => void, calls: number) => {
  const t = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / calls;
};

const dir = mkdtempSync(join(tmpdir(), 'wcn-warm-up-'));
try {
  const file = join(dir, 'host.json');
  writeFileSync(file, JSON.stringify(generateCapture(scaled(4)), null, 2));
  const baseline = () => JSON.parse(readFileSync(file, 'utf8'));
  const pipeline = () => diagnoseFile(file);
  let done = 0;
  console.log('calls before   pipeline ms   JSON.parse ms   ratio   (CPU per call, medians of 9 batches of 30)');
  for (const mark of [500, 1000, 2000, 3000]) {
    for (; done < mark; done++) pipeline();
    const p: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < 9; i++) {
      p.push(cpuPerCall(baseline, 30));
      d.push(cpuPerCall(pipeline, 30));
    }
    done += 9 * 30;
    console.log(`${String(mark).padStart(12)}   ${median(d).toFixed(2).padStart(11)}   ${median(p).toFixed(2).padStart(13)}   ${(median(d) / median(p)).toFixed(2).padStart(5)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
