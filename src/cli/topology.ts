/** `wcn-doctor topology`: the host as a graph, for Mermaid or Graphviz. */
import { buildTopology, renderDot, renderMermaid } from '../core/report/topology.js';
import { USAGE_OR_UNREADABLE, defineCommand, format, maxSize } from './command.js';
import { diagnoseOrReport } from './load.js';
import { EXIT } from './io.js';

export const topologyCommand = defineCommand({
  name: 'topology',
  usage: ['<capture|folder> [--format mermaid|dot]'],
  description: `Draw the host as a graph: physical adapters, vSwitches, host vNICs, WinNAT,
HNS networks, docker networks and containers with their IP addresses. The
objects that findings are about are outlined in red and name the checks.
Names from the capture are escaped for each syntax.`,
  options: {
    format: format(['mermaid', 'dot'], 'mermaid', `mermaid (default): paste into a Markdown file or a
ticket that renders Mermaid; dot: for Graphviz`),
    'max-size': maxSize(),
  },
  positionals: { min: 1, max: 1, few: 'name one capture file or folder', many: 'name one capture file or folder' },
  exitCodes: [
    [EXIT.ok, 'the graph was written'],
    USAGE_OR_UNREADABLE,
  ],
  examples: [
    'wcn-doctor topology host.json > host.mmd',
    'wcn-doctor topology host.json --format dot | dot -Tsvg > host.svg',
  ],
  run({ options, positionals }, io) {
    const diagnosed = diagnoseOrReport(positionals[0]!, io, options['max-size']);
    if (!diagnosed) return EXIT.usage;
    const graph = buildTopology(diagnosed.model, diagnosed.report.findings);
    io.out(options.format === 'dot' ? renderDot(graph) : renderMermaid(graph));
    return EXIT.ok;
  },
});
