/**
 * The CLI as it ships: the file that package.json's `bin` names (the bundle
 * that `npm run build` writes). Tests that run the CLI as a process run this
 * file. It is built here first when it is missing or older than the compiled
 * sources (ava compiles with tsc, which does not bundle), so the tests always
 * run the current code in its shipped form. Test files run in parallel: one
 * builds while the others wait on a lock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, bundleIsFresh } from '../../scripts/bundle.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { buildOnce } from './build-lock.js';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** Absolute path of the shipped CLI entry point. */
export const SHIPPED_BIN = join(PACKAGE_ROOT, pkg.bin['wcn-doctor']!);

await buildOnce(join(PACKAGE_ROOT, 'dist', '.bundle-lock'), bundleIsFresh, async () => {
  await bundle();
});
