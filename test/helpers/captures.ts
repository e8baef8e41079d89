/** Sample captures for tests: read raw from snapshots/, cloned per use. */
import { readFileSync } from 'node:fs';
import type { Check, Finding } from '../../src/core/checks/types.js';
import { runChecks } from '../../src/core/engine.js';
import { join } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { buildModel } from '../../src/core/model/build.js';
import type { HostModel } from '../../src/core/model/types.js';
import type { IngestIssue } from '../../src/core/capture/issues.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';

export type RawCapture = Record<string, any>;

export const BASELINES = ['healthy-ws2016', 'healthy-ws2019', 'healthy-ws2022', 'healthy-win11', 'healthy-aks-azurecni', 'healthy-kubeadm-flannel', 'healthy-calico', 'healthy-ws2025-containerd'] as const;
export type Baseline = (typeof BASELINES)[number];

const cache = new Map<string, string>();

/** A fresh, mutable copy of a sample capture (`healthy-ws2019` or `cases/x/broken`). */
export function rawSample(name: string): RawCapture {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SNAPSHOTS_DIR, `${name}.json`), 'utf8');
    cache.set(name, text);
  }
  return JSON.parse(text) as RawCapture;
}

export function modelOf(raw: RawCapture, source = 'test'): { model: HostModel; issues: IngestIssue[] } {
  const { capture, issues } = ingestCapture(raw, source);
  return { model: buildModel(capture, source), issues };
}

/** The findings one check gives on a sample with a patch (for asserting on the fixes themselves). */
export function findingsOf(check: Check, baseline: Baseline | string, patch?: (raw: RawCapture) => void): Finding[] {
  const raw = rawSample(baseline);
  patch?.(raw);
  return runChecks(modelOf(raw).model, [check]).findings;
}
