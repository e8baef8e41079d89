/**
 * Styled lines: what the panes render. Content is laid out here, in pure
 * functions, already wrapped to the pane width, so a pane only shows a
 * window of lines (scrolling is an offset) and tests can read the text
 * without a terminal.
 */
import { cellWidth, wrap } from './width.js';

/** Meaning, not colour: the theme maps a tone to a colour, or to nothing under NO_COLOR. */
export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'accent' | 'muted' | 'code' | 'danger';

export interface Seg {
  readonly text: string;
  readonly tone?: Tone;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
  readonly underline?: boolean;
}

export type Line = readonly Seg[];

export type Style = Omit<Seg, 'text'>;

export function seg(text: string, style: Style = {}): Seg {
  return { text, ...style };
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

export function linesText(lines: readonly Line[]): string {
  return lines.map(lineText).join('\n');
}

/** Builds wrapped, styled lines for a pane `width` cells wide. */
export class LineBuilder {
  readonly lines: Line[] = [];

  constructor(readonly width: number) {}

  /** A line as given (the pane truncates it if it is too wide). */
  line(...segs: Seg[]): this {
    this.lines.push(segs);
    return this;
  }

  blank(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1]!.length > 0) this.lines.push([]);
    return this;
  }

  /**
   * A wrapped paragraph: `prefix` segments start the first line, later lines
   * are indented by `indent` cells (default: the prefix width).
   */
  para(text: string, style: Style = {}, opts: { prefix?: Seg[]; indent?: number } = {}): this {
    const prefix = opts.prefix ?? [];
    const prefixWidth = cellWidth(lineText(prefix));
    const indent = opts.indent ?? prefixWidth;
    const rows = wrap(text, Math.max(8, this.width - indent), Math.max(8, this.width - prefixWidth));
    rows.forEach((row, i) => {
      const lead = i === 0 ? prefix : indent > 0 ? [seg(' '.repeat(indent))] : [];
      this.lines.push([...lead, seg(row, style)]);
    });
    return this;
  }

  heading(text: string, tone: Tone = 'accent'): this {
    this.blank();
    this.lines.push([seg(text, { bold: true, tone })]);
    return this;
  }

  /**
   * Code: never re-flowed. A command wider than the pane breaks at its last
   * space that fits (else at the edge); continuation lines are indented two
   * more cells so they read as one command.
   */
  code(text: string, indent = 2): this {
    for (const raw of text.split('\n')) {
      let rest = raw;
      let first = true;
      do {
        const room = Math.max(8, this.width - indent - (first ? 0 : 2));
        let piece = '';
        let w = 0;
        for (const ch of rest) {
          const cw = cellWidth(ch);
          if (w + cw > room) break;
          piece += ch;
          w += cw;
        }
        if (piece.length < rest.length) {
          // Break after the last space, else after a path or list separator, if that keeps most of the line.
          const space = piece.lastIndexOf(' ');
          const sep = Math.max(piece.lastIndexOf('\\'), piece.lastIndexOf('/'), piece.lastIndexOf(','), piece.lastIndexOf('|'));
          const at = space > piece.length / 2 ? space : sep > piece.length / 2 ? sep : -1;
          if (at >= 0) piece = piece.slice(0, at + 1);
        }
        if (piece === '' && rest !== '') piece = [...rest][0]!;
        this.lines.push([seg(' '.repeat(indent + (first ? 0 : 2))), seg(piece.trimEnd(), { tone: 'code' })]);
        rest = rest.slice(piece.length);
        first = false;
      } while (rest !== '');
    }
    return this;
  }
}
