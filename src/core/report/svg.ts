/**
 * The host graph as SVG, laid out by Graphviz compiled to WebAssembly
 * (@viz-js/viz): no system Graphviz, no network. The module and its
 * WebAssembly are loaded on the first drawing only, so runs that never draw
 * pay nothing for them.
 *
 * Graphviz writes every label as XML text (`<`, `>`, `&`, quotes escaped);
 * the DOT it reads is the one renderDot writes, where names are already
 * escaped for DOT. No node carries a URL, so the drawing holds no link and no
 * script.
 */
import { renderDot, type Topology } from './topology.js';

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let viz: Promise<Viz> | undefined;

async function graphviz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

class DrawingError extends Error {}

/** A standalone SVG document (what `topology --format svg` writes). */
export async function renderSvg(t: Topology): Promise<string> {
  const result = (await graphviz()).render(renderDot(t), { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw new DrawingError(`Graphviz could not lay out the graph: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}

/**
 * The same drawing for a place inside an HTML page: no XML declaration, no
 * doctype, no comments, and no `<title>` holding the generated node ids.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/g, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .replace(/<title>[^<]*<\/title>\s*/g, '')
    .trim();
}
