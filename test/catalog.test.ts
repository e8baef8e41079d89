/**
 * The catalog holds together: every check is registered, tested and
 * documented; every catalog id has a page; every page's broken sample
 * triggers its check and its fixed sample does not; healthy hosts of every
 * build pass.
 */
import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../src/core/checks/index.js';
import { diagnoseFile } from '../src/core/diagnose.js';
import { CATALOG, KNOWLEDGE_IDS } from '../src/core/knowledge/catalog.js';
import { loadKnowledge, PAGE_SECTIONS } from '../src/core/knowledge/pages.js';
import { PACKAGE_ROOT, SNAPSHOTS_DIR } from '../src/core/paths.js';

const pages = loadKnowledge();
const checkFiles = readdirSync(join(PACKAGE_ROOT, 'src/core/checks')).filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'fixes.ts'].includes(f));

test('every catalog id has exactly one page, and every page is a catalog id', (t) => {
  t.deepEqual(pages.map((p) => p.id).sort(), [...KNOWLEDGE_IDS].sort());
});

test('the catalog matches the shared failure-mode list when it is available', (t) => {
  const shared = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'failure-modes.md');
  if (!existsSync(shared)) {
    // CI lays the shared reference beside the clone: there its absence is a failure, not a pass.
    if (process.env['CI'] === 'true') t.fail(`${shared} is missing`);
    else t.pass('no shared catalog beside this checkout');
    return;
  }
  const text = readFileSync(shared, 'utf8');
  // Sections A to G give each id a `### id` heading; section H lists `- **id** — what it is · detect.`
  const ids = [...text.matchAll(/^### ([a-z0-9-]+)\s*$/gm), ...text.matchAll(/^- \*\*([a-z0-9-]+)\*\* —/gm)].map((m) => m[1]!);
  t.true(ids.length >= 78, `only ${ids.length} ids read from ${shared}`);
  for (const id of ids) t.true((KNOWLEDGE_IDS as readonly string[]).includes(id), `catalog id '${id}' is missing`);
});

test('section H: every Kubernetes and containerd id is in a "kubernetes nodes" group, and every id detected from state has a check', (t) => {
  const shared = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'failure-modes.md');
  if (!existsSync(shared)) {
    if (process.env['CI'] === 'true') t.fail(`${shared} is missing`);
    else t.pass('no shared catalog beside this checkout');
    return;
  }
  const h = readFileSync(shared, 'utf8').split(/^## H\./m)[1] ?? '';
  const entries = [...h.matchAll(/^- \*\*([a-z0-9-]+)\*\* — .*· ([^·\n]+?)(?:\. severity: \w+)?\.?\s*$/gm)].map((m) => ({ id: m[1]!, detect: m[2]! }));
  t.is(entries.length, 37, 'section H lists 37 failure modes');
  const kubernetesIds = new Set(Object.entries(CATALOG).filter(([group]) => group.startsWith('kubernetes nodes')).flatMap(([, ids]) => ids as readonly string[]));
  const checked = new Set(CHECKS.map((c) => c.meta.knowledge as string));
  for (const { id, detect } of entries) {
    t.true(kubernetesIds.has(id), `${id} is not in a "kubernetes nodes" group`);
    if (/\bstate\b/.test(detect)) t.true(checked.has(id), `${id} is detected from state (${detect}) but has no check`);
  }
});

test('every page has the fixed headings in order', (t) => {
  for (const p of pages) {
    const headings = [...p.body.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
    t.deepEqual(headings, [...PAGE_SECTIONS], p.id);
    t.regex(p.body, /^\s*# .+/, `${p.id} starts with a title`);
  }
});

test('check codes and knowledge ids are unique, and every code is WCN, an area digit from 1 to 7, and two digits', (t) => {
  const codes = CHECKS.map((c) => c.meta.code);
  t.is(new Set(codes).size, codes.length);
  const ids = CHECKS.map((c) => c.meta.knowledge);
  t.is(new Set(ids).size, ids.length);
  for (const c of CHECKS) t.regex(c.meta.code, /^WCN[1-7]\d\d$/);
});

test('every check file is registered, and every registered check has a file, a test and a page', (t) => {
  const registered = new Set(CHECKS.map((c) => `${c.meta.knowledge}.ts`));
  for (const f of checkFiles) t.true(registered.has(f), `${f} is not registered in src/core/checks/index.ts`);
  for (const c of CHECKS) {
    const id = c.meta.knowledge;
    t.true(checkFiles.includes(`${id}.ts`), `no src/core/checks/${id}.ts`);
    t.true(existsSync(join(PACKAGE_ROOT, 'test/checks', `${id}.test.ts`)), `no test/checks/${id}.test.ts`);
    const page = pages.find((p) => p.id === id);
    t.truthy(page, `no knowledge/${id}.md`);
    t.true(page?.detect.includes('state'), `${id}: a state check documents detect: state`);
  }
});

test('every page that detects state has a check', (t) => {
  for (const p of pages.filter((x) => x.detect.includes('state'))) {
    t.true(CHECKS.some((c) => c.meta.knowledge === p.id), `${p.id} says it is detected from state, but no check has that knowledge id`);
  }
});

for (const check of CHECKS) {
  const id = check.meta.knowledge;
  test(`${check.meta.code} ${id}: its broken sample triggers it and its fixed sample does not`, (t) => {
    const page = pages.find((p) => p.id === id);
    t.is(page?.samples.broken, `snapshots/cases/${id}/broken.json`);
    t.is(page?.samples.fixed, `snapshots/cases/${id}/fixed.json`);
    const broken = diagnoseFile(join(PACKAGE_ROOT, `snapshots/cases/${id}/broken.json`));
    const fixed = diagnoseFile(join(PACKAGE_ROOT, `snapshots/cases/${id}/fixed.json`));
    t.deepEqual(broken.report.ingestIssues.filter((i) => i.severity === 'error'), []);
    t.deepEqual(fixed.report.ingestIssues.filter((i) => i.severity === 'error'), []);
    t.true(broken.report.findings.some((f) => f.knowledge === id), `broken sample does not trigger ${id}`);
    t.false(fixed.report.findings.some((f) => f.knowledge === id), `fixed sample still triggers ${id}`);
    t.is(fixed.report.checks.find((c) => c.check === check.meta.code)?.status, 'pass');
  });
}

for (const name of ['healthy-ws2016', 'healthy-ws2019', 'healthy-ws2022', 'healthy-win11']) {
  test(`${name} passes every check`, (t) => {
    const { report } = diagnoseFile(join(SNAPSHOTS_DIR, `${name}.json`));
    t.deepEqual(report.ingestIssues, []);
    // The Windows 11 sample may carry information (its Default Switch), never a problem.
    const problems = report.findings.filter((f) => name === 'healthy-win11' ? f.severity !== 'info' : true);
    t.deepEqual(problems.map((f) => `${f.check}: ${f.message}`), []);
    t.deepEqual(report.checks.filter((c) => c.status === 'crashed'), []);
  });
}
