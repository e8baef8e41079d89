/** The JSON report. Later versions add fields; they never rename or remove one. */
import type { HostReport } from '../diagnose.js';
import { toolVersion } from '../paths.js';
import { escapeJsonText } from '../text/sanitize.js';
import { fleetSummary, type FleetSummary } from './fleet.js';

export interface JsonReport {
  readonly tool: { readonly name: 'wcn-doctor'; readonly version: string };
  readonly reports: readonly HostReport[];
  /** Added in 0.1: findings by knowledge id across every capture of the run, and how many hosts each affects. */
  readonly fleet: FleetSummary;
}

function jsonReport(reports: readonly HostReport[]): JsonReport {
  return { tool: { name: 'wcn-doctor', version: toolVersion() }, reports, fleet: fleetSummary(reports) };
}

export function renderJsonReport(reports: readonly HostReport[]): string {
  // Escaped so that capture text stays inert when the JSON is printed on a terminal.
  return escapeJsonText(JSON.stringify(jsonReport(reports), null, 2)) + '\n';
}

/** NDJSON: one host report per line, written as each capture is done. */
export function renderNdjsonLine(report: HostReport): string {
  return escapeJsonText(JSON.stringify(report)) + '\n';
}
