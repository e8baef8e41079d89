/**
 * The one place where PowerShell text is made. Every value that comes from a
 * capture (a switch, adapter, network or VM name) enters a command through
 * `ps` or `psQuote`, which turn it into a single literal that cannot end
 * early, expand a variable or start another command.
 */

/** Characters PowerShell accepts as a single quote: ' and the typographic ‘ ’ ‚ ‛. */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
/** Text that would not survive a terminal or a copy and paste as-is. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;

/**
 * Quotes a value as one PowerShell string literal. Printable text becomes a
 * single-quoted string with every kind of single quote doubled. Text with
 * control, invisible or direction-changing characters becomes a parenthesized
 * concatenation of single-quoted parts and `[char]` codes, so the command stays
 * readable and inert on a terminal while meaning exactly the same string.
 */
export function psQuote(value: string): string {
  if (!UNPRINTABLE.test(value)) return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
  const parts: string[] = [];
  let run = '';
  for (const ch of value) {
    if (UNPRINTABLE.test(ch)) {
      if (run) parts.push(`'${run.replace(SINGLE_QUOTES, (q) => q + q)}'`);
      run = '';
      parts.push(`[char]0x${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    } else {
      run += ch;
    }
  }
  if (run) parts.push(`'${run.replace(SINGLE_QUOTES, (q) => q + q)}'`);
  return `(${parts.join(' + ')})`;
}

/** A piece of PowerShell written by this project (never from a capture), inserted as-is. */
class PsCode {
  constructor(readonly text: string) {}
}

/** Marks trusted code for `ps` interpolation (a script block, `$true`, a pipeline variable). */
export function psCode(text: string): PsCode {
  return new PsCode(text);
}

export type PsValue = string | number | boolean | PsCode | readonly string[];

function render(value: PsValue): string {
  if (value instanceof PsCode) return value.text;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} into a PowerShell command`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (Array.isArray(value)) return value.map((v) => psQuote(String(v))).join(',');
  return psQuote(value as string);
}

/**
 * Builds a command from a template: the template text is trusted, every
 * interpolated value is quoted (strings), written as a number, `$true`/`$false`,
 * or a comma list of quoted strings (arrays).
 *
 *   ps`Remove-VMSwitch -Name ${name} -Force`
 */
export function ps(strings: TemplateStringsArray, ...values: PsValue[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return out;
}
