/**
 * The summary across many hosts: which failure modes turn up, on how many
 * hosts. Built from the reports alone, so it works the same for every format.
 */
import type { Severity } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import { severityRank } from '../engine.js';
import { sanitizeInline } from '../text/sanitize.js';
import { byCodeUnits } from '../text/order.js';

export interface FleetEntry {
  readonly knowledge: string;
  readonly check: string;
  readonly title: string;
  /** The worst severity seen for this failure mode. */
  readonly severity: Severity;
  readonly findings: number;
  readonly hosts: number;
  /** The captures (sources) where it was found, in input order. */
  readonly sources: readonly string[];
}

export interface FleetSummary {
  readonly hosts: number;
  /** Captures that could not be read at all. */
  readonly unreadable: number;
  readonly withErrors: number;
  readonly withWarnings: number;
  /** Read, with no error or warning finding. */
  readonly clean: number;
  readonly findings: { readonly errors: number; readonly warnings: number; readonly infos: number };
  /** Most widespread first, then by severity and check code. */
  readonly byKnowledge: readonly FleetEntry[];
}

interface Acc {
  knowledge: string;
  check: string;
  title: string;
  severity: Severity;
  findings: number;
  sources: string[];
}

/** True when the report holds nothing but errors reading the capture (no checks ran). */
export function isUnreadable(r: HostReport): boolean {
  return r.checks.length === 0 && r.ingestIssues.some((i) => i.severity === 'error');
}

export function fleetSummary(reports: readonly HostReport[]): FleetSummary {
  const by = new Map<string, Acc>();
  let unreadable = 0;
  let withErrors = 0;
  let withWarnings = 0;
  let clean = 0;
  const totals = { errors: 0, warnings: 0, infos: 0 };
  for (const r of reports) {
    if (isUnreadable(r)) {
      unreadable++;
      continue;
    }
    totals.errors += r.summary.errors;
    totals.warnings += r.summary.warnings;
    totals.infos += r.summary.infos;
    if (r.summary.errors > 0) withErrors++;
    else if (r.summary.warnings > 0) withWarnings++;
    else clean++;
    for (const f of r.findings) {
      let a = by.get(f.knowledge);
      if (!a) {
        a = { knowledge: f.knowledge, check: f.check, title: f.title, severity: f.severity, findings: 0, sources: [] };
        by.set(f.knowledge, a);
      }
      a.findings++;
      if (severityRank(f.severity) < severityRank(a.severity)) a.severity = f.severity;
      if (a.sources[a.sources.length - 1] !== r.source) a.sources.push(r.source);
    }
  }
  const byKnowledge = [...by.values()]
    .map((a) => ({ ...a, hosts: a.sources.length }))
    .sort((x, y) => y.hosts - x.hosts || severityRank(x.severity) - severityRank(y.severity) || byCodeUnits(x.check, y.check));
  return { hosts: reports.length, unreadable, withErrors, withWarnings, clean, findings: totals, byKnowledge };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The plain-text summary printed after the reports of several captures. */
export function renderFleetText(s: FleetSummary, bold: (t: string) => string = (t) => t): string {
  const out: string[] = [];
  out.push(bold(`Summary of ${plural(s.hosts, 'capture')}`));
  out.push(`  ${s.withErrors} with errors, ${s.withWarnings} with warnings only, ${s.clean} without problems${s.unreadable ? `, ${s.unreadable} unreadable` : ''}`);
  out.push(`  ${plural(s.findings.errors, 'error')}, ${plural(s.findings.warnings, 'warning')}, ${s.findings.infos} info in all`);
  if (s.byKnowledge.length > 0) {
    out.push('');
    const rows = s.byKnowledge.map((e) => [String(e.hosts), String(e.findings), e.severity, e.check, e.knowledge]);
    const head = ['HOSTS', 'FINDINGS', 'SEVERITY', 'CHECK', 'KNOWLEDGE ID'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => '  ' + r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ');
    out.push(fmt(head));
    for (const [i, r] of rows.entries()) {
      out.push(fmt(r));
      const e = s.byKnowledge[i]!;
      const shown = e.sources.slice(0, 3).map((x) => sanitizeInline(x)).join(', ');
      out.push(`    ${shown}${e.sources.length > 3 ? ` and ${e.sources.length - 3} more` : ''}`);
    }
  }
  return out.join('\n') + '\n';
}
