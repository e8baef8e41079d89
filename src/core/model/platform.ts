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

/** HNS's own version (`hnsVersion`), which features depend on rather than on the build alone. */
export interface HnsVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * What HNS can do, by its version, as the HCN client library (hcsshim,
 * hcn/hcnglobals.go) decides before it sends a request: below these
 * versions it refuses with "platform does not support feature ...". Every
 * flag is undefined when the capture has no `hnsVersion`: the mapping from
 * HNS version to Windows build is not documented, so it is never guessed.
 */
export interface HnsFeatures {
  readonly version: HnsVersion | undefined;
  /** The V2 (HCN) API and schema: 9.2+. */
  readonly v2Api: boolean | undefined;
  /** RemoteSubnetRoute policies on overlay networks: 9.2+. */
  readonly remoteSubnet: boolean | undefined;
  /** HostRoute policies (container to local host on overlay): 9.2+. */
  readonly hostRoute: boolean | undefined;
  /** Direct Server Return load balancing: 9.3 to 9.x, and 10.2+. */
  readonly dsr: boolean | undefined;
  /** Endpoints with /32 prefixes: 9.3 to 9.x, and 10.4+. */
  readonly slash32Endpoints: boolean | undefined;
  /** VxlanPort network policy (a VXLAN UDP port other than 4789): 10.3+. */
  readonly vxlanPort: boolean | undefined;
  /** IPv6 dual stack: 11.10+. */
  readonly ipv6DualStack: boolean | undefined;
  /** Session affinity for load balancers: 12.0+. */
  readonly sessionAffinity: boolean | undefined;
  /** SetPolicy network policies: 13.0+. */
  readonly setPolicy: boolean | undefined;
}

type VersionRange = readonly [min: readonly [number, number], max?: readonly [number, number]];

/** Orders two versions (major, then minor). */
function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

function inRanges(v: HnsVersion, ranges: readonly VersionRange[]): boolean {
  const x = [v.major, v.minor] as const;
  return ranges.some(([min, max]) => compare(x, min) >= 0 && (max === undefined || compare(x, max) <= 0));
}

/** The feature table of hcnglobals.go (a range without an end is open). */
const HNS_FEATURE_RANGES = {
  v2Api: [[[9, 2]]],
  remoteSubnet: [[[9, 2]]],
  hostRoute: [[[9, 2]]],
  dsr: [[[9, 3], [9, Number.MAX_SAFE_INTEGER]], [[10, 2]]],
  slash32Endpoints: [[[9, 3], [9, Number.MAX_SAFE_INTEGER]], [[10, 4]]],
  vxlanPort: [[[10, 3]]],
  ipv6DualStack: [[[11, 10]]],
  sessionAffinity: [[[12, 0]]],
  setPolicy: [[[13, 0]]],
} as const satisfies Record<string, readonly VersionRange[]>;

function hnsFeatures(version: HnsVersion | undefined): HnsFeatures {
  const f = (name: keyof typeof HNS_FEATURE_RANGES) => (version === undefined ? undefined : inRanges(version, HNS_FEATURE_RANGES[name]));
  return {
    version,
    v2Api: f('v2Api'), remoteSubnet: f('remoteSubnet'), hostRoute: f('hostRoute'), dsr: f('dsr'),
    slash32Endpoints: f('slash32Endpoints'), vxlanPort: f('vxlanPort'), ipv6DualStack: f('ipv6DualStack'),
    sessionAffinity: f('sessionAffinity'), setPolicy: f('setPolicy'),
  };
}

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
  /** Windows Server 2025 (build 26100 with a server product type). */
  readonly isServer2025: boolean | undefined;
  /** What HNS can do, from its captured version (`hnsVersion`); every flag unknown without it. */
  readonly hns: HnsFeatures;
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

export function derivePlatform(input: { build?: number; ubr?: number; productType?: number; caption?: string; hnsVersion?: HnsVersion }): Platform {
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
    isServer2025: known ? (build === BUILDS.ws2025 ? isServer : false) : undefined,
    hns: hnsFeatures(input.hnsVersion),
    has,
  };
}
