/** The JSON report. Later versions add fields; they never rename or remove one. */
import type { HostReport } from '../diagnose.js';
import { toolVersion } from '../paths.js';
import { escapeJsonText } from '../text/sanitize.js';

export interface JsonReport {
  readonly tool: { readonly name: 'wcn-doctor'; readonly version: string };
  readonly reports: readonly HostReport[];
}

export function jsonReport(reports: readonly HostReport[]): JsonReport {
  return { tool: { name: 'wcn-doctor', version: toolVersion() }, reports };
}

export function renderJsonReport(reports: readonly HostReport[]): string {
  // Escaped so that capture text stays inert when the JSON is printed on a terminal.
  return escapeJsonText(JSON.stringify(jsonReport(reports), null, 2)) + '\n';
}
