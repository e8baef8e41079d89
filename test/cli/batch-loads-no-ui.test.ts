/**
 * The batch path never loads the terminal UI: ink and react cost a third of
 * a second at every start and have no business in a script. Proven on the
 * shipped CLI (the bundle, where the UI is the file `tui.js`) with a module
 * resolve hook that records every import.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const BIN = SHIPPED_BIN;
const REGISTER = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'test', 'helpers', 'record-imports', 'register.js')).href;
const CAPTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'ui', 'broken-host.json');
const UI_PACKAGES = /\/node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout|@inkjs\/ui|ink-testing-library)\//;
/** The bundled terminal UI, or the UI loaded from its compiled modules. */
const UI_FILES = /\/dist\/bundle\/tui\.js$|\/dist\/src\/ui\//;
const loadsUi = (l: string) => UI_PACKAGES.test(l) || UI_FILES.test(l);

function recordImports(args: string[]): { code: number | null; imports: string[]; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'wcn-imports-')), 'imports.tsv');
  const env: NodeJS.ProcessEnv = { ...process.env, WCN_RECORD_IMPORTS: file };
  const r = spawnSync(process.execPath, ['--import', REGISTER, ...args], { env, encoding: 'utf8', cwd: PACKAGE_ROOT });
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Nothing recorded.
  }
  return { code: r.status, imports: text.split('\n').filter(Boolean), stderr: r.stderr };
}

test('the recorder sees the bundled TUI when tui.js is imported (so it can catch it)', (t) => {
  const tui = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'bundle', 'tui.js')).href;
  const { code, imports, stderr } = recordImports(['--input-type=module', '-e', `await import(${JSON.stringify(tui)})`]);
  t.is(code, 0, stderr);
  t.true(imports.some(loadsUi), JSON.stringify(imports));
  // Bundled: ink and react come from the one file, not from node_modules.
  t.deepEqual(imports.filter((l) => UI_PACKAGES.test(l)), []);
});

test('the recorder sees ink and react when the TUI is loaded from its compiled modules', (t) => {
  const { code, imports, stderr } = recordImports(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'ui', 'run.js')).href)})`]);
  t.is(code, 0, stderr);
  t.true(imports.some((l) => /^ink\t/.test(l)), 'ink');
  t.true(imports.some((l) => /^react(\/jsx-runtime)?\t/.test(l)), 'react');
  t.true(imports.some((l) => UI_PACKAGES.test(l)));
});

for (const args of [['check', CAPTURE], ['check', '--format', 'json', CAPTURE], [CAPTURE], ['explain', 'ipv6-disabled'], ['list-checks'], ['search', 'Element not found 0x490']]) {
  test(`'wcn-doctor ${args.map((a) => (a === CAPTURE ? '<capture>' : a)).join(' ')}' (not on a terminal) loads no ink or react`, (t) => {
    const { code, imports, stderr } = recordImports([BIN, ...args]);
    t.true(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    t.true(imports.length > 10, 'the recorder ran');
    t.true(imports.some((l) => /\/dist\/bundle\/chunk-/.test(l)), 'the bundled core was loaded');
    t.deepEqual(imports.filter(loadsUi), []);
  });
}

/** Runs the shipped CLI in an 80x24 pseudo-terminal (CI unset, so ink draws), typing `keys`; records its imports. */
function recordInPty(args: string[], keys: string): { code: number | null; screen: string; imports: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'wcn-imports-')), 'imports.tsv');
  const env: NodeJS.ProcessEnv = { ...process.env, WCN_RECORD_IMPORTS: file, TERM: 'xterm-256color' };
  delete env['CI'];
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols 80 rows 24; ${[process.execPath, '--import', REGISTER, BIN, ...args].map(q).join(' ')}`;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { env, encoding: 'utf8', cwd: PACKAGE_ROOT, input: keys, timeout: 60_000 });
  return { code: r.status, screen: r.stdout, imports: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

test("'wcn-doctor check <capture>' on a real terminal loads no ink or react either", (t) => {
  const { code, screen, imports } = recordInPty(['check', CAPTURE], '');
  t.is(code, 1, screen);
  t.regex(screen, /WCN201/);
  t.true(imports.length > 10);
  t.deepEqual(imports.filter(loadsUi), []);
});

test('the shipped CLI opens the bundled TUI on a terminal (the control for the test above)', (t) => {
  // The view waits for keys; 'q' quits it.
  const { code, screen, imports } = recordInPty([CAPTURE], 'q');
  t.is(code, 0, screen);
  t.true(imports.some((l) => /\/dist\/bundle\/tui\.js$/.test(l)), 'tui.js was loaded');
  t.deepEqual(imports.filter((l) => UI_PACKAGES.test(l) || /\/dist\/src\//.test(l)), [], 'nothing outside the bundle');
});

test('Graphviz (WebAssembly, outside the bundle) loads only when a drawing is asked for', (t) => {
  const GRAPHVIZ = /\/node_modules\/@viz-js\/viz\//;
  for (const args of [['check', CAPTURE], ['topology', CAPTURE], ['topology', '--format', 'dot', CAPTURE]]) {
    const { code, imports, stderr } = recordImports([BIN, ...args]);
    t.true(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    t.deepEqual(imports.filter((l) => GRAPHVIZ.test(l)), [], args.join(' '));
  }
  for (const args of [['topology', '--format', 'svg', CAPTURE], ['check', '--format', 'html', CAPTURE]]) {
    const { code, imports, stderr } = recordImports([BIN, ...args]);
    t.true(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    t.true(imports.some((l) => GRAPHVIZ.test(l)), `${args.join(' ')}: the recorder sees Graphviz when it is used`);
  }
});
