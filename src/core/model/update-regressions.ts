/**
 * Cumulative updates documented to break container networking on a
 * Kubernetes (or other HNS load-balancing) node: the build and UBR range
 * they cover (first bad UBR included, fixing UBR excluded), the update that
 * fixed it, and the workaround used until then. Every entry names its
 * sources; the builds and KB numbers are the ones Microsoft's release table
 * lists for them. Pure data: `windows-update-regression` judges a host with
 * `regressionsFor`.
 */

export interface RegistryWorkaround {
  /** The value under HKLM:\SYSTEM\CurrentControlSet\Services\hns\State. */
  readonly name: string;
  /** The DWORD that turns the regressed change off. */
  readonly value: number;
  /** What must happen for HNS to read it. */
  readonly then: 'restart-hns';
}

export interface UpdateRegression {
  /** Stable id for messages and tests. */
  readonly id: string;
  readonly build: number;
  /** The first UBR that has the fault. */
  readonly firstBadUbr: number;
  readonly firstBadKb: string;
  /** Release month of the first bad update, as `YYYY-MM`. */
  readonly firstBadMonth: string;
  /** The UBR that fixes it; hosts at or above it are fine. */
  readonly fixedUbr: number;
  readonly fixedKb: string;
  readonly fixedMonth: string;
  /** What breaks, in one sentence. */
  readonly what: string;
  /** When the fault shows (some need an HNS restart or a reboot to appear). */
  readonly when: string;
  /** A registry workaround, when one is documented. */
  readonly registry?: RegistryWorkaround;
  /** The workaround in words when it is not a registry value. */
  readonly workaround?: string;
  /** Where the range, the fix and the workaround are documented. */
  readonly sources: readonly string[];
}

/** Microsoft's table of every Windows Server update with its build and KB. */
const RELEASE_TABLE = 'https://learn.microsoft.com/en-us/windows/release-health/windows-server-release-info';

export const UPDATE_REGRESSIONS: readonly UpdateRegression[] = [
  {
    id: 'ws2022-2024-07-firewall-perf',
    build: 20348,
    firstBadUbr: 2582,
    firstBadKb: 'KB5040437',
    firstBadMonth: '2024-07',
    fixedUbr: 2762,
    fixedKb: 'KB5044281',
    fixedMonth: '2024-10',
    what: 'pods cannot reach external networks or each other, and Services on the node stop answering (a firewall performance change in HNS became enabled by default)',
    when: 'as soon as the update is installed and the host restarted',
    registry: { name: 'FwPerfImprovementChange', value: 0, then: 'restart-hns' },
    sources: [
      'https://github.com/microsoft/Windows-Containers/issues/516',
      'https://github.com/projectcalico/calico/issues/9019',
      'https://github.com/projectcalico/calico/issues/8529',
      RELEASE_TABLE,
    ],
  },
  {
    id: 'ws2019-2020-08-decap-layer',
    build: 17763,
    firstBadUbr: 1432,
    firstBadKb: 'KB4571748',
    firstBadMonth: '2020-08',
    fixedUbr: 1554,
    fixedKb: 'KB4580390',
    fixedMonth: '2020-10',
    what: "pod-to-Service traffic fails: HNS drops the DECAP_IN VFP layer when it restarts and re-creates the load balancers kube-proxy programmed",
    when: 'after the Host Network Service restarts (a reboot included)',
    workaround: 'stop kube-proxy, remove every HNS load balancer (Get-HnsPolicyList | Remove-HnsPolicyList), restart the host, then start kube-proxy so it programs them again',
    sources: [
      'https://github.com/microsoft/Windows-Containers/issues/61',
      'https://github.com/Azure/aks-engine/pull/3956',
      RELEASE_TABLE,
    ],
  },
];

/** The documented regressions a build and UBR fall in. */
export function regressionsFor(build: number | undefined, ubr: number | undefined): UpdateRegression[] {
  if (build === undefined || ubr === undefined) return [];
  return UPDATE_REGRESSIONS.filter((r) => r.build === build && ubr >= r.firstBadUbr && ubr < r.fixedUbr);
}

/**
 * Without a UBR: the regressions whose bad update is in the hotfix list
 * while their fixing update is not (`Get-HotFix` lists cumulative updates
 * by KB). Weaker evidence than the UBR: a later update need not list the
 * fixing KB by name.
 */
export function regressionsFromHotfixes(build: number | undefined, hotfixes: readonly string[]): UpdateRegression[] {
  if (build === undefined) return [];
  const has = new Set(hotfixes.map((h) => h.toUpperCase()));
  return UPDATE_REGRESSIONS.filter((r) => r.build === build && has.has(r.firstBadKb) && !has.has(r.fixedKb));
}
