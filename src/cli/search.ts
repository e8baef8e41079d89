/** `wcn-doctor search`: which failure modes fit an error text. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diagnoseFile } from '../core/diagnose.js';
import { loadKnowledge } from '../core/knowledge/pages.js';
import { KnowledgeIndex } from '../core/knowledge/search.js';
import { makeStyle } from '../core/report/style.js';
import { escapeJsonText, sanitizeInline } from '../core/text/sanitize.js';
import { wrapText } from '../core/report/wrap.js';
import { EXIT, UsageError, type Io } from './io.js';

export const SEARCH_HELP = `Usage: wcn-doctor search <error text...> [--capture <file>] [--format text|json]

Rank the knowledge base against an error text you were given: English or
Korean, whole or in part. Error codes (0x490, 0X80070057, 0x803b0006) match
exactly whatever the language. Use '-' to read the text from standard input.

With --capture, the host's state decides between entries that fit the text
equally: the answer is the likely causes on that host.

Examples:
  wcn-doctor search "failure in a Windows system call: Element not found."
  wcn-doctor search 요소를 찾을 수 없습니다
  Get-Clipboard | wcn-doctor search -          (in PowerShell)
  wcn-doctor search --capture host.json "HNS failed with error : The parameter is incorrect."

Options:
  --capture <path>  a capture file or folder of the host that showed the error
  --limit <n>       at most n entries (default 5)
  --format <f>      text (default), json
  -h, --help        show this help
`;

export function readQuery(positionals: string[]): string {
  if (positionals.length === 1 && positionals[0] === '-') return readFileSync(0, 'utf8');
  return positionals.join(' ');
}

export function runSearch(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      capture: { type: 'string' },
      limit: { type: 'string', default: '5' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(SEARCH_HELP);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}' (use text or json)`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number, not '${values.limit}'`);
  const query = readQuery(positionals).trim();
  if (!query) throw new UsageError('give the error text to search for');
  const index = new KnowledgeIndex(loadKnowledge());
  const st = makeStyle(io.color);
  if (values.capture) {
    const { report, model } = diagnoseFile(values.capture);
    if (!model) {
      for (const i of report.ingestIssues) io.err(`wcn-doctor: ${sanitizeInline(i.file)}: ${sanitizeInline(i.message)}\n`);
      return EXIT.usage;
    }
    const causes = index.likelyCauses(query, report.findings, report.checks, limit);
    if (values.format === 'json') {
      io.out(escapeJsonText(JSON.stringify({ query, source: report.source, likelyCauses: causes }, null, 2)) + '\n');
    } else if (causes.length === 0) {
      io.out('No knowledge entry matches that text.\n');
    } else {
      io.out(causes.map((c, i) => [`${i + 1}. ${st.bold(c.knowledge)} ${st.dim(`(${c.score.toFixed(2)})`)}`, ...wrapText(sanitizeInline(c.why), io.columns, '   ')].join('\n')).join('\n') + '\n');
      io.out(st.dim(`\nMore: wcn-doctor explain ${causes[0]!.knowledge}\n`));
    }
    return EXIT.ok;
  }
  const hits = index.search(query, limit);
  if (values.format === 'json') {
    io.out(escapeJsonText(JSON.stringify({ query, results: hits }, null, 2)) + '\n');
  } else if (hits.length === 0) {
    io.out('No knowledge entry matches that text.\n');
  } else {
    io.out(hits.map((h, i) => `${i + 1}. ${st.bold(h.knowledge)} ${st.dim(`(${h.score.toFixed(2)})`)}  ${h.title}\n   ${st.dim(`matched ${sanitizeInline(h.matched)}`)}`).join('\n') + '\n');
    io.out(st.dim(`\nMore: wcn-doctor explain ${hits[0]!.knowledge}\n`));
  }
  return EXIT.ok;
}
