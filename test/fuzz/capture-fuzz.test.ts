/**
 * Property-based fuzzing of the loader, the model and every check, bounded
 * for `npm test` (about eight seconds on two cores). `npm run fuzz` runs the
 * same properties with many more and larger cases.
 *
 * The seed is random on each run and printed with any failure; replay with
 * FUZZ_SEED=<seed> (and the path fast-check prints, FUZZ_PATH=<path>).
 * FUZZ_RUNS multiplies the number of cases.
 */
import { fc, testProp } from '@fast-check/ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS } from '../../src/core/checks/index.js';
import { cloneJson, cook, fileRecipeArb, randomCaptureArb, recipeArb } from './arbitraries.js';
import { checkFiles, checkLoader, checkPipeline } from './properties.js';

const scale = Number(process.env['FUZZ_RUNS'] ?? '1') || 1;
const params = <T>(numRuns: number): fc.Parameters<T> => ({
  numRuns: Math.round(numRuns * scale),
  ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}),
  ...(process.env['FUZZ_PATH'] ? { path: process.env['FUZZ_PATH'] } : {}),
});

// Small giant arrays and nesting here; the fuzz runner goes to tens of thousands.
const recipes = recipeArb({ giantMax: 400, depthMax: 300 });

testProp('mutated samples: the loader reports every problem as an issue naming the key and a real pointer', [recipes], (t, recipe) => {
  const c = cook(recipe);
  t.deepEqual(checkLoader({ raw: c.raw, applied: c.applied }).violations, []);
}, params(300));

testProp(`mutated samples: the model builds and none of the ${CHECKS.length} checks crashes; commands parse; reports render`, [recipes], (t, recipe) => {
  const c = cook(recipe);
  const loaded = checkLoader({ raw: c.raw });
  t.deepEqual(loaded.violations, []);
  t.deepEqual(checkPipeline(loaded.capture!, loaded.issues!).violations, []);
}, params(300));

testProp('random captures: nothing throws, crashes or hangs', [randomCaptureArb], (t, raw) => {
  const loaded = checkLoader({ raw: cloneJson(raw) });
  t.deepEqual(loaded.violations, []);
  t.deepEqual(checkPipeline(loaded.capture!, loaded.issues!).violations, []);
}, params(300));

const tmp = mkdtempSync(join(tmpdir(), 'wcn-fuzz-'));
testProp.after.always(() => rmSync(tmp, { recursive: true, force: true }));

testProp('broken files and folders on disk (encodings, truncation, stray bytes): read without throwing, every issue names a file', [fileRecipeArb({ giantMax: 200, depthMax: 200 })], async (t, fr) => {
  t.deepEqual((await checkFiles(fr, tmp)).violations, []);
}, params(80));
