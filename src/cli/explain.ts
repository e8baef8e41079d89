/** `wcn-doctor explain` and `wcn-doctor list-checks`. */
import { CHECKS, findCheck } from '../core/checks/index.js';
import { findPage, loadKnowledge, type KnowledgePage } from '../core/knowledge/pages.js';
import { makeStyle, type Style } from '../core/report/style.js';
import { defineCommand, flag, format } from './command.js';
import { EXIT, UsageError, type Io } from './io.js';

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

export const explainCommand = defineCommand({
  name: 'explain',
  usage: ['<knowledge-id|check-code> [--format <f>]', '--list'],
  description: `Print the knowledge page of a failure mode: symptoms, cause, builds it
applies to, fix with commands, when not to worry, references.`,
  options: {
    list: flag('list the knowledge ids with their titles'),
    format: format(['text', 'markdown', 'json'], 'text'),
  },
  positionals: { min: 0, max: 1, many: 'name one knowledge id or check code (see: wcn-doctor explain --list)' },
  exitCodes: [
    [EXIT.ok, 'the page (or the list) was printed'],
    [EXIT.usage, 'usage error, or no page by that name'],
  ],
  examples: [
    'wcn-doctor explain ipv6-disabled',
    'wcn-doctor explain WCN201',
    'wcn-doctor explain --list',
  ],
  run: ({ options, positionals }, io) => runExplain(options, positionals[0], io),
});

function runExplain(values: { list: boolean; format: 'text' | 'markdown' | 'json' }, wanted: string | undefined, io: Io): number {
  const pages = loadKnowledge();
  if (values.list) {
    if (values.format === 'json') io.out(JSON.stringify(pages.map((p) => ({ id: p.id, title: p.title, title_ko: p.title_ko, severity: p.severity })), null, 2) + '\n');
    else io.out(pages.map((p) => `${p.id.padEnd(34)} ${p.severity.padEnd(8)} ${p.title}`).join('\n') + '\n');
    return EXIT.ok;
  }
  if (!wanted) throw new UsageError('name one knowledge id or check code (see: wcn-doctor explain --list)');
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

export const listChecksCommand = defineCommand({
  name: 'list-checks',
  usage: ['[--format text|json]'],
  description: `List every check: code, knowledge id, default severity, the capture keys it
needs, and its title.`,
  options: { format: format(['text', 'json'], 'text') },
  positionals: { min: 0, max: 0 },
  exitCodes: [[EXIT.ok, 'the list was printed'], [EXIT.usage, 'usage error']],
  run: ({ options }, io) => runListChecks(options.format, io),
});

function runListChecks(format: 'text' | 'json', io: Io): number {
  if (format === 'json') {
    io.out(JSON.stringify(CHECKS.map((c) => c.meta), null, 2) + '\n');
    return EXIT.ok;
  }
  const rows = CHECKS.map((c) => [c.meta.code, c.meta.knowledge, c.meta.severity, c.meta.requires.join(', ') || '-', c.meta.title]);
  const head = ['CODE', 'KNOWLEDGE', 'SEVERITY', 'NEEDS', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ');
  io.out([fmt(head), ...rows.map(fmt)].join('\n') + '\n');
  return EXIT.ok;
}
