/**
 * Analyses many captures on a pool of worker threads. Each worker holds at
 * most one capture at a time, so memory stays bounded by the pool size
 * whatever the number of captures. A worker that dies (a capture too big
 * for its heap, a bug) costs only that capture: it is reported as failed and
 * a fresh worker takes over.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hostSummary } from '../core/diagnose.js';
import { analyse, type Analysis, type AnalyseOptions } from './analyse.js';

export interface PoolOptions {
  /** Number of workers (default: the available cores). 1 runs in this thread. */
  readonly jobs?: number;
  readonly analyse: AnalyseOptions;
  /** Called once per capture, as soon as it is done (in completion order). */
  readonly onResult: (index: number, analysis: Analysis) => void;
}

function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

const WORKER_URL = new URL('./fleet-worker.js', import.meta.url);

function failed(path: string, why: string): Analysis {
  return {
    readable: false,
    report: {
      source: path, host: hostSummary(undefined), summary: { errors: 0, warnings: 0, infos: 0 }, findings: [], checks: [],
      ingestIssues: [{ severity: 'error', file: path, message: `the analysis stopped: ${why}` }],
    },
  };
}

export async function analyseMany(paths: readonly string[], options: PoolOptions): Promise<void> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), paths.length));
  if (jobs === 1) {
    // One worker would only add its start-up time.
    for (const [i, p] of paths.entries()) {
      options.onResult(i, await analyse(p, options.analyse));
      await new Promise<void>((r) => setImmediate(r));
    }
    return;
  }
  let next = 0;
  let done = 0;
  await new Promise<void>((resolve) => {
    const start = () => {
      const worker = new Worker(WORKER_URL);
      let current: number | undefined;
      const give = () => {
        if (next >= paths.length) {
          current = undefined;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ index: current, path: paths[current], options: options.analyse });
      };
      const finish = (index: number, analysis: Analysis) => {
        options.onResult(index, analysis);
        done++;
        if (done === paths.length) resolve();
      };
      worker.on('message', (m: { index: number; analysis?: Analysis; error?: string }) => {
        finish(m.index, m.analysis ?? failed(paths[m.index]!, m.error ?? 'unknown error'));
        give();
      });
      worker.on('error', (e) => {
        const lost = current;
        current = undefined;
        if (lost !== undefined) finish(lost, failed(paths[lost]!, e.message));
        void worker.terminate();
        if (next < paths.length) start();
      });
      worker.on('exit', (code) => {
        const lost = current;
        current = undefined;
        if (lost !== undefined) {
          finish(lost, failed(paths[lost]!, `the worker exited with code ${code}`));
          if (next < paths.length) start();
        }
      });
      give();
    };
    for (let i = 0; i < jobs; i++) start();
  });
}
