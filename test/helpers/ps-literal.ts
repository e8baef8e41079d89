/**
 * Reads back the value of an argument that `psQuote` wrote, the way
 * PowerShell would: a single-quoted string ('' is one quote, and the
 * typographic single quotes double the same way), or a parenthesized
 * concatenation of such strings and [char]0xNNNN codes. Anything else is
 * undefined, so a test fails when a value did not come out as one literal.
 */
const QUOTE = "['\u2018\u2019\u201A\u201B]";
const SINGLE = new RegExp(`^${QUOTE}((?:[^'\u2018\u2019\u201A\u201B]|${QUOTE}${QUOTE})*)${QUOTE}$`, 'su');
const PART = new RegExp(`${QUOTE}(?:[^'\u2018\u2019\u201A\u201B]|${QUOTE}${QUOTE})*${QUOTE}|\\[char\\]0x[0-9A-F]{4}`, 'gsu');

function single(text: string): string | undefined {
  const m = SINGLE.exec(text);
  return m ? m[1]!.replace(new RegExp(`(${QUOTE})${QUOTE}`, 'gu'), '$1') : undefined;
}

export function psLiteralValue(text: string): string | undefined {
  const s = single(text);
  if (s !== undefined) return s;
  if (!text.startsWith('(') || !text.endsWith(')')) return undefined;
  const inner = text.slice(1, -1);
  const parts = inner.match(PART) ?? [];
  if (parts.join(' + ') !== inner) return undefined;
  return parts.map((p) => (p.startsWith('[char]') ? String.fromCodePoint(parseInt(p.slice(8), 16)) : single(p)!)).join('');
}
