/**
 * A remediation script: one PowerShell file that applies the fixes of a
 * report, safe steps before disruptive ones, and a restart of the computer
 * last (only once, however many fixes ask for it). It supports -WhatIf (preview
 * everything) and -Confirm; disruptive steps ask again unless -Force is given.
 * Values from the capture reach the script only through `ps`/`psQuote`, and
 * comments only through `commentText`, which keeps them on one line.
 */
import { RUN_ON_TEXT, type Finding, type Fix } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import { toolVersion } from '../paths.js';
import { psQuote } from '../powershell.js';
import { sanitizeInline } from '../text/sanitize.js';

export interface RemediationOptions {
  /** Which fix of each finding to use: the first (default) or every fix. */
  readonly fixes?: 'first' | 'all';
  /** Only these findings (default: all findings that have fixes). */
  readonly only?: readonly Finding[];
  /** Where fixes must run; fixes for other places are listed as comments. */
  readonly runOn?: Fix['runOn'];
  /** For the header; defaults to now. */
  readonly generatedAt?: string;
}

/** Longest text a comment repeats from a finding (a capture can make messages of any length). */
const COMMENT_MAX = 2000;
/** Subjects named in a step's ShouldProcess target before the rest are counted. */
const TARGET_NAMES = 5;

/** Cuts text to `max` characters, never through a surrogate pair, marking the cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Text safe inside a `#` line comment and a `<# #>` block: one line, no block terminator, bounded length. */
export function commentText(text: string, max = COMMENT_MAX): string {
  // Clip before sanitizing too, so a huge message repeated in every step is not scanned each time.
  return clip(sanitizeInline(clip(text, 4 * max)), max).replace(/#>/g, '# >').replace(/<#/g, '< #');
}

/** What a step's ShouldProcess names: the first few subjects, then a count. */
function targetText(names: readonly string[]): string {
  const shown = names.length > TARGET_NAMES ? [...names.slice(0, TARGET_NAMES), `${names.length - TARGET_NAMES} more`] : names;
  return clip(sanitizeInline(clip(shown.join(', '), 4 * COMMENT_MAX)), COMMENT_MAX);
}

interface Step {
  /** Every finding this step fixes (several when their fixes are the same commands). */
  readonly findings: Finding[];
  readonly fix: Fix;
}

function collectSteps(findings: readonly Finding[], which: 'first' | 'all'): Step[] {
  const steps: Step[] = [];
  const byCommands = new Map<string, Step>();
  for (const finding of findings) {
    const fixes = which === 'first' ? finding.fixes.slice(0, 1) : finding.fixes;
    for (const fix of fixes) {
      // Two findings fixed by the very same commands (restart docker, say) make one step.
      const key = `${fix.runOn}\u0000${fix.risk}\u0000${fix.commands.join('\n')}`;
      const same = byCommands.get(key);
      if (same) {
        if (!same.findings.includes(finding)) same.findings.push(finding);
        continue;
      }
      const step = { findings: [finding], fix };
      byCommands.set(key, step);
      steps.push(step);
    }
  }
  // Safe steps first, then disruptive ones, and last the ones that restart the
  // computer (nothing after a restart would run); within each, the report's order.
  const rank = (s: Step) => (s.fix.risk === 'safe' ? 0 : restarts(s.fix) ? 2 : 1);
  return steps.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

/** True when a fix restarts the computer. */
export function restarts(fix: Fix): boolean {
  return fix.commands.some((c) => /^\s*Restart-Computer\b/im.test(c));
}

function indent(lines: readonly string[], by = '    '): string[] {
  return lines.map((l) => by + l);
}

export function renderRemediationScript(report: HostReport, options: RemediationOptions = {}): string {
  const findings = (options.only ?? report.findings).filter((f) => f.fixes.length > 0);
  const here = options.runOn ?? 'container-host';
  const all = collectSteps(findings, options.fixes ?? 'first');
  const steps = all.filter((s) => s.fix.runOn === here);
  const elsewhere = all.filter((s) => s.fix.runOn !== here);
  const when = options.generatedAt ?? new Date().toISOString();
  const host = report.host.name ?? 'the container host';

  const out: string[] = [];
  out.push('#Requires -RunAsAdministrator');
  out.push('<#');
  out.push('.SYNOPSIS');
  out.push(`    Remediation for ${commentText(host)} (${commentText(report.host.os)}).`);
  out.push('.DESCRIPTION');
  out.push(`    Written by wcn-doctor ${toolVersion()} on ${commentText(when)} from the capture ${commentText(report.source)}.`);
  out.push(`    ${steps.length} step${steps.length === 1 ? '' : 's'} to run ${here === 'container-host' ? 'on the container host' : 'on the Hyper-V parent host'}; safe steps come first.`);
  out.push('    Preview everything with -WhatIf. Disruptive steps ask for confirmation unless -Force is given.');
  out.push('    Review each step before running it: the capture may be out of date.');
  out.push('.PARAMETER Force');
  out.push('    Run disruptive steps without asking again.');
  out.push('.EXAMPLE');
  out.push('    .\\remediation.ps1 -WhatIf');
  out.push('#>');
  out.push("[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]");
  out.push('param(');
  out.push('    [switch]$Force');
  out.push(')');
  out.push("$ErrorActionPreference = 'Stop'");
  out.push('');
  if (steps.length === 0) out.push('# Nothing to run here.');
  const lastRestart = steps.reduce((last, s, i) => (restarts(s.fix) ? i : last), -1);
  steps.forEach((s, i) => {
    const { findings: fixed, fix } = s;
    const label = `Step ${i + 1} of ${steps.length}: ${fix.title}`;
    out.push(`# ${commentText(label)}`);
    for (const finding of fixed) out.push(`# Finding ${finding.check} (${finding.knowledge}), ${finding.severity}: ${commentText(finding.message)}`);
    out.push(`# Risk: ${fix.risk}${fix.disrupts ? ` - ${commentText(fix.disrupts)}` : ''}`);
    const names = [...new Set(fixed.flatMap((f) => f.subjects.map((x) => x.name)))];
    const target = psQuote(targetText(names.join(', ') === '' ? [host] : names));
    const action = psQuote(sanitizeInline(fix.title));
    const guard = fix.risk === 'disruptive'
      ? `if ($PSCmdlet.ShouldProcess(${target}, ${action}) -and ($Force -or $PSCmdlet.ShouldContinue(${psQuote(`Disruptive: ${sanitizeInline(fix.disrupts ?? fix.title)}. Continue?`)}, ${action}))) {`
      : `if ($PSCmdlet.ShouldProcess(${target}, ${action})) {`;
    out.push(guard);
    if (restarts(fix) && i < lastRestart) {
      // Only the last step that restarts the computer does; otherwise the steps after it would never run.
      for (const line of indent(fix.commands.filter((c) => !/^\s*Restart-Computer\b/i.test(c)))) out.push(line);
      out.push('    # Restart-Computer is left to the last step that needs it.');
    } else {
      for (const line of indent(fix.commands)) out.push(line);
    }
    out.push(`    # Verify: ${commentText(fix.verify)}`);
    out.push(`    # Expect: ${commentText(fix.expect)}`);
    out.push(`    Write-Host -Object ${psQuote(sanitizeInline(`Step ${i + 1} done. Check it with: ${fix.verify} (expected: ${fix.expect})`))}`);
    out.push('}');
    out.push('');
  });
  const without = (options.only ?? report.findings).filter((f) => f.fixes.length === 0);
  if (without.length > 0) {
    out.push('# These findings have no fix that a script can apply; see the report:');
    for (const f of without) out.push(`# - ${f.check} (${f.knowledge}): ${commentText(f.message)}`);
    out.push('');
  }
  if (elsewhere.length > 0) {
    out.push('# These steps must run elsewhere and are not part of this script:');
    for (const s of elsewhere) {
      out.push(`# - ${commentText(s.fix.title)} (run ${RUN_ON_TEXT[s.fix.runOn]}):`);
      for (const c of s.fix.commands) out.push(`#     ${commentText(c)}`);
    }
    out.push('');
  }
  return out.join('\r\n').replace(/(\r\n)*$/, '\r\n');
}
