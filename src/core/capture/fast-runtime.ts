/**
 * The few helpers the generated fast validators (fast.generated.ts) call,
 * each the same test zod makes (zod/v4/core: util.isPlainObject, the record
 * parser's treatment of symbol keys). test/capture/fast.test.ts holds them
 * to zod's answers.
 */
export { FAIL, type Fail } from './normalize.js';

/**
 * A fast validator: the normalized item, or FAIL. `kept` collects, in pairs,
 * the values passed through unvalidated (HNS policies, daemon.json, …) and
 * their depth, which the loader then checks and cleans (see ingest.ts);
 * `depth` is the depth of the item below its capture key; `pointer` is the
 * item's JSON pointer, set as `$ptr` on an object result (not on daemon.json,
 * whose keys are the user's).
 */
export type FastValidator = (input: unknown, kept: unknown[], depth: number, pointer: string) => unknown;

function isObject(o: unknown): o is Record<PropertyKey, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}

/** zod's isPlainObject, which its record schema requires. */
export function isPlainObject(o: unknown): o is Record<string, unknown> {
  if (!isObject(o)) return false;
  const ctor = o['constructor'];
  if (ctor === undefined) return true;
  if (typeof ctor !== 'function') return true;
  const prot = ctor.prototype as unknown;
  if (!isObject(prot)) return false;
  if (!Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf')) return false;
  return true;
}

/** zod's record schema reads enumerable symbol keys too, and a string key schema rejects them. */
export function hasEnumerableSymbols(o: object): boolean {
  const symbols = Object.getOwnPropertySymbols(o);
  for (const s of symbols) if (Object.prototype.propertyIsEnumerable.call(o, s)) return true;
  return false;
}
