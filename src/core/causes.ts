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
import { classifyDisabledComponents } from './checks/ipv6-disabled.js';
import { kubernetesFacts } from './model/derived/kubernetes.js';
import type { HostModel, SubjectKind } from './model/types.js';

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
const CAUSE_WEIGHTS = {
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

/** What kind of host a pasted text comes from, for the rules that weigh one reading of a text against another. */
export interface HostContext {
  /** kubelet or kube-proxy is installed here. */
  readonly kubernetesNode: boolean;
  /** IPv6 is turned off where HNS needs it (DisabledComponents); undefined when Tcpip6 was not captured. */
  readonly ipv6Disabled: boolean | undefined;
}

export function hostContext(model: HostModel): HostContext {
  return {
    kubernetesNode: kubernetesFacts(model).isNode,
    ipv6Disabled: model.captured.has('tcpip6') ? classifyDisabledComponents(model.ipv6DisabledComponents) === 'broken' : undefined,
  };
}

/**
 * Where the kind of host decides between two entries a text fits alike
 * (one error code or message, two causes): on such a host `prefer` explains
 * the text far more often, so it ranks above `over`, unless the host state
 * shows `over` (its check found it) or `unless` says the host rules it in.
 * The one place where symptom ranking meets host context.
 */
export interface HostRule {
  readonly prefer: string;
  readonly over: string;
  readonly applies: (c: HostContext) => boolean;
  /** The reason, appended to the preferred entry's explanation. */
  readonly why: string;
}

export const HOST_RULES: readonly HostRule[] = [
  {
    prefer: 'pod-network-missing',
    over: 'ipv6-disabled',
    applies: (c) => c.kubernetesNode && c.ipv6Disabled !== true,
    why: 'On a Kubernetes node whose IPv6 is not disabled, "Element not found" (0x490) comes from a pod network HNS does not have (not yet created after a reboot, or gone after an HNS restart), not from IPv6.',
  },
];

/** How far above the other entry a preferred one is placed. */
const RULE_MARGIN = 0.01;

/** The causes with the host rules applied, best first. */
export function applyHostRules(causes: readonly LikelyCause[], context: HostContext | undefined): LikelyCause[] {
  let out = [...causes];
  for (const rule of HOST_RULES) {
    if (!context || !rule.applies(context)) continue;
    const preferred = out.find((c) => c.knowledge === rule.prefer);
    const other = out.find((c) => c.knowledge === rule.over);
    if (!preferred || !other || other.check !== undefined || preferred.score > other.score) continue;
    const score = round(Math.min(1, other.score + RULE_MARGIN));
    out = out.map((c) => (c === preferred ? { ...c, score, why: `${c.why} ${rule.why}` } : c));
  }
  return out.sort((a, b) => b.score - a.score);
}
