/**
 * Bundles the CLI (npm run build): `dist/bundle/wcn-doctor.js`, the file
 * that package.json's `bin` and `npm start` run, `dist/bundle/fleet-worker.js`,
 * the worker thread of `check` on many captures, and `dist/bundle/tui.js`, the
 * interactive view with ink, react and yoga inside. All are built from the
 * compiled JavaScript in `dist/src`, so the bundle runs exactly the code the
 * tests compiled.
 *
 * Why: a process that resolves, reads and compiles some 80 ES modules
 * (zod alone is over 200) spends more CPU on that than on the diagnosis.
 * One file, tree-shaken, starts in about half the time. Code that only some
 * runs need (SARIF, Markdown, the knowledge base, the simulator, the worker
 * pool) stays in chunks of its own, loaded when a run imports it.
 *
 * The terminal UI is its own entry, `tui.js`: the batch CLI reaches it only
 * through the one dynamic import() that opens the interactive view, and a
 * check of the build's metafile fails the build when ink, react or `src/ui`
 * end up anywhere else. Loaded from node_modules, ink and react cost hundreds
 * of module resolutions; as one file they load in a fraction of that.
 *
 * What stays outside the bundle:
 * - jsonc-parser, whose UMD build cannot be bundled; it is loaded from
 *   node_modules on the rare paths that need it;
 * - @viz-js/viz (Graphviz as WebAssembly, megabytes), loaded from
 *   node_modules only when a drawing is asked for.
 *
 * ink's React devtools bridge (loaded only when DEV=true, with
 * react-devtools-core) is replaced by a module that reports it missing, as
 * ink does when react-devtools-core is not installed.
 *
 * Usage: node dist/scripts/bundle.js [--check]   (--check: fail if stale)
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'dist', 'src');
export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
export const BUNDLE_BIN = join(BUNDLE_DIR, 'wcn-doctor.js');
const UI_DIR = join(SRC, 'ui');

/** Packages of the terminal UI: bundled into `tui.js` and nowhere else. */
const UI_PACKAGES = ['ink', 'react', 'react-dom', 'react-reconciler', 'scheduler', 'yoga-layout', '@inkjs/ui', 'ink-testing-library'];
/** The output file of the terminal UI, next to the CLI. */
export const TUI_OUTPUT = 'tui.js';

function isUiModule(path: string): boolean {
  return path === UI_DIR || path.startsWith(UI_DIR + sep);
}

/**
 * Outside `src/ui`, the terminal UI may be reached only through import():
 * a static import would load ink and react on every batch run.
 */
function uiOnlyThroughImport(): Plugin {
  return {
    name: 'ui-only-through-import',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || args.kind === 'dynamic-import' || isUiModule(args.importer) || args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        const bare = !args.path.startsWith('.');
        const reachesUi = bare ? UI_PACKAGES.some((u) => args.path === u || args.path.startsWith(`${u}/`)) : isUiModule(join(args.resolveDir, args.path));
        if (!reachesUi) return undefined;
        return { errors: [{ text: `${relative(ROOT, args.importer)} imports the terminal UI (${args.path}) statically; the batch path may reach it only through import()` }] };
      });
    },
  };
}

/** True for an input of the build that belongs to the terminal UI. */
function isUiInput(input: string): boolean {
  return UI_PACKAGES.some((u) => input.includes(`node_modules/${u}/`)) || input.startsWith(`${relative(ROOT, UI_DIR).split(sep).join('/')}/`);
}

/** ink's devtools bridge: not shipped; ink handles the missing-module error it raises. */
function noInkDevtools(): Plugin {
  return {
    name: 'no-ink-devtools',
    setup(b) {
      b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (args.importer.includes(`${sep}node_modules${sep}ink${sep}`) ? { path: 'ink-devtools', namespace: 'stub' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: "const e = new Error('react-devtools-core is not part of wcn-doctor'); e.code = 'ERR_MODULE_NOT_FOUND'; throw e;",
        loader: 'js',
      }));
    },
  };
}

/**
 * Proves the split on the build's own record: every UI module is in
 * `tui.js` (or a chunk only it loads), and nothing the batch entries load
 * without import() holds any of them.
 */
function checkSplit(meta: Metafile, outdir: string): void {
  const outputs = meta.outputs;
  const name = (o: string) => relative(outdir, join(ROOT, o)).split(sep).join('/');
  const staticClosure = (entry: string): Set<string> => {
    const seen = new Set<string>();
    const walk = (o: string) => {
      if (seen.has(o)) return;
      seen.add(o);
      for (const i of outputs[o]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) walk(i.path);
    };
    walk(entry);
    return seen;
  };
  const byName = new Map(Object.keys(outputs).map((o) => [name(o), o]));
  const tui = byName.get(TUI_OUTPUT);
  if (!tui) throw new Error(`the build wrote no ${TUI_OUTPUT}`);
  const tuiFiles = staticClosure(tui);
  for (const batch of ['wcn-doctor.js', 'fleet-worker.js']) {
    for (const o of staticClosure(byName.get(batch)!)) {
      const ui = Object.keys(outputs[o]!.inputs).filter(isUiInput);
      if (ui.length > 0) throw new Error(`the terminal UI reached ${name(o)}, which ${batch} loads at start: ${ui.slice(0, 5).join(', ')}`);
    }
  }
  for (const [o, out] of Object.entries(outputs)) {
    if (tuiFiles.has(o) || o.endsWith('.map')) continue;
    const ui = Object.keys(out.inputs).filter(isUiInput);
    if (ui.length > 0) throw new Error(`UI modules outside ${TUI_OUTPUT}: ${name(o)} holds ${ui.slice(0, 5).join(', ')}`);
  }
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

/** True when `output` exists and is at least as new as `newest` says its inputs are. */
export function isFresh(output: string, newest: () => number): boolean {
  try {
    return statSync(output).mtimeMs >= newest();
  } catch {
    return false;
  }
}

/** True when the bundle exists and is newer than everything it is built from. */
export function bundleIsFresh(): boolean {
  return isFresh(BUNDLE_BIN, newestInput);
}

export async function bundle(): Promise<{ files: string[]; bytes: number }> {
  // Build next to the target and swap it in, so a reader never sees half a bundle.
  const tmp = `${BUNDLE_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'wcn-doctor': join(SRC, 'bin.js'), 'fleet-worker': join(SRC, 'cli', 'fleet-worker.js'), [TUI_OUTPUT.replace(/\.js$/, '')]: join(UI_DIR, 'run.js') },
    outdir: tmp,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['jsonc-parser', '@viz-js/viz'],
    // The shipped view runs React's production build (the CLI sets NODE_ENV before it loads the view).
    // Nothing in wcn-doctor fetches. yoga's wasm loader asks whether fetch exists and
    // then reads its own inlined wasm through it: that loads Node's HTTP client
    // (about a third of the view's start-up) for nothing. Without fetch it decodes the bytes itself.
    define: { 'process.env.NODE_ENV': '"production"', fetch: 'undefined' },
    plugins: [uiOnlyThroughImport(), noInkDevtools()],
    // CommonJS dependencies (yaml) require Node's built-ins; give each chunk a real `require` for them.
    banner: { js: "import { createRequire as __wcnRequire } from 'node:module'; const require = __wcnRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    legalComments: 'none',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
  });
  checkSplit(result.metafile, tmp);
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
