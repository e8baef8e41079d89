/** The JSON report. Later versions add fields; they never rename or remove one. */
import type { HostReport } from '../diagnose.js';
import { toolVersion } from '../paths.js';

export interface JsonReport {
  readonly tool: { readonly name: 'wcn-doctor'; readonly version: string };
  readonly reports: readonly HostReport[];
}

export function jsonReport(reports: readonly HostReport[]): JsonReport {
  return { tool: { name: 'wcn-doctor', version: toolVersion() }, reports };
}

export function renderJsonReport(reports: readonly HostReport[]): string {
  return JSON.stringify(jsonReport(reports), null, 2) + '\n';
}
