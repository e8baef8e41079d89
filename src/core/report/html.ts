/**
 * One self-contained HTML page to attach to a ticket: the host summary, the
 * findings by severity with their fixes, the knowledge page behind each
 * finding, the drawing of the host, every check's status and the problems
 * reading the capture; for several captures, a summary table first.
 *
 * Self-contained and locked down: no file, font, image or script is loaded
 * from anywhere; the page's Content-Security-Policy allows nothing but its
 * own style sheet and script, both by hash. The page reads fully without
 * scripts (findings are <details> elements); the script only adds the copy
 * buttons and opens the finding a link points to.
 *
 * Everything from a capture is sanitized (control and bidi characters) and
 * then escaped for HTML text or attribute values. The drawing is Graphviz's
 * SVG, whose labels are already XML text (see svg.ts).
 */
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { RUN_ON_TEXT, SEVERITIES, type CheckResult, type Finding, type Severity } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import type { KnowledgePage } from '../knowledge/pages.js';
import { sanitizeBlock, sanitizeInline } from '../text/sanitize.js';
import { fleetSummary, isUnreadable } from './fleet.js';
import { hostLine } from './text.js';
import { SEVERITY_COLOUR } from './topology.js';
import { emptyVerdict } from './verdict.js';

/** Text or an attribute value: sanitized, one line, with every HTML-significant character escaped. */
export function htmlText(text: string): string {
  return escapeHtml(sanitizeInline(text));
}

/** A block (commands): sanitized, lines kept, escaped. */
function htmlBlock(text: string): string {
  return escapeHtml(sanitizeBlock(text));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light; --error: ${SEVERITY_COLOUR.error}; --warning: ${SEVERITY_COLOUR.warning}; --info: ${SEVERITY_COLOUR.info}; --line: #d0d4da; --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", sans-serif; color: #1d2330; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
.muted { color: #5a6270; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
table.facts th { width: 9rem; }
code, pre { font: 13px/1.45 ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace; }
.cmd { position: relative; margin: 0.4rem 0; }
.cmd pre { background: #101722; color: #e8edf4; padding: 0.6rem 5rem 0.6rem 0.8rem; border-radius: 6px; overflow-x: auto; white-space: pre; margin: 0; }
.cmd button { position: absolute; top: 0.35rem; right: 0.35rem; font: inherit; font-size: 12px; padding: 0.1rem 0.55rem; border: 1px solid #8a94a6; border-radius: 4px; background: #f4f6f8; color: #1d2330; cursor: pointer; }
.cmd button[hidden] { display: none; }
details.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; margin: 0.5rem 0; padding: 0 0.9rem; }
details.finding[open] { padding-bottom: 0.6rem; }
details.finding > summary { cursor: pointer; padding: 0.5rem 0; font-weight: 600; }
details.sev-error { border-left-color: var(--error); }
details.sev-warning { border-left-color: var(--warning); }
details.sev-info { border-left-color: var(--info); }
.badge { display: inline-block; min-width: 4.6rem; text-align: center; font-size: 12px; font-weight: 700; border-radius: 3px; padding: 0 0.4rem; margin-right: 0.4rem; color: #fff; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.fix { border-top: 1px dashed var(--line); margin-top: 0.8rem; padding-top: 0.2rem; }
.risk-disruptive { color: var(--error); font-weight: 600; }
details.knowledge { background: var(--soft); border-radius: 6px; padding: 0.3rem 0.8rem; margin-top: 0.8rem; }
details.knowledge > summary { cursor: pointer; font-weight: 600; }
details.knowledge pre { background: #fff; padding: 0.4rem; overflow-x: auto; }
.status-fail { color: var(--error); font-weight: 600; } .status-crashed { color: var(--error); font-weight: 700; } .status-not-applicable { color: #5a6270; }
figure.drawing { margin: 0.5rem 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; }
figure.drawing svg { max-width: 100%; height: auto; }
.verdict-ok { color: #1b6e2a; font-weight: 600; } .verdict-unsure { color: var(--warning); font-weight: 600; }
@media print { .cmd button { display: none; } details.finding { break-inside: avoid; } }
`;

/**
 * Copy buttons and links: the buttons exist in the page (hidden, so a page
 * without scripts shows none that do nothing); this reveals them, copies the
 * text of the block next to each, and opens the <details> a link targets.
 */
const SCRIPT = `
(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy refused'));
    });
  }
  document.querySelectorAll('.cmd button').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var code = button.parentElement.querySelector('code');
      copyText(code.textContent).then(function () { button.textContent = 'Copied'; }, function () { button.textContent = 'Select and copy'; });
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    if (el) el.scrollIntoView();
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The page's policy: its own style and script by hash, nothing else. */
const CONTENT_SECURITY_POLICY =
  `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;

export interface HtmlHost {
  readonly report: HostReport;
  /** The host drawing, inline SVG (svg.ts inlineSvg); absent for a capture that could not be read. */
  readonly drawing?: string;
}

export interface HtmlOptions {
  /** The knowledge base: each finding carries its page. */
  readonly pages: readonly KnowledgePage[];
  readonly version: string;
}

const SEVERITY_WORD: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Info' };
const SEVERITY_HEADING: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Information' };
const STATUS_WORD: Readonly<Record<CheckResult['status'], string>> = { pass: 'passed', fail: 'failed', 'not-applicable': 'not applicable', crashed: 'crashed' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Knowledge pages are the package's own Markdown: raw HTML in them stays text, headings move under the finding's. */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

function knowledgeHtml(page: KnowledgePage): string {
  const body = page.body.replace(/^# [^\n]*\n/, '');
  return markdown.render(body)
    .replace(/<(\/?)h([1-6])>/g, (_, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 3)}>`)
    .replace(/<a href=/g, '<a rel="noreferrer" href=');
}

function commandBlock(text: string): string {
  return `<div class="cmd"><pre><code>${htmlBlock(text)}</code></pre><button type="button" hidden>Copy</button></div>`;
}

function findingHtml(f: Finding, id: string, pages: ReadonlyMap<string, KnowledgePage>): string {
  const out: string[] = [];
  out.push(`<details class="finding sev-${f.severity}" id="${id}">`);
  out.push(`<summary><span class="badge ${f.severity}">${SEVERITY_WORD[f.severity]}</span>${htmlText(f.check)}: ${htmlText(f.title)}</summary>`);
  out.push(`<p>${htmlText(f.message)}</p>`);
  if (f.subjects.length > 0) out.push(`<p><strong>Involves:</strong> ${f.subjects.map((s) => `${htmlText(s.kind)} <code>${htmlText(s.name)}</code>`).join(', ')}</p>`);
  if (f.evidence.length > 0) out.push(`<p><strong>Evidence in the capture:</strong> ${f.evidence.map((p) => `<code>${htmlText(p)}</code>`).join(', ')}</p>`);
  f.fixes.forEach((fix, i) => {
    out.push('<div class="fix">');
    out.push(`<h4>Fix ${i + 1}: ${htmlText(fix.title)}</h4>`);
    const risk = fix.risk === 'safe' ? 'safe' : `disruptive${fix.disrupts ? ` (${fix.disrupts})` : ''}`;
    out.push(`<p>Risk: <span class="risk-${fix.risk}">${htmlText(risk)}</span>; run ${htmlText(RUN_ON_TEXT[fix.runOn])}.</p>`);
    out.push(commandBlock(fix.commands.join('\n')));
    out.push('<p>Verify with:</p>');
    out.push(commandBlock(fix.verify));
    out.push(`<p>Expected: ${htmlText(fix.expect)}</p>`);
    out.push('</div>');
  });
  const page = pages.get(f.knowledge);
  if (page) {
    out.push(`<details class="knowledge"><summary>Knowledge page: ${htmlText(page.title)} <span class="muted">(${htmlText(page.id)})</span></summary>`);
    out.push(knowledgeHtml(page));
    out.push('</details>');
  } else {
    out.push(`<p class="muted">Knowledge id: ${htmlText(f.knowledge)}</p>`);
  }
  out.push('</details>');
  return out.join('\n');
}

function hostTitle(r: HostReport): string {
  return r.host.name ?? (isUnreadable(r) ? 'Unreadable capture' : 'Unnamed host');
}

function hostSection(h: HtmlHost, n: number, pages: ReadonlyMap<string, KnowledgePage>, level: number): string {
  const r = h.report;
  const hx = (k: number) => `h${Math.min(6, level + k)}`;
  const out: string[] = [];
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, crashed: 0 };
  for (const c of r.checks) counts[c.status]++;
  out.push(`<section class="host" id="host-${n}">`);
  out.push(`<${hx(0)}>${htmlText(hostTitle(r))}</${hx(0)}>`);
  out.push('<table class="facts">');
  out.push(`<tr><th>Capture</th><td><code>${htmlText(r.source)}</code></td></tr>`);
  out.push(`<tr><th>Host</th><td>${htmlText(hostLine(r))}</td></tr>`);
  if (r.host.capturedAt || r.host.collector) {
    out.push(`<tr><th>Captured</th><td>${htmlText(r.host.capturedAt ?? 'unknown time')}${r.host.collector ? ` by ${htmlText(r.host.collector)}` : ''}</td></tr>`);
  }
  out.push(`<tr><th>Result</th><td>${plural(r.summary.errors, 'error')}, ${plural(r.summary.warnings, 'warning')}, ${r.summary.infos} info</td></tr>`);
  out.push(`<tr><th>Checks</th><td>${r.checks.length} run: ${counts.fail} failed, ${counts.pass} passed, ${counts['not-applicable']} not applicable${counts.crashed ? `, ${counts.crashed} crashed` : ''}</td></tr>`);
  out.push('</table>');

  if (r.ingestIssues.length > 0) {
    out.push(`<${hx(1)}>Problems reading the capture</${hx(1)}>`, '<ul class="ingest">');
    for (const i of r.ingestIssues) {
      const where = [i.file !== r.source ? i.file : undefined, i.key ? `key '${i.key}'` : undefined, i.pointer ? `at ${i.pointer}` : undefined].filter(Boolean).join(', ');
      out.push(`<li><strong>${i.severity === 'error' ? 'Error' : 'Warning'}:</strong> ${htmlText(`${where ? `${where}: ` : ''}${i.message}`)}</li>`);
    }
    out.push('</ul>');
  }
  if (r.likelyCauses) {
    out.push(`<${hx(1)}>Likely causes of the error text</${hx(1)}>`);
    if (r.likelyCauses.length === 0) out.push('<p>No knowledge entry matches that text.</p>');
    else out.push(`<ol>${r.likelyCauses.map((c) => `<li><code>${htmlText(c.knowledge)}</code> (score ${c.score.toFixed(2)}): ${htmlText(c.why)}</li>`).join('')}</ol>`);
  }

  out.push(`<${hx(1)}>Findings</${hx(1)}>`);
  if (r.findings.length === 0) {
    const v = emptyVerdict(r);
    out.push(`<p class="${v.ok ? 'verdict-ok' : 'verdict-unsure'}">${htmlText(v.text)}</p>`);
  }
  let k = 0;
  for (const sev of SEVERITIES) {
    const these = r.findings.filter((f) => f.severity === sev);
    if (these.length === 0) continue;
    out.push(`<${hx(2)}>${SEVERITY_HEADING[sev]} (${these.length})</${hx(2)}>`);
    for (const f of these) out.push(findingHtml(f, `host-${n}-finding-${++k}`, pages));
  }

  if (h.drawing) {
    out.push(`<${hx(1)}>The host</${hx(1)}>`);
    out.push(`<figure class="drawing" aria-label="Drawing of the host: adapters, vSwitches, networks and containers">${h.drawing}</figure>`);
  }

  if (r.checks.length > 0) {
    out.push(`<${hx(1)}>Checks</${hx(1)}>`);
    out.push('<table class="checks"><tr><th>Check</th><th>What it looks at</th><th>Status</th><th>Why</th></tr>');
    for (const c of r.checks) {
      out.push(`<tr><td>${htmlText(c.check)}</td><td>${htmlText(c.title)}</td><td class="status-${c.status}">${STATUS_WORD[c.status]}</td><td>${c.reason ? htmlText(c.reason) : ''}</td></tr>`);
    }
    out.push('</table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function fleetHtml(hosts: readonly HtmlHost[]): string {
  const s = fleetSummary(hosts.map((h) => h.report));
  const out: string[] = ['<section id="fleet">', '<h2>Summary</h2>'];
  out.push(`<p>${plural(s.hosts, 'capture')}: ${s.withErrors} with errors, ${s.withWarnings} with warnings only, ${s.clean} without problems${s.unreadable ? `, ${s.unreadable} unreadable` : ''}.</p>`);
  out.push('<table class="fleet"><tr><th>Host</th><th>Capture</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Read problems</th></tr>');
  hosts.forEach((h, i) => {
    const r = h.report;
    out.push(`<tr><td><a href="#host-${i + 1}">${htmlText(hostTitle(r))}</a></td><td><code>${htmlText(r.source)}</code></td><td>${r.summary.errors}</td><td>${r.summary.warnings}</td><td>${r.summary.infos}</td><td>${r.ingestIssues.length}</td></tr>`);
  });
  out.push('</table>');
  if (s.byKnowledge.length > 0) {
    out.push('<h3>Failure modes across hosts</h3>');
    out.push('<table class="modes"><tr><th>Failure mode</th><th>Check</th><th>Severity</th><th>Hosts</th><th>Findings</th></tr>');
    for (const e of s.byKnowledge) {
      out.push(`<tr><td>${htmlText(e.title)} <span class="muted">(${htmlText(e.knowledge)})</span></td><td>${htmlText(e.check)}</td><td>${e.severity}</td><td>${e.hosts}</td><td>${e.findings}</td></tr>`);
    }
    out.push('</table>');
  }
  out.push('</section>');
  return out.join('\n');
}

export function renderHtmlReport(hosts: readonly HtmlHost[], options: HtmlOptions): string {
  const pages = new Map(options.pages.map((p) => [p.id, p]));
  const title = hosts.length === 1 ? `wcn-doctor report: ${hostTitle(hosts[0]!.report)}` : `wcn-doctor report: ${plural(hosts.length, 'capture')}`;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${htmlText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${htmlText(title)}</h1><p class="muted">Written by wcn-doctor ${htmlText(options.version)}. Every command is shown, never run; read it before you run it.</p></header>`,
  ];
  if (hosts.length === 1) {
    // The page title already names the host.
    out.push(hostSection(hosts[0]!, 1, pages, 1).replace(/^(<section class="host" id="host-1">)\n<h1>[^\n]*<\/h1>/, '$1'));
  } else {
    out.push(fleetHtml(hosts));
    hosts.forEach((h, i) => out.push(hostSection(h, i + 1, pages, 2)));
  }
  out.push(`<script>${SCRIPT}</script>`, '</body>', '</html>');
  return out.join('\n') + '\n';
}
