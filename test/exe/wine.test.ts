/**
 * `wcn-doctor.exe` (npm run build:exe), the single Windows file, under Wine:
 * it starts, diagnoses the demo exactly as the CLI does on Linux, prints a
 * knowledge page, and draws the terminal UI. Skipped with a message where
 * Wine is missing, and failed instead under CI=true (`.ci/run` installs it).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';
import { EXE_PATH, plain, prepareWine, runExe, startExeInPty, winPath, wineMissing } from '../helpers/wine.js';

const missing = wineMissing();
const CI = process.env['CI'] === 'true';
if (missing !== undefined && CI) {
  test('Wine is installed (CI=true: .ci/run installs wine64)', (t) => t.fail(missing));
} else if (missing !== undefined) {
  test.skip(`wcn-doctor.exe under Wine: skipped, ${missing}`, () => {});
  console.log(`wcn-doctor.exe under Wine: skipped, ${missing}`);
}
const wine = missing === undefined ? test.serial : test.skip;

const dir = mkdtempSync(join(tmpdir(), 'wcn-exe-'));
const DEMO = join(dir, 'demo.json');
copyFileSync(join(PACKAGE_ROOT, 'snapshots', 'demo.json'), DEMO);
test.before(async () => {
  if (missing === undefined) await prepareWine();
});
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function linux(args: string[]) {
  const r = spawnSync(process.execPath, [SHIPPED_BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout };
}

interface Finding { code: string; id: string; severity: string; title: string; fixes?: unknown[] }
function findings(json: string): Finding[] {
  const doc = JSON.parse(json.slice(json.indexOf('{'), json.lastIndexOf('}') + 1)) as { reports: { findings: Finding[] }[] };
  return doc.reports.flatMap((r) => r.findings);
}

wine('the executable is one Windows x64 file', (t) => {
  const head = spawnSync('od', ['-A', 'n', '-t', 'x1', '-N', '2', EXE_PATH], { encoding: 'utf8' }).stdout.trim();
  t.is(head, '4d 5a', 'starts with MZ');
  t.true(statSync(EXE_PATH).size > 30 * 1024 * 1024);
});

wine('--version prints the version, as on Linux', (t) => {
  const r = runExe(['--version']);
  t.is(r.code, 0, r.out);
  t.is(r.out.trim(), linux(['--version']).out.trim());
});

wine('check on the demo gives the same findings and exit code as on Linux', (t) => {
  const win = runExe(['check', '--format', 'json', winPath(DEMO)]);
  const lin = linux(['check', '--format', 'json', DEMO]);
  t.is(win.code, lin.code, win.out.slice(0, 2000));
  t.is(win.code, 1, 'the demo has errors');
  const got = findings(win.out);
  t.true(got.length >= 3);
  t.deepEqual(got, findings(lin.out));
});

wine('check on a capture that is not there: exit code 2 and a message naming it', (t) => {
  const r = runExe(['check', winPath(join(dir, 'no-such.json'))]);
  t.is(r.code, 2, r.out);
  t.regex(r.out, /no-such\.json/);
});

wine('explain prints a knowledge page, as on Linux', (t) => {
  const r = runExe(['explain', 'ipv6-disabled']);
  t.is(r.code, 0, r.out);
  const lin = linux(['explain', 'ipv6-disabled']).out;
  const headings = (text: string) => text.split('\n').filter((l) => /^[A-Z][A-Z ]+$/.test(l.trim())).map((l) => l.trim());
  t.deepEqual(headings(r.out), ['SYMPTOMS', 'CAUSE', 'APPLIES TO', 'FIX', 'WHEN NOT TO WORRY', 'REFERENCES']);
  t.deepEqual(headings(r.out), headings(lin));
  t.is(r.out.split('\n')[0]!.trim(), lin.split('\n')[0]!.trim());
  // The Korean title comes through the Windows console intact.
  t.is(r.out.split('\n')[1]!.trim(), lin.split('\n')[1]!.trim());
});

wine('topology --format svg draws the host with the Graphviz the executable carries', (t) => {
  const r = runExe(['topology', '--format', 'svg', winPath(DEMO)]);
  t.is(r.code, 0, r.out.slice(0, 2000));
  t.regex(r.out, /<svg [\s\S]*Legend[\s\S]*<\/svg>/);
  t.regex(r.out, /WCN201/, 'findings are marked');
});

wine('the terminal UI draws its first frame and quits on q', async (t) => {
  const s = startExeInPty([winPath(DEMO)]);
  try {
    // Wine's console breaks the frame's lines at its own width: read the text it wrote, not the screen.
    const frame = async (timeoutMs: number): Promise<string> => {
      for (const start = Date.now(); Date.now() - start < timeoutMs; await new Promise((r) => setTimeout(r, 50))) {
        const text = plain(s.raw());
        if (text.includes(' 1 Findings ') && text.includes('q quit')) return text;
      }
      throw new Error(`no first frame within ${timeoutMs} ms:\n${plain(s.raw())}`);
    };
    const text = await frame(90_000);
    t.regex(text, /CTR-LAB-07/);
    t.regex(text, /WCN101/);
    s.write('q');
    t.is(await s.exit(60_000), 0);
  } finally {
    s.kill();
  }
});

wine("collect finds Windows PowerShell in the system folder; Wine's stand-in runs nothing, so: exit 5, nothing written", (t) => {
  const out = join(dir, 'collected.json');
  const r = runExe(['collect', '--no-open', '--out', winPath(out)]);
  t.is(r.code, 5, r.out);
  t.regex(r.out, /collecting with C:\\windows\\system32\\WindowsPowerShell\\v1\.0\\powershell\.exe \(read-only\)/i);
  t.regex(r.out, /the collector wrote an empty file/);
  t.regex(r.out, /Nothing was written to/);
  t.false(existsSync(out));
  t.deepEqual(readdirSync(dir).filter((f) => f.startsWith('collected')), [], 'no temporary file left');
});
