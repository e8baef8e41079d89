/** Small edits of raw sample captures shared by check tests. */
import { runChecks } from '../../src/core/engine.js';
import type { Check, Finding } from '../../src/core/checks/types.js';
import { modelOf, rawSample, type Baseline, type RawCapture } from './captures.js';

/** Sets Status (and StartType) of one service, as Windows PowerShell 5.1 writes them (integers). */
export function setService(name: string, status: number, startType?: number) {
  return (raw: RawCapture): void => {
    const s = (raw['services'] as { Name: string; Status: number; StartType: number }[]).find((x) => x.Name === name);
    if (!s) throw new Error(`no service '${name}' in the sample`);
    s.Status = status;
    if (startType !== undefined) s.StartType = startType;
  };
}

/** Removes a service from the capture (not installed). */
export function dropService(name: string) {
  return (raw: RawCapture): void => {
    raw['services'] = (raw['services'] as { Name: string }[]).filter((x) => x.Name !== name);
  };
}

/** Applies several patches in order. */
export function all(...patches: ((raw: RawCapture) => void)[]) {
  return (raw: RawCapture): void => {
    for (const p of patches) p(raw);
  };
}

export const STOPPED = 1;
export const START_PENDING = 2;
export const RUNNING = 4;
export const AUTOMATIC = 2;
export const MANUAL = 3;
export const DISABLED = 4;

/** The findings of one check on a baseline with a patch (for assertions on the fixes themselves). */
export function findingsOf(check: Check, baseline: Baseline | string, patch?: (raw: RawCapture) => void): Finding[] {
  const raw = rawSample(baseline);
  patch?.(raw);
  const { model } = modelOf(raw);
  return runChecks(model, [check]).findings;
}

/**
 * Renames an object everywhere in a capture: every string value and object key
 * exactly equal to `from` becomes `to` (a switch, network or container name is
 * repeated across sections and must stay consistent).
 */
export function renameEverywhere(from: string, to: string) {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v === from ? to : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k === from ? to : k, walk(x)]));
    }
    return v;
  };
  return (raw: RawCapture): void => {
    for (const k of Object.keys(raw)) raw[k] = walk(raw[k]);
  };
}

/** One extension of one switch, by switch and extension name. */
export function setExtension(switchName: string, extension: string, fields: { Enabled?: boolean; Running?: boolean }) {
  return (raw: RawCapture): void => {
    const e = (raw['vmSwitchExtensions'] as { SwitchName: string; Name: string }[]).find((x) => x.SwitchName === switchName && x.Name === extension);
    if (!e) throw new Error(`no extension '${extension}' on '${switchName}'`);
    Object.assign(e, fields);
  };
}
