/**
 * Fix proof: apply each fix's commands to the capture in the simulator and
 * say whether the finding clears and what else changes.
 */
import type { Capture } from '../capture/schema.js';
import { RUN_ELSEWHERE, type Check, type Finding } from '../checks/types.js';
import { findingKey, simulateCommands } from './engine.js';
import type { PredictedError, StepStatus } from './types.js';

export interface FindingRef {
  readonly check: string;
  readonly knowledge: string;
  readonly severity: Finding['severity'];
  readonly message: string;
}

export interface FixProof {
  /** Index of the fix in the finding's `fixes`. */
  readonly fix: number;
  readonly title: string;
  /**
   * clears: every command is predicted to work and the finding is gone;
   * does-not-clear: the commands work but the finding stays;
   * fails: a command is predicted to fail;
   * not-modelled: a command is not modelled, so the proof is incomplete;
   * manual: the fix has no commands (a manual step such as installing an update), nothing to simulate.
   */
  readonly verdict: 'clears' | 'does-not-clear' | 'fails' | 'not-modelled' | 'manual' | 'elsewhere';
  /** Whether the finding is gone after the simulated commands (even when the verdict is not-modelled). */
  readonly findingCleared: boolean;
  /** Findings the fix newly causes (errors are the ones to worry about). */
  readonly caused: readonly FindingRef[];
  /** Other findings the fix clears as well. */
  readonly alsoCleared: readonly FindingRef[];
  readonly steps: readonly { readonly command: string; readonly status: StepStatus; readonly reason: string; readonly error?: PredictedError }[];
}

export interface FixVerification {
  /** Index of the finding in the report's `findings`. */
  readonly finding: number;
  readonly check: string;
  readonly knowledge: string;
  readonly fixes: readonly FixProof[];
}

const ref = (f: Finding): FindingRef => ({ check: f.check, knowledge: f.knowledge, severity: f.severity, message: f.message });

export function proveFix(capture: Capture, finding: Finding, index: number, options: { checks?: readonly Check[] } = {}): FixProof {
  const fix = finding.fixes[index]!;
  if (RUN_ELSEWHERE.has(fix.runOn)) {
    // Runs where this capture holds no state (a swarm manager, vCenter): nothing to replay here.
    return { fix: index, title: fix.title, verdict: 'elsewhere', findingCleared: false, caused: [], alsoCleared: [], steps: [] };
  }
  const r = simulateCommands(capture, fix.commands, options.checks ? { checks: options.checks } : {});
  const key = findingKey(finding);
  const findingCleared = !r.after.some((f) => findingKey(f) === key);
  const failed = r.steps.some((s) => s.status === 'fails');
  const verdict: FixProof['verdict'] = fix.commands.length === 0 ? 'manual' : failed ? 'fails' : r.notModelled > 0 ? 'not-modelled' : findingCleared ? 'clears' : 'does-not-clear';
  return {
    fix: index, title: fix.title, verdict, findingCleared,
    caused: r.caused.map(ref),
    alsoCleared: r.cleared.filter((f) => findingKey(f) !== key).map(ref),
    steps: r.steps.map((s) => ({ command: s.command, status: s.status, reason: s.reason, ...(s.error ? { error: s.error } : {}) })),
  };
}

/** Proves every fix of every finding (or only the first, with `first: true`). */
export function verifyFixes(capture: Capture, findings: readonly Finding[], options: { first?: boolean; checks?: readonly Check[] } = {}): FixVerification[] {
  return findings.map((f, i) => ({
    finding: i, check: f.check, knowledge: f.knowledge,
    fixes: (options.first ? f.fixes.slice(0, 1) : f.fixes).map((_, j) => proveFix(capture, f, j, options)),
  }));
}
