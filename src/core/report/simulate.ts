/**
 * Reports of a simulation: text for people, JSON for scripts. Command text
 * (typed by the user or taken from a fix) and every name from the capture
 * are sanitized before they reach a terminal.
 */
import type { Finding } from '../checks/types.js';
import type { HostSummary } from '../diagnose.js';
import { toolVersion } from '../paths.js';
import type { SimulationResult, SimulationStep, StateChange } from '../simulate/types.js';
import type { FixVerification } from '../simulate/verify.js';
import { sanitizeBlock, sanitizeInline } from '../text/sanitize.js';
import { makeStyle, type Style } from './style.js';
import { wrapText } from './wrap.js';

export interface SimulationReport {
  readonly source: string;
  readonly host: HostSummary;
  readonly result: SimulationResult;
}

const STATUS = {
  succeeds: { glyph: '✔', word: 'succeeds' },
  fails: { glyph: '✖', word: 'fails' },
  'not-modelled': { glyph: '?', word: 'not modelled' },
  'no-op': { glyph: '·', word: 'read-only' },
} as const;

const ACTION = { added: '+', removed: '-', changed: '~', pending: '…' } as const;

function changeLine(c: StateChange): string {
  return `${ACTION[c.action]} ${c.kind} '${sanitizeInline(c.name)}': ${sanitizeInline(c.detail)}`;
}

function findingLine(f: Finding): string {
  return `${f.severity} ${f.check} ${sanitizeInline(f.message)}`;
}

function indentBlock(text: string, indent: string): string[] {
  return sanitizeBlock(text).split('\n').map((l) => `${indent}${l}`);
}

function renderStep(s: SimulationStep, n: number, width: number, st: Style): string[] {
  const out: string[] = [];
  const mark = STATUS[s.status];
  const colour = s.status === 'succeeds' ? st.green : s.status === 'fails' ? st.red : s.status === 'not-modelled' ? st.yellow : st.dim;
  out.push(`${st.bold(`Step ${n}`)} ${colour(`${mark.glyph} ${mark.word}`)}`);
  out.push(...indentBlock(s.command, '  $ ').slice(0, 1), ...indentBlock(s.command, '    ').slice(1));
  out.push(...wrapText(sanitizeInline(s.reason), width, '  '));
  if (s.error) {
    out.push(`  ${s.error.exact ? 'Prints:' : 'Fails with (exact wording not known):'}`);
    out.push(...indentBlock(s.error.text, '    '));
    for (const a of s.error.alsoSeen ?? []) out.push(...wrapText(`also seen: ${sanitizeInline(a)}`, width, '    ').map(st.dim));
  }
  if (s.knowledge) out.push(st.dim(`  more: wcn-doctor explain ${s.knowledge}`));
  if (s.advice.length > 0) {
    out.push('  Do it this way on this host:');
    for (const a of s.advice) out.push(...indentBlock(a, '      '));
  }
  if (s.changes.length > 0) {
    out.push('  State after this step:');
    for (const c of s.changes) out.push(...wrapText(changeLine(c), width, '    '));
  }
  for (const f of s.caused) out.push(...wrapText(`newly causes: ${findingLine(f)}`, width, '  ').map(f.severity === 'error' ? st.red : st.yellow));
  for (const f of s.cleared) out.push(...wrapText(`clears: ${findingLine(f)}`, width, '  ').map(st.green));
  for (const note of s.notes) out.push(...wrapText(`note: ${sanitizeInline(note)}`, width, '  ').map(st.dim));
  return out;
}

function summaryLine(r: SimulationResult): string {
  const count = (k: SimulationStep['status']) => r.steps.filter((s) => s.status === k).length;
  const parts = [`${r.steps.length} step${r.steps.length === 1 ? '' : 's'}: ${count('succeeds')} succeed, ${count('fails')} fail, ${count('not-modelled')} not modelled, ${count('no-op')} read-only`];
  parts.push(`findings ${r.before.length} before, ${r.after.length} after (${r.caused.length} caused, ${r.cleared.length} cleared)`);
  return parts.join('; ');
}

export function renderSimulationText(rep: SimulationReport, options: { color: boolean; width?: number }): string {
  const width = Math.max(60, options.width ?? 80);
  const st = makeStyle(options.color);
  const r = rep.result;
  const out: string[] = [];
  out.push(st.bold(`Simulation on ${sanitizeInline(rep.source)}`));
  out.push(`  ${sanitizeInline([rep.host.name ?? 'unnamed host', rep.host.os].join(' · '))}`);
  for (const n of r.notes) out.push(...wrapText(`note: ${sanitizeInline(n)}`, width, '  ').map(st.dim));
  r.steps.forEach((s, i) => {
    out.push('');
    out.push(...renderStep(s, i + 1, width, st));
  });
  out.push('');
  out.push(st.bold(r.ok ? (r.notModelled > 0 ? '✔ No step is predicted to fail (some were not modelled).' : '✔ Every step is predicted to work.') : '✖ At least one step is predicted to fail.'));
  out.push(...wrapText(summaryLine(r), width, '  '));
  if (r.caused.length > 0) {
    out.push('  Net new findings:');
    for (const f of r.caused) out.push(...wrapText(findingLine(f), width, '    '));
  }
  if (r.cleared.length > 0) {
    out.push('  Net cleared findings:');
    for (const f of r.cleared) out.push(...wrapText(findingLine(f), width, '    '));
  }
  return out.join('\n') + '\n';
}

/** The JSON form; later versions add fields, never rename or remove one. */
export function simulationJson(rep: SimulationReport): unknown {
  const r = rep.result;
  const finding = (f: Finding) => ({ check: f.check, knowledge: f.knowledge, severity: f.severity, title: f.title, message: f.message, subjects: f.subjects });
  return {
    tool: { name: 'wcn-doctor', version: toolVersion() },
    source: rep.source,
    host: rep.host,
    ok: r.ok,
    notModelled: r.notModelled,
    steps: r.steps.map((s) => ({
      input: s.input, command: s.command, status: s.status, reason: s.reason,
      ...(s.error ? { error: s.error } : {}), ...(s.knowledge ? { knowledge: s.knowledge } : {}),
      advice: s.advice, changes: s.changes, caused: s.caused.map(finding), cleared: s.cleared.map(finding), notes: s.notes,
    })),
    findings: { before: r.before.map(finding), after: r.after.map(finding), caused: r.caused.map(finding), cleared: r.cleared.map(finding) },
    pending: r.pending,
    notes: r.notes,
  };
}

const VERDICT = {
  clears: '✔ clears the finding',
  'does-not-clear': '✖ does not clear the finding',
  fails: '✖ a command is predicted to fail',
  'not-modelled': '? not fully modelled',
  manual: '· a manual step: no command to simulate',
  elsewhere: '· runs elsewhere (a swarm manager, vCenter): this capture holds no state to simulate it on',
} as const;

/** The "fix proof" section that `check --verify-fixes` adds after a report. */
export function renderFixVerificationText(findings: readonly Finding[], proofs: readonly FixVerification[], options: { color: boolean; width?: number }): string {
  const width = Math.max(60, options.width ?? 80);
  const st = makeStyle(options.color);
  const out: string[] = ['', st.bold('Fix verification (simulated, nothing was run)')];
  if (proofs.every((p) => p.fixes.length === 0)) out.push('  No finding offers a fix to verify.');
  for (const p of proofs) {
    if (p.fixes.length === 0) continue;
    const f = findings[p.finding];
    out.push('');
    out.push(...wrapText(`${p.check} ${sanitizeInline(f?.title ?? p.knowledge)}`, width, '  '));
    for (const x of p.fixes) {
      const colour = x.verdict === 'clears' ? st.green : x.verdict === 'not-modelled' ? st.yellow : x.verdict === 'manual' || x.verdict === 'elsewhere' ? st.dim : st.red;
      out.push(...wrapText(`Fix ${x.fix + 1}: ${sanitizeInline(x.title)}`, width, '    '));
      out.push(`      ${colour(VERDICT[x.verdict])}${x.verdict === 'not-modelled' ? (x.findingCleared ? ' (the modelled part clears it)' : ' (the modelled part does not clear it)') : ''}`);
      for (const s of x.steps.filter((s) => s.status === 'fails' || s.status === 'not-modelled')) {
        out.push(...wrapText(`${s.status === 'fails' ? 'fails' : 'not modelled'}: ${sanitizeInline(s.command)}: ${sanitizeInline(s.error?.text.split('\n')[0] ?? s.reason)}`, width, '      ').map(st.dim));
      }
      for (const c of x.caused) out.push(...wrapText(`newly causes: ${c.severity} ${c.check} ${sanitizeInline(c.message)}`, width, '      ').map(c.severity === 'error' ? st.red : st.yellow));
      for (const c of x.alsoCleared) out.push(...wrapText(`also clears: ${c.check} ${sanitizeInline(c.message)}`, width, '      ').map(st.dim));
    }
  }
  return out.join('\n') + '\n';
}
