/**
 * SARIF 2.1.0: one run for all captures, rules from the checks and their
 * knowledge pages, results located at the capture file and JSON pointer of
 * their evidence. Problems reading a capture, crashed checks and checks that
 * could not judge are tool execution notifications of the run.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, sep } from 'node:path';
import { CHECKS } from '../checks/index.js';
import type { Check, Finding, Severity } from '../checks/types.js';
import type { HostReport } from '../diagnose.js';
import { findingIdentity, identityHash } from '../identity.js';
import type { KnowledgePage } from '../knowledge/pages.js';
import { toolVersion } from '../paths.js';
import { escapeJsonText, sanitizeInline } from '../text/sanitize.js';
import { locateEvidence, type TextRegion } from './locate.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';

export interface SarifOptions {
  /** The knowledge pages (rules take their help text from them). */
  readonly pages: readonly KnowledgePage[];
  /** The checks that define the rules (default: every registered check). */
  readonly checks?: readonly Check[];
  /** Relative paths are resolved against this folder (the working directory of the run). */
  readonly cwd: string;
  /** Line and column of the value at a pointer in a file, when known. */
  readonly region?: (file: string, pointer: string) => TextRegion | undefined;
}

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** `ipv6-disabled` -> `Ipv6Disabled`: SARIF suggests PascalCase rule names. */
function pascal(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Markdown body of a page without its first heading, as plain text for help.text. */
function plainHelp(page: KnowledgePage): string {
  return page.body.replace(/^\s*# [^\n]*\n/, '').replace(/```[a-z]*\n?/g, '').replace(/\*\*/g, '').trim();
}

function rule(check: Check, page: KnowledgePage | undefined): Json {
  const m = check.meta;
  return {
    id: m.code,
    name: pascal(m.knowledge),
    shortDescription: { text: m.title },
    fullDescription: { text: m.description },
    ...(page ? { help: { text: plainHelp(page), markdown: page.body.trim() } } : {}),
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      knowledge: m.knowledge,
      requires: [...m.requires],
      ...(page ? { tags: [...page.tags], title_ko: page.title_ko } : {}),
    },
  };
}

const NOTIFICATIONS = [
  { id: 'WCN-READ', name: 'CaptureReadProblem', shortDescription: { text: 'A part of the capture could not be read, or was read with a caveat.' } },
  { id: 'WCN-CRASH', name: 'CheckCrashed', shortDescription: { text: 'A check failed on this capture; the other checks ran.' } },
  { id: 'WCN-NA', name: 'CheckNotApplicable', shortDescription: { text: 'A check could not judge this capture because a key it needs was not captured.' } },
] as const;

/** A URI reference for a path: relative paths stay relative to the run's working directory. */
function artifactUri(path: string): { uri: string; uriBaseId?: string } {
  if (path === '') return { uri: '', uriBaseId: 'CWD' };
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  const parts = path.split(sep === '\\' ? /[\\/]/ : /\//).filter((p) => p !== '' && p !== '.');
  return { uri: parts.map((p) => encodeURIComponent(p)).join('/'), uriBaseId: 'CWD' };
}

class Artifacts {
  readonly list: Json[] = [];
  private readonly index = new Map<string, number>();
  /** A folder capture is an artifact too (its URI ends with a slash, SARIF's mark of a directory). */
  ref(file: string, folder = false): Json {
    let i = this.index.get(file);
    const loc = artifactUri(file);
    if (folder && !loc.uri.endsWith('/')) loc.uri += '/';
    if (i === undefined) {
      i = this.list.length;
      this.index.set(file, i);
      this.list.push({ location: loc, ...(folder ? {} : { mimeType: 'application/json' }) });
    }
    return { ...loc, index: i };
  }
}

function location(report: HostReport, pointer: string | undefined, artifacts: Artifacts, options: SarifOptions): Json {
  const where = pointer === undefined ? { file: report.source, pointer: '' } : locateEvidence(report.source, report.form, pointer);
  const artifact = artifacts.ref(where.file, where.file === report.source && report.form === 'folder');
  const region = pointer === undefined ? undefined : options.region?.(where.file, where.pointer);
  return {
    physicalLocation: { artifactLocation: artifact, ...(region ? { region } : {}) },
    ...(pointer !== undefined ? { logicalLocations: [{ fullyQualifiedName: pointer === '' ? '/' : pointer, kind: 'element' }] } : {}),
  };
}

function result(f: Finding, report: HostReport, ruleIndex: Map<string, number>, artifacts: Artifacts, options: SarifOptions): Json {
  const pointers = f.evidence.length > 0 ? f.evidence : [undefined];
  const index = ruleIndex.get(f.check);
  return {
    ruleId: f.check,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: sanitizeInline(f.message) },
    locations: pointers.map((p) => location(report, p, artifacts, options)),
    partialFingerprints: { 'wcnFinding/v1': identityHash(`${report.host.name ?? report.source}|${findingIdentity(f)}`) },
    properties: {
      source: sanitizeInline(report.source),
      host: report.host.name === null ? null : sanitizeInline(report.host.name),
      knowledge: f.knowledge,
      title: sanitizeInline(f.title),
      subjects: f.subjects.map((s) => ({ kind: s.kind, name: sanitizeInline(s.name), ...(s.id ? { id: sanitizeInline(s.id) } : {}) })),
      fixes: f.fixes.map((x) => ({
        title: sanitizeInline(x.title), risk: x.risk, ...(x.disrupts ? { disrupts: sanitizeInline(x.disrupts) } : {}),
        runOn: x.runOn, commands: [...x.commands], verify: x.verify, expect: sanitizeInline(x.expect),
      })),
    },
  };
}

function invocation(report: HostReport, ruleIndex: Map<string, number>, artifacts: Artifacts, options: SarifOptions): Json {
  const notifications: Json[] = [];
  for (const i of report.ingestIssues) {
    const where = i.pointer !== undefined && i.file === report.source ? location(report, i.pointer, artifacts, options)
      : { physicalLocation: { artifactLocation: artifacts.ref(i.file, i.file === report.source && report.form === 'folder') } };
    notifications.push({
      descriptor: { id: NOTIFICATIONS[0].id, index: 0 },
      level: i.severity === 'error' ? 'error' : 'warning',
      message: { text: sanitizeInline(i.message) },
      locations: [where],
      ...(i.key ? { properties: { key: i.key } } : {}),
    });
  }
  for (const c of report.checks) {
    if (c.status !== 'crashed' && c.status !== 'not-applicable') continue;
    const crashed = c.status === 'crashed';
    const index = ruleIndex.get(c.check);
    notifications.push({
      descriptor: { id: NOTIFICATIONS[crashed ? 1 : 2].id, index: crashed ? 1 : 2 },
      associatedRule: { id: c.check, ...(index !== undefined ? { index } : {}) },
      level: crashed ? 'error' : 'note',
      message: { text: sanitizeInline(`${c.check} ${c.title}: ${c.reason ?? c.status}`) },
      locations: [{ physicalLocation: { artifactLocation: artifacts.ref(report.source, report.form === 'folder') } }],
    });
  }
  return {
    executionSuccessful: report.checks.length > 0,
    toolExecutionNotifications: notifications,
    properties: { source: sanitizeInline(report.source), host: report.host, summary: report.summary },
  };
}

/**
 * One run for all captures: rules are written once, each capture is an
 * artifact and an invocation (with its notifications), results name the
 * capture file they come from.
 */
export function sarifLog(reports: readonly HostReport[], options: SarifOptions): Json {
  const checks = options.checks ?? CHECKS;
  const pages = new Map(options.pages.map((p) => [p.id, p]));
  const rules = checks.map((c) => rule(c, pages.get(c.meta.knowledge)));
  const ruleIndex = new Map(checks.map((c, i) => [c.meta.code, i]));
  const artifacts = new Artifacts();
  const results: Json[] = [];
  const invocations: Json[] = [];
  for (const report of reports) {
    artifacts.ref(report.source, report.form === 'folder');
    for (const f of report.findings) results.push(result(f, report, ruleIndex, artifacts, options));
    invocations.push(invocation(report, ruleIndex, artifacts, options));
  }
  const cwd = options.cwd.endsWith('/') ? options.cwd : `${options.cwd}/`;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'wcn-doctor',
          semanticVersion: toolVersion(),
          version: toolVersion(),
          rules,
          notifications: NOTIFICATIONS.map((n) => ({ ...n })),
        },
      },
      originalUriBaseIds: { CWD: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
      artifacts: artifacts.list,
      invocations,
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function renderSarifReport(reports: readonly HostReport[], options: SarifOptions): string {
  return escapeJsonText(JSON.stringify(sarifLog(reports, options), null, 2)) + '\n';
}
