/**
 * The entry of `wcn-doctor.exe`, the single-file Windows build
 * (`npm run build:exe`). Node's single executables run one CommonJS script,
 * and the shipped CLI is an ES module bundle whose terminal UI needs
 * top-level await (yoga-layout): it cannot become CommonJS. So the
 * executable carries the package as it ships (the bundle, the knowledge
 * pages, the sample captures, the collector script) as an embedded asset,
 * with a small manifest beside it, and this script:
 *
 *   1. unpacks it, once per build, into a folder of the user's own
 *      (`%LOCALAPPDATA%\wcn-doctor\<version>-<content hash>`): into a
 *      temporary folder beside it first, then renamed, so a run that stops
 *      half-way leaves nothing that a later run would use;
 *   2. imports the CLI from there, as `node dist/bundle/wcn-doctor.js` would.
 *
 * Later runs read only the manifest, find the folder and import. Nothing here is run from the
 * capture or the command line.
 *
 * Bundled to CommonJS by `scripts/build-exe.ts`; it may use Node built-ins only.
 */
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { pathToFileURL } from 'node:url';
import { FILES_ASSET, LOADER, MANIFEST_ASSET, unpack, type Manifest, type PayloadFiles } from './unpack.js';

function cacheRoot(env: NodeJS.ProcessEnv): string {
  return join(env['LOCALAPPDATA'] || tmpdir(), 'wcn-doctor');
}

async function start(): Promise<void> {
  const manifest = JSON.parse(getAsset(MANIFEST_ASSET, 'utf8')) as Manifest;
  let dir: string;
  try {
    dir = unpack(manifest, () => JSON.parse(getAsset(FILES_ASSET, 'utf8')) as PayloadFiles, cacheRoot(process.env));
  } catch (e) {
    process.stderr.write(`wcn-doctor: cannot unpack into ${cacheRoot(process.env)}: ${(e as Error).message}\nSet LOCALAPPDATA to a folder you can write to.\n`);
    process.exitCode = 3;
    return;
  }
  const importFromDisk = createRequire(join(dir, LOADER))(join(dir, LOADER)) as (url: string) => Promise<unknown>;
  await importFromDisk(pathToFileURL(join(dir, ...manifest.main.split('/'))).href);
}

start().catch((e: unknown) => {
  process.stderr.write(`wcn-doctor: cannot start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exitCode = 3;
});
