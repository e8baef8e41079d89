/**
 * The human report: grouped by severity, readable at 80 columns, coloured
 * only when asked. Every string from the capture is sanitized first.
 */
import { RUN_ON_TEXT, type CheckResult, type Finding, type Severity } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import { sanitizeBlock, sanitizeInline } from '../text/sanitize.js';
import { makeStyle, SEVERITY_MARK, STATUS_MARK, type Style } from './style.js';
import { wrapText } from './wrap.js';
import { emptyVerdict, otherOwnersLine, unjudgedChecks } from './verdict.js';
import { mostLikelyLine } from '../causes.js';

export interface TextOptions {
  readonly color: boolean;
  readonly width?: number;
  /** List every check's status, not only the counts. */
  readonly verbose?: boolean;
}

const RUN_ON = RUN_ON_TEXT;

export function hostLine(r: HostReport): string {
  const h = r.host;
  const parts = [h.name ?? 'unnamed host', h.os];
  if (h.virtual === true) parts.push(`virtual machine${h.hypervisor ? ` (${h.hypervisor})` : ''}`);
  else if (h.virtual === false) parts.push('physical');
  if (h.runtime) parts.push(h.runtime.text);
  return sanitizeInline(parts.join(' · '));
}

function severityHeading(s: Severity, n: number, st: Style): string {
  const label = { error: 'Errors', warning: 'Warnings', info: 'Information' }[s];
  const colour = { error: st.red, warning: st.yellow, info: st.cyan }[s];
  return colour(st.bold(`${label} (${n})`));
}

/** Adds lines one by one: spreading a long list into push() overflows the stack (about 120,000 lines). */
function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

function renderFinding(f: Finding, width: number, st: Style): string[] {
  const mark = SEVERITY_MARK[f.severity];
  const colour = { error: st.red, warning: st.yellow, info: st.cyan }[f.severity];
  const out: string[] = [];
  out.push(`${colour(`${mark.glyph} ${mark.word}`)} ${st.bold(f.check)} ${sanitizeInline(f.title)}`);
  append(out, wrapText(sanitizeInline(f.message), width, '  '));
  if (f.subjects.length > 0) {
    append(out, wrapText(`Involves: ${f.subjects.map((s) => `${s.kind} '${sanitizeInline(s.name)}'`).join(', ')}`, width, '  ').map(st.dim));
  }
  f.fixes.forEach((fix, i) => {
    append(out, wrapText(`Fix ${i + 1}: ${sanitizeInline(fix.title)}`, width, '  '));
    const riskLines = wrapText(`risk ${fix.risk}${fix.disrupts ? ` (${sanitizeInline(fix.disrupts)})` : ''}; run ${RUN_ON[fix.runOn]}`, width, '    ');
    const riskWord = fix.risk === 'safe' ? st.green('safe') : st.yellow('disruptive');
    riskLines[0] = riskLines[0]!.replace(`risk ${fix.risk}`, `risk ${riskWord}`);
    append(out, riskLines);
    for (const c of fix.commands) out.push(`      ${sanitizeBlock(c).split('\n').join('\n      ')}`);
    out.push(st.dim('    verify:'));
    out.push(`      ${sanitizeInline(fix.verify)}`);
    append(out, wrapText(sanitizeInline(fix.expect), width, '    ').map(st.dim));
  });
  out.push(st.dim(`  more: wcn-doctor explain ${f.knowledge}`));
  return out;
}

function checkLine(c: CheckResult, width: number, st: Style): string[] {
  const m = STATUS_MARK[c.status];
  const head = `${m.glyph} ${c.check} ${m.word.padEnd(14)} ${c.title}`;
  const lines = [c.status === 'crashed' ? st.red(head) : c.status === 'not-applicable' ? st.dim(head) : head];
  if (c.reason) append(lines, wrapText(sanitizeInline(c.reason), width, '    ').map(st.dim));
  return lines;
}

export function renderTextReport(r: HostReport, options: TextOptions): string {
  const width = Math.max(60, options.width ?? 80);
  const st = makeStyle(options.color);
  const out: string[] = [];
  out.push(st.bold(sanitizeInline(r.source)));
  const headline = mostLikelyLine(r.likelyCauses);
  if (headline) append(out, wrapText(sanitizeInline(headline), width, '  ').map(st.bold));
  append(out, wrapText(hostLine(r), width, '  '));
  if (r.host.capturedAt || r.host.collector) {
    append(out, wrapText(`captured ${sanitizeInline(r.host.capturedAt ?? 'at an unknown time')}${r.host.collector ? ` by ${sanitizeInline(r.host.collector)}` : ''}`, width, '  ').map(st.dim));
  }
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, crashed: 0 };
  for (const c of r.checks) counts[c.status]++;
  // Checks for runtimes this host does not have are counted apart (one line at the end).
  const others = r.checks.filter((c) => c.notApplicable === 'no-such-owner').length;
  const s = r.summary;
  out.push(`  ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info · ${r.checks.length - others} checks: ${counts.fail} failed, ${counts.pass} passed, ${counts['not-applicable'] - others} not applicable${counts.crashed ? `, ${counts.crashed} crashed` : ''}`);

  if (r.ingestIssues.length > 0) {
    out.push('');
    out.push(st.bold(`Problems reading the capture (${r.ingestIssues.length})`));
    for (const i of r.ingestIssues) {
      const where = [i.file !== r.source ? i.file : undefined, i.key ? `key '${i.key}'` : undefined, i.pointer ? `at ${i.pointer}` : undefined].filter(Boolean).join(', ');
      append(out, wrapText(sanitizeInline(`${i.severity === 'error' ? '✖' : '▲'} ${where ? `${where}: ` : ''}${i.message}`), width, '  '));
    }
  }
  if (r.likelyCauses && r.symptom !== undefined) {
    out.push('');
    out.push(st.bold(`Likely causes of the error text (${r.likelyCauses.length})`));
    if (r.likelyCauses.length === 0) out.push('  No knowledge entry matches that text.');
    r.likelyCauses.forEach((c, i) => {
      out.push(`  ${i + 1}. ${st.bold(c.knowledge)} ${st.dim(`score ${c.score.toFixed(2)}`)}`);
      append(out, wrapText(sanitizeInline(c.why), width, '     '));
    });
  }
  for (const sev of ['error', 'warning', 'info'] as const) {
    const list = r.findings.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('');
    out.push(severityHeading(sev, list.length, st));
    for (const f of list) {
      out.push('');
      append(out, renderFinding(f, width, st));
    }
  }
  if (r.findings.length === 0) {
    const v = emptyVerdict(r);
    out.push('');
    out.push(v.ok ? st.green(`✔ ${v.text}`) : st.yellow(`▲ ${v.text}`));
  }
  const special = unjudgedChecks(r.checks);
  const shown = options.verbose ? r.checks : special;
  if (shown.length > 0) {
    out.push('');
    out.push(st.bold(options.verbose ? 'Checks' : 'Checks that could not judge this capture'));
    for (const c of shown) append(out, checkLine(c, width, st));
  }
  const othersLine = options.verbose ? undefined : otherOwnersLine(r.checks);
  if (othersLine) {
    out.push('');
    out.push(st.dim(othersLine));
  }
  return out.join('\n') + '\n';
}
