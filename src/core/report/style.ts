/** Colour for terminals, and only for terminals: never with NO_COLOR, never into a pipe. */

export interface Style {
  readonly enabled: boolean;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function makeStyle(enabled: boolean): Style {
  const id = (s: string) => s;
  return enabled
    ? { enabled, red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), green: wrap(32, 39), bold: wrap(1, 22), dim: wrap(2, 22) }
    : { enabled, red: id, yellow: id, cyan: id, green: id, bold: id, dim: id };
}

/** Glyph and word for a severity: the word is always there, so colour is never the only signal. */
export const SEVERITY_MARK = {
  error: { glyph: '✖', word: 'ERROR' },
  warning: { glyph: '▲', word: 'WARNING' },
  info: { glyph: 'ℹ', word: 'INFO' },
} as const;

export const STATUS_MARK = {
  pass: { glyph: '✔', word: 'pass' },
  fail: { glyph: '✖', word: 'fail' },
  'not-applicable': { glyph: '–', word: 'not applicable' },
  crashed: { glyph: '!', word: 'crashed' },
} as const;
