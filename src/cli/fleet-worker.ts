/** A fleet worker: analyses one capture per message and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { analyse, type AnalyseOptions } from './analyse.js';

interface Task {
  readonly index: number;
  readonly path: string;
  readonly options: AnalyseOptions;
}

const port = parentPort;
if (port) {
  port.on('message', async (task: Task) => {
    try {
      port.postMessage({ index: task.index, analysis: await analyse(task.path, task.options) });
    } catch (e) {
      port.postMessage({ index: task.index, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
