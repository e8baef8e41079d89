/**
 * One capture through the whole pipeline, plus what the chosen output needs
 * besides the report (line and column of each piece of evidence, for SARIF).
 * The same function runs in the main thread for one capture and in the
 * fleet workers for many, so both paths give identical reports.
 */
import { decodeCaptureBytes } from '../core/capture/decode.js';
import { DEFAULT_MAX_BYTES, readCaptureFileBytes } from '../core/capture/read.js';
import { diagnoseFile, type HostReport } from '../core/diagnose.js';
import { JsonLocator, locateEvidence, type TextRegion } from '../core/report/locate.js';
import { verifyFixes } from '../core/simulate/verify.js';

export interface AnalyseOptions {
  readonly maxBytes?: number;
  /** Work out the line and column of every evidence pointer (reads the files again). */
  readonly regions?: boolean;
  /** Prove each finding's fixes in the simulator (adds `fixVerification` to the report). */
  readonly verifyFixes?: boolean;
}

/** file -> pointer -> region */
export type RegionTable = Record<string, Record<string, TextRegion>>;

export interface Analysis {
  readonly report: HostReport;
  /** False when the capture could not be read at all. */
  readonly readable: boolean;
  readonly regions?: RegionTable;
}

function regionsFor(report: HostReport, maxBytes: number): RegionTable {
  const wanted = new Map<string, Set<string>>();
  const want = (ptr: string) => {
    const loc = locateEvidence(report.source, report.form, ptr);
    let set = wanted.get(loc.file);
    if (!set) wanted.set(loc.file, (set = new Set()));
    set.add(loc.pointer);
  };
  for (const f of report.findings) for (const p of f.evidence) want(p);
  for (const i of report.ingestIssues) if (i.pointer !== undefined && i.file === report.source) want(i.pointer);
  const table: RegionTable = {};
  for (const [file, pointers] of wanted) {
    // Read the way the loader reads: never a pipe or device (a read that could block for ever), and
    // inside a folder never through a link (the loader did not read one either).
    const bytes = readCaptureFileBytes(file, maxBytes, { followLinks: file === report.source });
    if (!bytes) continue;
    const text = decodeCaptureBytes(bytes).text;
    const locator = new JsonLocator(text);
    const row: Record<string, TextRegion> = {};
    for (const p of pointers) {
      const r = locator.region(p);
      if (r) row[p] = r;
    }
    table[file] = row;
  }
  return table;
}

export function analyse(path: string, options: AnalyseOptions = {}): Analysis {
  const diagnosed = diagnoseFile(path, { maxBytes: options.maxBytes });
  const { model } = diagnosed;
  const report: HostReport = options.verifyFixes && model
    ? { ...diagnosed.report, fixVerification: verifyFixes(model.capture, diagnosed.report.findings) } as HostReport
    : diagnosed.report;
  const readable = model !== undefined;
  if (!options.regions || !readable) return { report, readable };
  return { report, readable, regions: regionsFor(report, options.maxBytes ?? DEFAULT_MAX_BYTES) };
}
