/**
 * wcn-doctor never runs a command, never opens a network connection, and
 * never writes anywhere but the path the user names. Every command runs as a
 * real process with a preload that logs each process start (and refuses
 * it), each file-system change and each connection; the log must hold
 * nothing but writes to the named output. Each process runs in an empty
 * working folder, which must hold nothing afterwards but that output.
 *
 * The one exception is `collect`, whose job is to run the collector: it may
 * start exactly one process, PowerShell, and write only the temporary file
 * beside its output (here the start is refused, so it removes that file).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const run = promisify(execFile);
/** The CLI as it ships (the bundle). */
const BIN = SHIPPED_BIN;
const HOOK = pathToFileURL(join(PACKAGE_ROOT, 'dist/test/security/side-effect-hook.js')).href;
const snap = (name: string) => join(PACKAGE_ROOT, 'snapshots', `${name}.json`);
const MARK = /^WCN-SIDE-EFFECT (spawn|write|net) (\S+) (.*)$/gm;

const tmp = mkdtempSync(join(tmpdir(), 'wcn-effects-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

interface Effect {
  readonly kind: string;
  readonly fn: string;
  readonly target: string;
}

async function runHooked(args: readonly string[], cwd: string, extraArgs: readonly string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; err: string; effects: Effect[] }> {
  let code = 0;
  let out = '';
  let err = '';
  try {
    ({ stdout: out, stderr: err } = await run(process.execPath, [...extraArgs, '--import', HOOK, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: '1', ...extraEnv } }));
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    code = typeof x.code === 'number' ? x.code : -1;
    out = x.stdout ?? '';
    err = x.stderr ?? '';
  }
  const effects = [...err.matchAll(MARK)].map((m) => ({ kind: m[1]!, fn: m[2]!, target: m[3]! }));
  return { code, out, err, effects };
}

test('the hook sees process starts, writes and connections (and refuses the starts)', async (t) => {
  const dir = mkdtempSync(join(tmp, 'control-'));
  const script = join(dir, 'control.mjs');
  writeFileSync(script, [
    "import { spawnSync, exec } from 'node:child_process';",
    "import { writeFileSync, mkdirSync, openSync, closeSync, promises } from 'node:fs';",
    "import net from 'node:net';",
    "try { spawnSync('true'); console.log('spawned'); } catch { console.log('spawn refused'); }",
    "try { exec('true'); } catch { console.log('exec refused'); }",
    "writeFileSync('written.txt', 'x');",
    "mkdirSync('made');",
    "closeSync(openSync('opened.txt', 'w'));",
    "await promises.writeFile('promised.txt', 'x');",
    "const s = net.connect({ port: 9, host: '127.0.0.1' }); s.on('error', () => {}); s.destroy();",
  ].join('\n'));
  const r = await new Promise<{ out: string; err: string }>((done) => {
    execFile(process.execPath, ['--import', HOOK, script], { cwd: dir, encoding: 'utf8' }, (_e, out, err) => done({ out, err }));
  });
  const effects = [...r.err.matchAll(MARK)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  t.true(r.out.includes('spawn refused'), r.out + r.err);
  t.true(r.out.includes('exec refused'));
  t.false(r.out.includes('spawned'));
  for (const expected of ['spawn spawnSync true', 'spawn exec true', 'write writeFileSync written.txt', 'write mkdirSync made', 'write openSync opened.txt', 'write promises.writeFile promised.txt']) {
    t.true(effects.includes(expected), `${expected} in ${JSON.stringify(effects)}`);
  }
  t.true(effects.some((e) => e.startsWith('net connect')), JSON.stringify(effects));
});

interface Case {
  readonly args: readonly string[];
  /** Paths (relative to the working folder) the command may write: a file, or a folder and what is in it. */
  readonly outputs?: readonly string[];
  /** Expected exit codes. */
  readonly codes?: readonly number[];
  /** The one program the command may start (only `collect`: PowerShell). */
  readonly spawns?: string;
  /** Files the command may write and must remove again (only `collect`: its temporary file beside the output). */
  readonly temporary?: RegExp;
  readonly env?: Record<string, string>;
}

function cases(folderCapture: string, runbook: string, powershellDir: string): Case[] {
  const demo = snap('demo');
  const healthy = snap('healthy-ws2019');
  const broken = join(PACKAGE_ROOT, 'snapshots', 'cases', 'port-conflict', 'broken.json');
  const list: Case[] = [
    { args: [] },
    { args: [demo] },
    { args: ['check', demo], codes: [1] },
    { args: ['check', '--verbose', '--fail-on', 'warning', healthy, broken], codes: [0, 1] },
    { args: ['check', '--format', 'json', demo], codes: [1] },
    { args: ['check', '--format', 'ndjson', demo, healthy], codes: [1] },
    { args: ['check', '--format', 'markdown', demo], codes: [1] },
    { args: ['check', '--format', 'sarif', demo, folderCapture], codes: [1] },
    { args: ['check', '--jobs', '2', demo, healthy, broken, folderCapture], codes: [1] },
    { args: ['check', '--symptom', 'The parameter is incorrect', demo], codes: [1] },
    { args: ['check', '--verify-fixes', '--format', 'json', demo], codes: [1] },
    { args: ['check', folderCapture], codes: [1] },
    { args: ['fix', demo, '--out', '-'] },
    { args: ['fix', demo, '--out', 'remediation.ps1'], outputs: ['remediation.ps1'] },
    { args: ['fix', demo, '--out', 'all.ps1', '--fixes', 'all', '--run-on', 'hyperv-parent'], outputs: ['all.ps1'] },
    { args: ['diff', healthy, broken], codes: [0, 1] },
    { args: ['diff', '--format', 'json', demo, demo], codes: [0, 1] },
    { args: ['topology', demo] },
    { args: ['topology', '--format', 'dot', folderCapture] },
    { args: ['explain', 'ipv6-disabled'] },
    { args: ['explain', 'WCN201', '--format', 'markdown'] },
    { args: ['explain', '--list', '--format', 'json'] },
    { args: ['list-checks'] },
    { args: ['list-checks', '--format', 'json'] },
    { args: ['search', '0x57'] },
    { args: ['search', '--capture', demo, '--format', 'json', 'Element not found'] },
    { args: ['simulate', demo, '--', 'docker network create -d nat --subnet 172.30.0.0/24 web'], codes: [0, 1] },
    { args: ['simulate', demo, '--file', runbook, '--format', 'json'], codes: [0, 1] },
    { args: ['redact', demo, '--out', '-'] },
    { args: ['redact', demo, '--out', 'redacted.json'], outputs: ['redacted.json'] },
    { args: ['redact', folderCapture, '--out', 'redacted-folder'], outputs: ['redacted-folder'] },
    { args: ['--help'] },
    { args: ['--version'] },
    { args: ['check'], codes: [2] },
    { args: ['fix', demo], codes: [2] },
    { args: ['nonsense-command-name', '--bogus'], codes: [2] },
    // collect starts PowerShell and nothing else (the hook refuses it: exit 5, nothing written).
    { args: ['collect', '--out', 'capture.json', '--no-open'], codes: [5], spawns: join(powershellDir, 'pwsh'), temporary: /^capture\.json\.\d+\.tmp$/, env: { PATH: `${powershellDir}:/usr/bin:/bin` } },
    { args: ['collect', '--out', 'capture.json', '--no-open'], codes: [4], env: { PATH: '/nonexistent' } },
    { args: ['collect', '--open'], codes: [2] },
  ];
  for (const c of ['check', 'fix', 'diff', 'topology', 'explain', 'list-checks', 'search', 'simulate', 'redact', 'collect']) list.push({ args: [c, '--help'] });
  return list;
}

test('no command starts a process, connects anywhere, or writes anything but the output it was told to write', async (t) => {
  const folderCapture = join(tmp, 'folder-capture');
  mkdirSync(folderCapture);
  const demo = JSON.parse((await import('node:fs')).readFileSync(snap('demo'), 'utf8')) as Record<string, unknown>;
  for (const [k, v] of Object.entries(demo)) writeFileSync(join(folderCapture, `${k}.json`), JSON.stringify(v));
  const runbook = join(tmp, 'runbook.ps1');
  writeFileSync(runbook, "Get-NetNat | Remove-NetNat -Confirm:$false\ndocker network create -d nat --subnet 172.31.0.0/24 second\n");

  // A stand-in PowerShell for collect to find (the hook refuses to start it).
  const powershellDir = join(tmp, 'powershell');
  mkdirSync(powershellDir);
  writeFileSync(join(powershellDir, 'pwsh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });

  const all = cases(folderCapture, runbook, powershellDir);
  let n = 0;
  // Four at a time: each is a separate process.
  for (let i = 0; i < all.length; i += 4) {
    await Promise.all(all.slice(i, i + 4).map(async (c) => {
      const cwd = mkdtempSync(join(tmp, `cwd-${n++}-`));
      const r = await runHooked(c.args, cwd, [], c.env);
      const label = `wcn-doctor ${c.args.map((a) => a.replace(PACKAGE_ROOT, '.').replace(tmp, '$TMP')).join(' ')}`;
      t.true((c.codes ?? [0]).includes(r.code), `${label}: exit ${r.code}\n${r.err.slice(0, 500)}`);
      t.notRegex(r.err, /internal error/, label);
      const allowed = (c.outputs ?? []).map((o) => resolve(cwd, o));
      const isAllowed = (p: string) => allowed.some((a) => resolve(cwd, p) === a || resolve(cwd, p).startsWith(a + sep));
      t.deepEqual(r.effects.filter((e) => e.kind === 'spawn').map((e) => e.target), c.spawns ? [c.spawns] : [], `${label} started ${c.spawns ? 'something else than PowerShell' : 'a process'}`);
      t.deepEqual(r.effects.filter((e) => e.kind === 'net'), [], `${label} opened a connection`);
      const temporary = (p: string) => c.temporary !== undefined && resolve(cwd, p).startsWith(cwd + sep) && c.temporary.test(resolve(cwd, p).slice(cwd.length + 1));
      t.deepEqual(r.effects.filter((e) => e.kind === 'write' && !isAllowed(e.target) && !temporary(e.target)), [], `${label} wrote outside its output`);
      if (c.temporary) t.true(r.effects.some((e) => e.kind === 'write' && temporary(e.target)), `${label}: the hook saw the temporary file`);
      if (allowed.length > 0) t.true(r.effects.some((e) => e.kind === 'write' && isAllowed(e.target)), `${label}: the hook saw the output being written`);
      t.deepEqual(readdirSync(cwd).sort(), (c.outputs ?? []).map((o) => o.split('/')[0]!).sort(), `${label}: the working folder holds only the output`);
    }));
  }
  t.true(all.length >= 40);
});
