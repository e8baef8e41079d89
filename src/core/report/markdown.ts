/**
 * A Markdown report to paste into a ticket. Every string from the capture is
 * sanitized and then made inert: Markdown metacharacters in prose are
 * escaped, and each command sits in a fence longer than any run of
 * backticks inside it, so no name can close the block or start a link,
 * an image, HTML or a table cell.
 */
import { RUN_ON_TEXT, type CheckResult, type Finding } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import { toolVersion } from '../paths.js';
import { sanitizeBlock, sanitizeInline } from '../text/sanitize.js';
import { fleetSummary, type FleetSummary } from './fleet.js';
import { mostLikelyLine } from '../causes.js';
import { hostLine } from './text.js';
import { emptyVerdict, otherOwnersLine, unjudgedChecks } from './verdict.js';

/**
 * Escapes text for Markdown prose (paragraphs, list items, table cells).
 * Every ASCII punctuation character that CommonMark or GitHub Flavored
 * Markdown gives a meaning to is backslash-escaped; the result is one line.
 */
export function mdText(text: string): string {
  return sanitizeInline(text).replace(/[\\`*_{}[\]()<>#+\-.!|~$&@:=]/g, (c) => `\\${c}`);
}

/** A fenced code block that the content cannot close: the fence is longer than its longest backtick run. */
export function mdFence(content: string, info = 'powershell'): string {
  const body = sanitizeBlock(content).replace(/\n+$/, '');
  // A loop, not Math.max(...runs): a command can hold more backtick runs than a call takes arguments.
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) if (run.length > longest) longest = run.length;
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
const RUN_ON = RUN_ON_TEXT;

function findingSection(f: Finding, n: number, hashes: string): string[] {
  const out: string[] = [];
  out.push(`${hashes} ${n}\\. ${SEVERITY_WORD[f.severity]} ${f.check}: ${mdText(f.title)}`);
  out.push('');
  out.push(mdText(f.message));
  if (f.subjects.length > 0) {
    out.push('');
    out.push(`Involves: ${f.subjects.map((s) => `${s.kind} ${mdText(`'${s.name}'`)}`).join(', ')}`);
  }
  if (f.evidence.length > 0) {
    out.push('');
    out.push(`Evidence in the capture: ${f.evidence.map((p) => mdText(p)).join(', ')}`);
  }
  f.fixes.forEach((fix, i) => {
    out.push('');
    const risk = fix.risk === 'safe' ? 'safe' : `disruptive${fix.disrupts ? ` (${fix.disrupts})` : ''}`;
    out.push(`**Fix ${i + 1}: ${mdText(fix.title)}**`);
    out.push('');
    out.push(`Risk: ${mdText(risk)}; run ${RUN_ON[fix.runOn]}\\.`);
    out.push('');
    out.push(mdFence(fix.commands.join('\n')));
    out.push('');
    out.push('Verify with:');
    out.push('');
    out.push(mdFence(fix.verify));
    out.push('');
    out.push(`Expected: ${mdText(fix.expect)}`);
  });
  out.push('');
  out.push(`More: \`wcn-doctor explain ${f.knowledge.replace(/[^a-z0-9-]/g, '')}\``);
  return out;
}

function checkItem(c: CheckResult): string {
  return `- ${c.check} ${mdText(c.title)}: ${c.status}${c.reason ? ` \\- ${mdText(c.reason)}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderMarkdownHost(r: HostReport, level = 2): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  out.push(`${h} ${mdText(r.host.name ?? 'Unnamed host')}`);
  out.push('');
  out.push('| | |');
  out.push('| --- | --- |');
  out.push(`| Capture | ${mdText(r.source)} |`);
  out.push(`| Host | ${mdText(hostLine(r))} |`);
  const headline = mostLikelyLine(r.likelyCauses);
  if (headline) out.push(`| Cause | ${mdText(headline)} |`);
  if (r.host.capturedAt || r.host.collector) {
    out.push(`| Captured | ${mdText(r.host.capturedAt ?? 'unknown time')}${r.host.collector ? ` by ${mdText(r.host.collector)}` : ''} |`);
  }
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, crashed: 0 };
  for (const c of r.checks) counts[c.status]++;
  out.push(`| Result | ${plural(r.summary.errors, 'error')}, ${plural(r.summary.warnings, 'warning')}, ${r.summary.infos} info |`);
  out.push(`| Checks | ${r.checks.length} run: ${counts.fail} failed, ${counts.pass} passed, ${counts['not-applicable']} not applicable${counts.crashed ? `, ${counts.crashed} crashed` : ''} |`);
  if (r.ingestIssues.length > 0) {
    out.push('');
    out.push(`${h}# Problems reading the capture`);
    out.push('');
    for (const i of r.ingestIssues) {
      const where = [i.file !== r.source ? i.file : undefined, i.key ? `key '${i.key}'` : undefined, i.pointer ? `at ${i.pointer}` : undefined].filter(Boolean).join(', ');
      out.push(`- ${i.severity === 'error' ? 'Error' : 'Warning'}: ${mdText(`${where ? `${where}: ` : ''}${i.message}`)}`);
    }
  }
  if (r.likelyCauses && r.symptom !== undefined) {
    out.push('');
    out.push(`${h}# Likely causes of the error text`);
    out.push('');
    if (r.likelyCauses.length === 0) out.push('No knowledge entry matches that text\\.');
    r.likelyCauses.forEach((c, i) => out.push(`${i + 1}\\. ${mdText(c.knowledge)} \\(score ${c.score.toFixed(2).replace('.', '\\.')}\\): ${mdText(c.why)}`));
  }
  out.push('');
  out.push(`${h}# Findings`);
  out.push('');
  if (r.findings.length === 0) {
    out.push(mdText(emptyVerdict(r).text));
  } else {
    r.findings.forEach((f, i) => {
      if (i > 0) out.push('');
      for (const line of findingSection(f, i + 1, `${h}##`)) out.push(line);
    });
  }
  const special = unjudgedChecks(r.checks);
  if (special.length > 0) {
    out.push('');
    out.push(`${h}# Checks that could not judge this capture`);
    out.push('');
    for (const c of special) out.push(checkItem(c));
  }
  const others = otherOwnersLine(r.checks);
  if (others) {
    out.push('');
    out.push(mdText(others));
  }
  return out.join('\n') + '\n';
}

function fleetSection(s: FleetSummary): string {
  const out: string[] = [];
  out.push('## Summary');
  out.push('');
  out.push(`${plural(s.hosts, 'capture')}: ${s.withErrors} with errors, ${s.withWarnings} with warnings only, ${s.clean} without problems${s.unreadable ? `, ${s.unreadable} unreadable` : ''}\\.`);
  if (s.byKnowledge.length > 0) {
    out.push('');
    out.push('| Failure mode | Check | Severity | Hosts | Findings |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const e of s.byKnowledge) out.push(`| ${mdText(e.knowledge)} | ${e.check} | ${e.severity} | ${e.hosts} | ${e.findings} |`);
  }
  return out.join('\n') + '\n';
}

export function renderMarkdownReport(reports: readonly HostReport[]): string {
  const parts: string[] = [];
  if (reports.length === 1) {
    parts.push(`# wcn\\-doctor report: ${mdText(reports[0]!.host.name ?? 'unnamed host')}\n\nWritten by wcn\\-doctor ${mdText(toolVersion())}\\.\n`);
    parts.push(renderMarkdownHost(reports[0]!, 2).replace(/^## [^\n]*\n\n/, ''));
  } else {
    parts.push(`# wcn\\-doctor report: ${plural(reports.length, 'capture')}\n\nWritten by wcn\\-doctor ${mdText(toolVersion())}\\.\n`);
    parts.push(fleetSection(fleetSummary(reports)));
    for (const r of reports) parts.push(renderMarkdownHost(r, 2));
  }
  return parts.join('\n');
}
