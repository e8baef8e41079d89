/**
 * What to say when a report has no finding. "No problems found" is only true
 * when checks actually judged the capture; a capture that no check could read
 * must not look healthy. Every output uses this one wording.
 */
import type { HostReport } from '../diagnose.js';

export interface EmptyVerdict {
  readonly ok: boolean;
  readonly text: string;
}

/** How many checks judged the capture (passed or failed); 0 means nothing in it could be judged. */
export function judgedCount(checks: readonly { readonly status: string }[]): number {
  return checks.filter((c) => c.status === 'pass' || c.status === 'fail').length;
}

export function emptyVerdict(r: Pick<HostReport, 'checks' | 'ingestIssues'>): EmptyVerdict {
  const judged = judgedCount(r.checks);
  const unread = r.ingestIssues.some((i) => i.severity === 'error');
  if (judged === 0) {
    return { ok: false, text: `No check could judge this capture${unread ? ': parts of it could not be read (see above)' : ''}.` };
  }
  // A check for an owner this host does not have (a Kubernetes check on a docker host) had nothing to judge: it is not counted.
  const relevant = r.checks.filter((c) => c.notApplicable !== 'no-such-owner').length;
  const partial = judged < relevant ? ` (${judged} of ${relevant} checks could judge this capture)` : '';
  return { ok: !unread, text: `No problems found by the checks that could run${partial}.${unread ? ' Parts of the capture could not be read.' : ''}` };
}

/** Checks that could not judge the capture and matter here: crashed, or missing data (a check for an owner the host lacks is left out). */
export function unjudgedChecks<T extends { readonly status: string; readonly notApplicable?: string }>(checks: readonly T[]): T[] {
  return checks.filter((c) => c.status === 'crashed' || (c.status === 'not-applicable' && c.notApplicable !== 'no-such-owner'));
}

/** One line for the checks left out because their owner is not on this host, or undefined when there are none. */
export function otherOwnersLine(checks: readonly { readonly notApplicable?: string }[]): string | undefined {
  const n = checks.filter((c) => c.notApplicable === 'no-such-owner').length;
  return n === 0 ? undefined : `${n} more check${n === 1 ? ' is' : 's are'} for runtimes this host does not have.`;
}
