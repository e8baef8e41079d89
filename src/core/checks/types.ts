/**
 * What a check is and what it reports. A check is static metadata plus one
 * pure function from the host model to findings; the engine adds the rest.
 */
import type { Requirement } from '../capture/keys.js';
import type { KnowledgeId } from '../knowledge/catalog.js';
import type { HostModel, OwnerKind, Subject } from '../model/types.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type Risk = 'safe' | 'disruptive';
export type RunOn = 'container-host' | 'hyperv-parent' | 'vsphere' | 'swarm-manager' | 'cluster';

/** Where a fix runs, in words; every output uses this one table. */
export const RUN_ON_TEXT: Readonly<Record<RunOn, string>> = {
  'container-host': 'on the container host',
  'hyperv-parent': 'on the Hyper-V parent host',
  vsphere: 'in VMware PowerCLI connected to the vCenter or ESXi host',
  'swarm-manager': 'on a swarm manager node',
  cluster: 'with kubectl and cluster rights, from an admin workstation',
};

/** Places whose state a capture of the container host does not hold: fixes run there cannot be simulated here. */
export const RUN_ELSEWHERE: ReadonlySet<RunOn> = new Set<RunOn>(['vsphere', 'swarm-manager', 'cluster']);

export interface Fix {
  /** Imperative, e.g. "Remove the stray WinNAT instance". */
  readonly title: string;
  readonly risk: Risk;
  /** For a disruptive fix: what it interrupts (a reboot, every container's networking, ...). */
  readonly disrupts?: string;
  readonly runOn: RunOn;
  /** PowerShell, one command per entry, built with `ps` from ../powershell.js. */
  readonly commands: readonly string[];
  /** A read-only command whose output shows whether the fix worked. */
  readonly verify: string;
  /** What that command shows once the fix has worked. */
  readonly expect: string;
}

export interface Finding {
  readonly check: string;
  readonly knowledge: string;
  readonly severity: Severity;
  readonly title: string;
  /** Names the concrete objects and addresses involved. */
  readonly message: string;
  readonly subjects: readonly Subject[];
  /** JSON pointers into the capture that show the problem. */
  readonly evidence: readonly string[];
  /** Safe fixes first, then disruptive ones. */
  readonly fixes: readonly Fix[];
}

/** What a check function returns; the engine fills in check, knowledge, title and defaults. */
export interface FindingDraft {
  readonly message: string;
  readonly subjects: readonly Subject[];
  readonly evidence?: readonly string[];
  readonly fixes: readonly Fix[];
  /** Only when this finding differs from the check's default severity. */
  readonly severity?: Severity;
  /** Only when this finding needs a more precise title than the check's. */
  readonly title?: string;
}

export interface CheckMeta {
  /** Stable code, e.g. `WCN101`. */
  readonly code: string;
  /** Knowledge id from the failure-mode catalog, e.g. `ipv6-disabled`. */
  readonly knowledge: KnowledgeId;
  readonly title: string;
  readonly severity: Severity;
  /** Capture keys (or docker parts) without which the check cannot judge. */
  readonly requires: readonly Requirement[];
  /**
   * The owners whose failure mode this is (`['docker']` for a docker-only
   * check); absent when the failure mode lives in HNS or the host, whoever
   * drives it. On a host where none of them is present the check is quietly
   * not applicable (kind `no-such-owner`).
   */
  readonly owners?: readonly OwnerKind[];
  /** One sentence: what the check looks at. */
  readonly description: string;
}

export interface Check {
  readonly meta: CheckMeta;
  /** Pure: reads the model, returns findings (an empty list is a pass). */
  run(model: HostModel): readonly FindingDraft[];
}

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'crashed';

export interface CheckResult {
  readonly check: string;
  readonly knowledge: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** Why not applicable (missing key and the command that supplies it), or the crash message. */
  readonly reason?: string;
  /** The keys that were missing, for not-applicable results. */
  readonly missing?: readonly string[];
  /** Why not applicable: data the capture lacks, or an owner this host does not have. */
  readonly notApplicable?: 'missing-data' | 'no-such-owner';
}
