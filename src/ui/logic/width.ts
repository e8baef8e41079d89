/**
 * Terminal cell widths, truncation and word wrap for plain text (no escape
 * sequences inside: text from a capture is sanitized before it gets here).
 * Korean and other East Asian wide characters take two cells, combining
 * marks none. Pure; no ink.
 */

const ZERO_WIDTH = /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0e31\u0e34-\u0e3a\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\u2060-\u2064\ufe00-\ufe0f\ufe20-\ufe2f\u{e0100}-\u{e01ef}]/u;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x231a && cp <= 0x231b) ||
    (cp >= 0x2329 && cp <= 0x232a) ||
    (cp >= 0x23e9 && cp <= 0x23ec) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Cells one character takes. */
function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (ZERO_WIDTH.test(ch)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Cells a string takes on a terminal. */
export function cellWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Cuts text to at most `width` cells, ending with `…` when it was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  const room = width - cellWidth(ellipsis);
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > room) break;
    out += ch;
    w += cw;
  }
  return room > 0 ? out + ellipsis : ellipsis.slice(0, width);
}

/** Pads with spaces to exactly `width` cells (truncating when longer). */
export function fit(text: string, width: number): string {
  const t = truncate(text, width);
  return t + ' '.repeat(Math.max(0, width - cellWidth(t)));
}

/** Splits a word that is wider than `width` into pieces of at most `width` cells. */
function hardSplit(word: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of word) {
    const cw = charWidth(ch);
    if (w + cw > width && cur !== '') {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur !== '' || out.length === 0) out.push(cur);
  return out;
}

/**
 * Word wrap to `width` cells. `first` is the room on the first line when it
 * differs (a prefix is printed before it). Newlines start new lines.
 */
export function wrap(text: string, width: number, first = width): string[] {
  const lines: string[] = [];
  const max = () => Math.max(1, lines.length === 0 ? first : width);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lw = 0;
    const start = lines.length;
    for (const word of paragraph.split(/ +/)) {
      if (word === '') continue;
      const ww = cellWidth(word);
      if (line !== '' && lw + 1 + ww <= max()) {
        line += ' ' + word;
        lw += 1 + ww;
        continue;
      }
      if (line !== '') {
        lines.push(line);
        line = '';
        lw = 0;
      }
      if (ww <= max()) {
        line = word;
        lw = ww;
        continue;
      }
      let rest = word;
      while (cellWidth(rest) > max()) {
        const [head] = hardSplit(rest, max());
        lines.push(head!);
        rest = rest.slice(head!.length);
      }
      line = rest;
      lw = cellWidth(rest);
    }
    if (line !== '' || lines.length === start) lines.push(line);
  }
  return lines;
}
