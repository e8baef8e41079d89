/** `wcn-doctor diff`: what changed between two captures of one host. */
import { parseArgs } from 'node:util';
import { diagnoseFile } from '../core/diagnose.js';
import { diffCaptures } from '../core/diff.js';
import { renderDiffJson, renderDiffText } from '../core/report/diff.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { EXIT, UsageError, type Io } from './io.js';

export const DIFF_HELP = `Usage: wcn-doctor diff <before> <after> [--format text|json]

Compare two captures of one host (before and after a change, a reboot or a
fix): objects added, removed or changed by kind (vSwitches, adapters and
their addresses, WinNAT, HNS networks, docker networks, containers,
services, hotfixes), host state (build and update revision, IPv6 state,
docker version), and which findings appeared or cleared. Findings are
matched by check and the objects they are about, not by message text.

Options:
  --format <f>       text (default) or json
  --max-size <MiB>   refuse capture files larger than this (default 64)
  -h, --help         show this help

Exit codes (as diff(1)):
  0  no differences
  1  differences found
  2  usage error, or a capture that could not be read
  3  internal error in wcn-doctor

Examples:
  wcn-doctor diff before.json after.json
  wcn-doctor diff --format json monday/ tuesday/ > changes.json
`;

export function runDiff(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(DIFF_HELP);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}' (use text or json)`);
  if (positionals.length !== 2) throw new UsageError('name two captures: the one from before, then the one from after');
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    const mib = Number(values['max-size']);
    if (!Number.isFinite(mib) || mib <= 0) throw new UsageError(`--max-size takes a number of MiB, not '${values['max-size']}'`);
    maxBytes = Math.floor(mib * 1024 * 1024);
  }
  const sides = positionals.map((p) => ({ path: p, ...diagnoseFile(p, { maxBytes }) }));
  const bad = sides.filter((s) => !s.model);
  if (bad.length > 0) {
    for (const s of bad) io.err(`wcn-doctor: cannot read '${sanitizeInline(s.path)}': ${sanitizeInline(s.report.ingestIssues.map((i) => i.message).join('; '))}\n`);
    return EXIT.usage;
  }
  const d = diffCaptures({ model: sides[0]!.model!, report: sides[0]!.report }, { model: sides[1]!.model!, report: sides[1]!.report });
  io.out(values.format === 'json' ? renderDiffJson(d) : renderDiffText(d, { color: io.color, width: io.columns }));
  return d.identical ? EXIT.ok : EXIT.findings;
}
