/**
 * An HNS refusal, said once in HNS's own terms, and how each front end
 * (docker, nerdctl, the HNS PowerShell cmdlets, hnsdiag) words it and what
 * it advises instead.
 */
import type { KnowledgeId } from '../../knowledge/catalog.js';
import type { Prefix } from '../../model/net.js';
import { ps } from '../../powershell.js';
import { described, exact, fail, type Outcome, type StateChange } from '../types.js';

/** The tool the user typed: it decides the wording of an HNS error and of the advice. */
export type FrontEnd = 'docker' | 'nerdctl' | 'powershell' | 'hnsdiag';

/** What to pass instead when the same command is run again. */
export interface Retry {
  readonly subnet?: Prefix;
  readonly gateway?: string;
  readonly adapter?: string;
}

/** One piece of advice: a host command as it is, the command re-run with other values, or a restart of the network's owner. */
export type Step = { readonly line: string } | { readonly retry: Retry } | { readonly restartOwner: true };

export interface HnsRefusal {
  /** Why, in plain words. */
  readonly reason: string;
  /** HNS's message, e.g. `The parameter is incorrect.` */
  readonly message: string;
  /** False when the message is not known word for word. */
  readonly exact: boolean;
  /** Other texts reported for the same failure, as printed. */
  readonly alsoSeen?: readonly string[];
  readonly knowledge?: KnowledgeId;
  readonly steps: readonly Step[];
  readonly notes?: readonly string[];
}

/** The service that owns networks made by each front end (what a restart re-creates). */
const OWNER_SERVICE: Readonly<Record<FrontEnd, string | undefined>> = {
  docker: 'docker',
  nerdctl: 'containerd',
  powershell: undefined,
  hnsdiag: undefined,
};

/** The error text a front end prints for an HNS refusal. */
function hnsErrorText(front: FrontEnd, message: string, network?: string): string {
  switch (front) {
    case 'docker': return `HNS failed with error : ${message}`;
    case 'nerdctl': return `level=fatal msg="failed to create shim task: plugin type=\\"nat\\" name=\\"${network ?? '<network>'}\\" failed (add): HNS failed with error : ${message}"`;
    case 'powershell': return `HNS failed with error : ${message}`;
    case 'hnsdiag': return `HNS failed with error : ${message}`;
  }
}

/**
 * The failing outcome of a refusal, in a front end's words. `render` turns a
 * retry into that front end's command line; `changes` are what happened before
 * the refusal (a service started on demand).
 */
export function refuse(
  r: HnsRefusal,
  front: FrontEnd,
  render: (retry: Retry) => string | undefined,
  opts: { network?: string; changes?: StateChange[]; notes?: string[] } = {},
): Outcome {
  const advice: string[] = [];
  for (const s of r.steps) {
    if ('line' in s) advice.push(s.line);
    else if ('retry' in s) {
      const line = render(s.retry);
      if (line) advice.push(line);
    } else {
      const svc = OWNER_SERVICE[front];
      if (svc) advice.push(ps`Restart-Service -Name ${svc}`);
    }
  }
  // An exact message is wrapped the way the front end prints it; otherwise the message describes the failure.
  const text = r.exact ? hnsErrorText(front, r.message, opts.network) : r.message;
  // Docker's wording is the one the reports quote; the other front ends wrap the same HNS message their own way.
  const known = r.exact && front === 'docker';
  const error = known ? exact(text, r.alsoSeen ? [...r.alsoSeen] : undefined) : described(text, r.alsoSeen ? [...r.alsoSeen] : undefined);
  return fail(r.reason, error, r.knowledge, advice, [...(r.notes ?? []), ...(opts.notes ?? [])], opts.changes ?? []);
}
