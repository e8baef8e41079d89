/**
 * The small part of Markdown that knowledge pages use, as terminal lines:
 * paragraphs, bullet and numbered lists, fenced code, `##`/`###` headings.
 * Inline marks (`**`, backticks) are dropped; links stay as plain URLs.
 */
import { sanitizeBlock } from '../../core/text/sanitize.js';
import { LineBuilder, seg, type Line } from './lines.js';
import { cellWidth } from './width.js';

function inlinePlain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}

export function markdownLines(markdown: string, width: number, into?: LineBuilder): Line[] {
  const b = into ?? new LineBuilder(width);
  const src = sanitizeBlock(markdown).split('\n');
  let para: string[] = [];
  let item: { marker: string; text: string[] } | undefined;
  const flush = () => {
    if (para.length > 0) {
      b.para(inlinePlain(para.join(' ')));
      para = [];
    }
    if (item) {
      b.para(inlinePlain(item.text.join(' ')), {}, { prefix: [seg(item.marker)] });
      item = undefined;
    }
  };
  for (let i = 0; i < src.length; i++) {
    const raw = src[i]!;
    const line = raw.trimEnd();
    const fence = /^\s*```/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      i++;
      while (i < src.length && !/^\s*```/.test(src[i]!)) {
        code.push(src[i]!.trimEnd());
        i++;
      }
      b.code(code.join('\n'), 4);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      const table: string[][] = [];
      while (i < src.length && /^\s*\|/.test(src[i]!)) {
        const cells = src[i]!.trim().replace(/^\||\|$/g, '').split('|').map((c) => inlinePlain(c.trim()));
        if (!cells.every((c) => /^:?-{2,}:?$/.test(c))) table.push(cells);
        i++;
      }
      i--;
      tableLines(b, table, width);
      continue;
    }
    if (line.trim() === '') {
      flush();
      b.blank();
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      b.heading(inlinePlain(heading[2]!), heading[1]!.length <= 2 ? 'accent' : 'info');
      continue;
    }
    const bullet = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      const depth = Math.floor(bullet[1]!.length / 2);
      const marker = /\d/.test(bullet[2]!) ? `${'  '.repeat(depth)}${bullet[2]} ` : `${'  '.repeat(depth)}• `;
      item = { marker, text: [bullet[3]!] };
      continue;
    }
    if (item && /^\s+\S/.test(raw)) {
      item.text.push(line.trim());
      continue;
    }
    if (item) flush();
    para.push(line.trim());
  }
  flush();
  while (b.lines.length > 0 && b.lines[b.lines.length - 1]!.length === 0) b.lines.pop();
  return b.lines;
}

/** A table as aligned columns when it fits, else one bullet per row (`a — b — c`). */
function tableLines(b: LineBuilder, rows: string[][], width: number): void {
  if (rows.length === 0) return;
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => cellWidth(r[c] ?? ''))));
  const total = widths.reduce((a, w) => a + w, 0) + 3 * (cols - 1) + 2;
  if (total <= width) {
    rows.forEach((r, ri) => {
      const text = r.map((c, ci) => (ci < cols - 1 ? c + ' '.repeat(widths[ci]! - cellWidth(c)) : c)).join(' │ ');
      b.line(seg('  '), seg(text, ri === 0 ? { bold: true } : {}));
    });
    return;
  }
  const [head, ...body] = rows;
  if (head) b.para(head.join(' — '), { bold: true }, { prefix: [seg('  ')] });
  for (const r of body) b.para(r.join(' — '), {}, { prefix: [seg('  • ')] });
}
