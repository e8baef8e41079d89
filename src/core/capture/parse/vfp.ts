/**
 * vfpctrl prints `key : value` lines. Its labels are known only from the
 * scripts that read them, so the text is read generically: one record of
 * fields per block (blocks are separated by blank lines), `TRUE`/`FALSE`
 * values as booleans.
 */
import type { VfpFields } from '../runtime-types.js';

function fieldsOf(lines: readonly string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const line of lines) {
    const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m || m[1]!.length === 0) continue;
    const value = m[2]!;
    out[m[1]!] = /^true$/i.test(value) ? true : /^false$/i.test(value) ? false : value;
  }
  return out;
}

/** Every block of `key : value` lines that holds at least one field. */
export function parseVfpBlocks(text: string): VfpFields[] {
  const blocks: VfpFields[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const fields = fieldsOf(block.split(/\r?\n/));
    if (Object.keys(fields).length > 0) blocks.push(fields);
  }
  return blocks;
}

/** All the fields of one text (a port state). */
export function parseVfpFields(text: string): VfpFields {
  return fieldsOf(text.split(/\r?\n/));
}
