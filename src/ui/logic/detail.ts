/**
 * What the detail panes say, as wrapped styled lines. Every string that
 * came from a capture passes through sanitizeInline/sanitizeBlock here.
 */
import { commandFor } from '../../core/capture/keys.js';
import type { IngestIssue } from '../../core/capture/issues.js';
import { RUN_ON_TEXT, type CheckMeta, type CheckResult, type Finding, type Fix, type Severity } from '../../core/checks/types.js';
import type { KnowledgePage } from '../../core/knowledge/pages.js';
import { sanitizeBlock, sanitizeInline } from '../../core/text/sanitize.js';
import { LineBuilder, seg, type Line, type Seg, type Tone } from './lines.js';
import { severityMark, statusMark } from './lists.js';
import { markdownLines } from './markdown.js';
import type { TreeNode } from './tree.js';

export const SEVERITY_TONE: Record<Severity, Tone> = { error: 'error', warning: 'warning', info: 'info' };

const SUBJECT_WORD: Record<string, string> = {
  host: 'host', registry: 'registry value', service: 'service', vswitch: 'vSwitch', 'switch-extension': 'switch extension',
  adapter: 'adapter', 'host-vnic': 'host vNIC', 'vm-adapter': 'VM adapter', winnat: 'WinNAT', 'static-mapping': 'NAT mapping',
  'hns-network': 'HNS network', 'hns-endpoint': 'HNS endpoint', 'docker-engine': 'docker engine', 'docker-network': 'docker network', container: 'container',
  pod: 'pod', runtime: 'runtime', 'hns-load-balancer': 'HNS load balancer', 'cni-conf': 'CNI conf', policy: 'HNS policy', more: 'not listed',
};

/** Page sections shown under a finding (the page's generic Fix is replaced by the finding's own fixes). */
const PAGE_SECTIONS_FOR_FINDING = ['Symptoms', 'Cause', 'Applies to', 'When not to worry', 'References'];

export function severityLabel(s: Severity): Line {
  const m = severityMark(s);
  return [seg(`${m.glyph} ${m.word}`, { tone: SEVERITY_TONE[s], bold: true })];
}

function riskSegs(fix: Fix): Seg[] {
  return fix.risk === 'safe'
    ? [seg('✔ SAFE', { tone: 'ok', bold: true })]
    : [seg('▲ DISRUPTIVE', { tone: 'danger', bold: true })];
}

/** One fix: title, risk (and what it disrupts), where to run it, its commands, how to verify. */
export function fixLines(b: LineBuilder, fix: Fix, n: number, opts: { marker?: string } = {}): void {
  b.para(sanitizeInline(fix.title), { bold: true }, { prefix: [seg(opts.marker ?? ' '), seg(`${n}. `, { bold: true })] });
  b.para(fix.risk === 'safe' ? 'interrupts nothing that runs' : sanitizeInline(fix.disrupts ?? 'interrupts running containers'), {}, { prefix: [seg('    '), ...riskSegs(fix), seg(' — ')], indent: 4 });
  b.para(`run ${RUN_ON_TEXT[fix.runOn]}`, { tone: fix.runOn === 'container-host' ? 'muted' : 'warning', bold: fix.runOn !== 'container-host' }, { prefix: [seg('    ')] });
  for (const c of fix.commands) b.code(sanitizeBlock(c), 6);
  b.line(seg('    verify:', { dim: true }));
  b.code(sanitizeInline(fix.verify), 6);
  b.para(sanitizeInline(fix.expect), { dim: true }, { prefix: [seg('    expect: ', { dim: true })], indent: 12 });
}

export function findingDetail(f: Finding, page: KnowledgePage | undefined, width: number, pagesLoading = false): Line[] {
  const b = new LineBuilder(width);
  b.line(...severityLabel(f.severity), seg(`  ${f.check}  `, { bold: true }), seg(f.knowledge, { tone: 'muted' }));
  b.para(sanitizeInline(f.title), { bold: true });
  b.blank();
  b.para(sanitizeInline(f.message));
  if (f.subjects.length > 0) {
    b.heading('Objects involved');
    for (const s of f.subjects) {
      b.para(sanitizeInline(s.name), { bold: true }, { prefix: [seg('  • ')] });
      b.para(`${SUBJECT_WORD[s.kind] ?? s.kind}${s.pointer ? `, at ${sanitizeInline(s.pointer)} in the capture` : ''}`, { tone: 'muted' }, { prefix: [seg('    ')] });
    }
  }
  b.heading(f.fixes.length > 0 ? `Fixes (${f.fixes.length}) · Enter to copy or write a script` : 'Fixes');
  if (f.fixes.length === 0) b.para('No automatic fix: see the knowledge page below.', { dim: true }, { prefix: [seg('  ')] });
  f.fixes.forEach((fix, i) => {
    if (i > 0) b.blank();
    fixLines(b, fix, i + 1);
  });
  if (page) {
    b.heading(`Knowledge: ${page.title}`);
    b.para(page.title_ko, { dim: true });
    for (const name of PAGE_SECTIONS_FOR_FINDING) {
      const body = page.sections[name];
      if (!body) continue;
      b.heading(name, 'info');
      markdownLines(body, width, b);
    }
  } else {
    b.heading('Knowledge');
    b.para(pagesLoading ? 'Reading the knowledge page…' : `No page for '${f.knowledge}'.`, { dim: true });
  }
  return b.lines;
}

export function checkDetail(r: CheckResult, meta: CheckMeta | undefined, findings: readonly Finding[], width: number): Line[] {
  const b = new LineBuilder(width);
  const m = statusMark(r.status);
  const tone: Tone = r.status === 'pass' ? 'ok' : r.status === 'fail' ? 'error' : r.status === 'crashed' ? 'danger' : 'muted';
  b.line(seg(`${m.glyph} ${m.word.toUpperCase()}`, { tone, bold: true }), seg(`  ${r.check}  `, { bold: true }), seg(r.knowledge, { tone: 'muted' }));
  b.para(r.title, { bold: true });
  if (meta) {
    b.blank();
    b.para(meta.description);
    b.para(`default severity ${meta.severity} · needs ${meta.requires.join(', ') || 'nothing'}`, { dim: true });
  }
  if (r.status === 'not-applicable') {
    b.heading('Why it could not judge this capture', 'warning');
    if (r.reason) b.para(sanitizeInline(r.reason));
    for (const k of r.missing ?? []) {
      b.blank();
      b.para(`'${k}' is missing. Capture it on the container host with:`, {}, { prefix: [seg('  ')] });
      b.code(commandFor(k), 4);
    }
  } else if (r.status === 'crashed') {
    b.heading('The check crashed on this capture', 'danger');
    b.para(sanitizeInline(r.reason ?? 'no message'));
    b.para('The other checks ran. Please report this with the capture (or the smallest part of it that shows the crash).', { dim: true });
  } else if (r.status === 'pass') {
    b.heading('Passed', 'ok');
    b.para('Nothing on this host matches this failure mode.');
  } else {
    b.heading(`Findings (${findings.length}) · Enter to open`, 'error');
    for (const f of findings) b.para(sanitizeInline(f.message), {}, { prefix: [seg('  '), ...severityLabel(f.severity), seg(' ')], indent: 4 });
  }
  return b.lines;
}

export function nodeDetail(n: TreeNode, findings: readonly Finding[], width: number): Line[] {
  const b = new LineBuilder(width);
  b.line(seg(n.kind === 'group' ? 'group' : SUBJECT_WORD[n.kind] ?? n.kind, { tone: 'muted' }));
  b.para(n.name, { bold: true });
  if (n.note) b.para(n.note, { dim: true });
  if (n.props.length > 0) {
    b.blank();
    const keyWidth = Math.min(width >= 70 ? 22 : 16, Math.max(...n.props.map(([k]) => k.length)) + 1);
    for (const [k, v] of n.props) b.para(v || '—', {}, { prefix: [seg(k.padEnd(keyWidth), { tone: 'muted' }), seg(' ')], indent: keyWidth + 1 });
  }
  if (n.kind === 'group') {
    b.blank();
    b.para(`${n.children.length} object${n.children.length === 1 ? '' : 's'} below.`, { dim: true });
  }
  b.heading(n.findings.length > 0 ? `Findings on this object (${n.findings.length}) · Enter to open` : 'No findings on this object', n.findings.length > 0 ? 'error' : 'ok');
  for (const i of n.findings) {
    const f = findings[i];
    if (!f) continue;
    b.para(`${f.check} ${sanitizeInline(f.title)}`, { bold: true }, { prefix: [seg('  '), ...severityLabel(f.severity), seg(' ')], indent: 4 });
  }
  return b.lines;
}

export function pageDetail(page: KnowledgePage, width: number): Line[] {
  const b = new LineBuilder(width);
  b.line(seg(page.id, { tone: 'muted' }), seg('  '), ...severityLabel(page.severity));
  b.para(page.title, { bold: true });
  b.para(page.title_ko, { dim: true });
  b.blank();
  b.para(`builds: ${page.builds}`, { dim: true });
  if (page.drivers.length > 0) b.para(`drivers: ${page.drivers.join(', ')}`, { dim: true });
  if (page.codes.length > 0) b.para(`error codes: ${page.codes.join(', ')}`, { dim: true });
  for (const [name, body] of Object.entries(page.sections)) {
    b.heading(name, 'info');
    markdownLines(body, width, b);
  }
  return b.lines;
}

export function ingestDetail(issues: readonly IngestIssue[], source: string, width: number): Line[] {
  const b = new LineBuilder(width);
  b.line(seg('▲ CAPTURE', { tone: 'warning', bold: true }));
  b.para(`Problems reading the capture (${issues.length})`, { bold: true });
  b.para('The checks ran on what could be read. Each line names the file, key and JSON pointer.', { dim: true });
  for (const i of issues) {
    b.blank();
    const where = [i.file !== source ? i.file : undefined, i.key ? `key '${i.key}'` : undefined, i.pointer ? `at ${i.pointer}` : undefined].filter(Boolean).join(', ');
    b.para(sanitizeInline(`${where ? `${where}: ` : ''}${i.message}`), {}, {
      prefix: [seg(i.severity === 'error' ? '✖ ' : '▲ ', { tone: i.severity === 'error' ? 'error' : 'warning' })],
    });
  }
  return b.lines;
}
