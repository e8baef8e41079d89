/**
 * Bundles the batch CLI (npm run build): `dist/bundle/wcn-doctor.js`, the
 * file that package.json's `bin` and `npm start` run, and
 * `dist/bundle/fleet-worker.js`, the worker thread of `check` on many
 * captures. Both are built from the compiled JavaScript in `dist/src`, so
 * the bundle runs exactly the code the tests compiled.
 *
 * Why: a process that resolves, reads and compiles some 80 ES modules
 * (zod alone is over 200) spends more CPU on that than on the diagnosis.
 * One file, tree-shaken, starts in about half the time. Code that only some
 * runs need (SARIF, Markdown, the knowledge base, the simulator, the worker
 * pool) stays in chunks of its own, loaded when a run imports it.
 *
 * What stays outside the bundle:
 * - the terminal UI (`dist/src/ui/`, with ink and react): the bundle imports
 *   it from `../src/ui/` only when the interactive view opens;
 * - jsonc-parser, whose UMD build cannot be bundled; it is loaded from
 *   node_modules on the rare paths that need it;
 * - @viz-js/viz (Graphviz as WebAssembly, megabytes), loaded from
 *   node_modules only when a drawing is asked for.
 *
 * Usage: node dist/scripts/bundle.js [--check]   (--check: fail if stale)
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'dist', 'src');
export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
export const BUNDLE_BIN = join(BUNDLE_DIR, 'wcn-doctor.js');
const UI_DIR = join(SRC, 'ui');

/** Packages that must never be part of the batch bundle. */
const UI_PACKAGES = ['ink', 'react', 'react-dom', 'react-reconciler', 'scheduler', 'yoga-layout', '@inkjs/ui', 'ink-testing-library'];

/** The TUI stays a separate, lazily imported tree of modules next to the bundle. */
function keepUiOutside(outdir: string): Plugin {
  return {
    name: 'keep-ui-outside',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !args.path.startsWith('.')) return undefined;
        const target = join(args.resolveDir, args.path);
        if (target !== UI_DIR && !target.startsWith(UI_DIR + sep)) return undefined;
        if (args.kind !== 'dynamic-import') {
          return { errors: [{ text: `${relative(ROOT, args.importer)} imports the terminal UI statically; the batch path may reach it only through import()` }] };
        }
        const rel = relative(outdir, target).split(sep).join('/');
        return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
      });
    },
  };
}

/** Newest modification time of the compiled sources (and of this script). */
export function newestInput(): number {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(SRC);
  newest = Math.max(newest, statSync(join(ROOT, 'package.json')).mtimeMs);
  return newest;
}

/** True when the bundle exists and is newer than everything it is built from. */
export function bundleIsFresh(): boolean {
  try {
    return statSync(BUNDLE_BIN).mtimeMs >= newestInput();
  } catch {
    return false;
  }
}

export async function bundle(): Promise<{ files: string[]; bytes: number }> {
  // Build next to the target and swap it in, so a reader never sees half a bundle.
  const tmp = `${BUNDLE_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'wcn-doctor': join(SRC, 'bin.js'), 'fleet-worker': join(SRC, 'cli', 'fleet-worker.js') },
    outdir: tmp,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['jsonc-parser', '@viz-js/viz', ...UI_PACKAGES],
    plugins: [keepUiOutside(BUNDLE_DIR)],
    // CommonJS dependencies (yaml) require Node's built-ins; give each chunk a real `require` for them.
    banner: { js: "import { createRequire as __wcnRequire } from 'node:module'; const require = __wcnRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const ui = inputs.filter((p) => UI_PACKAGES.some((u) => p.includes(`node_modules/${u}/`)) || p.startsWith(relative(ROOT, UI_DIR)));
  if (ui.length > 0) throw new Error(`the terminal UI reached the batch bundle: ${ui.join(', ')}`);
  const files = readdirSync(tmp);
  mkdirSync(dirname(BUNDLE_DIR), { recursive: true });
  const old = `${BUNDLE_DIR}.old-${process.pid}`;
  if (existsSync(BUNDLE_DIR)) renameSync(BUNDLE_DIR, old);
  renameSync(tmp, BUNDLE_DIR);
  rmSync(old, { recursive: true, force: true });
  const bytes = files.filter((f) => f.endsWith('.js')).reduce((n, f) => n + readFileSync(join(BUNDLE_DIR, f)).length, 0);
  return { files, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    if (!bundleIsFresh()) {
      process.stderr.write(`${relative(ROOT, BUNDLE_BIN)} is missing or older than dist/src; run npm run build\n`);
      process.exit(1);
    }
  } else {
    const { files, bytes } = await bundle();
    process.stdout.write(`bundled ${relative(ROOT, BUNDLE_DIR)}: ${files.filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1024).toFixed(0)} KiB\n`);
  }
}
