/**
 * Orders strings by their UTF-16 code units. For check codes (`WCN101`) this
 * is the order `localeCompare` gives, without what `localeCompare` costs the
 * first time a process calls it: loading the ICU collation data, about 5 ms
 * of CPU, paid by every run of every command.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
