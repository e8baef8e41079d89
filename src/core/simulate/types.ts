/** What the simulator predicts for one command, and the state it works on. */
import type { Capture } from '../capture/schema.js';
import type { Finding } from '../checks/types.js';
import type { KnowledgeId } from '../knowledge/catalog.js';
import type { HostModel } from '../model/types.js';
import type { Statement } from './tokenize.js';

/**
 * succeeds: predicted to work (the state changes as shown);
 * fails: predicted to fail with the error shown (the state does not change, or only as far as Windows gets);
 * not-modelled: the simulator does not know this command, flag or value (the state does not change);
 * no-op: a read-only command (Get-*, docker network ls, …) or -WhatIf.
 */
export type StepStatus = 'succeeds' | 'fails' | 'not-modelled' | 'no-op';

export interface PredictedError {
  /** What Windows, PowerShell or Docker prints, as close to the real text as is known. */
  readonly text: string;
  /** False when the exact wording is not known and `text` describes the failure instead. */
  readonly exact: boolean;
  /** Other texts reported for the same failure (by build, engine version or language). */
  readonly alsoSeen?: readonly string[];
}

export type ChangeKind =
  | 'docker-network' | 'hns-network' | 'vswitch' | 'host-vnic' | 'container' | 'winnat' | 'static-mapping'
  | 'service' | 'registry' | 'daemon-config' | 'swarm' | 'vm-adapter' | 'switch-extension' | 'interface' | 'hns-endpoint' | 'host' | 'cni-conf';

export interface StateChange {
  readonly kind: ChangeKind;
  readonly action: 'added' | 'removed' | 'changed' | 'pending';
  /** The object, named the way the user knows it (from the capture: sanitize before display). */
  readonly name: string;
  /** One line: subnet and gateway, switch type, container IP, new status, … */
  readonly detail: string;
}

export interface Outcome {
  readonly status: StepStatus;
  readonly error?: PredictedError;
  /** The failure mode that explains a failure. */
  readonly knowledge?: KnowledgeId;
  /** Why, in plain words. */
  readonly reason: string;
  /** How to do it right on this host: PowerShell lines built with `ps`. */
  readonly advice: readonly string[];
  /** Assumptions and caveats of the prediction. */
  readonly notes: readonly string[];
  readonly changes: readonly StateChange[];
}

/** Registry changes that Windows reads only at boot, and other things waiting for a restart. */
export interface Pending {
  /** DisabledComponents after the next restart: a number, or null for "deleted". */
  disabledComponents?: number | null;
  /** HNS.data was set aside: HNS starts with an empty store. */
  hnsStoreReset?: boolean;
}

export interface SimState {
  capture: Capture;
  pending: Pending;
  /** Counter for the ids of simulated objects (deterministic). */
  seq: number;
  /** PowerShell session variables of the daemon.json idiom ($path, $config). */
  vars: Record<string, import('./daemon-json.js').SessionValue>;
}

export interface Ctx {
  readonly state: SimState;
  /** The host model of the state before this command. */
  readonly model: HostModel;
  readonly statement: Statement;
}

export interface SimulationStep extends Outcome {
  /** Index of the input command (a runbook line, a fix command) this statement belongs to. */
  readonly input: number;
  /** The statement as written (from the user or a fix: sanitize before display). */
  readonly command: string;
  /** Findings the step newly causes, and findings it clears. */
  readonly caused: readonly Finding[];
  readonly cleared: readonly Finding[];
}

export interface SimulationResult {
  readonly steps: readonly SimulationStep[];
  /** Findings on the capture as given, and after the last step. */
  readonly before: readonly Finding[];
  readonly after: readonly Finding[];
  /** Net effect of all steps. */
  readonly caused: readonly Finding[];
  readonly cleared: readonly Finding[];
  /** True when no step is predicted to fail. */
  readonly ok: boolean;
  /** Steps whose command is not modelled. */
  readonly notModelled: number;
  /** Parse problems and tolerated oddities of the input. */
  readonly notes: readonly string[];
  /** The simulated capture after the last step (plain data). */
  readonly capture: Capture;
  /** Changes waiting for a restart that the steps did not include. */
  readonly pending: Pending;
}

export const ok = (reason: string, changes: StateChange[] = [], notes: string[] = []): Outcome => ({
  status: 'succeeds', reason, advice: [], notes, changes,
});

export const noop = (reason: string, notes: string[] = []): Outcome => ({ status: 'no-op', reason, advice: [], notes, changes: [] });

export const notModelled = (what: string, notes: string[] = []): Outcome => ({
  status: 'not-modelled', reason: `Not modelled: ${what}. The simulation goes on with the state unchanged.`, advice: [], notes, changes: [],
});

export function fail(
  reason: string,
  error: PredictedError,
  knowledge?: KnowledgeId,
  advice: string[] = [],
  notes: string[] = [],
  changes: StateChange[] = [],
): Outcome {
  return { status: 'fails', error, ...(knowledge ? { knowledge } : {}), reason, advice, notes, changes };
}

export const exact = (text: string, alsoSeen?: string[]): PredictedError => ({ text, exact: true, ...(alsoSeen ? { alsoSeen } : {}) });
export const described = (text: string, alsoSeen?: string[]): PredictedError => ({ text, exact: false, ...(alsoSeen ? { alsoSeen } : {}) });
