/**
 * Command lines of Windows processes and services (Win32_Process
 * CommandLine, Win32_Service PathName), split into words the way the
 * Microsoft C runtime splits them for a Go or C program, then read as
 * flags: `--flag=value`, `--flag value`, `-flag`, repeated flags, and
 * `--feature-gates=A=true,B=false`. Values of secret flags are replaced.
 */
import { REDACTED, type ParsedCommandLine } from '../runtime-types.js';
import { isSecretFlag } from './secrets.js';

/**
 * Splits a Windows command line into words: whitespace separates words
 * outside double quotes; 2n backslashes before a quote are n backslashes and
 * the quote delimits, 2n+1 are n backslashes and a literal quote; other
 * backslashes are literal; `""` inside quotes is one literal quote. The
 * program name (the first word) takes backslashes literally.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n && isSpace(line[i])) i++;
  if (i >= n) return words;
  // The program name.
  let prog = '';
  if (line[i] === '"') {
    i++;
    while (i < n && line[i] !== '"') prog += line[i++];
    i++;
  }
  while (i < n && !isSpace(line[i])) {
    if (line[i] === '"') {
      i++;
      while (i < n && line[i] !== '"') prog += line[i++];
      i++;
    } else prog += line[i++];
  }
  words.push(prog);
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) break;
    let word = '';
    let quoted = false;
    while (i < n && (quoted || !isSpace(line[i]))) {
      const c = line[i]!;
      if (c === '\\') {
        let count = 0;
        while (i < n && line[i] === '\\') {
          count++;
          i++;
        }
        if (line[i] === '"') {
          word += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            word += '"';
            i++;
          }
        } else word += '\\'.repeat(count);
        continue;
      }
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          word += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      word += c;
      i++;
    }
    words.push(word);
  }
  return words;
}

/** Quotes a word for a command line shown to a person (only when it needs it). */
function quoteWord(w: string): string {
  return w === '' || /[\s"]/.test(w) ? `"${w.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"` : w;
}

function parseFeatureGates(value: string, into: Record<string, boolean>): void {
  for (const part of value.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(true|false)\s*$/i.exec(part);
    if (m) into[m[1]!] = m[2]!.toLowerCase() === 'true';
  }
}

export interface ParsedLine extends ParsedCommandLine {
  /** The command line as captured, or rebuilt from its words when a secret value had to go. */
  readonly text: string;
  /** Names of the flags whose values were replaced. */
  readonly redacted: readonly string[];
}

/** Parses a command line into flags; secret values are replaced in the flags, the words and the text. */
export function parseCommandLine(line: string): ParsedLine {
  return parseCommandWords(splitCommandLine(line), line);
}

/** The same for a command already split into words (a shell's argv); `line` is the text to keep when nothing is redacted. */
export function parseCommandWords(words: readonly string[], line = words.map(quoteWord).join(' ')): ParsedLine {
  const program = words[0];
  const args = words.slice(1);
  const flags: Record<string, string[]> = {};
  const featureGates: Record<string, boolean> = {};
  const redacted: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const m = /^--?([A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/.exec(word);
    if (!m) continue;
    const name = m[1]!;
    let value = m[2];
    let valueAt = i;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        value = next;
        valueAt = i + 1;
        i++;
      } else value = 'true';
    }
    if (isSecretFlag(name) && value !== 'true') {
      redacted.push(name);
      args[valueAt] = m[2] !== undefined ? `${word.slice(0, word.indexOf('=') + 1)}${REDACTED}` : REDACTED;
      value = REDACTED;
    }
    (flags[name] ??= []).push(value);
    if (name.toLowerCase() === 'feature-gates') parseFeatureGates(value, featureGates);
  }
  const text = redacted.length > 0 ? [program ?? '', ...args].map(quoteWord).join(' ') : line;
  return { program, args, flags, featureGates, text, redacted };
}

/** The last value of a flag (names compared case-insensitively, dashes and underscores alike). */
export function flagValue(flags: Readonly<Record<string, readonly string[]>>, name: string): string | undefined {
  const want = name.toLowerCase().replace(/_/g, '-');
  let found: string | undefined;
  for (const [k, values] of Object.entries(flags)) {
    if (k.toLowerCase().replace(/_/g, '-') === want && values.length > 0) found = values[values.length - 1];
  }
  return found;
}
