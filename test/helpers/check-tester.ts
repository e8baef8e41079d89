/**
 * Valid/invalid cases for one check, in the manner of ESLint's RuleTester.
 * A case is a healthy baseline capture plus a small patch of its raw JSON,
 * so every case also goes through the real loader. The tester rejects
 * malformed cases: an invalid case that expects nothing, a duplicate name, a
 * patch that breaks the capture, a check with no valid or no invalid case.
 */
import type { ExecutionContext, TestFn } from 'ava';
import { isDeepStrictEqual } from 'node:util';
import { partsMeeting } from '../../src/core/capture/keys.js';
import { runChecks } from '../../src/core/engine.js';
import type { Check, Finding, Severity } from '../../src/core/checks/types.js';
import { BASELINES, modelOf, rawSample, type Baseline, type RawCapture } from './captures.js';
import { assertFixCommandsParse } from './fix-commands.js';

export interface ExpectedFinding {
  readonly severity?: Severity;
  /** Every string must appear in the message. */
  readonly message?: readonly string[];
  /** Names of subjects that must be listed. */
  readonly subjects?: readonly string[];
  /** Minimum number of fixes (default 1 for errors and warnings). */
  readonly minFixes?: number;
}

export interface CheckCase {
  readonly name: string;
  readonly baseline: Baseline;
  /** Edits the raw capture (omit for the baseline as it is). */
  readonly patch?: (raw: RawCapture) => void;
}

export interface ValidCase extends CheckCase {
  /**
   * What the check says: a pass (the default), or, for a case that shows the
   * check staying out of a host without its owner (a Kubernetes check on a
   * docker host), not applicable for want of that owner. Said per case, so a
   * case meant to be judged healthy cannot pass by not being judged at all.
   */
  readonly expect?: 'pass' | 'no-such-owner';
}

export interface InvalidCase extends CheckCase {
  readonly findings: readonly ExpectedFinding[];
}

export interface CheckCases {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

function validateCases(check: Check, cases: CheckCases): void {
  const code = check.meta.code;
  if (cases.valid.length === 0) throw new Error(`${code}: no valid case`);
  if (cases.invalid.length === 0) throw new Error(`${code}: no invalid case`);
  const names = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    if (names.has(c.name)) throw new Error(`${code}: duplicate case name '${c.name}'`);
    names.add(c.name);
    if (!(BASELINES as readonly string[]).includes(c.baseline)) throw new Error(`${code}: case '${c.name}' names unknown baseline '${c.baseline}'`);
  }
  for (const c of cases.valid) {
    if (c.expect === 'no-such-owner' && !check.meta.owners) throw new Error(`${code}: valid case '${c.name}' expects no such owner, but the check declares no owners`);
  }
  for (const c of cases.invalid) {
    if (c.findings.length === 0) throw new Error(`${code}: invalid case '${c.name}' expects no finding (make it a valid case)`);
    if (!c.patch) throw new Error(`${code}: invalid case '${c.name}' has no patch: a healthy baseline cannot be invalid`);
  }
}

function prepare(t: ExecutionContext, c: CheckCase) {
  const raw = rawSample(c.baseline);
  const before = structuredClone(raw);
  c.patch?.(raw);
  if (c.patch && isDeepStrictEqual(raw, before)) t.fail(`case '${c.name}': the patch changed nothing`);
  const { model, issues } = modelOf(raw, `${c.baseline}+${c.name}`);
  const errors = issues.filter((i) => i.severity === 'error');
  t.deepEqual(errors, [], `case '${c.name}': the patched capture must load cleanly`);
  return model;
}

function matches(f: Finding, e: ExpectedFinding): string[] {
  const problems: string[] = [];
  if (e.severity && f.severity !== e.severity) problems.push(`severity ${f.severity}, expected ${e.severity}`);
  for (const m of e.message ?? []) if (!f.message.includes(m)) problems.push(`message lacks '${m}': ${f.message}`);
  for (const s of e.subjects ?? []) if (!f.subjects.some((x) => x.name === s)) problems.push(`no subject '${s}' (has ${f.subjects.map((x) => x.name).join(', ')})`);
  const minFixes = e.minFixes ?? (f.severity === 'info' ? 0 : 1);
  if (f.fixes.length < minFixes) problems.push(`${f.fixes.length} fixes, expected at least ${minFixes}`);
  return problems;
}

/** A docker-free host: no docker section and no engine service (what a containerd or Kubernetes node looks like). */
export function withoutDocker(raw: RawCapture): void {
  delete raw['docker'];
  if (Array.isArray(raw['services'])) {
    raw['services'] = raw['services'].filter((s: { Name?: string }) => !['docker', 'com.docker.service'].includes((s.Name ?? '').toLowerCase()));
  }
}

const needsDocker = (check: Check) => check.meta.requires.some((k) => k.startsWith('docker.'));

export function testCheck(test: TestFn, check: Check, cases: CheckCases): void {
  validateCases(check, cases);
  const code = check.meta.code;
  for (const c of cases.valid) {
    test(`${code} valid: ${c.name}`, (t) => {
      const model = prepare(t, c);
      const { findings, results } = runChecks(model, [check]);
      t.deepEqual(findings.map((f) => f.message), [], 'expected no finding');
      // Quiet is a pass, or, where the case says so, "no such owner" (a docker host for a Kubernetes check).
      const r = results[0];
      if (c.expect === 'no-such-owner') {
        t.is(r?.status, 'not-applicable', r?.reason);
        t.is(r?.notApplicable, 'no-such-owner', r?.reason);
      } else {
        t.is(r?.status, 'pass', r?.reason);
      }
    });
  }
  for (const c of cases.invalid) {
    test(`${code} invalid: ${c.name}`, (t) => {
      const model = prepare(t, c);
      const { findings, results } = runChecks(model, [check]);
      t.is(results[0]?.status, 'fail', results[0]?.reason);
      t.is(findings.length, c.findings.length, `findings: ${findings.map((f) => f.message).join(' | ')}`);
      c.findings.forEach((e, i) => {
        const f = findings[i];
        if (!f) return;
        t.deepEqual(matches(f, e), [], `finding ${i + 1}`);
        t.is(f.check, code);
        t.is(f.knowledge, check.meta.knowledge);
        const firstDisruptive = f.fixes.findIndex((x) => x.risk === 'disruptive');
        if (firstDisruptive >= 0) t.true(f.fixes.slice(firstDisruptive).every((x) => x.risk === 'disruptive'), 'safe fixes come first');
        for (const fix of f.fixes) if (fix.risk === 'disruptive') t.truthy(fix.disrupts, `'${fix.title}' must say what it disrupts`);
      });
      assertFixCommandsParse(t, findings);
    });
  }
  if (check.meta.owners?.includes('docker')) {
    test(`${code} is quietly not applicable on a host without docker`, (t) => {
      const raw = rawSample(cases.invalid[0]!.baseline);
      cases.invalid[0]!.patch?.(raw);
      withoutDocker(raw);
      const { results } = runChecks(modelOf(raw).model, [check]);
      t.is(results[0]?.status, 'not-applicable');
      t.is(results[0]?.notApplicable, 'no-such-owner');
      t.regex(results[0]?.reason ?? '', /^no docker engine on this host/);
    });
  } else if (!needsDocker(check)) {
    // A check rooted on HNS and the host judges whoever drives the host: without docker it still runs.
    test(`${code} judges a host without docker`, (t) => {
      const raw = rawSample(cases.invalid[0]!.baseline);
      cases.invalid[0]!.patch?.(raw);
      withoutDocker(raw);
      const { results } = runChecks(modelOf(raw).model, [check]);
      t.not(results[0]?.status, 'not-applicable', results[0]?.reason);
      t.not(results[0]?.status, 'crashed', results[0]?.reason);
    });
  }
  test(`${code} is not applicable without ${check.meta.requires.join(', ') || 'nothing'}`, (t) => {
    for (const key of check.meta.requires) {
      const raw = rawSample(cases.invalid[0]!.baseline);
      cases.invalid[0]!.patch?.(raw);
      // A requirement that several parts meet (docker.engine: info or version) goes with all of them.
      for (const k of partsMeeting(key)) {
        const [top, part] = k.split('.');
        if (part) delete raw[top!]?.[part];
        else delete raw[top!];
      }
      const { model } = modelOf(raw);
      const { results } = runChecks(model, [check]);
      t.is(results[0]?.status, 'not-applicable', `without '${key}'`);
      // Without the key that shows the check's owner (kube-proxy's command line is in `kubernetes`), the owner is gone too.
      if (results[0]?.notApplicable === 'no-such-owner') t.truthy(check.meta.owners, results[0].reason);
      else t.regex(results[0]?.reason ?? '', new RegExp(key.replace('.', '\\.')));
    }
    if (check.meta.requires.length === 0) t.pass();
  });
}
