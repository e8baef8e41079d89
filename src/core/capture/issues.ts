/** A problem met while reading a capture. Problems are data, never exceptions. */
export interface IngestIssue {
  /** `error`: something was skipped. `warning`: read, but with a caveat. */
  readonly severity: 'error' | 'warning';
  /** The file the problem is in. */
  readonly file: string;
  /** The capture key concerned, when there is one (`docker.networks` for docker parts). */
  readonly key?: string;
  /** JSON pointer to the value, in the single-file form of the capture. */
  readonly pointer?: string;
  /** What was expected there. */
  readonly expected?: string;
  /** What was found there (shortened). */
  readonly found?: string;
  /** One sentence for a person. */
  readonly message: string;
}

function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

/** A short, single-line picture of a value for an issue message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const flat = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
    return JSON.stringify(flat.length > 60 ? flat.slice(0, 57) + '...' : flat);
  }
  return String(value);
}
