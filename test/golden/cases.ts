/**
 * Golden outputs: every report format, the remediation script, the diff and
 * the topology, rendered from stored captures and compared in full with
 * the references in test/golden/expected/. After an intended change, run
 * `npm run golden:update` and review the diff of the references.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/cli/analyse.js';
import { diagnoseFile, type HostReport } from '../../src/core/diagnose.js';
import { diffCaptures } from '../../src/core/diff.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';
import { renderDiffJson, renderDiffText } from '../../src/core/report/diff.js';
import { fleetSummary, renderFleetText } from '../../src/core/report/fleet.js';
import { renderJsonReport, renderNdjsonLine } from '../../src/core/report/json.js';
import { renderMarkdownReport } from '../../src/core/report/markdown.js';
import { renderRemediationScript } from '../../src/core/report/remediation.js';
import { renderSarifReport } from '../../src/core/report/sarif.js';
import { renderTextReport } from '../../src/core/report/text.js';
import { buildTopology, renderDot, renderMermaid } from '../../src/core/report/topology.js';
import { toolVersion } from '../../src/core/paths.js';

export const EXPECTED_DIR = join(process.cwd(), 'test', 'golden', 'expected');

const BROKEN = 'test/fixtures/captures/mini-broken.json';
const HEALTHY = 'test/fixtures/captures/mini-healthy.json';
const FOLDER = 'test/fixtures/captures/mini-folder';
const DEMO = 'snapshots/demo.json';

/** Output that must not depend on the version or the machine. */
function normalize(text: string): string {
  return text.split(toolVersion()).join('<version>');
}

function report(path: string): HostReport {
  return diagnoseFile(path).report;
}

// Analysed once, up front: analyse loads the JSON locator on demand, so it is asynchronous.
const ANALYSED = new Map(await Promise.all([BROKEN, FOLDER, ...(existsSync(DEMO) ? [DEMO] : [])].map(async (p) => [p, await analyse(p, { regions: true })] as const)));

function sarif(paths: string[]): string {
  const runs = paths.map((p) => ANALYSED.get(p)!);
  return renderSarifReport(runs.map((r) => r.report), {
    pages: loadKnowledge(), cwd: '/project',
    region: (f, p) => runs.map((r) => r.regions?.[f]?.[p]).find((x) => x !== undefined),
  });
}

function diff(a: string, b: string) {
  const x = diagnoseFile(a);
  const y = diagnoseFile(b);
  return diffCaptures({ model: x.model!, report: x.report }, { model: y.model!, report: y.report });
}

function topology(path: string) {
  const { model, report: r } = diagnoseFile(path);
  return buildTopology(model!, r.findings);
}

export interface GoldenCase {
  /** File name under expected/. */
  readonly name: string;
  readonly render: () => string;
}

const text = (r: HostReport) => renderTextReport(r, { color: false, width: 80 });

export const CASES: GoldenCase[] = [
  { name: 'check-text-broken.txt', render: () => text(report(BROKEN)) },
  { name: 'check-json-broken.json', render: () => renderJsonReport([report(BROKEN)]) },
  { name: 'check-ndjson-fleet.ndjson', render: () => [BROKEN, HEALTHY, FOLDER].map((p) => renderNdjsonLine(report(p))).join('') },
  { name: 'check-text-fleet-summary.txt', render: () => renderFleetText(fleetSummary([BROKEN, HEALTHY, FOLDER].map(report))) },
  { name: 'check-markdown-broken.md', render: () => renderMarkdownReport([report(BROKEN)]) },
  { name: 'check-markdown-fleet.md', render: () => renderMarkdownReport([BROKEN, HEALTHY].map(report)) },
  { name: 'check-sarif-broken.sarif', render: () => sarif([BROKEN]) },
  { name: 'check-sarif-folder.sarif', render: () => sarif([FOLDER]) },
  { name: 'fix-first-broken.ps1', render: () => renderRemediationScript(report(BROKEN), { generatedAt: '2024-05-14T10:00:00Z' }) },
  { name: 'fix-all-broken.ps1', render: () => renderRemediationScript(report(BROKEN), { fixes: 'all', generatedAt: '2024-05-14T10:00:00Z' }) },
  { name: 'diff-broken-healthy.txt', render: () => renderDiffText(diff(BROKEN, HEALTHY), { color: false, width: 80 }) },
  { name: 'diff-broken-healthy.json', render: () => renderDiffJson(diff(BROKEN, HEALTHY)) },
  { name: 'topology-broken.mmd', render: () => renderMermaid(topology(BROKEN)) },
  { name: 'topology-broken.dot', render: () => renderDot(topology(BROKEN)) },
  ...(existsSync(DEMO) ? [
    { name: 'demo-check-text.txt', render: () => text(report(DEMO)) },
    { name: 'demo-check-markdown.md', render: () => renderMarkdownReport([report(DEMO)]) },
    { name: 'demo-check-sarif.sarif', render: () => sarif([DEMO]) },
    { name: 'demo-fix.ps1', render: () => renderRemediationScript(report(DEMO), { fixes: 'all', generatedAt: '2024-05-14T10:00:00Z' }) },
    { name: 'demo-topology.mmd', render: () => renderMermaid(topology(DEMO)) },
  ] : []),
].map((c) => ({ name: c.name, render: () => normalize(c.render()) }));
