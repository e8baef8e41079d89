/**
 * What the Windows build can do, derived once from the build number and
 * update revision (UBR). Every check reads these flags instead of comparing
 * build numbers itself.
 */

export const BUILDS = {
  ws2016: 14393,
  rs2: 15063,
  rs3: 16299,
  ws2019: 17763,
  ws2022: 20348,
  ws2025: 26100,
} as const;

/**
 * Cumulative updates named in the documentation, as the build and UBR they
 * bring. A later cumulative update includes earlier ones, so "has KB x"
 * means "UBR at least this", never "KB x is in the hotfix list".
 */
export const KNOWN_UPDATES = {
  KB4015217: { build: 14393, ubr: 1066, date: '2017-04-11', what: 'HNS networking update for overlay; from here on HNS needs IPv6 enabled' },
  KB4482887: { build: 17763, ubr: 348, date: '2019-03-01', what: 'transparent and custom networks survive a reboot' },
  KB4489899: { build: 17763, ubr: 379, date: '2019-03-12', what: 'overlay networking fixes on Windows Server 2019' },
} as const;

export type KnownUpdate = keyof typeof KNOWN_UPDATES;

export interface Platform {
  readonly build: number | undefined;
  readonly ubr: number | undefined;
  /** ProductType 1 = workstation; 2 (domain controller) and 3 count as server. */
  readonly isServer: boolean | undefined;
  /** A human name such as "Windows Server 2019 (17763.5830)". */
  readonly label: string;
  /** Build 14393 or later (containers exist at all). */
  readonly containersSupported: boolean | undefined;
  /** Insider builds with known container networking bugs. */
  readonly knownBadInsiderBuild: boolean;
  /** Several independent NAT networks (15063+); before, one WinNAT prefix with partitions. */
  readonly multipleNatNetworks: boolean | undefined;
  /** NAT for containers: WinNAT (`Get-NetNat` lists it) before 16299, ICS-backed from 16299. */
  readonly natBackend: 'winnat' | 'ics' | undefined;
  /** The overlay driver: 14393 with KB4015217, or 15063+. */
  readonly overlaySupported: boolean | undefined;
  /** The l2bridge driver: Windows Server 2016, or 15063+. */
  readonly l2bridgeSupported: boolean | undefined;
  /** Adding an endpoint to a running (process-isolated) container: 15063+. */
  readonly hotAddSupported: boolean | undefined;
  /** The VFP switch extension exists: Windows Server 2016 or 15063+. */
  readonly vfpPresent: boolean | undefined;
  /** Swarm routing mesh (ingress, VIP): 16299 (version 1709) and later. */
  readonly routingMeshSupported: boolean | undefined;
  /** Docker recreates NAT networks at start; ids change across reboots (17763+). */
  readonly natNetworksRecreatedAtBoot: boolean | undefined;
  /** Docker may show the default nat network as `0.0.0.0/0` with no gateway when HNS chose the subnet (17763+). */
  readonly natSubnetMayShowUnset: boolean | undefined;
  /** The nat network's host vNIC is `vEthernet (<switch>)` (16299+); before, `vEthernet (HNS Internal NIC)`. */
  readonly natVnicNamedAfterSwitch: boolean | undefined;
  /** True when the build has (at least the UBR of) the given update; undefined when unknown. */
  has(update: KnownUpdate): boolean | undefined;
}

function label(build: number | undefined, ubr: number | undefined, isServer: boolean | undefined, caption: string | undefined): string {
  const rev = build === undefined ? '' : `, build ${build}${ubr !== undefined ? `.${ubr}` : ''}`;
  if (caption) return `${caption.replace(/^Microsoft\s+/, '').trim()}${rev}`;
  if (build === undefined) return 'unknown Windows build';
  const server: Record<number, string> = { 14393: 'Windows Server 2016', 17763: 'Windows Server 2019', 20348: 'Windows Server 2022', 26100: 'Windows Server 2025' };
  const name = isServer === false ? 'Windows' : server[build] ?? 'Windows';
  return `${name}${rev}`;
}

export function derivePlatform(input: { build?: number; ubr?: number; productType?: number; caption?: string }): Platform {
  const { build, ubr } = input;
  const isServer = input.productType === undefined ? (input.caption ? /server/i.test(input.caption) : undefined) : input.productType !== 1;
  const known = build !== undefined;
  const atLeast = (b: number) => (known ? build! >= b : undefined);
  const has = (update: KnownUpdate): boolean | undefined => {
    const u = KNOWN_UPDATES[update];
    if (build === undefined) return undefined;
    if (build > u.build) return true;
    if (build < u.build) return false;
    return ubr === undefined ? undefined : ubr >= u.ubr;
  };
  const on14393 = build === BUILDS.ws2016;
  return {
    build, ubr, isServer,
    label: label(build, ubr, isServer, input.caption),
    containersSupported: atLeast(BUILDS.ws2016),
    knownBadInsiderBuild: build === 14931 || build === 14936,
    multipleNatNetworks: atLeast(BUILDS.rs2),
    natBackend: known ? (build! >= BUILDS.rs3 ? 'ics' : 'winnat') : undefined,
    overlaySupported: known ? (build! >= BUILDS.rs2 || (on14393 ? has('KB4015217') : false)) : undefined,
    l2bridgeSupported: known ? (build! >= BUILDS.rs2 || (on14393 && isServer !== false)) : undefined,
    hotAddSupported: atLeast(BUILDS.rs2),
    vfpPresent: known ? (build! >= BUILDS.rs2 || (on14393 && isServer !== false)) : undefined,
    routingMeshSupported: atLeast(BUILDS.rs3),
    natNetworksRecreatedAtBoot: atLeast(BUILDS.ws2019),
    natSubnetMayShowUnset: atLeast(BUILDS.ws2019),
    natVnicNamedAfterSwitch: atLeast(BUILDS.rs3),
    has,
  };
}
