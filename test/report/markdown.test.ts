import test from 'ava';
import MarkdownIt from 'markdown-it';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { mdFence, mdText, renderMarkdownReport } from '../../src/core/report/markdown.js';
import { sanitizeBlock, sanitizeInline } from '../../src/core/text/sanitize.js';
import { writeCapture } from '../helpers/cli.js';
import { miniCapture } from '../helpers/mini-capture.js';

// GitHub-like: raw HTML allowed, bare URLs linkified, tables and strikethrough on.
const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

function textOf(tokens: Token[]): string {
  return flatten(tokens).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
}

const HOSTILE = {
  network: 'x```\n# Injected heading\n[click](http://evil.example)<img src=x onerror=alert(1)>|a|b|',
  container: '````</code> **bold** _u_ ~~s~~ $x^2$ @team #12 \u001b[31mred\u001b[0m',
  vswitch: '<script>alert(1)</script> www.evil.example ![i](x.png) &amp; \\*',
};

test('mdText escapes every Markdown metacharacter and keeps one line', (t) => {
  const s = mdText('a*b_c`d[e](f)<g>|h\ni#j!k~l$m&n@o\\p');
  t.false(s.includes('\n'));
  t.regex(s, /^a\\\*b\\_c\\`d\\\[e\\\]\\\(f\\\)\\<g\\>\\\|h i\\#j\\!k\\~l\\\$m\\&n\\@o\\\\p$/);
  const tokens = md.parse(s, {});
  t.is(textOf(tokens), 'a*b_c`d[e](f)<g>|h i#j!k~l$m&n@o\\p');
});

test('a fence is longer than any backtick run inside it', (t) => {
  const block = mdFence("Write-Host '````' ```");
  t.true(block.startsWith('`````powershell\n'));
  t.true(block.endsWith('\n`````'));
  const fences = md.parse(block, {}).filter((x) => x.type === 'fence');
  t.is(fences.length, 1);
  t.is(fences[0]!.content, "Write-Host '````' ```\n");
});

test('hostile names in real findings stay text: no HTML, link, heading, emphasis or table cell appears', (t) => {
  const file = writeCapture(miniCapture(HOSTILE));
  const { report } = diagnoseFile(file);
  t.is(report.findings.length, 3);
  const out = renderMarkdownReport([report]);
  t.false(/\u001b/.test(out), 'no escape character survives');
  const tokens = md.parse(out, {});
  const all = flatten(tokens);
  for (const type of ['html_block', 'html_inline', 'link_open', 'image', 'em_open', 's_open', 'hr']) {
    t.deepEqual(all.filter((x) => x.type === type).map((x) => x.content || x.markup), [], `no ${type}`);
  }
  const fixes = report.findings.flatMap((f) => f.fixes);
  t.is(all.filter((x) => x.type === 'strong_open').length, fixes.length, 'only the "Fix n" labels are bold');
  // Headings are exactly ours.
  const headings: string[] = [];
  tokens.forEach((x, i) => { if (x.type === 'heading_open') headings.push(tokens[i + 1]!.content); });
  t.is(headings.length, 2 + report.findings.length, headings.join(' | '));
  t.deepEqual(headings.slice(0, 1), ['wcn\\-doctor report: CONTAINER\\-HOST\\-01']);
  // Every command block holds exactly the commands, and nothing else became a block.
  const fences = tokens.filter((x) => x.type === 'fence');
  t.deepEqual(fences.map((x) => x.content), fixes.flatMap((f) => [sanitizeBlock(f.commands.join('\n')) + '\n', sanitizeBlock(f.verify) + '\n']));
  t.true(fences.every((x) => x.info === 'powershell'));
  // The host table keeps its two columns: no name added a cell.
  const rows = all.filter((x) => x.type === 'tr_open').length;
  const cells = all.filter((x) => x.type === 'td_open' || x.type === 'th_open').length;
  t.is(cells, rows * 2);
  // The names are there, as text.
  const text = textOf(tokens);
  for (const name of Object.values(HOSTILE)) t.true(text.includes(sanitizeInline(name)), `text shows ${JSON.stringify(name)}`);
});

test('several captures get a summary table and one section per host', (t) => {
  const a = diagnoseFile(writeCapture(miniCapture({ host: 'HOST-A' }))).report;
  const b = diagnoseFile(writeCapture(miniCapture({ host: 'HOST-B', healthy: true }))).report;
  const out = renderMarkdownReport([a, b]);
  const tokens = md.parse(out, {});
  const headings: string[] = [];
  tokens.forEach((x, i) => { if (x.type === 'heading_open' && x.tag === 'h2') headings.push(tokens[i + 1]!.content); });
  t.deepEqual(headings, ['Summary', 'HOST\\-A', 'HOST\\-B']);
  t.regex(out, /\| ipv6\\-disabled \| WCN101 \| error \| 1 \| 1 \|/);
});
