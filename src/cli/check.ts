/** `wcn-doctor check`: diagnose captures in batch. Never loads the TUI. */
import type { HostReport } from '../core/diagnose.js';
import { severityRank } from '../core/engine.js';
import { fleetSummary, renderFleetText } from '../core/report/fleet.js';
import { renderJsonReport, renderNdjsonLine } from '../core/report/json.js';
import { makeStyle } from '../core/report/style.js';
import { renderTextReport } from '../core/report/text.js';
import { judgedCount } from '../core/report/verdict.js';
import { renderFixVerificationText } from '../core/report/simulate.js';
import type { FixVerification } from '../core/simulate/verify.js';
import type { Severity } from '../core/checks/types.js';
import type { Topology } from '../core/report/topology.js';
import { analyse, type Analysis, type RegionTable } from './analyse.js';
import { defineCommand, failOn, flag, format, maxSize, text, wholeNumber, type Values } from './command.js';
import { EXIT, UsageError, type Io } from './io.js';
import { capturesNamed } from './load.js';

const CHECK_FORMATS = ['text', 'json', 'ndjson', 'markdown', 'sarif', 'html'] as const;

function exitCodeFor(reports: readonly HostReport[], failOn: Severity | 'never', unreadable: boolean): number {
  // Read but judged by no check is no better than unreadable: it must not pass a script's test.
  if (unreadable || reports.some((r) => judgedCount(r.checks) === 0)) return EXIT.usage;
  if (failOn === 'never') return EXIT.ok;
  const limit = severityRank(failOn);
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) <= limit)) ? EXIT.findings : EXIT.ok;
}

function regionLookup(tables: readonly (RegionTable | undefined)[]) {
  const all = new Map<string, RegionTable[string]>();
  for (const t of tables) for (const [file, row] of Object.entries(t ?? {})) all.set(file, { ...all.get(file), ...row });
  return (file: string, pointer: string) => all.get(file)?.[pointer];
}

const CHECK_OPTIONS = {
  format: format(CHECK_FORMATS, 'text', `text (default), json, ndjson, markdown, sarif, html
  json      one document: reports, plus 'fleet' (findings
            by knowledge id and the hosts they affect)
  ndjson    one host report per line, written as each
            capture is done (completion order)
  markdown  a report to paste into a ticket
  sarif     SARIF 2.1.0, results located at the capture
            file, line and JSON pointer of their evidence
  html      one self-contained page to attach to a
            ticket: findings, fixes with copy buttons,
            knowledge pages, the drawing of each host,
            every check; a summary table for several`),
  'fail-on': failOn(),
  symptom: text('<text>', `the error text the user saw: each report adds the likely
causes on that host (text match + host state)`),
  verbose: flag('list every check with its status (text format)'),
  'verify-fixes': flag(`apply each finding's fixes in the simulator and report
whether the finding clears and what else changes (JSON:
a 'fixVerification' field on each report)`),
  'max-size': maxSize(`refuse a capture larger than this, a file or all files
of a folder together (default 64)`),
  jobs: wholeNumber('<n>', `analyse at most n captures at once (default: the number
of cores; 1 = no worker threads)`, { min: 1, max: 9999, fallback: undefined }),
};

export const checkCommand = defineCommand({
  name: 'check',
  usage: ['<capture|folder>... [options]'],
  description: `Diagnose one or more captures of Windows container hosts and print what is
wrong, why, and the PowerShell that fixes it. A capture is one JSON file or a
folder of <key>.json files (see 'Capture a host' in the README). A folder of
whole captures (a download folder) stands for each capture in it; when a
folder holds both kinds, a note on stderr says how it was read.

Several captures are analysed in parallel (one worker per core) and the
output ends with a summary across hosts. A progress bar is drawn on stderr
when it is a terminal.`,
  options: CHECK_OPTIONS,
  positionals: { min: 1, max: Infinity, few: 'name at least one capture file or folder' },
  exitCodes: [
    [EXIT.ok, 'no finding at or above the --fail-on level'],
    [EXIT.findings, 'at least one finding at or above the --fail-on level'],
    [EXIT.usage, 'usage error, or a capture that could not be read at all or\n  that no check could judge (each one lacked its data or its runtime,\n  or crashed)'],
  ],
  examples: [
    'wcn-doctor check capture.json',
    'wcn-doctor check --format json captures/*.json > report.json',
    'wcn-doctor check --format sarif host.json > wcn.sarif',
    'wcn-doctor check --format markdown host.json > ticket.md',
    'wcn-doctor check --format html hosts/*.json > report.html',
    'wcn-doctor check --fail-on warning host1.json host2.json',
  ],
  run: ({ options, positionals }, io) => runCheck(options, positionals, io),
});

type CheckOptions = Values<typeof CHECK_OPTIONS>;

async function runCheck(values: CheckOptions, named: readonly string[], io: Io): Promise<number> {
  const positionals = capturesNamed(named, io);
  const { format, jobs } = values;
  const failOn = values['fail-on'];
  const maxBytes = values['max-size'];
  const symptom = values.symptom?.trim();
  if (values.symptom !== undefined && !symptom) throw new UsageError('--symptom needs the error text');
  // Modules that only some runs need are loaded only then (start-up time).
  const knowledge = symptom || format === 'sarif' || format === 'html' ? await import('../core/knowledge/pages.js') : undefined;
  const index = symptom ? new (await import('../core/knowledge/search.js')).KnowledgeIndex(knowledge!.loadKnowledge()) : undefined;
  // A pasted command is simulated on the capture; the capture is read again here because workers return only reports.
  const pasted = symptom ? await import('../core/pasted.js') : undefined;
  const isCommand = symptom !== undefined && pasted?.pastedCommands(symptom) !== undefined;
  const readCaptureOf = isCommand ? (await import('../core/capture/read.js')).readCapture : undefined;
  const withCauses = (a: Analysis): HostReport => {
    if (!index || !symptom || !pasted || !a.readable) return a.report;
    const loaded = readCaptureOf?.(a.report.source, { maxBytes });
    const capture = loaded?.readable ? loaded.capture : undefined;
    return { ...a.report, symptom, likelyCauses: pasted.pastedCauses(index, symptom, a.report.findings, a.report.checks, capture) };
  };

  const options = { maxBytes, regions: format === 'sarif', verifyFixes: values['verify-fixes'], topology: format === 'html' };
  const reports: HostReport[] = new Array(positionals.length);
  const topologies: (Topology | undefined)[] = new Array(positionals.length);
  const regions: (RegionTable | undefined)[] = new Array(positionals.length);
  let unreadable = false;
  const textOptions = { color: io.color, width: io.columns, verbose: values.verbose };
  const renderText = (r: HostReport & { fixVerification?: FixVerification[] }) => renderTextReport(r, textOptions)
    + (r.fixVerification ? renderFixVerificationText(r.findings, r.fixVerification, { color: io.color, width: io.columns }) : '');

  if (positionals.length === 1) {
    // One capture: no worker start-up, no progress bar.
    const a = await analyse(positionals[0]!, options);
    reports[0] = withCauses(a);
    regions[0] = a.regions;
    topologies[0] = a.topology;
    unreadable = !a.readable;
    if (format === 'ndjson') io.out(renderNdjsonLine(reports[0]));
    else if (format === 'text') io.out(renderText(reports[0]));
  } else {
    const [{ analyseMany }, { makeProgress }] = await Promise.all([import('./pool.js'), import('./progress.js')]);
    const progress = makeProgress(positionals.length, io.stderrIsTTY, io.err, io.columns);
    const emit = (text: string) => {
      progress.clear();
      io.out(text);
      progress.redraw();
    };
    let finished = 0;
    let nextText = 0;
    await analyseMany(positionals, {
      jobs,
      analyse: options,
      onResult(i, a: Analysis) {
        reports[i] = withCauses(a);
        regions[i] = a.regions;
        topologies[i] = a.topology;
        if (!a.readable) unreadable = true;
        progress.tick(++finished);
        if (format === 'ndjson') emit(renderNdjsonLine(reports[i]));
        // Text streams in input order: print every report whose predecessors are done.
        while (format === 'text' && nextText < reports.length && reports[nextText] !== undefined) {
          emit((nextText > 0 ? '\n' : '') + renderText(reports[nextText]!));
          nextText++;
        }
      },
    });
    progress.clear();
    if (format === 'text') io.out('\n' + renderFleetText(fleetSummary(reports), makeStyle(io.color).bold));
  }

  if (format === 'json') io.out(renderJsonReport(reports));
  else if (format === 'markdown') io.out((await import('../core/report/markdown.js')).renderMarkdownReport(reports));
  else if (format === 'sarif') {
    const { renderSarifReport } = await import('../core/report/sarif.js');
    io.out(renderSarifReport(reports, { pages: knowledge!.loadKnowledge(), cwd: io.cwd, region: regionLookup(regions) }));
  } else if (format === 'html') {
    const [{ renderHtmlReport }, { inlineSvg, renderSvg }, { toolVersion }] = await Promise.all([
      import('../core/report/html.js'), import('../core/report/svg.js'), import('../core/paths.js'),
    ]);
    const hosts = [];
    for (const [i, report] of reports.entries()) {
      const graph = topologies[i];
      hosts.push({ report, ...(graph ? { drawing: inlineSvg(await renderSvg(graph)) } : {}) });
    }
    io.out(renderHtmlReport(hosts, { pages: knowledge!.loadKnowledge(), version: toolVersion() }));
  }
  return exitCodeFor(reports, failOn, unreadable);
}
