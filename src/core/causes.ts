/**
 * Likely causes from the host state alone: the findings of one report,
 * ranked so that the specific comes before the generic. A finding that names
 * the objects involved and explains something seen failing (a stopped
 * service, an engine that is down or refused to answer, a container that
 * cannot reach its network) ranks above a background warning about the host
 * as a whole (an old build, a recommended update), which stays in the list.
 * Pure: the same findings always give the same list, and each entry says why.
 */
import type { Finding, Severity } from './checks/types.js';
import type { SubjectKind } from './model/types.js';

export interface LikelyCause {
  readonly knowledge: string;
  /** 0..1, higher is more likely. */
  readonly score: number;
  /** One sentence: why this entry is ranked where it is. */
  readonly why: string;
  /** The check that found it on this host (`WCN201`), when the host state shows it. */
  readonly check?: string;
  /** The finding's title, for a one-line headline. */
  readonly title?: string;
}

/** Every weight of the ranking in one place. */
export const CAUSE_WEIGHTS = {
  severity: { error: 0.6, warning: 0.4, info: 0.2 } as Readonly<Record<Severity, number>>,
  /** Per distinct object named, other than the host as a whole; at most `objectsMax` count. */
  object: 0.05,
  objectsMax: 3,
  /** The finding concerns something seen failing. */
  observed: 0.1,
  /** The finding is about the host as a whole only: background. */
  background: -0.1,
  /** Each further finding of the same entry (at most two count). */
  repeated: 0.01,
} as const;

/** Objects whose trouble is a failure the user sees: a service, the engine, a container. */
const FAILING_KINDS: ReadonlySet<SubjectKind> = new Set<SubjectKind>(['service', 'docker-engine', 'container']);
/** Evidence that records a failure to read from the engine or the host. */
const FAILURE_EVIDENCE = /^\/(collectorErrors|docker\/ServerErrors|docker\/version\/ServerErrors)(\/|$)/;

export interface CauseScore {
  readonly score: number;
  readonly reasons: readonly string[];
}

/** The state score of one finding, with the reasons in words. */
export function scoreFinding(f: Finding): CauseScore {
  const w = CAUSE_WEIGHTS;
  const reasons: string[] = [`${f.severity}`];
  let score = w.severity[f.severity];
  const objects = new Map<string, string>();
  for (const s of f.subjects) if (s.kind !== 'host') objects.set(`${s.kind}\u0000${s.name}`, `${s.kind} '${s.name}'`);
  if (objects.size > 0) {
    score += w.object * Math.min(w.objectsMax, objects.size);
    const named = [...objects.values()];
    reasons.push(`names ${named.slice(0, 3).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}`);
  } else {
    score += w.background;
    reasons.push('concerns only the host as a whole (background)');
  }
  const failing = f.subjects.find((s) => FAILING_KINDS.has(s.kind));
  const failureEvidence = f.evidence.find((e) => FAILURE_EVIDENCE.test(e));
  if (failing || failureEvidence) {
    score += w.observed;
    reasons.push(failing ? `explains what fails on ${failing.kind} '${failing.name}'` : `explains the failure recorded at ${failureEvidence}`);
  }
  return { score, reasons };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * One cause per knowledge entry, best first. Ties keep the check order
 * (lower code first), so the list is stable.
 */
export function rankFindings(findings: readonly Finding[], limit = 5): LikelyCause[] {
  const best = new Map<string, { f: Finding; s: CauseScore; count: number }>();
  for (const f of findings) {
    const s = scoreFinding(f);
    const seen = best.get(f.knowledge);
    if (!seen) best.set(f.knowledge, { f, s, count: 1 });
    else best.set(f.knowledge, s.score > seen.s.score ? { f, s, count: seen.count + 1 } : { ...seen, count: seen.count + 1 });
  }
  const out = [...best.values()].map(({ f, s, count }) => {
    const score = Math.max(0, Math.min(1, s.score + CAUSE_WEIGHTS.repeated * Math.min(2, count - 1)));
    const reasons = count > 1 ? [...s.reasons, `${count} findings`] : s.reasons;
    return { cause: { knowledge: f.knowledge, score: round(score), why: `The host state shows it (${f.check}): ${reasons.join('; ')}.`, check: f.check, title: f.title }, code: f.check };
  });
  out.sort((a, b) => b.cause.score - a.cause.score || a.code.localeCompare(b.code));
  return out.slice(0, limit).map((o) => o.cause);
}

/** The headline of a report: "Most likely: <title> — WCN201", or undefined when nothing is known. */
export function mostLikelyLine(causes: readonly LikelyCause[] | undefined): string | undefined {
  const top = causes?.[0];
  if (!top) return undefined;
  const what = top.title ?? top.knowledge;
  const tag = top.check ?? (what === top.knowledge ? undefined : top.knowledge);
  return `Most likely: ${what}${tag ? ` — ${tag}` : ''}`;
}
