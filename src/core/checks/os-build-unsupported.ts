import { KNOWN_UPDATES, BUILDS } from '../model/platform.js';
import type { HostModel } from '../model/types.js';
import type { Check, Fix, FindingDraft } from './types.js';

const CURRENT_VERSION = "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object -Property 'ProductName','CurrentBuild','UBR','DisplayVersion'";

function moveToSupportedBuild(model: HostModel): Fix {
  const target = model.platform.isServer === false ? 'a serviced Windows 10/11 release' : 'Windows Server 2019, 2022 or 2025';
  return {
    title: `Move the host to ${target} (an upgrade or reinstall; no command here can do it)`,
    risk: 'disruptive',
    disrupts: 'the whole host during the upgrade or reinstall: every container and VM stops, and process-isolated images must match the new build',
    runOn: 'container-host',
    commands: [],
    verify: CURRENT_VERSION,
    expect: 'CurrentBuild is 17763 or later on a server (a serviced release on a client), with a recent UBR.',
  };
}

export const osBuildUnsupported: Check = {
  meta: {
    code: 'WCN102',
    knowledge: 'os-build-unsupported',
    title: 'The Windows build is too old or unsuitable for container networking',
    severity: 'error',
    requires: ['os'],
    description: 'Reads the build number and UBR: below 14393 there are no Windows containers, the Insider builds 14931 and 14936 had broken container support, and 14393 needs KB4015217 (UBR 1066) for its networking fixes.',
  },
  run(model) {
    const p = model.platform;
    if (p.build === undefined) return [];
    const osPtr = model.capture.os?.$ptr ?? '/os';
    const evidence = [`${osPtr}/BuildNumber`, ...(p.ubr !== undefined ? [`${osPtr}/UBR`] : [])];
    const subjects = [{ ...model.host.subject, pointer: osPtr }];
    const out: FindingDraft[] = [];
    if (p.containersSupported === false) {
      out.push({
        message: `This host runs ${p.label}. Windows containers start with build ${BUILDS.ws2016} (Windows Server 2016, Windows 10 version 1607): on build ${p.build} there is no Host Network Service and no container networking at all.`,
        subjects, evidence,
        fixes: [moveToSupportedBuild(model)],
      });
    } else if (p.knownBadInsiderBuild) {
      out.push({
        message: `This host runs ${p.label}, a pre-release (Insider) build with known broken container support. Container networking failures on it are not worth diagnosing: move to a released build.`,
        subjects, evidence,
        fixes: [moveToSupportedBuild(model)],
      });
    } else if (p.build === BUILDS.ws2016 && p.has('KB4015217') === false) {
      const kb = KNOWN_UPDATES.KB4015217;
      out.push({
        severity: 'warning',
        message: `This host runs ${p.label}, below ${kb.build}.${kb.ubr} (KB4015217, ${kb.date}). Build ${kb.build} needs that cumulative update or a later one for its container networking fixes: without it overlay networks and swarm mode do not work, and HNS fails in ways later updates fixed.`,
        subjects, evidence,
        fixes: [
          {
            title: `Install the latest cumulative update for build ${kb.build} (Windows Update, sconfig or the Microsoft Update Catalog; no command here can pick it), then restart`,
            risk: 'disruptive',
            disrupts: 'a restart of the container host: every container and VM stops until the host is back',
            runOn: 'container-host',
            commands: [],
            verify: CURRENT_VERSION,
            expect: `UBR is ${kb.ubr} or higher (the newest cumulative update gives the highest UBR).`,
          },
          moveToSupportedBuild(model),
        ],
      });
    }
    return out;
  },
};
