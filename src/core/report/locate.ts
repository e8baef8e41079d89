/**
 * Where a piece of evidence lives on disk. Findings point into the capture
 * with JSON pointers written for the single-file form (`/vmSwitches/0/Name`);
 * in the folder form the same value is in `<folder>/vmSwitches.json` at
 * `/0/Name`, and a lone `<key>.json` file holds the key's value at its root.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { join } from 'node:path';
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

function tokensToPointer(tokens: readonly string[]): string {
  return tokens.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

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

/** Finds the text of the value at a pointer; undefined when the pointer does not resolve. */
export class JsonLocator {
  private readonly root: Node | undefined;
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {
    let root: Node | undefined;
    try {
      root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true }) ?? undefined;
    } catch {
      // The tree parser recurses: a file nested thousands of levels deep overflows it. Evidence then has no region.
      root = undefined;
    }
    this.root = root;
  }

  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  region(pointer: string): TextRegion | undefined {
    if (!this.root) return undefined;
    const path = pointerTokens(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? Number(t) : t));
    let node = path.length === 0 ? this.root : findNodeAtLocation(this.root, path);
    // When the exact value is not in the file (hand-edited since), point at the nearest parent that is.
    while (!node && path.length > 0) {
      path.pop();
      node = path.length === 0 ? this.root : findNodeAtLocation(this.root, path);
    }
    if (!node) return undefined;
    const start = this.position(node.offset);
    const end = this.position(node.offset + node.length);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }
}
