/** `wcn-doctor check`: diagnose captures in batch. Never loads the TUI. */
import { parseArgs } from 'node:util';
import { diagnoseFile, type HostReport } from '../core/diagnose.js';
import { severityRank } from '../core/engine.js';
import { renderJsonReport } from '../core/report/json.js';
import { renderTextReport } from '../core/report/text.js';
import { renderFixVerificationText } from '../core/report/simulate.js';
import { verifyFixes, type FixVerification } from '../core/simulate/verify.js';
import type { Severity } from '../core/checks/types.js';
import { loadKnowledge } from '../core/knowledge/pages.js';
import { KnowledgeIndex } from '../core/knowledge/search.js';
import { EXIT, UsageError, type Io } from './io.js';

export const CHECK_HELP = `Usage: wcn-doctor check <capture|folder>... [options]

Diagnose one or more captures of Windows container hosts and print what is
wrong, why, and the PowerShell that fixes it. A capture is one JSON file or a
folder of <key>.json files (see 'Capture a host' in the README).

Options:
  --format <f>       text (default), json
  --fail-on <level>  error (default), warning, never: the lowest severity
                     that makes the exit code 1
  --symptom <text>   the error text the user saw: each report adds the likely
                     causes on that host (text match + host state)
  --verbose          list every check with its status (text format)
  --verify-fixes     apply each finding's fixes in the simulator and report
                     whether the finding clears and what else changes (JSON:
                     a 'fixVerification' field on each report)
  --max-size <MiB>   refuse capture files larger than this (default 256)
  -h, --help         show this help

Exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level
  2  usage error, or a capture that could not be read at all

Examples:
  wcn-doctor check capture.json
  wcn-doctor check --format json captures/*.json > report.json
  wcn-doctor check --fail-on warning host1.json host2.json
`;

type FailOn = Severity | 'never';

export function exitCodeFor(reports: readonly HostReport[], failOn: FailOn, unreadable: boolean): number {
  if (unreadable) return EXIT.usage;
  if (failOn === 'never') return EXIT.ok;
  const limit = severityRank(failOn);
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) <= limit)) ? EXIT.findings : EXIT.ok;
}

export function runCheck(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      verbose: { type: 'boolean', default: false },
      'verify-fixes': { type: 'boolean', default: false },
      symptom: { type: 'string' },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(CHECK_HELP);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format '${format}' (use text or json)`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'info' && failOn !== 'never') {
    throw new UsageError(`unknown --fail-on '${failOn}' (use error, warning or never)`);
  }
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    const mib = Number(values['max-size']);
    if (!Number.isFinite(mib) || mib <= 0) throw new UsageError(`--max-size takes a number of MiB, not '${values['max-size']}'`);
    maxBytes = Math.floor(mib * 1024 * 1024);
  }
  if (positionals.length === 0) throw new UsageError('name at least one capture file or folder');

  const symptom = values.symptom?.trim();
  if (values.symptom !== undefined && !symptom) throw new UsageError('--symptom needs the error text');
  const index = symptom ? new KnowledgeIndex(loadKnowledge()) : undefined;
  const reports: (HostReport & { fixVerification?: FixVerification[] })[] = [];
  let unreadable = false;
  for (const path of positionals) {
    const { report, model } = diagnoseFile(path, { maxBytes });
    if (!model) unreadable = true;
    let r: HostReport & { fixVerification?: FixVerification[] } = report;
    if (index && symptom && model) r = { ...r, likelyCauses: index.likelyCauses(symptom, report.findings, report.checks) };
    if (values['verify-fixes'] && model) r = { ...r, fixVerification: verifyFixes(model.capture, report.findings) };
    reports.push(r);
  }
  if (format === 'json') {
    io.out(renderJsonReport(reports));
  } else {
    io.out(reports.map((r) => renderTextReport(r, { color: io.color, width: io.columns, verbose: values.verbose })
      + (r.fixVerification ? renderFixVerificationText(r.findings, r.fixVerification, { color: io.color, width: io.columns }) : '')).join('\n'));
  }
  return exitCodeFor(reports, failOn, unreadable);
}
