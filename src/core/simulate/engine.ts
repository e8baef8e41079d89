/**
 * The simulator's entry points. `simulateCommands` runs commands in order on
 * a copy of the capture (each sees the state the previous one left), runs
 * every check before and after each step, and reports what each command
 * would do, whether it works, and which findings it causes or clears.
 */
import type { Capture } from '../capture/schema.js';
import { CHECKS } from '../checks/index.js';
import type { Check, Finding } from '../checks/types.js';
import { runChecks } from '../engine.js';
import { buildModel } from '../model/build.js';
import { executeStatement } from './commands.js';
import { initialState } from './state.js';
import { parseScript } from './tokenize.js';
import type { Outcome, SimState, SimulationResult, SimulationStep } from './types.js';

export interface SimulateOptions {
  /** Checks to judge the states with (default: every check). */
  readonly checks?: readonly Check[];
}

/** Two findings are the same problem when the same check names the same objects. */
export function findingKey(f: Finding): string {
  return `${f.check}|${f.subjects.map((s) => `${s.kind}:${s.name.toLowerCase()}`).sort().join(',')}`;
}

export function diffFindings(before: readonly Finding[], after: readonly Finding[]): { caused: Finding[]; cleared: Finding[] } {
  const b = new Set(before.map(findingKey));
  const a = new Set(after.map(findingKey));
  return { caused: after.filter((f) => !b.has(findingKey(f))), cleared: before.filter((f) => !a.has(findingKey(f))) };
}

function findingsOf(capture: Capture, checks: readonly Check[]): Finding[] {
  return runChecks(buildModel(capture, 'simulation'), checks).findings;
}

/** Runs one command text (possibly several statements) on a state; returns one step per statement. */
export function applyCommand(state: SimState, text: string, input: number, current: Finding[], checks: readonly Check[] = CHECKS): { steps: SimulationStep[]; findings: Finding[]; notes: string[] } {
  const parsed = parseScript(text);
  const steps: SimulationStep[] = [];
  let findings = current;
  for (const p of parsed.problems) {
    steps.push({
      input, command: text.split('\n')[p.line - 1]?.trim() ?? text, status: 'not-modelled',
      reason: `Not modelled: the text cannot be read as a command (${p.message}). The simulation goes on with the state unchanged.`,
      advice: [], notes: [], changes: [], caused: [], cleared: [],
    });
  }
  for (const st of parsed.statements) {
    const model = buildModel(state.capture, 'simulation');
    const snapshot = structuredClone(state.capture);
    const pendingSnapshot = structuredClone(state.pending);
    let outcome: Outcome;
    try {
      outcome = executeStatement({ state, model, statement: st }, st);
    } catch (e) {
      state.capture = snapshot;
      state.pending = pendingSnapshot;
      outcome = { status: 'not-modelled', reason: `Not modelled: the simulator could not follow this command (${(e as Error).message}). The simulation goes on with the state unchanged.`, advice: [], notes: [], changes: [] };
    }
    if (outcome.status === 'not-modelled' || (outcome.status === 'fails' && outcome.changes.length === 0) || outcome.status === 'no-op') {
      // Nothing may have changed: restore, in case a family started editing before it decided.
      state.capture = snapshot;
      state.pending = pendingSnapshot;
      steps.push({ ...outcome, input, command: st.text, caused: [], cleared: [] });
      continue;
    }
    const next = findingsOf(state.capture, checks);
    const d = diffFindings(findings, next);
    findings = next;
    steps.push({ ...outcome, input, command: st.text, caused: d.caused, cleared: d.cleared });
  }
  return { steps, findings, notes: parsed.notes };
}

/**
 * Simulates commands in order on a copy of `capture` (the input is never
 * modified). Each entry of `commands` is one command or a small script
 * (statements separated by newlines or `;`); a runbook is one entry per line.
 * This is the pure API the TUI's simulate pane uses.
 */
export function simulateCommands(capture: Capture, commands: readonly string[], options: SimulateOptions = {}): SimulationResult {
  const checks = options.checks ?? CHECKS;
  const state = initialState(capture);
  const before = findingsOf(state.capture, checks);
  let findings = before;
  const steps: SimulationStep[] = [];
  const notes: string[] = [];
  commands.forEach((text, i) => {
    const r = applyCommand(state, text, i, findings, checks);
    steps.push(...r.steps);
    findings = r.findings;
    for (const n of r.notes) if (!notes.includes(n)) notes.push(n);
  });
  const d = diffFindings(before, findings);
  if (state.pending.disabledComponents !== undefined) {
    notes.push('A registry change waits for a restart (Restart-Computer) before it takes effect.');
  }
  return {
    steps, before, after: findings, caused: d.caused, cleared: d.cleared,
    ok: steps.every((s) => s.status !== 'fails'),
    notModelled: steps.filter((s) => s.status === 'not-modelled').length,
    notes, capture: state.capture, pending: { ...state.pending },
  };
}
