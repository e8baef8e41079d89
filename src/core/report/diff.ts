/** Text and JSON for `wcn-doctor diff`. Capture strings are sanitized for the terminal. */
import type { CaptureDiff, DiffKind, FieldChange } from '../diff.js';
import { DIFF_KINDS } from '../diff.js';
import { toolVersion } from '../paths.js';
import { escapeJsonText, sanitizeInline } from '../text/sanitize.js';
import { makeStyle, SEVERITY_MARK } from './style.js';
import { wrapText } from './wrap.js';

const KIND_LABEL: Record<DiffKind, string> = {
  service: 'Services', vswitch: 'vSwitches', adapter: 'Network adapters', 'host-vnic': 'Host vNICs', 'ip-address': 'IP addresses',
  winnat: 'WinNAT', 'static-mapping': 'NAT static mappings', 'hns-network': 'HNS networks', 'docker-network': 'Docker networks',
  container: 'Containers', hotfix: 'Hotfixes',
};

const STATE_LABEL: Record<string, string> = {
  os: 'Windows', build: 'build', ubr: 'update revision (UBR)', ipv6DisabledComponents: 'IPv6 DisabledComponents', dockerVersion: 'docker version',
  dockerOsType: 'docker engine OS type', swarm: 'swarm state', hostName: 'host name', domain: 'domain', virtualization: 'virtualization',
};

const v = (x: string | null) => (x === null ? '(none)' : sanitizeInline(x));

function fieldLine(f: FieldChange): string {
  if (f.before === null) return `${f.field}: ${v(f.after)}`;
  if (f.after === null) return `${f.field}: ${v(f.before)}`;
  return `${f.field}: ${v(f.before)} -> ${v(f.after)}`;
}

export interface DiffTextOptions {
  readonly color: boolean;
  readonly width?: number;
}

export function renderDiffText(d: CaptureDiff, options: DiffTextOptions): string {
  const st = makeStyle(options.color);
  const width = Math.max(60, options.width ?? 80);
  const out: string[] = [];
  const when = (s: CaptureDiff['before']) => (s.capturedAt ? ` (captured ${sanitizeInline(s.capturedAt)})` : '');
  out.push(st.bold('Comparing'));
  out.push(`  before: ${sanitizeInline(d.before.source)}${when(d.before)}`);
  out.push(`  after:  ${sanitizeInline(d.after.source)}${when(d.after)}`);
  if (!d.sameHost) {
    out.push(st.yellow(`  ▲ these look like two different hosts ('${v(d.before.host)}' and '${v(d.after.host)}'); the comparison may not mean much`));
  }
  if (d.identical) {
    out.push('');
    out.push(st.green('✔ No differences: the same objects, state and findings.'));
    return out.join('\n') + '\n';
  }
  if (d.state.length > 0) {
    out.push('');
    out.push(st.bold('Host state'));
    for (const f of d.state) out.push(...wrapText(`~ ${STATE_LABEL[f.field] ?? f.field}: ${v(f.before)} -> ${v(f.after)}`, width, '  '));
  }
  for (const kind of DIFF_KINDS) {
    const changes = d.objects.filter((o) => o.kind === kind);
    if (changes.length === 0) continue;
    const c = d.counts[kind];
    out.push('');
    out.push(st.bold(`${KIND_LABEL[kind]} (${c.before} -> ${c.after})`));
    for (const o of changes) {
      const mark = o.change === 'added' ? st.green('+') : o.change === 'removed' ? st.red('-') : st.yellow('~');
      out.push(`  ${mark} ${sanitizeInline(o.name)}${o.change === 'changed' ? '' : ` ${st.dim(o.change)}`}`);
      for (const f of o.fields) out.push(...wrapText(fieldLine(f), width, '      ').map((l) => (o.change === 'changed' ? l : st.dim(l))));
    }
  }
  const { appeared, cleared, unchanged } = d.findings;
  out.push('');
  out.push(st.bold(`Findings: ${appeared.length} appeared, ${cleared.length} cleared, ${unchanged} unchanged`));
  for (const f of appeared) {
    const m = SEVERITY_MARK[f.severity];
    out.push(`  ${st.red('+')} ${m.glyph} ${m.word} ${f.check} ${sanitizeInline(f.title)}`);
    out.push(...wrapText(sanitizeInline(f.message), width, '      '));
  }
  for (const f of cleared) {
    out.push(`  ${st.green('-')} ✔ cleared ${f.check} ${sanitizeInline(f.title)}`);
    out.push(...wrapText(sanitizeInline(f.message), width, '      ').map(st.dim));
  }
  return out.join('\n') + '\n';
}

export function renderDiffJson(d: CaptureDiff): string {
  return escapeJsonText(JSON.stringify({ tool: { name: 'wcn-doctor', version: toolVersion() }, diff: d }, null, 2)) + '\n';
}
