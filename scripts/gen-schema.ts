/**
 * Writes what is generated from the loader's zod schemas (npm run schema):
 * snapshots/capture.schema.json, the published JSON Schema of the capture
 * format, and src/core/capture/fast.generated.ts, the loader's fast
 * validators. test/capture/fast.test.ts fails when either is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureJsonSchemaText } from '../src/core/capture/json-schema.js';
import { PACKAGE_ROOT, SNAPSHOTS_DIR } from '../src/core/paths.js';
import { generateFastValidators } from './fast-validators.js';

export const GENERATED = [
  { path: join(SNAPSHOTS_DIR, 'capture.schema.json'), text: captureJsonSchemaText },
  { path: join(PACKAGE_ROOT, 'src', 'core', 'capture', 'fast.generated.ts'), text: generateFastValidators },
];

for (const g of GENERATED) {
  writeFileSync(g.path, g.text());
  process.stdout.write(`wrote ${g.path}\n`);
}
