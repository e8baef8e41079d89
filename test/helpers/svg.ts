/** Reads the SVG that Graphviz writes, strictly enough to prove a name stayed text. */

/**
 * Tags and texts of an SVG document as Graphviz writes it for renderDot's
 * graphs: throws on anything else (text outside a text element, an unreadable
 * tag).
 */
export function svgParts(svg: string): { tags: string[]; texts: string[] } {
  const body = svg.replace(/^<\?xml[^>]*\?>\s*<!DOCTYPE[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tags: string[] = [];
  const texts: string[] = [];
  const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, e: string, d?: string, h?: string) =>
    (d ? String.fromCodePoint(Number(d)) : h ? String.fromCodePoint(parseInt(h, 16)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]!));
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let open = '';
  while ((m = re.exec(body)) !== null) {
    if (m[5] !== undefined) {
      if (open === 'text') texts.push(decode(m[5]));
      else if (open !== 'title' && m[5].trim() !== '') throw new Error(`text outside <text>: ${m[5]}`);
      continue;
    }
    tags.push(m[2]!);
    open = m[1] || m[4] ? '' : m[2]!;
  }
  if (re.lastIndex !== 0 && re.lastIndex < body.length) throw new Error(`cannot read the SVG at ${re.lastIndex}`);
  return { tags, texts };
}

