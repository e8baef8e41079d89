/** `wcn-doctor topology`: the host as a graph, for Mermaid or Graphviz, or drawn as SVG. */
import { buildTopology, renderDot, renderMermaid } from '../core/report/topology.js';
import { USAGE_OR_UNREADABLE, defineCommand, format, maxSize } from './command.js';
import { diagnoseOrReport } from './load.js';
import { EXIT } from './io.js';

export const topologyCommand = defineCommand({
  name: 'topology',
  usage: ['<capture|folder> [--format mermaid|dot|svg]'],
  description: `Draw the host as a graph: physical adapters, vSwitches, host vNICs, WinNAT,
HNS networks framed by the software that owns them (docker, Hyper-V, ...),
docker networks, and containers with their IP addresses (a network with many
containers or endpoints shows a count). The objects that findings are about
are outlined in the colour of the worst severity and name the checks.
Names from the capture are escaped for each syntax.`,
  options: {
    format: format(['mermaid', 'dot', 'svg'], 'mermaid', `mermaid (default): paste into a Markdown file or a
ticket that renders Mermaid; dot: for Graphviz;
svg: the drawing itself, laid out here, offline`),
    'max-size': maxSize(),
  },
  positionals: { min: 1, max: 1, few: 'name one capture file or folder', many: 'name one capture file or folder' },
  exitCodes: [
    [EXIT.ok, 'the graph was written'],
    USAGE_OR_UNREADABLE,
  ],
  examples: [
    'wcn-doctor topology host.json > host.mmd',
    'wcn-doctor topology host.json --format svg > host.svg',
    'wcn-doctor topology host.json --format dot > host.dot',
  ],
  async run({ options, positionals }, io) {
    const diagnosed = diagnoseOrReport(positionals[0]!, io, options['max-size']);
    if (!diagnosed) return EXIT.usage;
    const graph = buildTopology(diagnosed.model, diagnosed.report.findings);
    if (options.format === 'svg') io.out(await (await import('../core/report/svg.js')).renderSvg(graph));
    else io.out(options.format === 'dot' ? renderDot(graph) : renderMermaid(graph));
    return EXIT.ok;
  },
});
