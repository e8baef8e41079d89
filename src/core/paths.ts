/** Where the package's own files are, wherever it is installed or built. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'knowledge'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return process.cwd();
}

export const PACKAGE_ROOT = findRoot();
export const KNOWLEDGE_DIR = join(PACKAGE_ROOT, 'knowledge');
export const SNAPSHOTS_DIR = join(PACKAGE_ROOT, 'snapshots');
export const DEMO_CAPTURE = join(SNAPSHOTS_DIR, 'demo.json');

let version: string | undefined;
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0');
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
