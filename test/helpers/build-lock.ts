/**
 * Builds something the tests need (the bundle, the executable, a Wine
 * prefix) once, while test files run in parallel: one takes a lock folder
 * and builds, the others wait until it is done. A lock left by a crashed
 * run is taken over once it is older than `staleMs`.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export async function buildOnce(lock: string, ready: () => boolean, make: () => void | Promise<void>, staleMs = 120_000): Promise<void> {
  while (!ready()) {
    try {
      mkdirSync(lock);
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
      continue;
    }
    try {
      if (!ready()) await make();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
