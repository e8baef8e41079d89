/** `wcn-doctor explain` and `wcn-doctor list-checks`. */
import { parseArgs } from 'node:util';
import { CHECKS, findCheck } from '../core/checks/index.js';
import { findPage, loadKnowledge, type KnowledgePage } from '../core/knowledge/pages.js';
import { makeStyle, type Style } from '../core/report/style.js';
import { EXIT, UsageError, type Io } from './io.js';

export const EXPLAIN_HELP = `Usage: wcn-doctor explain <knowledge-id|check-code>

Print the knowledge page of a failure mode: symptoms, cause, builds it
applies to, fix with commands, when not to worry, references.

  wcn-doctor explain ipv6-disabled
  wcn-doctor explain WCN201
  wcn-doctor explain --list        every knowledge id with its title

Options:
  --list         list the knowledge ids
  --format <f>   text (default), markdown, json
  -h, --help     show this help
`;

export const LIST_CHECKS_HELP = `Usage: wcn-doctor list-checks [--format text|json]

List every check: code, knowledge id, default severity, the capture keys it
needs, and its title.
`;

function renderMarkdownForTerminal(md: string, st: Style): string {
  let inCode = false;
  return md.split('\n').map((line) => {
    if (line.startsWith('```')) {
      inCode = !inCode;
      return st.dim(line);
    }
    if (inCode) return `  ${st.cyan(line)}`;
    if (line.startsWith('# ')) return st.bold(line.slice(2));
    if (line.startsWith('## ')) return st.bold(line.slice(3).toUpperCase());
    return line;
  }).join('\n');
}

function pageHeader(p: KnowledgePage): string[] {
  const checks = CHECKS.filter((c) => c.meta.knowledge === p.id).map((c) => c.meta.code);
  return [
    `${p.id} · ${p.severity}${checks.length ? ` · checked by ${checks.join(', ')}` : ' · no state check (matched from commands or error text)'}`,
    `${p.title_ko}`,
    '',
  ];
}

export function runExplain(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { list: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(EXPLAIN_HELP);
    return EXIT.ok;
  }
  if (!['text', 'markdown', 'json'].includes(values.format)) throw new UsageError(`unknown --format '${values.format}' (use text, markdown or json)`);
  const pages = loadKnowledge();
  if (values.list) {
    if (values.format === 'json') io.out(JSON.stringify(pages.map((p) => ({ id: p.id, title: p.title, title_ko: p.title_ko, severity: p.severity })), null, 2) + '\n');
    else io.out(pages.map((p) => `${p.id.padEnd(34)} ${p.severity.padEnd(8)} ${p.title}`).join('\n') + '\n');
    return EXIT.ok;
  }
  const wanted = positionals[0];
  if (!wanted || positionals.length > 1) throw new UsageError('name one knowledge id or check code (see: wcn-doctor explain --list)');
  const id = findCheck(wanted)?.meta.knowledge ?? wanted.toLowerCase();
  const page = findPage(id, pages);
  if (!page) throw new UsageError(`no knowledge page '${wanted}' (see: wcn-doctor explain --list)`);
  if (values.format === 'json') {
    const { body, sections, file, ...meta } = page;
    void file;
    io.out(JSON.stringify({ ...meta, sections, body }, null, 2) + '\n');
  } else if (values.format === 'markdown') {
    io.out(page.body.trimStart());
  } else {
    const st = makeStyle(io.color);
    io.out(pageHeader(page).map(st.dim).join('\n') + renderMarkdownForTerminal(page.body.trim(), st) + '\n');
  }
  return EXIT.ok;
}

export function runListChecks(argv: string[], io: Io): number {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: true,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(LIST_CHECKS_HELP);
    return EXIT.ok;
  }
  if (values.format === 'json') {
    io.out(JSON.stringify(CHECKS.map((c) => c.meta), null, 2) + '\n');
    return EXIT.ok;
  }
  if (values.format !== 'text') throw new UsageError(`unknown --format '${values.format}' (use text or json)`);
  const rows = CHECKS.map((c) => [c.meta.code, c.meta.knowledge, c.meta.severity, c.meta.requires.join(', ') || '-', c.meta.title]);
  const head = ['CODE', 'KNOWLEDGE', 'SEVERITY', 'NEEDS', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ');
  io.out([fmt(head), ...rows.map(fmt)].join('\n') + '\n');
  return EXIT.ok;
}
