/**
 * The search overlay's content: ranked knowledge entries for a pasted text
 * and, with a capture loaded, the likely causes on this host. Pure.
 */
import type { HostReport } from '../../core/diagnose.js';
import type { KnowledgeIndex } from '../../core/knowledge/search.js';
import type { Capture } from '../../core/capture/schema.js';
import { pastedCauses } from '../../core/pasted.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import { LineBuilder, seg, type Line } from './lines.js';
import { truncate } from './width.js';

export interface SearchItem {
  readonly knowledge: string;
  readonly title: string;
  readonly score: number;
  readonly why: string;
  readonly section: 'cause' | 'entry';
  /** Findings on this host for this entry. */
  readonly onHost: number;
}

/** With a capture, a pasted docker, nerdctl or PowerShell command is simulated on it (see core/pasted.ts). */
export function searchItems(index: KnowledgeIndex, query: string, report: HostReport | undefined, capture?: Capture): SearchItem[] {
  if (query.trim() === '') return [];
  const titles = new Map(index.pages.map((p) => [p.id, p.title]));
  const onHost = (id: string) => report?.findings.filter((f) => f.knowledge === id).length ?? 0;
  const causes: SearchItem[] = report
    ? pastedCauses(index, query, report.findings, report.checks, capture).map((c) => ({
      knowledge: c.knowledge, title: titles.get(c.knowledge) ?? c.knowledge, score: c.score, why: c.why, section: 'cause' as const, onHost: onHost(c.knowledge),
    }))
    : [];
  const inCauses = new Set(causes.map((c) => c.knowledge));
  const entries: SearchItem[] = index.search(query, 10).filter((h) => !inCauses.has(h.knowledge)).map((h) => ({
    knowledge: h.knowledge, title: h.title, score: h.score, why: `Matched ${h.matched}.`, section: 'entry' as const, onHost: onHost(h.knowledge),
  }));
  return [...causes, ...entries];
}

/** Lines of the result list; `selectedLine` is where the selection is (to scroll to). */
export function searchLines(items: readonly SearchItem[], selected: number, width: number, hostName: string | undefined, query: string): { lines: Line[]; selectedLine: number } {
  const b = new LineBuilder(width);
  let selectedLine = 0;
  if (query.trim() === '') {
    b.para('Paste an error message (English or Korean, with or without its hex code such as 0x490), or type a few words.', { dim: true });
    b.blank();
    b.para('Examples:  HNS failed with error : The parameter is incorrect   ·   0x80070490   ·   transparent network fails', { dim: true });
    return { lines: b.lines, selectedLine };
  }
  if (items.length === 0) {
    b.para('Nothing in the knowledge base matches. Try fewer words, or only the error code.', { dim: true });
    return { lines: b.lines, selectedLine };
  }
  let last: SearchItem['section'] | undefined;
  items.forEach((it, i) => {
    if (it.section !== last) {
      if (it.section === 'cause') b.heading(hostName ? `Likely causes on ${sanitizeInline(hostName)}` : 'Likely causes on this host');
      else b.heading(last ? 'Other matching entries' : 'Matching knowledge entries');
      last = it.section;
    }
    const sel = i === selected;
    if (sel) selectedLine = b.lines.length;
    const pct = `${Math.round(it.score * 100)}%`.padStart(4);
    const host = it.onHost > 0 ? ` ✖ on this host` : '';
    b.line(
      seg(sel ? '› ' : '  ', { bold: true }),
      seg(`${pct} `, { tone: it.score >= 0.75 ? 'ok' : it.score >= 0.45 ? 'warning' : 'muted', bold: true }),
      seg(`${it.knowledge} `, { bold: sel, tone: 'accent' }),
      seg(truncate(it.title, Math.max(1, width - 8 - it.knowledge.length - host.length))),
      seg(host, { tone: 'error', bold: true }),
    );
    if (sel) b.para(sanitizeInline(it.why), { dim: true }, { prefix: [seg('       ')] });
  });
  return { lines: b.lines, selectedLine };
}
