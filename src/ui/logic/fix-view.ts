/**
 * The fix view of one finding, and the plain text that copy and the
 * "plain" mode give. Pure.
 */
import type { Finding, Fix } from '../../core/checks/types.js';
import type { HostReport } from '../../core/diagnose.js';
import { sanitizeBlock, sanitizeInline } from '../../core/text/sanitize.js';
import { RUN_ON_TEXT } from '../../core/checks/types.js';
import { fixLines, severityLabel } from './detail.js';
import { LineBuilder, seg, type Line } from './lines.js';

/** The commands of a fix as they are shown and copied: sanitized, one per line. */
export function fixCommandsText(fix: Fix): string {
  return fix.commands.map((c) => sanitizeBlock(c)).join('\n');
}

export function fixViewLines(f: Finding, selected: number, width: number): { lines: Line[]; fixStarts: number[] } {
  const b = new LineBuilder(width);
  b.line(...severityLabel(f.severity), seg(`  ${f.check}  `, { bold: true }), seg(sanitizeInline(f.title), { bold: true }));
  b.para(sanitizeInline(f.message), { dim: true });
  const fixStarts: number[] = [];
  if (f.fixes.length === 0) {
    b.blank();
    b.para('This finding has no fix to run: read its knowledge page (press Esc, then Tab to scroll the detail).');
  }
  f.fixes.forEach((fix, i) => {
    b.blank();
    fixStarts.push(b.lines.length);
    fixLines(b, fix, i + 1, { marker: i === selected ? '›' : ' ' });
  });
  return { lines: b.lines, fixStarts };
}

export interface ScriptScope {
  readonly kind: 'fix' | 'all';
  /** For `fix`: the finding index and fix index. */
  readonly finding?: number;
  readonly fix?: number;
}

/** One sentence about what a script will hold. */
export function scopeSummary(report: HostReport, scope: ScriptScope): string {
  if (scope.kind === 'fix') {
    const f = report.findings[scope.finding ?? 0];
    const fix = f?.fixes[scope.fix ?? 0];
    if (!f || !fix) return 'nothing';
    return `fix ${(scope.fix ?? 0) + 1} of ${f.check}: ${sanitizeInline(fix.title)} (${fix.risk}, to run ${RUN_ON_TEXT[fix.runOn]})`;
  }
  const withFixes = report.findings.filter((f) => f.fixes.length > 0);
  const here = withFixes.filter((f) => f.fixes[0]!.runOn === 'container-host');
  const disruptive = here.filter((f) => f.fixes[0]!.risk === 'disruptive').length;
  const elsewhere = withFixes.length - here.length;
  return `the first fix of each finding: ${here.length} step${here.length === 1 ? '' : 's'} on the container host (${disruptive} disruptive, asked again before running)${elsewhere > 0 ? `; ${elsewhere} that must run elsewhere (Hyper-V parent, vCenter, swarm manager) listed as comments` : ''}`;
}
