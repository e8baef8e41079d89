/**
 * Argument binding for the modelled commands: PowerShell cmdlet parameters
 * (names, unambiguous prefixes, `-Name:value`, positional values, switches)
 * and docker's flag syntax (`--flag value`, `--flag=value`, `-d value`,
 * grouped boolean shorthands such as `-it`).
 */
import { isParameterWord, parameterParts, type Word } from './tokenize.js';

export interface ParamSpec {
  /** Canonical name → definition. */
  readonly [name: string]: { readonly kind: 'value' | 'switch'; readonly aliases?: readonly string[]; readonly position?: number };
}

export interface BoundCmdlet {
  readonly values: Record<string, Word>;
  readonly switches: Record<string, boolean>;
  /** -WhatIf was given: PowerShell only describes what would happen. */
  readonly whatIf: boolean;
  /** -Confirm:$false was given (or -Confirm was not given). */
  readonly confirmSuppressed: boolean;
  readonly confirmAsked: boolean;
}

export type BindResult = { ok: true; bound: BoundCmdlet } | { ok: false; notModelled: string; /** A parameter the cmdlet does not have. */ unknown?: string };

const COMMON: ParamSpec = {
  Confirm: { kind: 'switch' },
  WhatIf: { kind: 'switch', aliases: ['wi'] },
  ErrorAction: { kind: 'value', aliases: ['ea'] },
  ErrorVariable: { kind: 'value', aliases: ['ev'] },
  WarningAction: { kind: 'value', aliases: ['wa'] },
  WarningVariable: { kind: 'value', aliases: ['wv'] },
  InformationAction: { kind: 'value', aliases: ['infa'] },
  Verbose: { kind: 'switch', aliases: ['vb'] },
  Debug: { kind: 'switch', aliases: ['db'] },
  OutVariable: { kind: 'value', aliases: ['ov'] },
  PassThru: { kind: 'switch' },
};

function resolveName(given: string, spec: ParamSpec): string | 'ambiguous' | undefined {
  const g = given.toLowerCase();
  const all = { ...COMMON, ...spec };
  for (const [name, def] of Object.entries(all)) {
    if (name.toLowerCase() === g || def.aliases?.some((a) => a.toLowerCase() === g)) return name;
  }
  const prefixed = Object.keys(all).filter((n) => n.toLowerCase().startsWith(g));
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1) return 'ambiguous';
  return undefined;
}

/** Binds a cmdlet's words to its parameters; unknown parameters make the command not modelled. */
export function bindCmdlet(command: string, words: readonly Word[], spec: ParamSpec, allowDynamic: readonly string[] = []): BindResult {
  const values: Record<string, Word> = {};
  const switches: Record<string, boolean> = {};
  const positional: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!isParameterWord(w)) {
      positional.push(w);
      continue;
    }
    const { name: given, inline } = parameterParts(w);
    const name = resolveName(given, spec);
    if (name === 'ambiguous') return { ok: false, notModelled: `the parameter -${given} of ${command} is ambiguous here` };
    if (name === undefined) return { ok: false, notModelled: `the parameter -${given} of ${command}`, unknown: given };
    const def = { ...COMMON, ...spec }[name]!;
    if (def.kind === 'switch') {
      if (inline) {
        if (inline.constant === undefined) return { ok: false, notModelled: `-${given}:${inline.raw} (only $true or $false is modelled)` };
        switches[name] = inline.constant === true;
      } else {
        switches[name] = true;
      }
      continue;
    }
    if (inline) {
      values[name] = inline;
      continue;
    }
    const next = words[i + 1];
    if (!next || isParameterWord(next)) return { ok: false, notModelled: `-${given} without a value` };
    values[name] = next;
    i++;
  }
  const byPosition = Object.entries(spec).filter(([, d]) => d.position !== undefined).sort((a, b) => a[1].position! - b[1].position!);
  for (const w of positional) {
    const slot = byPosition.find(([n]) => values[n] === undefined);
    if (!slot) return { ok: false, notModelled: `the positional argument '${w.value}' of ${command}` };
    values[slot[0]] = w;
  }
  for (const [name, w] of Object.entries(values)) {
    if (w.dynamic && !allowDynamic.includes(name)) return { ok: false, notModelled: `-${name} is ${w.dynamic}, which only PowerShell can evaluate` };
  }
  return {
    ok: true,
    bound: {
      values, switches,
      whatIf: switches['WhatIf'] === true,
      confirmSuppressed: switches['Confirm'] === false,
      confirmAsked: switches['Confirm'] === true,
    },
  };
}

// --- docker -------------------------------------------------------------------------

export interface FlagSpec {
  /** Long name (without dashes) → definition. */
  readonly [long: string]: { readonly value: boolean; readonly short?: string };
}

export interface ParsedFlags {
  /** Every value given per flag (long name), in order; booleans hold 'true'/'false'. */
  readonly flags: Map<string, string[]>;
  readonly positionals: string[];
}

export type FlagResult = { ok: true; parsed: ParsedFlags } | { ok: false; notModelled?: string; error?: string };

/**
 * Parses docker-style flags. With `interspersed: false` (docker run), parsing
 * stops at the first positional: the rest is the image and its command.
 */
export function parseDockerFlags(command: string, args: readonly string[], spec: FlagSpec, interspersed = true): FlagResult {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const shortToLong = new Map<string, string>();
  for (const [long, d] of Object.entries(spec)) if (d.short) shortToLong.set(d.short, long);
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const long = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const d = spec[long];
      if (!d) return { ok: false, notModelled: `the flag --${long} of ${command} (docker may also reject it with "unknown flag: --${long}")` };
      if (!d.value) {
        add(long, eq < 0 ? 'true' : a.slice(eq + 1));
        continue;
      }
      if (eq >= 0) {
        add(long, a.slice(eq + 1));
        continue;
      }
      const v = args[i + 1];
      if (v === undefined) return { ok: false, error: `flag needs an argument: --${long}\nSee '${command} --help'.` };
      add(long, v);
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // Grouped shorthands: -it, -dit, -p8080:80, -dp 80:80.
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const long = shortToLong.get(ch);
        if (!long) return { ok: false, notModelled: `the flag -${ch} of ${command}` };
        const d = spec[long]!;
        if (!d.value) {
          add(long, 'true');
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '') {
          add(long, rest);
        } else {
          const v = args[i + 1];
          if (v === undefined) return { ok: false, error: `flag needs an argument: '${ch}' in -${ch}\nSee '${command} --help'.` };
          add(long, v);
          i++;
        }
        break;
      }
      continue;
    }
    positionals.push(a);
    if (!interspersed) {
      positionals.push(...args.slice(i + 1));
      break;
    }
  }
  return { ok: true, parsed: { flags, positionals } };
}

/** The last value of a flag (docker keeps the last one for single-valued flags). */
export function last(p: ParsedFlags, long: string): string | undefined {
  const v = p.flags.get(long);
  return v?.[v.length - 1];
}

export function all(p: ParsedFlags, long: string): string[] {
  return p.flags.get(long) ?? [];
}

export function bool(p: ParsedFlags, long: string): boolean {
  const v = last(p, long);
  return v !== undefined && v.toLowerCase() !== 'false';
}
