/** `wcn-doctor diff`: what changed between two captures of one host. */
import { diffCaptures } from '../core/diff.js';
import { renderDiffJson, renderDiffText } from '../core/report/diff.js';
import { USAGE_OR_UNREADABLE, defineCommand, format, maxSize } from './command.js';
import { diagnoseOrReport } from './load.js';
import { EXIT } from './io.js';

export const diffCommand = defineCommand({
  name: 'diff',
  usage: ['<before> <after> [--format text|json]'],
  description: `Compare two captures of one host (before and after a change, a reboot or a
fix): objects added, removed or changed by kind (vSwitches, adapters and
their addresses, WinNAT, HNS networks, docker networks, containers,
services, hotfixes), host state (build and update revision, IPv6 state,
docker version), and which findings appeared or cleared. Findings are
matched by check and the objects they are about, not by message text.`,
  options: {
    format: format(['text', 'json'], 'text'),
    'max-size': maxSize(),
  },
  positionals: { min: 2, max: 2, few: 'name two captures: the one from before, then the one from after', many: 'name two captures: the one from before, then the one from after' },
  exitCodes: [
    [EXIT.ok, 'no differences'],
    [EXIT.findings, 'differences found (as diff(1))'],
    USAGE_OR_UNREADABLE,
  ],
  examples: [
    'wcn-doctor diff before.json after.json',
    'wcn-doctor diff --format json monday/ tuesday/ > changes.json',
  ],
  run({ options, positionals }, io) {
    // Both sides are read before giving up, so every unreadable one is named.
    const [before, after] = positionals.map((p) => diagnoseOrReport(p, io, options['max-size']));
    if (!before || !after) return EXIT.usage;
    const d = diffCaptures(before, after);
    io.out(options.format === 'json' ? renderDiffJson(d) : renderDiffText(d, { color: io.color, width: io.columns }));
    return d.identical ? EXIT.ok : EXIT.findings;
  },
});
