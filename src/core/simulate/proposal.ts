/**
 * What-ifs that judge a proposal (a CNI conf, an agent's command line)
 * against a captured host instead of running a command on it: each aspect
 * gets a judgement, and the whole becomes one simulation step, printed and
 * written as JSON like every other simulation. Nothing changes the state.
 */
import type { Capture } from '../capture/schema.js';
import { CHECKS } from '../checks/index.js';
import { runChecks } from '../engine.js';
import type { KnowledgeId } from '../knowledge/catalog.js';
import type { HostModel } from '../model/types.js';
import type { PredictedError, SimulationResult, SimulationStep } from './types.js';

/** ok: works; fails: predicted to fail; warning: works, but not as meant; unknown: the capture cannot tell. */
export type Verdict = 'ok' | 'fails' | 'warning' | 'unknown';

export interface Judgement {
  /** Which question: 'plugin', 'network', 'port mappings', 'source VIP', ... */
  readonly aspect: string;
  readonly verdict: Verdict;
  /** One or two sentences (names come from the capture or the proposal: sanitize before display). */
  readonly text: string;
  readonly error?: PredictedError;
  readonly knowledge?: KnowledgeId;
  /** PowerShell built with `ps`. */
  readonly advice?: readonly string[];
}

export interface ProposalResult {
  readonly result: SimulationResult;
  readonly judgements: readonly Judgement[];
}

const MARK: Readonly<Record<Verdict, string>> = { ok: '✔', fails: '✖', warning: '!', unknown: '?' };

/** The judgements as one step: fails when one fails; the first failure's error and page; every advice line, each once. */
export function proposalResult(capture: Capture, model: HostModel, command: string, subject: string, judgements: readonly Judgement[]): ProposalResult {
  const failed = judgements.filter((j) => j.verdict === 'fails');
  const warned = judgements.filter((j) => j.verdict === 'warning');
  const unknown = judgements.filter((j) => j.verdict === 'unknown');
  const first = failed[0] ?? warned[0];
  const reason = failed.length > 0
    ? `${subject} would not work on this host: ${failed.map((j) => j.aspect).join(', ')}.`
    : `${subject} would work on this host${warned.length > 0 ? `, but not as meant: ${warned.map((j) => j.aspect).join(', ')}` : ''}${unknown.length > 0 ? `${warned.length > 0 ? ';' : ','} the capture cannot tell: ${unknown.map((j) => j.aspect).join(', ')}` : ''}.`;
  const advice = [...new Set(judgements.flatMap((j) => (j.verdict === 'ok' ? [] : j.advice ?? [])))];
  const step: SimulationStep = {
    input: 0,
    command,
    status: failed.length > 0 ? 'fails' : 'succeeds',
    ...(failed[0]?.error ? { error: failed[0].error } : {}),
    ...(first?.knowledge ? { knowledge: first.knowledge } : {}),
    reason,
    advice,
    notes: judgements.map((j) => `${MARK[j.verdict]} ${j.aspect}: ${j.text}`),
    changes: [],
    caused: [],
    cleared: [],
  };
  const findings = runChecks(model, CHECKS).findings;
  return {
    judgements,
    result: {
      steps: [step], before: findings, after: findings, caused: [], cleared: [],
      ok: failed.length === 0, notModelled: 0, notes: [], capture, pending: {},
    },
  };
}

/** Windows paths compared as Windows does: case-insensitive, either slash, no trailing separator. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
