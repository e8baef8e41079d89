/**
 * The whole pipeline for one capture: read, build the model, run the checks.
 * The batch CLI, the TUI and the benchmarks all go through here.
 */
import { readCapture, type ReadOptions } from './capture/read.js';
import type { IngestIssue } from './capture/issues.js';
import { CHECKS } from './checks/index.js';
import type { Check, CheckResult, Finding } from './checks/types.js';
import { runChecks, summarize, type EngineOptions } from './engine.js';
import { buildModel } from './model/build.js';
import type { HostModel } from './model/types.js';
import { runtimeLabel, type RuntimeLabel } from './model/derived/runtime-label.js';
import { rankFindings, type LikelyCause } from './causes.js';

export interface HostSummary {
  readonly name: string | null;
  readonly domain: string | null;
  readonly os: string;
  readonly build: number | null;
  readonly ubr: number | null;
  readonly server: boolean | null;
  readonly virtual: boolean | null;
  readonly hypervisor: string | null;
  readonly capturedAt: string | null;
  readonly collector: string | null;
  /** Added in 0.1: what drives the containers (docker, containerd, Kubernetes with its CNI plugin); absent in reports made by hand. */
  readonly runtime?: RuntimeLabel;
}

/** How the capture was given: one file, a folder of `<key>.json` files, or one `<key>.json` file alone. */
export type CaptureForm = 'file' | 'folder' | 'key-file';

export interface HostReport {
  readonly source: string;
  /** Added in 0.1: where evidence pointers live (see report/locate.ts). Absent in reports made by hand. */
  readonly form?: CaptureForm;
  readonly host: HostSummary;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  readonly findings: Finding[];
  readonly checks: CheckResult[];
  readonly ingestIssues: IngestIssue[];
  /**
   * Ranked causes on this host: from the host state alone, or from the state and the error
   * text the user gave (`check --symptom`). Optional only for reports made by hand.
   */
  readonly likelyCauses?: LikelyCause[];
  /** The error text or command the user gave, when there was one. */
  readonly symptom?: string;
}

export interface Diagnosis {
  readonly report: HostReport;
  /** Undefined when the capture could not be read at all. */
  readonly model: HostModel | undefined;
}

export function hostSummary(model: HostModel | undefined): HostSummary {
  const p = model?.platform;
  return {
    name: model?.host.name ?? null,
    domain: model?.host.domain ?? null,
    os: p?.label ?? 'unknown',
    build: p?.build ?? null,
    ubr: p?.ubr ?? null,
    server: p?.isServer ?? null,
    virtual: model?.host.virtualization?.isVirtual ?? null,
    hypervisor: model?.host.virtualization?.hypervisor ?? null,
    capturedAt: model?.host.capturedAt ?? null,
    collector: model?.host.collector ?? null,
    ...(model ? { runtime: runtimeLabel(model) } : {}),
  };
}

export function diagnoseModel(model: HostModel, ingestIssues: IngestIssue[], checks: readonly Check[] = CHECKS, options?: EngineOptions & { form?: CaptureForm }): HostReport {
  const { findings, results } = runChecks(model, checks, options);
  return {
    source: model.source, host: hostSummary(model), summary: summarize(findings), findings, checks: results, ingestIssues,
    likelyCauses: rankFindings(findings),
    ...(options?.form ? { form: options.form } : {}),
  };
}

export function diagnoseFile(path: string, options?: ReadOptions & EngineOptions & { checks?: readonly Check[] }): Diagnosis {
  const loaded = readCapture(path, options);
  const form: CaptureForm = loaded.form === 'folder' ? 'folder' : loaded.key ? 'key-file' : 'file';
  if (!loaded.readable) {
    return {
      model: undefined,
      report: { source: path, host: hostSummary(undefined), summary: { errors: 0, warnings: 0, infos: 0 }, findings: [], checks: [], ingestIssues: loaded.issues, likelyCauses: [], form },
    };
  }
  const model = buildModel(loaded.capture, path);
  return { model, report: diagnoseModel(model, loaded.issues, options?.checks ?? CHECKS, { ...options, form }) };
}
