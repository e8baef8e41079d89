/**
 * One line per list row (findings, checks, tree nodes, search hits), with
 * glyphs and words so that nothing depends on colour. Pure.
 */
import type { CheckResult, CheckStatus, Finding, Severity } from '../../core/checks/types.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import { SEVERITY_TONE } from './detail.js';
import { seg, type Line, type Seg, type Tone } from './lines.js';
import { severityMark, statusMark, type Row } from './lists.js';
import type { TreeRow } from './tree.js';
import { cellWidth, truncate } from './width.js';

const STATUS_TONE: Record<CheckStatus, Tone> = { pass: 'ok', fail: 'error', 'not-applicable': 'muted', crashed: 'danger' };

const HEADING_TONE: Record<string, Tone> = { error: 'error', warning: 'warning', info: 'info', ...STATUS_TONE };
const HEADING_GLYPH: Record<string, string> = {
  error: severityMark('error').glyph, warning: severityMark('warning').glyph, info: severityMark('info').glyph,
  pass: statusMark('pass').glyph, fail: statusMark('fail').glyph, 'not-applicable': statusMark('not-applicable').glyph, crashed: statusMark('crashed').glyph,
  capture: '▲',
};

export function headingLine(row: Extract<Row<unknown>, { kind: 'heading' }>): Line {
  return [seg(`${HEADING_GLYPH[row.key] ?? '•'} ${row.label} (${row.count})`, { tone: HEADING_TONE[row.key] ?? 'warning', bold: true })];
}

/** `› ✖ WCN101 IPv6 is disabled…` */
export function findingLine(f: Finding, selected: boolean, width: number): Line {
  const m = severityMark(f.severity);
  const head = `${selected ? '›' : ' '} ${m.glyph} ${f.check} `;
  return [
    seg(selected ? '› ' : '  ', { bold: selected }),
    seg(`${m.glyph} `, { tone: SEVERITY_TONE[f.severity], bold: true }),
    seg(`${f.check} `, { bold: true }),
    seg(truncate(sanitizeInline(f.title), Math.max(1, width - cellWidth(head)))),
  ];
}

/** `› ✔ pass  WCN101 IPv6 …` (the word only when the pane is wide). */
export function checkLine(r: CheckResult, selected: boolean, width: number, words: boolean): Line {
  const m = statusMark(r.status);
  const word = words ? `${(r.status === 'not-applicable' ? 'n/a' : m.word).padEnd(7)} ` : '';
  const head = `${selected ? '›' : ' '} ${m.glyph} ${word}${r.check} `;
  return [
    seg(selected ? '› ' : '  ', { bold: selected }),
    seg(`${m.glyph} ${word}`, { tone: STATUS_TONE[r.status], bold: true }),
    seg(`${r.check} `, { bold: true }),
    seg(truncate(r.title, Math.max(1, width - cellWidth(head))), { dim: r.status === 'not-applicable' }),
  ];
}

function marks(sev: Severity | undefined, count: number, collapsedBelow: Severity | undefined): Seg[] {
  const out: Seg[] = [];
  if (sev) out.push(seg(` ${severityMark(sev).glyph}${count > 1 ? count : ''}`, { tone: SEVERITY_TONE[sev], bold: true }));
  if (collapsedBelow) out.push(seg(` (${severityMark(collapsedBelow).glyph} inside)`, { tone: SEVERITY_TONE[collapsedBelow] }));
  return out;
}

/** `│  ├─ vSwitch Lab External External ▲` — the name is cut before the marks are. */
export function treeLine(row: TreeRow, selected: boolean, width: number): Line {
  const n = row.node;
  const fold = n.children.length === 0 ? '' : row.collapsed ? '▸ ' : '▾ ';
  const lead = `${selected ? '›' : ' '}${row.guide}${fold}`;
  const tag = n.tag ? `${n.tag} ` : '';
  const mk = marks(row.own, n.findings.length, row.collapsed ? row.below : undefined);
  const mkWidth = cellWidth(mk.map((s) => s.text).join(''));
  const note = n.note ? ` ${n.note}` : '';
  let room = Math.max(4, width - cellWidth(lead) - cellWidth(tag) - mkWidth);
  const name = truncate(n.name, room);
  room -= cellWidth(name);
  return [
    seg(lead.slice(0, 1), { bold: selected }),
    seg(lead.slice(1), { tone: 'muted' }),
    seg(tag, { tone: 'muted' }),
    seg(name, { bold: n.kind === 'group' || n.kind === 'host' || n.kind === 'vswitch' }),
    seg(truncate(note, Math.max(0, room)), { dim: true }),
    ...mk,
  ];
}
