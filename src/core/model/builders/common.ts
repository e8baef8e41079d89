/** Small helpers shared by the model builders. */

export const lower = (s: string | undefined): string => (s ?? '').toLowerCase();
export const guid = (s: string | undefined): string => lower(s).replace(/[{}]/g, '');

export function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const it of items) if (!m.has(lower(it.name))) m.set(lower(it.name), it);
  return m;
}

/*
 * The per-item steps of the builders are module functions rather than
 * closures made inside each call: V8 keeps the optimized code of a closure
 * only while some closure of that call is alive, so closures made per call
 * were compiled again after every garbage collection; on a host with
 * thousands of endpoints that cost as much CPU as building the model.
 */

/** `guid(s)` through a table: thousands of endpoints name a few networks. */
export function guidOf(memo: Map<string, string>, s: string | undefined): string {
  if (s === undefined) return '';
  let g = memo.get(s);
  if (g === undefined) memo.set(s, (g = guid(s)));
  return g;
}
