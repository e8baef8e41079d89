/**
 * Simulator cases: a sample, optional patches, the commands, and what the
 * LAST step must show; `check` looks at the resulting state. One runner for
 * every test file that lists such cases.
 */
import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import type { Capture } from '../../src/core/capture/schema.js';
import { simulateCommands } from '../../src/core/simulate/engine.js';
import type { SimulationResult, StepStatus } from '../../src/core/simulate/types.js';
import { rawSample, type RawCapture } from './captures.js';
import { syntaxErrors } from './powershell-grammar.js';

export interface SimCase {
  readonly name: string;
  readonly sample: string;
  /** Edits the raw capture before it is loaded. */
  readonly patch?: (raw: RawCapture) => void;
  /** Edits the loaded capture (for keys the loader does not read yet). */
  readonly loaded?: (capture: Capture) => void;
  readonly commands: readonly string[];
  readonly status: StepStatus;
  readonly knowledge?: string;
  /** The predicted error text contains this. */
  readonly error?: string;
  readonly exact?: boolean;
  readonly check?: (r: SimulationResult, t: import('ava').ExecutionContext) => void;
}

export function simCapture(sample: string, patch?: (raw: RawCapture) => void, loaded?: (capture: Capture) => void): Capture {
  const raw = rawSample(sample);
  patch?.(raw);
  const capture = ingestCapture(raw, sample).capture;
  loaded?.(capture);
  return capture;
}

/** One ava test per case. */
export function runSimCases(cases: readonly SimCase[]): void {
  for (const c of cases) {
    test(`${c.sample}: ${c.name}`, (t) => {
      const input = simCapture(c.sample, c.patch, c.loaded);
      const before = structuredClone(input);
      const r = simulateCommands(input, c.commands);
      t.deepEqual(input, before, 'the input capture is never modified');
      const lastStep = r.steps[r.steps.length - 1]!;
      const history = r.steps.map((s) => `[${s.status}] ${s.command}: ${s.error?.text ?? s.reason}`).join('\n');
      for (const s of r.steps.slice(0, -1)) t.not(s.status, 'fails', `an earlier step failed:\n${history}`);
      t.is(lastStep.status, c.status, history);
      if (c.knowledge) t.is(lastStep.knowledge as string | undefined, c.knowledge, history);
      if (c.error) t.true(lastStep.error?.text.includes(c.error), `error: ${lastStep.error?.text}`);
      if (c.exact !== undefined) t.is(lastStep.error?.exact, c.exact);
      if (c.status === 'fails') t.false(r.ok);
      if (c.status === 'not-modelled') {
        t.regex(lastStep.reason, /^Not modelled:/);
        t.deepEqual(lastStep.changes, []);
      }
      for (const s of r.steps) for (const a of s.advice) t.deepEqual(syntaxErrors(a), [], `advice does not parse: ${a}`);
      c.check?.(r, t);
    });
  }
}
