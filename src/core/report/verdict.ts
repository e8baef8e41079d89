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

export function emptyVerdict(r: Pick<HostReport, 'checks' | 'ingestIssues'>): EmptyVerdict {
  const judged = r.checks.filter((c) => c.status === 'pass' || c.status === 'fail').length;
  const unread = r.ingestIssues.some((i) => i.severity === 'error');
  if (judged === 0) {
    return { ok: false, text: `No check could judge this capture${unread ? ': parts of it could not be read (see above)' : ''}.` };
  }
  const partial = judged < r.checks.length ? ` (${judged} of ${r.checks.length} checks could judge this capture)` : '';
  return { ok: !unread, text: `No problems found by the checks that could run${partial}.${unread ? ' Parts of the capture could not be read.' : ''}` };
}
