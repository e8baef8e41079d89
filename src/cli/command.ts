/**
 * The one option parser behind every command. A command declares its usage
 * lines, description, options, how many positionals it takes, its exit codes
 * and examples; `defineCommand` turns that into the command's runner and its
 * --help text, so every command parses, validates, reports usage errors and
 * lays out its help the same way.
 *
 * Usage errors are thrown as `UsageError`: the entry point (src/cli.ts)
 * sanitizes the message, adds "Run 'wcn-doctor <command> --help' for usage."
 * and exits 2. A capture that cannot be read is reported by `cannotRead`
 * (./load.ts), which sanitizes the path and the messages too.
 */
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Io } from './io.js';

/** One option: how it is spelled, how its help reads, and how its text becomes a typed value. */
export interface OptionSpec<T> {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in the help, e.g. `<MiB>`; string options only. */
  readonly arg?: string;
  /** Help text; a line break starts a continuation line under the first. */
  readonly help: string;
  /** The raw value (undefined when not given) to the typed one; throws UsageError. */
  readonly parse: (raw: string | boolean | undefined, flag: string) => T;
}

/** A boolean switch: true when given. */
export function flag(help: string, short?: string): OptionSpec<boolean> {
  return { type: 'boolean', short, help, parse: (raw) => raw === true };
}

/** A free text value; undefined when not given. */
export function text(arg: string, help: string): OptionSpec<string | undefined> {
  return { type: 'string', arg, help, parse: (raw) => (typeof raw === 'string' ? raw : undefined) };
}

/** 'a', 'a or b', 'a, b or c'. */
function alternatives(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** One of a fixed set of words. */
export function choice<const V extends string>(arg: string, values: readonly V[], fallback: NoInfer<V>, help: string): OptionSpec<V> {
  return {
    type: 'string', arg, help,
    parse(raw, name) {
      if (raw === undefined) return fallback;
      if (!values.includes(raw as V)) throw new UsageError(`unknown --${name} '${String(raw)}' (use ${alternatives(values)})`);
      return raw as V;
    },
  };
}

/** An output format: `choice` under the name every command uses. */
export function format<const V extends string>(values: readonly V[], fallback: NoInfer<V>, help?: string): OptionSpec<V> {
  return choice('<f>', values, fallback, help ?? values.map((v) => (v === fallback ? `${v} (default)` : v)).join(', '));
}

/** A whole number from `min` up to `max`; `fallback` when not given. */
export function wholeNumber<F extends number | undefined>(arg: string, help: string, range: { min: number; max: number; fallback: F }): OptionSpec<number | F> {
  return {
    type: 'string', arg, help,
    parse(raw, name) {
      if (raw === undefined) return range.fallback;
      const n = /^\d{1,9}$/.test(String(raw)) ? Number(raw) : NaN;
      if (!(n >= range.min && n <= range.max)) throw new UsageError(`--${name} takes a whole number from ${range.min} to ${range.max}, not '${String(raw)}'`);
      return n;
    },
  };
}

/** `--max-size <MiB>`: a size cap in bytes, undefined for the loader's default. */
export function maxSize(help = 'refuse capture files larger than this (default 64)'): OptionSpec<number | undefined> {
  return {
    type: 'string', arg: '<MiB>', help,
    parse(raw, name) {
      if (raw === undefined) return undefined;
      const mib = Number(raw);
      if (String(raw).trim() === '' || !Number.isFinite(mib) || mib <= 0) throw new UsageError(`--${name} takes a number of MiB, not '${String(raw)}'`);
      return Math.floor(mib * 1024 * 1024);
    },
  };
}

/** `--fail-on <level>`: the lowest severity that makes the exit code 1. */
export function failOn(): OptionSpec<'error' | 'warning' | 'info' | 'never'> {
  return choice('<level>', ['error', 'warning', 'info', 'never'], 'error',
    'error (default), warning, info, never: the lowest\nseverity that makes the exit code 1');
}

/** The exit code 2 line of a command that reads a capture. */
export const USAGE_OR_UNREADABLE = [EXIT.usage, 'usage error, or a capture that could not be read'] as const;

type Options = Record<string, OptionSpec<unknown>>;
export type Values<O extends Options> = { readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

export interface Parsed<O extends Options> {
  readonly options: Values<O>;
  readonly positionals: readonly string[];
  /** With `afterDashes`: the words after the first `--`, untouched. */
  readonly rest: readonly string[];
}

export interface CommandSpec<O extends Options> {
  /** The command word, e.g. `check`. */
  readonly name: string;
  /** What follows `wcn-doctor` on each usage line. */
  readonly usage: readonly string[];
  /** Paragraphs under the usage lines. */
  readonly description: string;
  readonly options: O;
  /** How many positionals, with the message for too few and for too many. */
  readonly positionals: { readonly min: number; readonly max: number; readonly few?: string; readonly many?: string | ((unexpected: string) => string) };
  /** Keep everything after the first `--` out of option parsing (passed as `rest`). */
  readonly afterDashes?: boolean;
  /** Exit codes besides 3 (internal error), which every command has. */
  readonly exitCodes: readonly (readonly [number, string])[];
  readonly examples?: readonly string[];
  /** A last section of help, after the examples. */
  readonly more?: () => string;
  run(args: Parsed<O>, io: Io): number | Promise<number>;
}

export interface Command {
  readonly name: string;
  readonly options: Options;
  help(): string;
  run(argv: readonly string[], io: Io): number | Promise<number>;
}

const COLUMN = 21;

function helpLine(left: string, body: string): string {
  const [first = '', ...more] = body.split('\n');
  const pad = left.length + 2 <= COLUMN ? ' '.repeat(COLUMN - left.length) : `\n${' '.repeat(COLUMN)}`;
  return [`${left}${pad}${first}`.trimEnd(), ...more.map((l) => `${' '.repeat(COLUMN)}${l}`.trimEnd())].join('\n');
}

/** The --help text, one layout for every command. */
function renderHelp(spec: CommandSpec<Options>): string {
  const usage = spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}wcn-doctor ${spec.name}${u ? ` ${u}` : ''}`);
  const options = Object.entries(spec.options).map(([name, o]) => helpLine(`  ${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`, o.help));
  options.push(helpLine('  -h, --help', 'show this help'));
  const exits = [...spec.exitCodes, [EXIT.internal, 'internal error in wcn-doctor'] as const]
    .map(([code, what]) => `  ${code}  ${what.split('\n').join('\n     ')}`);
  const parts = [usage.join('\n'), spec.description.trim(), `Options:\n${options.join('\n')}`, `Exit codes:\n${exits.join('\n')}`];
  if (spec.examples?.length) parts.push(`Examples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
  if (spec.more) parts.push(spec.more().trimEnd());
  return parts.join('\n\n') + '\n';
}

/** Node's parse errors in the words every other usage error uses. */
function usageErrorOf(e: unknown): unknown {
  const code = (e as { code?: string }).code ?? '';
  if (!code.startsWith('ERR_PARSE_ARGS')) return e;
  const message = (e as Error).message;
  const option = /--[\w-]+/.exec(message)?.[0] ?? /'(-[^'\s]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option '${option}'`);
  if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`);
  if (/ambiguous/.test(message)) return new UsageError(`${option} needs a value; to give one that starts with '-', write ${option}=<value>`);
  if (/argument missing/.test(message)) return new UsageError(`${option} needs a value`);
  return new UsageError(message);
}

export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command {
  const help = () => renderHelp(spec as unknown as CommandSpec<Options>);
  return {
    name: spec.name,
    options: spec.options,
    help,
    run(argv, io) {
      const dashes = spec.afterDashes ? argv.indexOf('--') : -1;
      const head = dashes < 0 ? argv : argv.slice(0, dashes);
      const rest = dashes < 0 ? [] : argv.slice(dashes + 1);
      const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
      for (const [name, o] of Object.entries(spec.options)) config[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
      let raw: { values: Record<string, string | boolean | undefined>; positionals: string[] };
      try {
        raw = parseArgs({ args: [...head], options: config, allowPositionals: true, strict: true }) as typeof raw;
      } catch (e) {
        throw usageErrorOf(e);
      }
      if (raw.values['help'] === true) {
        io.out(help());
        return EXIT.ok;
      }
      const values: Record<string, unknown> = {};
      for (const [name, o] of Object.entries(spec.options)) values[name] = o.parse(raw.values[name], name);
      const { min, max, few, many } = spec.positionals;
      const n = raw.positionals.length;
      if (n < min) throw new UsageError(few ?? 'too few arguments');
      if (n > max) {
        const unexpected = raw.positionals[max]!;
        throw new UsageError(typeof many === 'function' ? many(unexpected) : many ?? `unexpected '${unexpected}'`);
      }
      return spec.run({ options: values as Values<O>, positionals: raw.positionals, rest }, io);
    },
  };
}
