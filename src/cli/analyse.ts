/**
 * One capture through the whole pipeline, plus what the chosen output needs
 * besides the report (line and column of each piece of evidence, for SARIF).
 * The same function runs in the main thread for one capture and in the
 * fleet workers for many, so both paths give identical reports.
 */
import { decodeCaptureBytes } from '../core/capture/decode.js';
import { DEFAULT_MAX_BYTES, readCaptureFileBytes } from '../core/capture/read.js';
import { diagnoseFile, type HostReport } from '../core/diagnose.js';
import type { TextRegion } from '../core/report/locate.js';
import type { Topology } from '../core/report/topology.js';

export interface AnalyseOptions {
  readonly maxBytes?: number;
  /** Work out the line and column of every evidence pointer (reads the files again). */
  readonly regions?: boolean;
  /** Prove each finding's fixes in the simulator (adds `fixVerification` to the report). */
  readonly verifyFixes?: boolean;
  /** Build the host graph (for the HTML report's drawing). */
  readonly topology?: boolean;
}

/** file -> pointer -> region */
export type RegionTable = Record<string, Record<string, TextRegion>>;

export interface Analysis {
  readonly report: HostReport;
  /** False when the capture could not be read at all. */
  readonly readable: boolean;
  readonly regions?: RegionTable;
  /** The host graph, when asked for and the capture could be read. */
  readonly topology?: Topology;
}

async function regionsFor(report: HostReport, maxBytes: number): Promise<RegionTable> {
  const { JsonLocator, locateEvidence } = await import('../core/report/locate.js');
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
    table[file] = Object.fromEntries(new JsonLocator(text).regions(pointers));
  }
  return table;
}

/**
 * Asynchronous only so that what some outputs need is loaded when a run asks
 * for it, not at every start: the simulator (--verify-fixes) and the JSON
 * locator with its second JSON parser (SARIF regions), the host graph (HTML).
 */
export async function analyse(path: string, options: AnalyseOptions = {}): Promise<Analysis> {
  const diagnosed = diagnoseFile(path, { maxBytes: options.maxBytes });
  const { model } = diagnosed;
  let report = diagnosed.report;
  if (options.verifyFixes && model) {
    const { verifyFixes } = await import('../core/simulate/verify.js');
    report = { ...report, fixVerification: verifyFixes(model.capture, report.findings) } as HostReport;
  }
  const readable = model !== undefined;
  const topology = options.topology && model ? (await import('../core/report/topology.js')).buildTopology(model, report.findings) : undefined;
  const regions = options.regions && readable ? await regionsFor(report, options.maxBytes ?? DEFAULT_MAX_BYTES) : undefined;
  return { report, readable, ...(regions ? { regions } : {}), ...(topology ? { topology } : {}) };
}
