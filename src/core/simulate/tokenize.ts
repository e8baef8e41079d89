/**
 * A small tokenizer for the subset of PowerShell (and the docker command
 * lines typed in it) that the simulator models. It never evaluates anything:
 * text it cannot read as literal values (a variable, a sub-expression, a
 * hashtable) is kept with a `dynamic` reason, and the command is then
 * reported as not modelled instead of being guessed.
 *
 * Handled: statements separated by `;` and newlines, `|` pipelines (also
 * continued on the next line), backtick escapes and line continuation,
 * `#` and `<# #>` comments, single-quoted strings with `''` escaping (and the
 * typographic single quotes ‘ ’ ‚ ‛ PowerShell accepts), double-quoted strings
 * with `""` and backtick escapes (and “ ” „), words glued from several
 * quoted and bare parts (`x="Ethernet 2"`), comma lists, `-Name:value`,
 * `$true`/`$false`/`$null`, script blocks (kept as text), the dashes – — ―
 * PowerShell accepts for parameters, the parenthesized literal form that
 * `psQuote` writes (`('a' + [char]0x001B + 'b')`), the `&` call operator with
 * a literal name, and copied prompts (`PS C:\>`, `C:\>`).
 */

export interface Word {
  /** The source text of the word. */
  readonly raw: string;
  /** The literal value (for a comma list: the elements joined with ','). */
  readonly value: string;
  /** The elements of a comma list (`'a','b'`); one element otherwise. */
  readonly values: readonly string[];
  /** True when any part was quoted (a quoted `-x` is an argument, not a parameter). */
  readonly quoted: boolean;
  /** Why the value cannot be known without running PowerShell ($var, $(…), @{…}). */
  readonly dynamic?: string;
  /** For `{ … }`: the text between the braces. */
  readonly block?: string;
  /** `$true`, `$false` or `$null` as written. */
  readonly constant?: boolean | null;
}

export interface Invocation {
  /** The command name (after `&` when one was written). */
  readonly name: string;
  /** True when the name itself is not a literal. */
  readonly dynamicName: boolean;
  readonly args: readonly Word[];
  readonly text: string;
}

export interface Statement {
  /** One or more pipeline stages. */
  readonly stages: readonly Invocation[];
  readonly text: string;
  /** 1-based line where the statement starts. */
  readonly line: number;
}

export interface ScriptParse {
  readonly statements: Statement[];
  /** Text the tokenizer could not read (an unclosed quote, a stray brace). */
  readonly problems: { readonly line: number; readonly message: string }[];
  /** Things that were quietly tolerated (a copied prompt). */
  readonly notes: string[];
}

const SQ = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const DQ = new Set(['"', '\u201C', '\u201D', '\u201E']);
const DASHES = new Set(['-', '\u2013', '\u2014', '\u2015']);
const PROMPT = /^[ \t]*(?:PS [^>\n]{0,200}>|[A-Za-z]:\\[^>\n]{0,200}>)[ \t]?/;
const BACKTICK_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\u0007', b: '\b', f: '\f', v: '\v', e: '\u001b' };

class ParseError extends Error {}

interface Part { value: string; quoted: boolean; dynamic?: string; constant?: boolean | null }

/** Tokenizes one script (several commands, one per line or separated by `;`). */
export function parseScript(source: string): ScriptParse {
  const problems: { line: number; message: string }[] = [];
  const notes: string[] = [];
  const statements: Statement[] = [];
  let text = source.replace(/\r\n?/g, '\n');
  // Copied prompts at the start of a line.
  const lines = text.split('\n');
  let stripped = false;
  for (let i = 0; i < lines.length; i++) {
    const m = PROMPT.exec(lines[i]!);
    if (m) {
      lines[i] = lines[i]!.slice(m[0].length);
      stripped = true;
    }
  }
  if (stripped) notes.push('a copied prompt (PS C:\\> or C:\\>) before a command was ignored');
  text = lines.join('\n');

  const p = new Parser(text);
  while (!p.eof()) {
    try {
      const st = p.statement();
      if (st) statements.push(st);
    } catch (e) {
      problems.push({ line: p.line(), message: (e as Error).message });
      p.skipStatement();
    }
  }
  return { statements, problems, notes };
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  eof(): boolean {
    return this.pos >= this.s.length;
  }

  line(at = this.pos): number {
    let n = 1;
    for (let i = 0; i < at && i < this.s.length; i++) if (this.s[i] === '\n') n++;
    return n;
  }

  private peek(o = 0): string {
    return this.s[this.pos + o] ?? '';
  }

  /** Skips blanks, comments and line continuations; stops at a newline. */
  private blanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\u00a0') {
        this.pos++;
      } else if (c === '`' && this.peek(1) === '\n') {
        this.pos += 2;
      } else if (c === '<' && this.peek(1) === '#') {
        const end = this.s.indexOf('#>', this.pos + 2);
        if (end < 0) throw new ParseError('a block comment <# is never closed with #>');
        this.pos = end + 2;
      } else if (c === '#') {
        while (!this.eof() && this.peek() !== '\n') this.pos++;
      } else {
        return;
      }
    }
  }

  skipStatement(): void {
    while (!this.eof() && this.peek() !== '\n' && this.peek() !== ';') this.pos++;
    if (!this.eof()) this.pos++;
  }

  statement(): Statement | undefined {
    // Leading separators and empty lines.
    for (;;) {
      this.blanks();
      const c = this.peek();
      if (c === '\n' || c === ';') this.pos++;
      else break;
    }
    if (this.eof()) return undefined;
    const start = this.pos;
    const line = this.line(start);
    const stages: Invocation[] = [];
    for (;;) {
      stages.push(this.invocation());
      this.blanks();
      if (this.peek() === '|' && this.peek(1) !== '|') {
        this.pos++;
        // A pipe may continue on the next line.
        for (;;) {
          this.blanks();
          if (this.peek() === '\n') this.pos++;
          else break;
        }
        continue;
      }
      break;
    }
    const c = this.peek();
    if (c === '&' && this.peek(1) === '&') throw new ParseError("'&&' chains are not modelled; write one command per line");
    if (c === '|' && this.peek(1) === '|') throw new ParseError("'||' chains are not modelled; write one command per line");
    if (c !== '' && c !== '\n' && c !== ';') throw new ParseError(`unexpected '${c}'`);
    return { stages, text: this.s.slice(start, this.pos).trim(), line };
  }

  private atWordEnd(): boolean {
    const c = this.peek();
    return c === '' || c === ' ' || c === '\t' || c === '\u00a0' || c === '\n' || c === ';' || c === '|' || c === ')' || c === '}'
      || (c === '`' && this.peek(1) === '\n');
  }

  private invocation(): Invocation {
    this.blanks();
    const start = this.pos;
    let dynamicName = false;
    let name: string;
    if (this.peek() === '&' && this.peek(1) !== '&') {
      this.pos++;
      this.blanks();
      const w = this.word();
      name = w.value;
      dynamicName = w.dynamic !== undefined;
    } else if (this.peek() === '.' && (this.peek(1) === ' ' || this.peek(1) === '\t')) {
      throw new ParseError('dot-sourcing a script is not modelled');
    } else {
      const w = this.word();
      if (w.raw === '') throw new ParseError(`a command is missing before '${this.peek() || 'the end'}'`);
      name = w.value;
      dynamicName = w.dynamic !== undefined || (w.block !== undefined);
      if (w.block !== undefined) name = w.raw;
    }
    const args: Word[] = [];
    for (;;) {
      this.blanks();
      const c = this.peek();
      if (c === '' || c === '\n' || c === ';' || c === '|' || (c === '&' && this.peek(1) === '&')) break;
      if (c === ')' || c === '}') throw new ParseError(`unexpected '${c}'`);
      if (c === '>' || ((c === '2' || c === '1' || c === '*') && this.peek(1) === '>')) {
        this.redirection();
        continue;
      }
      args.push(this.argument());
    }
    return { name, dynamicName, args, text: this.s.slice(start, this.pos).trim() };
  }

  /** `> file`, `2>&1`, `>> file`, `2>$null`: dropped (they only change where output goes). */
  private redirection(): void {
    if (this.peek() !== '>') this.pos++;
    this.pos++;
    if (this.peek() === '>') this.pos++;
    if (this.peek() === '&') {
      this.pos += 2;
      return;
    }
    this.blanks();
    this.word();
  }

  /** An argument: one word, or a comma list of words. */
  private argument(): Word {
    const first = this.word();
    const items: Word[] = [first];
    for (;;) {
      const save = this.pos;
      this.blanks();
      if (this.peek() !== ',') {
        this.pos = save;
        break;
      }
      this.pos++;
      this.blanks();
      if (this.peek() === '\n') this.pos++;
      this.blanks();
      items.push(this.word());
    }
    if (items.length === 1) return first;
    const dyn = items.find((w) => w.dynamic);
    return {
      raw: items.map((w) => w.raw).join(','),
      value: items.map((w) => w.value).join(','),
      values: items.map((w) => w.value),
      quoted: items.some((w) => w.quoted),
      ...(dyn ? { dynamic: dyn.dynamic } : {}),
    };
  }

  /** One word: glued quoted and bare parts, or a block, or a parenthesized literal. */
  private word(): Word {
    const start = this.pos;
    if (this.peek() === '{') {
      const inner = this.braced('{', '}');
      return { raw: this.s.slice(start, this.pos), value: inner, values: [inner], quoted: false, block: inner, dynamic: 'a script block' };
    }
    if (this.peek() === '@' && (this.peek(1) === '{' || this.peek(1) === '(')) {
      this.pos++;
      const open = this.peek();
      this.braced(open, open === '{' ? '}' : ')');
      const raw = this.s.slice(start, this.pos);
      return { raw, value: raw, values: [raw], quoted: false, dynamic: open === '{' ? 'a hashtable' : 'an array sub-expression' };
    }
    const parts: Part[] = [];
    while (!this.atWordEnd()) {
      const c = this.peek();
      if (c === ',' && parts.length > 0) break;
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (SQ.has(c)) parts.push(this.singleQuoted());
      else if (DQ.has(c)) parts.push(this.doubleQuoted());
      else if (c === '(' ) parts.push(this.parenthesized());
      else if (c === '$') parts.push(this.variable());
      else parts.push(this.bare());
    }
    const raw = this.s.slice(start, this.pos);
    const dyn = parts.find((x) => x.dynamic);
    const value = parts.map((x) => x.value).join('');
    const constant = parts.length === 1 && parts[0]!.constant !== undefined ? parts[0]!.constant : undefined;
    return {
      raw, value, values: [value], quoted: parts.some((x) => x.quoted),
      ...(dyn ? { dynamic: dyn.dynamic } : {}),
      ...(constant !== undefined ? { constant } : {}),
    };
  }

  private bare(): Part {
    let out = '';
    while (!this.atWordEnd()) {
      const c = this.peek();
      if (SQ.has(c) || DQ.has(c) || c === '$' || c === '(' || c === ',' ) break;
      if (c === '{') throw new ParseError("unexpected '{' inside a word");
      if (c === '`') {
        const n = this.peek(1);
        if (n === '') throw new ParseError('a backtick at the very end escapes nothing');
        out += BACKTICK_ESCAPES[n] ?? n;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    return { value: out, quoted: false };
  }

  private singleQuoted(): Part {
    const openLine = this.line();
    this.pos++;
    let out = '';
    for (;;) {
      if (this.eof()) throw new ParseError(`a single-quoted string opened on line ${openLine} is never closed`);
      const c = this.peek();
      if (SQ.has(c)) {
        if (SQ.has(this.peek(1))) {
          out += c;
          this.pos += 2;
          continue;
        }
        this.pos++;
        return { value: out, quoted: true };
      }
      out += c;
      this.pos++;
    }
  }

  private doubleQuoted(): Part {
    const openLine = this.line();
    this.pos++;
    let out = '';
    let dynamic: string | undefined;
    for (;;) {
      if (this.eof()) throw new ParseError(`a double-quoted string opened on line ${openLine} is never closed`);
      const c = this.peek();
      if (DQ.has(c)) {
        if (DQ.has(this.peek(1))) {
          out += c;
          this.pos += 2;
          continue;
        }
        this.pos++;
        return { value: out, quoted: true, ...(dynamic ? { dynamic } : {}) };
      }
      if (c === '`') {
        const n = this.peek(1);
        out += BACKTICK_ESCAPES[n] ?? n;
        this.pos += 2;
        continue;
      }
      if (c === '$' && /[A-Za-z_{(:?^]/.test(this.peek(1))) {
        dynamic ??= `the variable or expression in "${this.s.slice(this.pos, this.pos + 20)}…"`;
        if (this.peek(1) === '(') {
          this.pos++;
          this.braced('(', ')');
          continue;
        }
      }
      out += c;
      this.pos++;
    }
  }

  private variable(): Part {
    const start = this.pos;
    this.pos++;
    if (this.peek() === '(') {
      this.braced('(', ')');
      return { value: this.s.slice(start, this.pos), quoted: false, dynamic: `the sub-expression ${this.s.slice(start, Math.min(this.pos, start + 30))}` };
    }
    if (this.peek() === '{') {
      this.braced('{', '}');
    } else {
      while (/[A-Za-z0-9_:?]/.test(this.peek())) this.pos++;
    }
    const name = this.s.slice(start, this.pos);
    const lower = name.toLowerCase();
    if (lower === '$true') return { value: 'True', quoted: false, constant: true };
    if (lower === '$false') return { value: 'False', quoted: false, constant: false };
    if (lower === '$null') return { value: '', quoted: false, constant: null };
    if (name === '$') return { value: '$', quoted: false };
    return { value: name, quoted: false, dynamic: `the variable ${name}` };
  }

  /**
   * A parenthesized literal as `psQuote` writes it: single-quoted strings and
   * `[char]0xNNNN` joined with `+`. Anything else in parentheses is dynamic.
   */
  private parenthesized(): Part {
    const start = this.pos;
    const inner = this.braced('(', ')');
    const value = literalConcat(inner);
    if (value !== undefined) return { value, quoted: true };
    // (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\Docker\DockerCli.exe'): only the file name matters to the simulator.
    const join = /^\s*Join-Path\s+-Path\s+\$Env:ProgramFiles\s+-ChildPath\s+'((?:[^']|'')*)'\s*$/i.exec(inner);
    if (join) return { value: `%ProgramFiles%\\${join[1]!.replace(/''/g, "'")}`, quoted: true };
    return { value: this.s.slice(start, this.pos), quoted: false, dynamic: `the expression ${this.s.slice(start, Math.min(this.pos, start + 40))}` };
  }

  /** Consumes a balanced group (respecting quotes) and returns the text inside. */
  private braced(open: string, close: string): string {
    const openLine = this.line();
    const begin = this.pos + 1;
    let depth = 0;
    while (!this.eof()) {
      const c = this.peek();
      if (SQ.has(c)) {
        this.singleQuoted();
        continue;
      }
      if (DQ.has(c)) {
        this.doubleQuoted();
        continue;
      }
      if (c === '`') {
        this.pos += 2;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) {
          this.pos++;
          return this.s.slice(begin, this.pos - 1);
        }
      }
      this.pos++;
    }
    throw new ParseError(`'${open}' opened on line ${openLine} is never closed with '${close}'`);
  }
}

const CONCAT_PART = /^\s*(?:(['\u2018\u2019\u201A\u201B])((?:[^'\u2018\u2019\u201A\u201B]|['\u2018\u2019\u201A\u201B]{2})*)['\u2018\u2019\u201A\u201B]|\[char\]\s*(0x[0-9a-fA-F]{1,6}|\d{1,7}))\s*/;

/** `'a' + [char]0x001B + 'b'` -> the string it denotes, or undefined. */
export function literalConcat(text: string): string | undefined {
  let rest = text;
  let out = '';
  let first = true;
  while (rest.trim() !== '') {
    if (!first) {
      const plus = /^\s*\+\s*/.exec(rest);
      if (!plus) return undefined;
      rest = rest.slice(plus[0].length);
    }
    const m = CONCAT_PART.exec(rest);
    if (!m) return undefined;
    if (m[3] !== undefined) {
      const code = Number(m[3]);
      if (!Number.isFinite(code) || code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
    } else {
      out += m[2]!.replace(/(['\u2018\u2019\u201A\u201B])['\u2018\u2019\u201A\u201B]/g, '$1');
    }
    rest = rest.slice(m[0].length);
    first = false;
  }
  return first ? undefined : out;
}

/** True for an unquoted word that PowerShell reads as a parameter name (`-Name`, `–Name`, `-Confirm:$false`). */
export function isParameterWord(w: Word): boolean {
  return !w.quoted && w.raw.length > 1 && DASHES.has(w.raw[0]!) && /^[A-Za-z_?]/.test(w.raw.slice(1)) && w.values.length === 1;
}

/** For a parameter word: its name (without the dash) and an inline `:value` when written. */
export function parameterParts(w: Word): { name: string; inline?: Word } {
  const body = w.raw.slice(1);
  const colon = body.indexOf(':');
  if (colon < 0) return { name: body };
  const name = body.slice(0, colon);
  const rest = w.value.slice(w.value.indexOf(':') + 1);
  const inlineRaw = body.slice(colon + 1);
  const lower = inlineRaw.toLowerCase();
  const constant = lower === '$true' ? true : lower === '$false' ? false : lower === '$null' ? null : undefined;
  return {
    name,
    inline: {
      raw: inlineRaw, value: constant === undefined ? rest : constant === null ? '' : constant ? 'True' : 'False',
      values: [rest], quoted: w.quoted,
      ...(w.dynamic && constant === undefined ? { dynamic: w.dynamic } : {}),
      ...(constant !== undefined ? { constant } : {}),
    },
  };
}

/** Words as a native program (docker, reg.exe) receives them: comma lists become separate arguments. */
export function nativeArgs(words: readonly Word[]): { values: string[]; dynamic?: string } {
  const values: string[] = [];
  for (const w of words) {
    if (w.dynamic) return { values, dynamic: w.dynamic };
    values.push(...w.values);
  }
  return { values };
}
