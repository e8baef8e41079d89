/**
 * The PowerShell tests (test/powershell/*.Tests.ps1): the collector on fake
 * hosts, the remediation scripts with mocked cmdlets, and PowerShell's own
 * parser over every emitted command. They run in one pwsh process under
 * Pester 5; this file starts it and fails with the names of the failed tests.
 *
 * pwsh is taken from .tools/pwsh (scripts/install-powershell.sh) or PATH.
 * Without pwsh or Pester the tests are skipped with a message, except when
 * CI=true: there their absence is a failure.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../collector/collector-script.js';

const root = projectRoot();
const INSTALL = 'run scripts/install-powershell.sh (needs the .NET SDK)';

function findPwsh(): string | undefined {
  const local = join(root, '.tools', 'pwsh', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
  if (existsSync(local)) return local;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['pwsh', 'pwsh.exe']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

function hasPester(): boolean {
  if (existsSync(join(root, '.tools', 'Modules', 'Pester'))) return true;
  const paths = (process.env['PSModulePath'] ?? '').split(delimiter).filter(Boolean);
  return paths.some((p) => existsSync(join(p, 'Pester')) && readdirSync(join(p, 'Pester')).some((v) => v.startsWith('5.')));
}

const pwsh = findPwsh();
const missing = pwsh === undefined ? 'pwsh (PowerShell 7) was not found' : !hasPester() ? 'Pester 5 was not found' : undefined;
const ci = process.env['CI'] === 'true';

interface PesterSummary {
  pester: string;
  powershell: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: { name: string; message: string }[];
}

if (missing !== undefined && !ci) {
  test.skip(`PowerShell tests NOT RUN: ${missing}; ${INSTALL}`, () => {});
} else {
  test('the PowerShell tests pass under pwsh and Pester', (t) => {
    if (missing !== undefined) {
      t.fail(`CI=true and ${missing}: the PowerShell tests must run in CI; ${INSTALL}`);
      return;
    }
    // One pwsh process runs every Pester file (a few minutes on a loaded machine):
    // the ava "timeout" in package.json (time without a test result) allows for it.
    t.timeout(15 * 60_000);
    const dir = mkdtempSync(join(tmpdir(), 'wcn-pester-'));
    try {
      const resultFile = join(dir, 'result.json');
      const run = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', join(root, 'test', 'powershell', 'run-pester.ps1'), '-ResultFile', resultFile], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      if (!existsSync(resultFile)) {
        t.fail(`Pester did not finish (exit ${run.status}):\n${run.stderr}\n${run.stdout.slice(-4000)}`);
        return;
      }
      const summary = JSON.parse(readFileSync(resultFile, 'utf8').replace(/^\uFEFF/, '')) as PesterSummary;
      t.log(`PowerShell ${summary.powershell}, Pester ${summary.pester}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
      const failures = summary.failures.map((f) => `- ${f.name}\n    ${f.message.split('\n').slice(0, 6).join('\n    ')}`);
      t.deepEqual(failures, [], `failed PowerShell tests:\n${failures.join('\n')}`);
      t.true(summary.passed > 0, 'no PowerShell test ran');
      t.is(run.status, 0, run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
