/**
 * Where a piece of evidence lives on disk. Findings point into the capture
 * with JSON pointers written for the single-file form (`/vmSwitches/0/Name`);
 * in the folder form the same value is in `<folder>/vmSwitches.json` at
 * `/0/Name`, and a lone `<key>.json` file holds the key's value at its root.
 */
import { join } from 'node:path';
import { pointer as jsonPointer } from '../capture/issues.js';
import type { CaptureForm } from '../diagnose.js';

export interface EvidenceLocation {
  /** The file the value is in. */
  readonly file: string;
  /** JSON pointer inside that file ('' is the whole document). */
  readonly pointer: string;
}

export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const tokensToPointer = (tokens: readonly string[]): string => jsonPointer(...tokens);

export function locateEvidence(source: string, form: CaptureForm | undefined, pointer: string): EvidenceLocation {
  if (form === 'folder' || form === 'key-file') {
    const [key, ...rest] = pointerTokens(pointer);
    if (key === undefined) return { file: source, pointer: '' };
    return { file: form === 'folder' ? join(source, `${key}.json`) : source, pointer: tokensToPointer(rest) };
  }
  return { file: source, pointer };
}

/** 1-based lines and columns (UTF-16 code units), as SARIF counts them by default. */
export interface TextRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Finds where the values at some pointers are in a JSON text. One pass over
 * the text: the members on the way to a wanted pointer are read, everything
 * else is skipped by counting brackets, so a capture of many megabytes costs
 * a scan, not a syntax tree. Iterative, so a file nested thousands of levels
 * deep costs no stack either. The last of two equal keys wins, as in
 * JSON.parse. A text that is not JSON (edited since it was read) gives no
 * region for what follows the fault.
 */
export class JsonLocator {
  constructor(private readonly text: string) {}

  /**
   * The region of each pointer; a pointer whose value is not in the text
   * gets the region of its nearest parent that is, and none when even the
   * document is not readable.
   */
  regions(pointers: Iterable<string>): Map<string, TextRegion> {
    const wanted = [...new Set(pointers)];
    const onTheWay = new Set<string>();
    for (const p of wanted) {
      const tokens = pointerTokens(p);
      for (let i = 0; i <= tokens.length; i++) onTheWay.add(tokensToPointer(tokens.slice(0, i)));
    }
    const spans = this.scan(onTheWay);
    const found = new Map<string, [number, number]>();
    for (const p of wanted) {
      const tokens = pointerTokens(p);
      for (let i = tokens.length; i >= 0; i--) {
        const span = spans.get(i === tokens.length ? p : tokensToPointer(tokens.slice(0, i)));
        if (span) {
          found.set(p, span);
          break;
        }
      }
    }
    const at = this.positions([...found.values()].flat());
    const out = new Map<string, TextRegion>();
    for (const [p, [from, to]] of found) {
      const start = at.get(from)!;
      const end = at.get(to)!;
      out.set(p, { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column });
    }
    return out;
  }

  /** Start and end offsets of the values at the given pointers. */
  private scan(onTheWay: ReadonlySet<string>): Map<string, [number, number]> {
    const text = this.text;
    const spans = new Map<string, [number, number]>();
    /** Open containers on the way to a wanted pointer. */
    const stack: { pointer: string; array: boolean; index: number; start: number }[] = [];
    let i = skipSpace(text, 0);
    let pointer: string | undefined = '';
    try {
      for (;;) {
        // A value starts at i; `pointer` is its pointer when it is on the way, else undefined.
        const c = text.charCodeAt(i);
        if (pointer !== undefined && (c === 0x7b || c === 0x5b)) {
          stack.push({ pointer, array: c === 0x5b, index: 0, start: i });
          i = skipSpace(text, i + 1);
        } else {
          const end = skipValue(text, i);
          // No value here (a bracket that closes nothing open, or the end of the text): not JSON.
          if (end === i) return spans;
          if (pointer !== undefined) spans.set(pointer, [i, end]);
          i = skipSpace(text, end);
          if (stack.length === 0) break;
          const top = stack[stack.length - 1]!;
          if (text.charCodeAt(i) !== 0x2c) {
            // No comma: the container ends here (closed below).
          } else {
            i = skipSpace(text, i + 1);
            if (top.array) top.index++;
          }
        }
        // Close every container that ends here.
        for (;;) {
          const top = stack[stack.length - 1];
          if (!top) return spans;
          const close = text.charCodeAt(i);
          if (close !== (top.array ? 0x5d : 0x7d)) break;
          stack.pop();
          spans.set(top.pointer, [top.start, i + 1]);
          i = skipSpace(text, i + 1);
          const parent = stack[stack.length - 1];
          if (!parent) return spans;
          if (text.charCodeAt(i) === 0x2c) {
            i = skipSpace(text, i + 1);
            if (parent.array) parent.index++;
          }
        }
        // The next member of the open container.
        const top = stack[stack.length - 1]!;
        let token: string;
        if (top.array) {
          token = String(top.index);
        } else {
          if (text.charCodeAt(i) !== 0x22) return spans;
          const end = skipValue(text, i);
          token = JSON.parse(text.slice(i, end)) as string;
          i = skipSpace(text, end);
          if (text.charCodeAt(i) !== 0x3a) return spans;
          i = skipSpace(text, i + 1);
        }
        const child = top.pointer + jsonPointer(token);
        pointer = onTheWay.has(child) ? child : undefined;
        if (i >= text.length) return spans;
      }
    } catch {
      // A key that is not a JSON string: what was found so far stands.
    }
    return spans;
  }

  /** Line and column (1-based) of each offset, counting line breaks once up to the last of them. */
  private positions(offsets: readonly number[]): Map<number, { line: number; column: number }> {
    const out = new Map<number, { line: number; column: number }>();
    let line = 1;
    let lineStart = 0;
    let nl = this.text.indexOf('\n');
    for (const offset of [...new Set(offsets)].sort((x, y) => x - y)) {
      while (nl !== -1 && nl < offset) {
        line++;
        lineStart = nl + 1;
        nl = this.text.indexOf('\n', lineStart);
      }
      out.set(offset, { line, column: offset - lineStart + 1 });
    }
    return out;
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The next quote or bracket: what skipping a container has to look at (found natively, not char by char). */
const STRUCTURE = /["[\]{}]/g;

/** The offset just after the string whose opening quote is at i. */
function skipString(text: string, i: number): number {
  let q = i;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
}

/** The offset just after the value that starts at i (a string, a literal, or a whole container). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7d || c === 0x5d) return i;
  if (c !== 0x7b && c !== 0x5b) {
    // A number, true, false or null: up to the next delimiter.
    const n = text.length;
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      j++;
    }
    return j;
  }
  let depth = 0;
  STRUCTURE.lastIndex = i;
  for (;;) {
    const m = STRUCTURE.exec(text);
    if (!m) return text.length;
    const at = m.index;
    const d = text.charCodeAt(at);
    if (d === 0x22) {
      STRUCTURE.lastIndex = skipString(text, at);
    } else if (d === 0x7b || d === 0x5b) {
      depth++;
    } else if (--depth === 0) {
      return at + 1;
    }
  }
}
