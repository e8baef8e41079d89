/**
 * Loads captures with the project's own pipeline (read, model, checks) and
 * prints, as one JSON object keyed by file, what a test needs to judge the
 * end-to-end path collector -> capture -> diagnosis. Used by the Pester
 * tests (one process for many files): node dist/test/powershell/load-captures.js a.json b.json
 */
import { readCapture } from '../../src/core/capture/read.js';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { CAPTURE_KEYS } from '../../src/core/capture/keys.js';

export interface LoadedSummary {
  readonly readable: boolean;
  /** Capture keys the loader kept. */
  readonly keys: string[];
  readonly issues: { key?: string; pointer?: string; message: string; severity?: string }[];
  /** `check` is the failure mode's knowledge id (docker-not-running), `id` the check's code (WCN207). */
  readonly findings: { check: string; id: string; severity: string; message: string }[];
  /** knowledge id -> status */
  readonly checks: Record<string, string>;
  readonly host: unknown;
  readonly collectorErrors: unknown;
}

export function summarize(file: string): LoadedSummary {
  const loaded = readCapture(file);
  const { report } = diagnoseFile(file);
  const capture = loaded.capture as Record<string, unknown>;
  return {
    readable: loaded.readable,
    keys: Object.keys(capture).filter((k) => capture[k] !== undefined),
    issues: loaded.issues.map((i) => ({ ...i })),
    findings: report.findings.map((f) => ({ check: f.knowledge, id: f.check, severity: f.severity, message: f.message })),
    checks: Object.fromEntries(report.checks.map((c) => [c.knowledge, c.status])),
    host: report.host,
    collectorErrors: capture['collectorErrors'],
  };
}

/** The keys a host capture may hold, in the loader's order. */
export function hostKeys(): string[] {
  return CAPTURE_KEYS.filter((k) => !('onParent' in k && k.onParent)).map((k) => k.key);
}

if (process.argv[1] !== undefined && /load-captures\.js$/.test(process.argv[1])) {
  if (process.argv[2] === '--host-keys') {
    process.stdout.write(JSON.stringify(hostKeys()));
    process.exit(0);
  }
  const out: Record<string, LoadedSummary> = {};
  for (const file of process.argv.slice(2)) {
    out[file] = summarize(file);
  }
  process.stdout.write(JSON.stringify(out));
}
