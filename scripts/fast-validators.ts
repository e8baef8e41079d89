/**
 * Generates src/core/capture/fast.generated.ts from the capture schemas
 * (npm run schema). For each key it writes one plain function that accepts
 * exactly what the key's zod schema accepts and returns exactly what zod
 * returns, after the loader's own clean-up (null properties made absent),
 * or FAIL. The loader runs it first and asks zod only when it fails, for
 * the precise issues; reading a valid capture then allocates little more
 * than its result and never needs zod at all.
 *
 * The generator knows the handful of zod schema kinds the capture schemas
 * use and refuses anything else, so a new kind of schema fails the build
 * here instead of being read loosely. Transforms are recognized by identity:
 * each is a named export of normalize.ts (or an enum transform made there),
 * and the generated code calls that same function. test/capture/fast.test.ts
 * holds the generated validators to zod's answers on generated and mutated
 * captures, and fails when the committed file is not what this generator
 * writes.
 */
import type * as z from 'zod/mini';
import * as enums from '../src/core/capture/enums.js';
import * as normalize from '../src/core/capture/normalize.js';
import { captureSchemas, SHAPE_FIELD } from '../src/core/capture/schema.js';

type Schema = z.core.$ZodType;
type Def = Record<string, any>;
type Mode = 'norm' | 'exact';

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const internals = (s: Schema): { optin?: string; optout?: string } => (s as unknown as { _zod: { optin?: string; optout?: string } })._zod;

class Unsupported extends Error {}

/** A JavaScript string literal. */
const lit = (v: unknown): string => JSON.stringify(v);

/** How a property name is read and written in generated code. */
const prop = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${lit(key)}]`);

class Generator {
  private readonly functions: string[] = [];
  private readonly constants: string[] = [];
  private readonly constantIds = new Map<string, string>();
  private counter = 0;
  readonly imports = new Set<string>();
  readonly enumImports = new Set<string>();

  private id(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  private constant(code: string): string {
    let name = this.constantIds.get(code);
    if (!name) {
      name = `C${this.constantIds.size}`;
      this.constantIds.set(code, name);
      this.constants.push(`const ${name} = ${code};`);
    }
    return name;
  }

  /** The name that generated code calls a transform function by. */
  private transformCall(fn: unknown, arg: string): { code: string; canFail: boolean } {
    if (fn === Number) return { code: `Number(${arg})`, canFail: false };
    if (fn === String) return { code: `String(${arg})`, canFail: false };
    const fastForm = normalize.FAST_FORMS.get(fn);
    if (fastForm) {
      this.imports.add(fastForm);
      return { code: `${fastForm}(${arg})`, canFail: true };
    }
    const table = normalize.enumTableOf(fn);
    if (table) {
      const name = Object.entries(enums).find(([, v]) => v === table)?.[0];
      if (!name) throw new Unsupported('an enum transform over a table that enums.ts does not export');
      this.enumImports.add(name);
      this.imports.add('enumValue');
      return { code: `enumValue(${name}, ${arg})`, canFail: true };
    }
    const name = Object.entries(normalize).find(([, v]) => v === fn)?.[0];
    if (!name) throw new Unsupported(`a transform that is not a named export of normalize.ts: ${String(fn).slice(0, 80)}`);
    this.imports.add(name);
    return { code: `${name}(${arg})`, canFail: false };
  }

  /** True when the schema's output can hold an object, array or record. */
  static makesObject(s: Schema): boolean {
    const d = defOf(s);
    switch (d['type']) {
      case 'object': case 'array': case 'record': case 'unknown': return true;
      case 'optional': case 'nullable': return Generator.makesObject(d['innerType']);
      case 'union': return (d['options'] as Schema[]).some((o) => Generator.makesObject(o));
      case 'pipe': return Generator.makesObject(d['in']) || Generator.makesObject(d['out']);
      default: return false;
    }
  }

  /** True when the schema's output can be null (which the loader turns into an absent property). */
  static mayBeNull(s: Schema): boolean {
    const d = defOf(s);
    switch (d['type']) {
      case 'nullable': case 'unknown': return true;
      case 'null': return true;
      case 'optional': return Generator.mayBeNull(d['innerType']);
      case 'union': return (d['options'] as Schema[]).some((o) => Generator.mayBeNull(o));
      case 'pipe': return defOf(d['out'])['type'] === 'transform' ? false : Generator.mayBeNull(d['out']);
      default: return false;
    }
  }

  /** Deepest object or array of the output below the schema's root (the root object is 0; -1: none). */
  static typedDepth(s: Schema): number {
    const d = defOf(s);
    switch (d['type']) {
      case 'object': return 1 + Math.max(-1, ...Object.values(d['shape'] as Record<string, Schema>).map(Generator.typedDepth));
      case 'array': return 1 + Math.max(-1, Generator.typedDepth(d['element']));
      case 'record': return 1 + Math.max(-1, Generator.typedDepth(d['valueType']));
      case 'optional': case 'nullable': return Generator.typedDepth(d['innerType']);
      case 'union': return Math.max(...(d['options'] as Schema[]).map(Generator.typedDepth));
      // What a transform returns may be an object where the input was not (counted as one, to be safe).
      case 'pipe': return Math.max(Generator.typedDepth(d['in']), defOf(d['out'])['type'] === 'transform' ? 0 : Generator.typedDepth(d['out']));
      default: return -1;
    }
  }

  /** Checks of a string or number schema as conditions that must all hold. */
  private checkConditions(s: Schema, x: string): string[] {
    const out: string[] = [];
    for (const c of (defOf(s)['checks'] ?? []) as Schema[]) {
      const cd = defOf(c);
      if (cd['when'] !== undefined) throw new Unsupported('a check with a "when" condition');
      switch (cd['check']) {
        case 'string_format':
          if (cd['format'] !== 'regex') throw new Unsupported(`string format ${cd['format']}`);
          out.push(`${this.constant(String(cd['pattern']))}.test(${x})`);
          break;
        case 'number_format':
          if (cd['format'] !== 'safeint') throw new Unsupported(`number format ${cd['format']}`);
          out.push(`Number.isSafeInteger(${x})`);
          break;
        case 'greater_than':
          out.push(`${x} ${cd['inclusive'] ? '>=' : '>'} ${Number(cd['value'])}`);
          break;
        case 'less_than':
          out.push(`${x} ${cd['inclusive'] ? '<=' : '<'} ${Number(cd['value'])}`);
          break;
        default:
          throw new Unsupported(`check ${cd['check']}`);
      }
    }
    return out;
  }

  /** A schema that accepts or rejects its input and returns it unchanged, as one condition; undefined otherwise. */
  private test(s: Schema, x: string): string | undefined {
    const d = defOf(s);
    const all = (first: string) => [first, ...this.checkConditions(s, x)].join(' && ');
    switch (d['type']) {
      case 'string': return all(`typeof ${x} === 'string'`);
      case 'number': return all(`typeof ${x} === 'number' && Number.isFinite(${x})`);
      case 'boolean': if ((d['checks'] ?? []).length) throw new Unsupported('checks on a boolean'); return `typeof ${x} === 'boolean'`;
      case 'null': return `${x} === null`;
      case 'enum': return `${this.constant(`new Set(${lit(Object.values(d['entries']))})`)}.has(${x})`;
      case 'literal': return `${this.constant(`new Set(${lit(d['values'])})`)}.has(${x})`;
      case 'union': {
        const parts = (d['options'] as Schema[]).map((o) => this.test(o, x));
        if (parts.some((p) => p === undefined)) return undefined;
        return parts.map((p) => `(${p})`).join(' || ');
      }
      default: return undefined;
    }
  }

  /**
   * Emits statements into `body` that validate `x` (a variable) against the
   * schema and leave the output in the returned expression; a rejection
   * returns FAIL from the enclosing function. `d` is the depth expression of
   * `x`. In 'norm' mode null properties become undefined and pass-through
   * values are handed to the loader (kept); in 'exact' mode (the input of a
   * transform) the output is zod's, nulls included, and the loader walks the
   * transform's result instead.
   */
  private gen(s: Schema, x: string, d: string, mode: Mode, body: string[]): string {
    const def = defOf(s);
    const simple = this.test(s, x);
    if (simple !== undefined) {
      body.push(`if (!(${simple})) return FAIL;`);
      return x;
    }
    switch (def['type']) {
      case 'unknown':
        if (mode === 'norm') body.push(`if (typeof ${x} === 'object' && ${x} !== null) k.push(${x}, ${d});`);
        return x;
      case 'optional': case 'nullable': {
        const v = this.id('v');
        const inner: string[] = [];
        const out = this.gen(def['innerType'], x, d, mode, inner);
        const empty = def['type'] === 'optional' ? 'undefined' : 'null';
        body.push(`let ${v}: any = ${empty};`, `if (${x} !== ${empty}) {`, ...inner.map((l) => '  ' + l), `  ${v} = ${out};`, '}');
        return v;
      }
      case 'array': {
        const a = this.id('a');
        const i = this.id('i');
        const e = this.id('e');
        const inner: string[] = [];
        const out = this.gen(def['element'], e, `${d} + 1`, mode, inner);
        body.push(
          `if (!Array.isArray(${x})) return FAIL;`,
          `const ${a} = new Array(${x}.length);`,
          `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`,
          `  const ${e} = ${x}[${i}];`,
          ...inner.map((l) => '  ' + l),
          `  ${a}[${i}] = ${out};`,
          '}',
        );
        return a;
      }
      case 'record': {
        const key = defOf(def['keyType']);
        if (key['type'] !== 'string' || (key['checks'] ?? []).length) throw new Unsupported('a record whose keys are not plain strings');
        this.imports.add('isPlainObject');
        this.imports.add('hasEnumerableSymbols');
        const r = this.id('r');
        const kk = this.id('k');
        const e = this.id('e');
        const inner: string[] = [];
        const out = this.gen(def['valueType'], e, `${d} + 1`, mode, inner);
        const value = mode === 'norm' && Generator.mayBeNull(def['valueType']) ? `${out} === null ? undefined : ${out}` : out;
        body.push(
          `if (!isPlainObject(${x}) || hasEnumerableSymbols(${x})) return FAIL;`,
          `const ${r}: any = {};`,
          `for (const ${kk} of Object.keys(${x})) {`,
          // A key that could pollute prototypes sends the item to the careful path, which reports it.
          `  if (${kk} === '__proto__' || ${kk} === 'constructor' || ${kk} === 'prototype') return FAIL;`,
          `  const ${e}: any = ${x}[${kk}];`,
          ...inner.map((l) => '  ' + l),
          `  ${r}[${kk}] = ${value};`,
          '}',
        );
        return r;
      }
      case 'object': {
        if (def['catchall'] !== undefined) throw new Unsupported('an object with a catchall');
        const o = this.id('o');
        body.push(`if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return FAIL;`, `const ${o}: any = {};`);
        for (const [key, field] of Object.entries(def['shape'] as Record<string, Schema>)) {
          if (key === '__proto__') continue;
          const { optin, optout } = internals(field);
          const f = this.id('f');
          const present = `${lit(key)} in ${x}`;
          // The value is read first (as zod does) and presence asked only when it reads undefined.
          const read = `const ${f} = ${x}${prop(key)};`;
          const fd = defOf(field);
          if (fd['type'] === 'optional' && defOf(fd['innerType'])['type'] === 'nullable') {
            // The common case, nullish: absent stays absent, undefined and null are an absent value.
            const t = defOf(fd['innerType'])['innerType'] as Schema;
            const empty = `if (${f} === undefined || ${f} === null) { if (${f} === null || ${present}) ${o}${prop(key)} = ${mode === 'norm' ? 'undefined' : f}; }`;
            const cond = this.test(t, f);
            if (cond !== undefined && !(mode === 'norm' && Generator.mayBeNull(t))) {
              body.push(read, empty, `else if (${cond}) ${o}${prop(key)} = ${f};`, 'else return FAIL;');
              continue;
            }
            const tInner: string[] = [];
            const tOut = this.gen(t, f, `${d} + 1`, mode, tInner);
            const tValue = mode === 'norm' && Generator.mayBeNull(t) ? `${tOut} === null ? undefined : ${tOut}` : tOut;
            body.push(read, empty, 'else {', ...tInner.map((l) => '  ' + l), `  ${o}${prop(key)} = ${tValue};`, '}');
            continue;
          }
          const inner: string[] = [];
          const out = this.gen(field, f, `${d} + 1`, mode, inner);
          const value = mode === 'norm' && Generator.mayBeNull(field) ? `${out} === null ? undefined : ${out}` : out;
          if (optin === 'optional' && optout === 'optional') {
            body.push(read, `if (${f} !== undefined || ${present}) {`, ...inner.map((l) => '  ' + l), `  ${o}${prop(key)} = ${value};`, '}');
          } else if (optin === undefined) {
            body.push(read, `if (${f} === undefined && !(${present})) return FAIL;`, ...inner, `${o}${prop(key)} = ${value};`);
          } else {
            throw new Unsupported(`a property that is optional on input only (${key})`);
          }
        }
        return o;
      }
      case 'union': {
        // Options in order, the first that accepts wins (zod's rule); what a rejected option kept is dropped.
        const v = this.id('v');
        const m = this.id('m');
        const options = def['options'] as Schema[];
        body.push(`let ${v}: any = FAIL;`, `const ${m} = k.length;`);
        for (const option of options) {
          const cond = this.test(option, x);
          if (cond !== undefined) {
            body.push(`if (${v} === FAIL && (${cond})) ${v} = ${x};`);
            continue;
          }
          const fn = this.fn(option, mode);
          body.push(`if (${v} === FAIL) { ${v} = ${fn}(${x}, k, ${d}); if (${v} === FAIL) k.length = ${m}; }`);
        }
        body.push(`if (${v} === FAIL) return FAIL;`);
        return v;
      }
      case 'pipe': {
        const outDef = defOf(def['out']);
        if (outDef['type'] === 'transform') {
          // The transform sees exactly what zod hands it; the loader walks what it returns.
          const inMode: Mode = Generator.makesObject(def['in']) ? 'exact' : mode;
          const a = this.gen(def['in'], x, d, inMode, body);
          const t = this.id('t');
          const call = this.transformCall(outDef['transform'], a);
          body.push(`const ${t} = ${call.code};`);
          if (call.canFail) body.push(`if (${t} === FAIL) return FAIL;`);
          if (mode === 'norm' && inMode === 'exact' && !normalize.CLEAN_TRANSFORMS.has(outDef['transform'])) body.push(`if (typeof ${t} === 'object' && ${t} !== null) k.push(${t}, ${d});`);
          return t;
        }
        const a = this.gen(def['in'], x, d, mode, body);
        const b = this.id('p');
        body.push(`const ${b} = ${a};`);
        return this.gen(def['out'], b, d, mode, body);
      }
      default:
        throw new Unsupported(`schema type ${def['type']}`);
    }
  }

  private readonly made = new Map<Schema, Map<Mode, string>>();

  /** A function validating one schema (made once per schema and mode); returns its name. */
  fn(s: Schema, mode: Mode, name?: string): string {
    const known = this.made.get(s)?.get(mode);
    if (known && name === undefined) return known;
    name ??= this.id('u');
    if (!this.made.has(s)) this.made.set(s, new Map());
    this.made.get(s)!.set(mode, name);
    const body: string[] = [];
    const out = this.gen(s, 'x', 'd', mode, body);
    this.functions.push([
      `function ${name}(x: any, k: unknown[], d: number): any {`,
      ...body.map((l) => '  ' + l),
      `  return ${out};`,
      '}',
    ].join('\n'));
    return name;
  }

  /**
   * The validator of a key's items: the schema's function, and the item's
   * pointer set on an object result (what the loader reports evidence with).
   * The pointer is set here rather than by the loader, so that the loader's
   * own optimized code never depends on the shapes of one capture's objects.
   */
  item(s: Schema, name: string, located: boolean): string {
    const inner = this.fn(s, 'norm');
    const store = defOf(s)['type'] === 'object'
      ? '  if (o !== FAIL) o.$ptr = p;'
      : "  if (o !== FAIL && typeof o === 'object' && o !== null && !Array.isArray(o)) o.$ptr = p;";
    this.functions.push([
      `function ${name}(x: any, k: unknown[], d: number, p: string): any {`,
      `  const o = ${inner}(x, k, d);`,
      ...(located ? [store] : []),
      '  return o;',
      '}',
    ].join('\n'));
    return name;
  }

  /** A function written out as it is. */
  raw(code: string): void {
    this.functions.push(code);
  }

  source(exportsCode: string[]): string {
    const normalizeImports = [...this.imports].filter((n) => n !== 'isPlainObject' && n !== 'hasEnumerableSymbols').sort();
    const runtimeImports = ['FAIL', 'type FastValidator', ...[...this.imports].filter((n) => n === 'isPlainObject' || n === 'hasEnumerableSymbols').sort()];
    return [
      '// Generated by scripts/fast-validators.ts from src/core/capture/schema.ts (npm run schema). Do not edit.',
      '// Each function accepts what the zod schema of its key accepts and returns what zod returns, nulls made',
      '// absent, or FAIL; test/capture/fast.test.ts holds them to that.',
      '/* eslint-disable */',
      `import { ${[...this.enumImports].sort().join(', ')} } from './enums.js';`,
      `import { ${runtimeImports.join(', ')} } from './fast-runtime.js';`,
      `import { ${normalizeImports.join(', ')} } from './normalize.js';`,
      '',
      ...this.constants,
      '',
      ...this.functions.flatMap((f) => [f, '']),
      ...exportsCode,
      '',
    ].join('\n');
  }
}

/** The text of fast.generated.ts. */
export function generateFastValidators(): string {
  const { KEY_SCHEMAS, PART_SCHEMAS } = captureSchemas();
  const g = new Generator();
  const entries: string[] = [];
  const depths: string[] = [];
  type Def = { schema: Schema; record?: boolean };
  const defs: [string, Def][] = [
    ...Object.entries(KEY_SCHEMAS as Record<string, Def>),
    ...Object.entries(PART_SCHEMAS as Record<string, Record<string, Def>>).flatMap(([key, parts]) => Object.entries(parts).map(([p, v]) => [`${key}.${p}`, v] as [string, Def])),
  ];
  const all: [string, Schema][] = defs.map(([k, v]) => [k, v.schema]);
  const records = new Set(defs.filter(([, v]) => v.record === true).map(([k]) => k));
  for (const [key, schema] of all) {
    const safe = key.replace(/\W/g, '_');
    const located = !records.has(key);
    depths.push(`  ${lit(key)}: ${Generator.typedDepth(schema)},`);
    const field = SHAPE_FIELD[key];
    if (field === undefined) {
      entries.push(`  ${lit(key)}: ${g.item(schema, `item_${safe}`, located)},`);
      continue;
    }
    // A union of two shapes: the item is read as the shape it claims (see SHAPE_FIELD), as the loader does.
    const def = defOf(schema);
    if (def['type'] !== 'union' || (def['options'] as Schema[]).length !== 2) throw new Unsupported(`${key}: a shape field without a union of two shapes`);
    const [first, second] = (def['options'] as Schema[]).map((o, i) => g.item(o, `item_${safe}_${i}`, located));
    g.raw([
      `function item_${safe}(x: any, k: unknown[], d: number, p: string): any {`,
      "  if (!x || typeof x !== 'object') return FAIL;",
      `  return ${lit(field)} in x ? ${first}(x, k, d, p) : ${second}(x, k, d, p);`,
      '}',
    ].join('\n'));
    entries.push(`  ${lit(key)}: item_${safe},`);
  }
  return g.source([
    '/** The fast validator of each key\'s items (parts as `<key>.<part>`: `docker.networks`). */',
    'export const FAST_VALIDATORS: Readonly<Record<string, FastValidator>> = {',
    ...entries,
    '};',
    '',
    '/** Deepest object or array that a key\'s validator itself builds, below the item (0: the item). */',
    'export const FAST_TYPED_DEPTH: Readonly<Record<string, number>> = {',
    ...depths,
    '};',
  ]);
}
