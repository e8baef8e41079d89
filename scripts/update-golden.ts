/**
 * Rewrites the golden references in test/golden/expected/ from the current
 * code. Run it after an intended change to an output (npm run golden:update)
 * and review the diff before committing.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, EXPECTED_DIR } from '../test/golden/cases.js';

mkdirSync(EXPECTED_DIR, { recursive: true });
const names = new Set(CASES.map((c) => c.name));
let changed = 0;
for (const c of CASES) {
  const file = join(EXPECTED_DIR, c.name);
  const text = c.render();
  if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
  writeFileSync(file, text);
  changed++;
  console.log(`updated ${c.name}`);
}
for (const f of readdirSync(EXPECTED_DIR)) {
  if (!names.has(f)) {
    rmSync(join(EXPECTED_DIR, f));
    console.log(`removed ${f} (no case uses it)`);
  }
}
console.log(`${CASES.length} references, ${changed} changed`);
