/**
 * Runs checks over a host model. One broken check never stops the run: it is
 * reported as crashed and the others go on.
 */
import { commandFor, partsMeeting } from './capture/keys.js';
import type { Check, CheckResult, Finding, FindingDraft, Fix, Severity } from './checks/types.js';
import { SEVERITIES } from './checks/types.js';
import type { HostModel } from './model/types.js';
import { absentOwnersReason } from './owners/presence.js';
import { byCodeUnits } from './text/order.js';

export interface EngineOptions {
  /** Severity overrides by check code or knowledge id. */
  readonly severity?: Readonly<Record<string, Severity>>;
}

export interface EngineResult {
  /** Sorted: errors, then warnings, then infos; by check code within a severity. */
  readonly findings: Finding[];
  readonly results: CheckResult[];
}

/** Why a check cannot run on this capture, or undefined when it can. */
export function missingRequirements(model: HostModel, check: Check): string[] {
  return check.meta.requires.filter((k) => !model.captured.has(k));
}

function notApplicableReason(model: HostModel, missing: readonly string[]): string {
  return missing.map((k) => {
    const topKey = k.split('.')[0]!;
    const parts = partsMeeting(k);
    const failed = model.collectorErrors.find((e) => parts.includes(e.key) || e.key === topKey);
    const because = failed?.message ? ` (the collector could not read it: ${failed.message})` : '';
    return `'${k}' was not captured${because}; it comes from: ${commandFor(k)}`;
  }).join('; ');
}

/** Safe fixes first; a fix offered twice in the same words (one object listed twice) is kept once. */
function orderFixes(fixes: readonly Fix[]): Fix[] {
  if (fixes.length < 2) return [...fixes];
  const byTitle = new Map<string, Fix[]>();
  const unique: Fix[] = [];
  for (const f of fixes) {
    const same = byTitle.get(f.title);
    if (same?.some((g) => sameFixes([g], [f]))) continue;
    if (same) same.push(f);
    else byTitle.set(f.title, [f]);
    unique.push(f);
  }
  return [...unique.filter((f) => f.risk === 'safe'), ...unique.filter((f) => f.risk !== 'safe')];
}

/**
 * Two drafts of one check are the same finding when the user could not tell
 * them apart: the same text, the same objects and the same fixes. Where in
 * the capture they were read (pointers) does not count.
 */
function sameFindingKey(d: FindingDraft): string {
  return JSON.stringify([d.severity ?? '', d.title ?? '', d.message, d.subjects.map((s) => [s.kind, s.name, s.id ?? ''])]);
}

/** Fixes are compared only between drafts that already read the same (rare outside broken captures). */
function sameFixes(a: readonly Fix[], b: readonly Fix[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return x.title === y.title && x.risk === y.risk && x.runOn === y.runOn && x.disrupts === y.disrupts
      && x.verify === y.verify && x.expect === y.expect
      && x.commands.length === y.commands.length && x.commands.every((c, j) => c === y.commands[j]);
  });
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function runChecks(model: HostModel, checks: readonly Check[], options: EngineOptions = {}): EngineResult {
  const findings: Finding[] = [];
  const results: CheckResult[] = [];
  for (const check of checks) {
    const { code, knowledge, title } = check.meta;
    const noOwner = check.meta.owners ? absentOwnersReason(model, check.meta.owners) : undefined;
    if (noOwner !== undefined) {
      results.push({ check: code, knowledge, title, status: 'not-applicable', reason: noOwner, notApplicable: 'no-such-owner' });
      continue;
    }
    const missing = missingRequirements(model, check);
    if (missing.length > 0) {
      results.push({ check: code, knowledge, title, status: 'not-applicable', reason: notApplicableReason(model, missing), missing, notApplicable: 'missing-data' });
      continue;
    }
    let drafts;
    try {
      drafts = check.run(model);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      results.push({ check: code, knowledge, title, status: 'crashed', reason: `the check failed on this capture: ${why}` });
      continue;
    }
    const override = options.severity?.[code] ?? options.severity?.[knowledge];
    // A capture that lists one object twice (the same static mapping, the same container) makes the
    // same finding twice: the user is told once, with the evidence of every copy.
    const seen = drafts.length > 1 ? new Map<string, { fixes: readonly Fix[]; evidence: string[]; pointers: Set<string> }[]>() : undefined;
    for (const d of drafts) {
      const evidence = d.evidence ?? d.subjects.map((s) => s.pointer).filter((p): p is string => p !== undefined);
      // A lone draft has nothing to be the same as: no key to build, nothing to remember.
      const key = seen ? sameFindingKey(d) : '';
      const earlier = seen?.get(key);
      const same = earlier?.find((e) => sameFixes(e.fixes, d.fixes));
      if (same) {
        for (const p of evidence) if (!same.pointers.has(p)) { same.pointers.add(p); same.evidence.push(p); }
        continue;
      }
      const kept = evidence.length < 2 ? [...evidence] : [...new Set(evidence)];
      if (seen) {
        const entry = { fixes: d.fixes, evidence: kept, pointers: new Set(kept) };
        if (earlier) earlier.push(entry);
        else seen.set(key, [entry]);
      }
      findings.push({
        check: code,
        knowledge,
        severity: override ?? d.severity ?? check.meta.severity,
        title: d.title ?? title,
        message: d.message,
        subjects: d.subjects,
        evidence: kept,
        fixes: orderFixes(d.fixes),
      });
    }
    results.push({ check: code, knowledge, title, status: drafts.length > 0 ? 'fail' : 'pass' });
  }
  findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || byCodeUnits(a.check, b.check));
  return { findings, results };
}

export function summarize(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
