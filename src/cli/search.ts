/** `wcn-doctor search`: which failure modes fit an error text. */
import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../core/knowledge/pages.js';
import { KnowledgeIndex } from '../core/knowledge/search.js';
import { pastedCauses } from '../core/pasted.js';
import { makeStyle } from '../core/report/style.js';
import { escapeJsonText, sanitizeInline } from '../core/text/sanitize.js';
import { wrapText } from '../core/report/wrap.js';
import { USAGE_OR_UNREADABLE, defineCommand, format, maxSize, text, wholeNumber, type Values } from './command.js';
import { diagnoseOrReport } from './load.js';
import { EXIT, UsageError, type Io } from './io.js';

function readQuery(positionals: readonly string[]): string {
  if (positionals.length === 1 && positionals[0] === '-') return readFileSync(0, 'utf8');
  return positionals.join(' ');
}

const SEARCH_OPTIONS = {
  capture: text('<path>', 'a capture file or folder of the host that showed the error'),
  limit: wholeNumber('<n>', 'at most n entries (default 5)', { min: 1, max: 1000, fallback: 5 }),
  format: format(['text', 'json'], 'text'),
  'max-size': maxSize(),
};

export const searchCommand = defineCommand({
  name: 'search',
  usage: ['<error text...> [--capture <path>] [--format text|json]'],
  description: `Rank the knowledge base against an error text you were given: English or
Korean, whole or in part. Error codes (0x490, 0X80070057, 0x803b0006) match
exactly whatever the language. Use '-' to read the text from standard input.

With --capture, the host's state decides between entries that fit the text
equally: the answer is the likely causes on that host.`,
  options: SEARCH_OPTIONS,

  positionals: { min: 0, max: Infinity },
  exitCodes: [
    [EXIT.ok, 'the ranking was printed (it may be empty)'],
    USAGE_OR_UNREADABLE,
  ],
  examples: [
    'wcn-doctor search "failure in a Windows system call: Element not found."',
    'wcn-doctor search 요소를 찾을 수 없습니다',
    'Get-Clipboard | wcn-doctor search -          (in PowerShell)',
    'wcn-doctor search --capture host.json "HNS failed with error : The parameter is incorrect."',
  ],
  run: ({ options, positionals }, io) => runSearch(options, positionals, io),
});

function runSearch(values: Values<typeof SEARCH_OPTIONS>, positionals: readonly string[], io: Io): number {
  const { limit } = values;
  const query = readQuery(positionals).trim();
  if (!query) throw new UsageError('give the error text to search for');
  const index = new KnowledgeIndex(loadKnowledge());
  const st = makeStyle(io.color);
  if (values.capture) {
    const diagnosed = diagnoseOrReport(values.capture, io, values['max-size']);
    if (!diagnosed) return EXIT.usage;
    const { report, model } = diagnosed;
    const causes = pastedCauses(index, query, report.findings, report.checks, model?.capture, limit);
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
