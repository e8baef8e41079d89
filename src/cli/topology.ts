/** `wcn-doctor topology`: the host as a graph, for Mermaid or Graphviz, or drawn as SVG. */
import { parseArgs } from 'node:util';
import { diagnoseFile } from '../core/diagnose.js';
import { buildTopology, renderDot, renderMermaid } from '../core/report/topology.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { EXIT, UsageError, type Io } from './io.js';

export const TOPOLOGY_HELP = `Usage: wcn-doctor topology <capture|folder> [--format mermaid|dot|svg]

Draw the host as a graph: physical adapters, vSwitches, host vNICs, WinNAT,
HNS networks framed by the software that owns them (docker, Hyper-V, ...),
docker networks, and containers with their IP addresses (a network with many
containers or endpoints shows a count). The objects that findings are about
are outlined in the colour of the worst severity and name the checks.
Names from the capture are escaped for each syntax.

Options:
  --format <f>       mermaid (default): paste into a Markdown file or a
                     ticket that renders Mermaid; dot: for Graphviz;
                     svg: the drawing itself, laid out here, offline
                     (wcn-doctor topology host.json --format svg > host.svg)
  --max-size <MiB>   refuse capture files larger than this (default 64)
  -h, --help         show this help

Exit codes:
  0  the graph was written
  2  usage error, or a capture that could not be read
  3  internal error in wcn-doctor
`;

export const TOPOLOGY_FORMATS = ['mermaid', 'dot', 'svg'] as const;

export async function runTopology(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'mermaid' },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(TOPOLOGY_HELP);
    return EXIT.ok;
  }
  const format = values.format as (typeof TOPOLOGY_FORMATS)[number];
  if (!TOPOLOGY_FORMATS.includes(format)) throw new UsageError(`unknown --format '${sanitizeInline(values.format ?? '')}' (use mermaid, dot or svg)`);
  if (positionals.length !== 1) throw new UsageError('name one capture file or folder');
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    const mib = Number(values['max-size']);
    if (!Number.isFinite(mib) || mib <= 0) throw new UsageError(`--max-size takes a number of MiB, not '${values['max-size']}'`);
    maxBytes = Math.floor(mib * 1024 * 1024);
  }
  const { report, model } = diagnoseFile(positionals[0]!, { maxBytes });
  if (!model) {
    io.err(`wcn-doctor: cannot read '${sanitizeInline(positionals[0]!)}': ${sanitizeInline(report.ingestIssues.map((i) => i.message).join('; '))}\n`);
    return EXIT.usage;
  }
  const graph = buildTopology(model, report.findings);
  if (format === 'svg') io.out(await (await import('../core/report/svg.js')).renderSvg(graph));
  else io.out(format === 'dot' ? renderDot(graph) : renderMermaid(graph));
  return EXIT.ok;
}
