/**
 * What each screen shows, as lines: the picker, and the list and detail
 * panes of the three views of a capture (findings, host tree, checks). Pure:
 * the components only draw these lines.
 */
import { CHECKS } from '../../core/checks/index.js';
import type { CheckResult, Finding } from '../../core/checks/types.js';
import type { HostReport } from '../../core/diagnose.js';
import type { KnowledgePage } from '../../core/knowledge/pages.js';
import { emptyVerdict } from '../../core/report/verdict.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import type { CaptureEntry } from './captures.js';
import { checkDetail, findingDetail, ingestDetail, nodeDetail } from './detail.js';
import type { Layout } from './layout.js';
import { LineBuilder, seg, type Line } from './lines.js';
import { groupChecks, groupFindings, plural, type Row } from './lists.js';
import { checkLine, findingLine, headingLine, treeLine } from './rows.js';
import type { CheckItem, Loaded } from './state.js';
import { buildHostTree, flattenTree, initiallyFolded, type TreeNode, type TreeRow } from './tree.js';
import { cellWidth, fit, truncate } from './width.js';

/** The lists of a capture's views, in the order they are shown. */
export interface CaptureLists {
  readonly findingRows: readonly Row<Finding>[];
  readonly findings: readonly Finding[];
  readonly checkRows: readonly Row<CheckItem>[];
  readonly checkItems: readonly CheckItem[];
  readonly checkResults: readonly CheckResult[];
  readonly tree: TreeNode | undefined;
}

export function captureLists(loaded: Loaded | undefined): CaptureLists {
  const report = loaded?.report;
  const grouped = groupFindings(report?.findings ?? []);
  const checks = groupChecks(report?.checks ?? []);
  const checkRows = report ? checkRowsOf(report, checks.rows) : [];
  return {
    findingRows: grouped.rows, findings: grouped.items,
    checkRows, checkItems: checkRows.flatMap((r) => (r.kind === 'item' ? [r.item] : [])), checkResults: checks.items,
    tree: loaded?.model ? buildHostTree(loaded.model, grouped.items) : undefined,
  };
}

/** The tree's rows with the user's folding, or (until the user folds) the quiet groups folded. */
export function treeRowsOf(lists: CaptureLists, folded: ReadonlySet<string> | undefined): { collapsed: ReadonlySet<string>; rows: TreeRow[] } {
  const collapsed = folded ?? (lists.tree ? initiallyFolded(lists.tree) : new Set<string>());
  return { collapsed, rows: lists.tree ? flattenTree(lists.tree, collapsed, lists.findings) : [] };
}

/** The two panes of a view. */
export interface ViewContent {
  readonly listTitle: string;
  readonly listLines: readonly Line[];
  /** The line of the selected row in `listLines`. */
  readonly selectedLine: number;
  readonly detailTitle: string;
  readonly detailLines: readonly Line[];
}

function summaryLines(report: HostReport, width: number): Line[] {
  const b = new LineBuilder(width);
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, crashed: 0 };
  for (const c of report.checks) counts[c.status]++;
  b.para(`${report.checks.length} checks ran: ${counts.pass} passed, ${counts.fail} failed, ${counts['not-applicable']} not applicable${counts.crashed ? `, ${counts.crashed} crashed` : ''}.`);
  if (counts['not-applicable'] > 0) {
    b.blank();
    b.para('Checks that are not applicable lacked data in the capture; press 3 to see which keys and the commands that capture them.', { dim: true });
  }
  if (report.ingestIssues.length > 0) {
    b.blank();
    b.para(`${plural(report.ingestIssues.length, 'problem')} reading the capture: press 3.`, { tone: 'warning' });
  }
  return b.lines;
}

/**
 * The findings view. `detailOf` lays out the detail of one finding (the
 * screen caches it: a knowledge page's Markdown is laid out once, not at
 * every key).
 */
export function findingsContent(report: HostReport, rows: readonly Row<Finding>[], findings: readonly Finding[], selected: number, L: Layout,
  detailOf: (index: number) => Line[]): ViewContent {
  const listLines: Line[] = [];
  let selectedLine = 0;
  if (findings.length === 0) {
    const b = new LineBuilder(L.listInner);
    const verdict = emptyVerdict(report);
    b.para(`${verdict.ok ? '✔' : '▲'} ${verdict.text}`, { tone: verdict.ok ? 'ok' : 'warning', bold: true });
    b.blank();
    b.para('Press 3 to see every check, including those that could not judge this capture.', { dim: true });
    listLines.push(...b.lines);
  }
  for (const r of rows) {
    if (r.kind === 'heading') listLines.push(headingLine(r));
    else {
      if (r.index === selected) selectedLine = listLines.length;
      listLines.push(findingLine(r.item, r.index === selected, L.listInner));
    }
  }
  const f = findings[selected];
  return {
    listTitle: `Findings (${findings.length})`, listLines, selectedLine,
    detailTitle: f ? `${f.check} · ${f.knowledge}` : 'Summary',
    detailLines: f ? detailOf(selected) : summaryLines(report, L.detailInner),
  };
}

/** The detail of one finding with its knowledge page (a placeholder while the pages are read). */
export function findingDetailLines(f: Finding, pages: ReadonlyMap<string, KnowledgePage>, pagesReady: boolean, width: number): Line[] {
  return findingDetail(f, pages.get(f.knowledge), width, !pagesReady);
}

export function hostContent(report: HostReport, treeRows: readonly TreeRow[], treeIndex: number, findings: readonly Finding[], L: Layout): ViewContent {
  const listLines: Line[] = [];
  let selectedLine = 0;
  treeRows.forEach((r, i) => {
    if (i === treeIndex) selectedLine = listLines.length;
    listLines.push(treeLine(r, i === treeIndex, L.listInner));
  });
  const node = treeRows[treeIndex]?.node;
  return {
    listTitle: `Host ${sanitizeInline(report.host.name ?? '')}`.trim(), listLines, selectedLine,
    detailTitle: node ? `${node.tag || 'group'} ${node.name}`.trim() : 'Host',
    detailLines: node ? nodeDetail(node, findings, L.detailInner) : new LineBuilder(L.detailInner).para('The capture could not be turned into a host model.').lines,
  };
}

/** The rows of the checks view: the capture's reading problems first (when there are any), then the checks by status. */
function checkRowsOf(report: HostReport, grouped: readonly Row<CheckResult>[]): Row<CheckItem>[] {
  const rows: Row<CheckItem>[] = [];
  let n = 0;
  if (report.ingestIssues.length > 0) {
    rows.push({ kind: 'heading', label: 'CAPTURE', count: report.ingestIssues.length, key: 'capture' });
    rows.push({ kind: 'item', item: { type: 'issues' }, index: n++ });
  }
  for (const r of grouped) {
    if (r.kind === 'heading') rows.push(r);
    else rows.push({ kind: 'item', item: { type: 'check', index: r.index }, index: n++ });
  }
  return rows;
}

export function checksContent(report: HostReport, rows: readonly Row<CheckItem>[], selected: number, results: readonly CheckResult[], findings: readonly Finding[], L: Layout): ViewContent {
  const listLines: Line[] = [];
  let selectedLine = 0;
  let item: CheckItem | undefined;
  for (const r of rows) {
    if (r.kind === 'heading') listLines.push(headingLine(r));
    else {
      const sel = r.index === selected;
      if (sel) {
        selectedLine = listLines.length;
        item = r.item;
      }
      if (r.item.type === 'issues') {
        listLines.push([seg(sel ? '› ' : '  ', { bold: sel }), seg('▲ ', { tone: 'warning', bold: true }), seg(truncate(`Problems reading the capture (${report.ingestIssues.length})`, L.listInner - 4))]);
      } else {
        listLines.push(checkLine(results[r.item.index]!, sel, L.listInner, L.wordsInList));
      }
    }
  }
  const listTitle = `Checks (${report.checks.length})`;
  if (item?.type === 'issues') return { listTitle, listLines, selectedLine, detailTitle: 'Capture', detailLines: ingestDetail(report.ingestIssues, report.source, L.detailInner) };
  if (item?.type === 'check') {
    const r = results[item.index]!;
    return {
      listTitle, listLines, selectedLine, detailTitle: `${r.check} · ${r.knowledge}`,
      detailLines: checkDetail(r, CHECKS.find((c) => c.meta.code === r.check)?.meta, findings.filter((f) => f.check === r.check), L.detailInner),
    };
  }
  return { listTitle, listLines, selectedLine, detailTitle: 'Checks', detailLines: new LineBuilder(L.detailInner).para('No checks ran.').lines };
}

/** The picker: captures grouped by origin, one line each (label, size or key files, host). */
export function pickerLines(entries: readonly CaptureEntry[], selected: number, cwd: string, columns: number, fullInner: number): { lines: Line[]; selectedLine: number } {
  const lines: Line[] = [];
  let selectedLine = 0;
  const noteOf = (x: CaptureEntry) => (x.form === 'folder' ? `folder, ${x.note}` : x.note);
  const inner = columns - 2;
  const labelWidth = Math.min(Math.max(16, ...entries.map((x) => cellWidth(sanitizeInline(x.label)))), Math.floor(inner / 3));
  const noteWidth = Math.min(20, Math.max(...entries.map((x) => cellWidth(noteOf(x)))));
  const hostRoom = Math.max(0, inner - 2 - labelWidth - 2 - noteWidth - 2);
  let lastOrigin: CaptureEntry['origin'] | undefined;
  entries.forEach((e, i) => {
    if (e.origin !== lastOrigin) {
      if (lastOrigin) lines.push([]);
      lines.push([seg(e.origin === 'sample' ? 'Bundled sample captures' : `Captures in ${sanitizeInline(cwd)}`, { bold: true, tone: 'accent' })]);
      lastOrigin = e.origin;
    }
    if (i === selected) selectedLine = lines.length;
    lines.push([
      seg(i === selected ? '› ' : '  ', { bold: true }),
      seg(fit(sanitizeInline(e.label), labelWidth), { bold: i === selected }),
      seg('  '),
      seg(fit(noteOf(e), noteWidth), { dim: true }),
      seg('  '),
      seg(truncate(sanitizeInline(e.host ?? ''), hostRoom)),
    ]);
  });
  if (entries.length === 0) {
    const b = new LineBuilder(fullInner);
    b.para('No captures found: no bundled samples, and no capture files or folders here.', { bold: true });
    b.blank();
    b.para('Open one by name:  wcn-doctor <capture.json | folder>', { tone: 'code' });
    b.para('A capture is the JSON the wcn-doctor collector writes on the container host, or a folder of <key>.json files (vmSwitches.json, netNat.json, …).', { dim: true });
    b.para('Press / to search the knowledge base without a capture.', { dim: true });
    lines.push(...b.lines);
  }
  return { lines, selectedLine };
}

/** Keeps the end of a long text (a path or a query being typed), marking the cut with `…`. */
export function truncateStart(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  let w = 1;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = cellWidth(chars[i]!);
    if (w + cw > width) break;
    out = chars[i] + out;
    w += cw;
  }
  return `…${out}`;
}
