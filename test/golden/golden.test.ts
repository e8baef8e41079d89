import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, EXPECTED_DIR } from './cases.js';

for (const c of CASES) {
  test(`golden: ${c.name}`, (t) => {
    const file = join(EXPECTED_DIR, c.name);
    t.true(existsSync(file), `no reference ${c.name}: run npm run golden:update`);
    const expected = readFileSync(file, 'utf8');
    const actual = c.render();
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = a.findIndex((l, i) => l !== e[i]);
      t.fail(`${c.name} differs from its reference at line ${line + 1}:\n  expected: ${JSON.stringify(e[line])}\n  actual:   ${JSON.stringify(a[line])}\nIf the change is intended, run npm run golden:update and review the diff.`);
    } else {
      t.pass();
    }
  });
}

test('golden: every reference belongs to a case', (t) => {
  const names = new Set(CASES.map((c) => c.name));
  t.deepEqual(readdirSync(EXPECTED_DIR).filter((f) => !names.has(f)), []);
});

test('golden: the stored remediation scripts parse in the PowerShell grammar', async (t) => {
  const { syntaxErrors } = await import('../helpers/powershell-grammar.js');
  const scripts = CASES.filter((c) => c.name.endsWith('.ps1'));
  t.true(scripts.length >= 2);
  for (const c of scripts) t.deepEqual(syntaxErrors(readFileSync(join(EXPECTED_DIR, c.name), 'utf8')), [], c.name);
});
