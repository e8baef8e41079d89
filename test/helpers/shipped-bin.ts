/**
 * The CLI as it ships: the file that package.json's `bin` names (the bundle
 * that `npm run build` writes). Tests that run the CLI as a process run this
 * file. It is built here first when it is missing or older than the compiled
 * sources (ava compiles with tsc, which does not bundle), so the tests always
 * run the current code in its shipped form. Test files run in parallel: one
 * builds while the others wait on a lock.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle, bundleIsFresh } from '../../scripts/bundle.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** Absolute path of the shipped CLI entry point. */
export const SHIPPED_BIN = join(PACKAGE_ROOT, pkg.bin['wcn-doctor']!);

async function ensureBuilt(): Promise<void> {
  const lock = join(PACKAGE_ROOT, 'dist', '.bundle-lock');
  for (let waited = 0; !bundleIsFresh(); waited += 100) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building it; a lock left by a crashed run is taken over after two minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
      continue;
    }
    try {
      if (!bundleIsFresh()) await bundle();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

await ensureBuilt();
