/**
 * List shapes: findings grouped by severity, checks grouped by status, and
 * the scrolling window that keeps the selection visible. Pure.
 */
import type { CheckResult, CheckStatus, Finding, Severity } from '../../core/checks/types.js';
import { SEVERITY_MARK, STATUS_MARK } from '../../core/report/style.js';

export type Row<T> =
  | { readonly kind: 'heading'; readonly label: string; readonly count: number; readonly key: string }
  | { readonly kind: 'item'; readonly item: T; /** Position among the selectable items. */ readonly index: number };

const SEVERITY_HEADING: Record<Severity, string> = { error: 'ERRORS', warning: 'WARNINGS', info: 'INFORMATION' };

/** Findings as list rows: a heading per severity present, then its findings in report order. */
export function groupFindings(findings: readonly Finding[]): { rows: Row<Finding>[]; items: Finding[] } {
  const rows: Row<Finding>[] = [];
  const items: Finding[] = [];
  for (const sev of ['error', 'warning', 'info'] as const) {
    const list = findings.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    rows.push({ kind: 'heading', label: SEVERITY_HEADING[sev], count: list.length, key: sev });
    for (const f of list) {
      rows.push({ kind: 'item', item: f, index: items.length });
      items.push(f);
    }
  }
  return { rows, items };
}

const STATUS_ORDER: readonly CheckStatus[] = ['crashed', 'fail', 'not-applicable', 'pass'];
const STATUS_HEADING: Record<CheckStatus, string> = { crashed: 'CRASHED', fail: 'FAILED', 'not-applicable': 'NOT APPLICABLE', pass: 'PASSED' };

/** Checks grouped: crashed first (a bug to report), then failed, not applicable, passed. */
export function groupChecks(results: readonly CheckResult[]): { rows: Row<CheckResult>[]; items: CheckResult[] } {
  const rows: Row<CheckResult>[] = [];
  const items: CheckResult[] = [];
  for (const status of STATUS_ORDER) {
    const list = results.filter((r) => r.status === status);
    if (list.length === 0) continue;
    rows.push({ kind: 'heading', label: STATUS_HEADING[status], count: list.length, key: status });
    for (const r of list) {
      rows.push({ kind: 'item', item: r, index: items.length });
      items.push(r);
    }
  }
  return { rows, items };
}

/**
 * The first visible row so that row `selected` is on screen, moving the
 * window as little as possible from `offset`. A heading right above the
 * selection is kept visible when there is room.
 */
export function scrollToShow(offset: number, selected: number, height: number, count: number): number {
  if (height <= 0 || count <= height) return 0;
  let o = Math.min(Math.max(0, offset), count - height);
  if (selected < o) o = selected;
  else if (selected >= o + height) o = selected - height + 1;
  return Math.min(Math.max(0, o), count - height);
}

/** Clamps a free scroll offset (detail panes). */
export function clampScroll(offset: number, height: number, count: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, count - height)));
}

/** Moves a selection by `delta`, clamped to the list. */
export function step(index: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return Math.max(0, Math.min(count - 1, index + delta));
}

export function severityMark(s: Severity): { glyph: string; word: string } {
  return SEVERITY_MARK[s];
}

export function statusMark(s: CheckStatus): { glyph: string; word: string } {
  return STATUS_MARK[s];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
