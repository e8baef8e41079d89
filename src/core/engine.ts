/**
 * Runs checks over a host model. One broken check never stops the run: it is
 * reported as crashed and the others go on.
 */
import { commandFor, partsMeeting } from './capture/keys.js';
import type { Check, CheckResult, Finding, Fix, Severity } from './checks/types.js';
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

function orderFixes(fixes: readonly Fix[]): Fix[] {
  return [...fixes.filter((f) => f.risk === 'safe'), ...fixes.filter((f) => f.risk !== 'safe')];
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
    for (const d of drafts) {
      findings.push({
        check: code,
        knowledge,
        severity: override ?? d.severity ?? check.meta.severity,
        title: d.title ?? title,
        message: d.message,
        subjects: d.subjects,
        evidence: d.evidence ?? d.subjects.map((s) => s.pointer).filter((p): p is string => p !== undefined),
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
