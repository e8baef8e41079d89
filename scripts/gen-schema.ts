/** Writes snapshots/capture.schema.json from the loader's schemas (npm run schema). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureJsonSchemaText } from '../src/core/capture/json-schema.js';
import { SNAPSHOTS_DIR } from '../src/core/paths.js';

const target = join(SNAPSHOTS_DIR, 'capture.schema.json');
writeFileSync(target, captureJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
