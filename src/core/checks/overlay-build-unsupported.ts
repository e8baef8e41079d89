import { BUILDS, KNOWN_UPDATES } from '../model/platform.js';
import type { HostModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import { quotedList } from '../text/list.js';
import type { Check, Fix, FindingDraft, Severity } from './types.js';

const CURRENT_VERSION_KEY = 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const BUILD_AND_UBR = ps`Get-ItemProperty -Path ${CURRENT_VERSION_KEY} | Select-Object -Property 'ProductName','CurrentBuild','UBR'`;

interface Gap {
  readonly severity: Severity;
  /** What the driver needs, in words. */
  readonly needs: string;
  readonly fix: Fix;
}

function updateFix(build: number, ubr: number, kb: string): Fix {
  return {
    title: `Install the latest cumulative update for build ${build} (at least ${kb}, ${build}.${ubr}); no command here installs it: use Windows Update, WSUS or the Microsoft Update Catalog`,
    risk: 'disruptive',
    disrupts: 'the restart that finishes the update: every container on the host stops until it is back',
    runOn: 'container-host',
    commands: [],
    verify: BUILD_AND_UBR,
    expect: `CurrentBuild ${build} with UBR ${ubr} or higher.`,
  };
}

function upgradeFix(): Fix {
  return {
    title: 'Upgrade this Windows 10 host to version 1703 (build 15063) or later, or run the containers on Windows Server; no command here does it',
    risk: 'disruptive',
    disrupts: 'the feature upgrade and its restarts: every container on the host stops until it is back',
    runOn: 'container-host',
    commands: [],
    verify: BUILD_AND_UBR,
    expect: 'CurrentBuild 15063 or higher.',
  };
}

/** What is missing on this build for an overlay network, or undefined when nothing is (or it cannot be told). */
function overlayGap(model: HostModel): Gap | undefined {
  const { build, ubr, isServer } = model.platform;
  if (build === undefined) return undefined;
  if (build >= BUILDS.rs2) {
    if (build === BUILDS.ws2019 && model.platform.has('KB4489899') === false) {
      const kb = KNOWN_UPDATES.KB4489899;
      return {
        severity: 'warning',
        needs: `Windows Server 2019 needs KB4489899 (17763.${kb.ubr}) for its overlay networking fixes; this host is at 17763.${ubr}`,
        fix: updateFix(kb.build, kb.ubr, 'KB4489899'),
      };
    }
    return undefined;
  }
  if (isServer === false) {
    return {
      severity: 'error',
      needs: `on Windows 10 the overlay driver arrived with version 1703 (build 15063); this host is build ${build}`,
      fix: upgradeFix(),
    };
  }
  if (build === BUILDS.ws2016) {
    const has = model.platform.has('KB4015217');
    if (has !== false) return undefined;
    const kb = KNOWN_UPDATES.KB4015217;
    return {
      severity: 'error',
      needs: `Windows Server 2016 needs KB4015217 (14393.${kb.ubr}) for the overlay driver; this host is at 14393.${ubr}`,
      fix: updateFix(kb.build, kb.ubr, 'KB4015217'),
    };
  }
  return {
    severity: 'error',
    needs: `the overlay driver needs Windows Server 2016 with KB4015217 or Windows 10 1703 (15063); this host is build ${build}`,
    fix: updateFix(BUILDS.ws2016, KNOWN_UPDATES.KB4015217.ubr, 'KB4015217'),
  };
}

function l2bridgeGap(model: HostModel): Gap | undefined {
  if (model.platform.l2bridgeSupported !== false) return undefined;
  const { build, isServer } = model.platform;
  return {
    severity: 'error',
    needs: `the l2bridge driver needs Windows Server 2016 or Windows 10 1703 (15063) and later; this host is ${isServer === false ? 'Windows 10 ' : ''}build ${build}`,
    fix: isServer === false ? upgradeFix() : updateFix(BUILDS.ws2016, KNOWN_UPDATES.KB4015217.ubr, 'KB4015217'),
  };
}

export const overlayBuildUnsupported: Check = {
  meta: {
    code: 'WCN502',
    knowledge: 'overlay-build-unsupported',
    title: 'The host build lacks the updates overlay or l2bridge needs',
    severity: 'error',
    requires: ['os', 'hnsNetworks'],
    description: 'Overlay networks on 14393 below UBR 1066 or on Windows 10 before 15063 (and on 17763 below UBR 379, a warning); l2bridge networks on builds without the driver.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    const byDriver = (driver: string): { label: string; subject: Subject }[] => [
      ...model.dockerNetworks.filter((n) => n.driver === driver).map((n) => ({ label: n.name, subject: n.subject })),
      ...model.hnsNetworks.filter((h) => h.type === driver && !h.dockerNetwork).map((h) => ({ label: h.name ?? h.id, subject: h.subject })),
    ];
    for (const [driver, gap] of [['overlay', overlayGap(model)], ['l2bridge', l2bridgeGap(model)]] as const) {
      if (!gap) continue;
      const nets = byDriver(driver);
      if (nets.length === 0) continue;
      out.push({
        severity: gap.severity,
        message: `The ${driver} ${nets.length === 1 ? 'network' : 'networks'} ${quotedList(nets.map((n) => n.label))} ${nets.length === 1 ? 'runs' : 'run'} on ${model.platform.label}, but ${gap.needs}. Networks of this driver ${gap.severity === 'error' ? 'fail to create or carry no traffic' : 'can lose traffic between hosts'} until the host is updated.`,
        subjects: [model.host.subject, ...nets.map((n) => n.subject)],
        fixes: [gap.fix],
      });
    }
    return out;
  },
};
