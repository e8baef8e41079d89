import { KNOWN_UPDATES } from '../model/platform.js';
import type { DockerNetworkModel, HnsNetworkModel, HostModel, OwnerKind, Subject } from '../model/types.js';
import type { Check, FindingDraft } from './types.js';

/** The engine release that re-attaches containers to networks Docker recreated with a new id. */
const ENGINE_FIX: readonly [number, number, number] = [18, 9, 3];

/** `18.09.2`, `17.06.2-ee-16`, `20.10.17` -> [major, minor, patch]; undefined for anything else. */
export function parseEngineVersion(text: string | undefined): [number, number, number] | undefined {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function engineBefore(v: readonly [number, number, number], fix: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== fix[i]) return v[i]! < fix[i]!;
  return false;
}

/** A network the 17763 platform bug can drop at reboot, as docker shows it or, when docker does not, as HNS does. */
interface AtRisk {
  readonly text: string;
  readonly subject: Subject;
  readonly docker: DockerNetworkModel | undefined;
}

/** Networks a user made through docker (or HNS rediscovered) that the 17763 platform bug can drop at reboot. */
function customLocalNetworks(nets: readonly DockerNetworkModel[]): DockerNetworkModel[] {
  return nets.filter((n) => {
    const name = n.name.toLowerCase();
    if (name === 'nat' || name === 'none') return false;
    if ((n.scope ?? 'local').toLowerCase() === 'swarm') return false;
    return !['null', 'ics', 'overlay'].includes(n.driver);
  });
}

/**
 * HNS networks docker does not show whose loss nothing repairs. A CNI plugin
 * or nerdctl's nat plugin creates its network from its conf when the next pod
 * or container starts, and Windows makes its ICS and WSL networks itself; a
 * network made through HNS directly stays lost. A docker-owned network counts
 * here only when docker's own list was not captured (with the list, docker's
 * view above speaks for it).
 */
function hnsOnlyAtRisk(model: HostModel): HnsNetworkModel[] {
  const dockerListed = model.captured.has('docker.networks');
  const notRemade = (kind: OwnerKind) => kind === 'unknown' || (!dockerListed && (kind === 'docker' || kind === 'docker-desktop'));
  return model.hnsNetworks.filter((n) => !n.dockerNetwork && notRemade(n.owner.kind) && !['nat', 'ics', 'overlay'].includes(n.type));
}

const UBR_SHOWN = "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object -Property 'CurrentBuild','UBR'";

export const networksLostAfterReboot: Check = {
  meta: {
    code: 'WCN208',
    knowledge: 'networks-lost-after-reboot',
    title: 'Networks disappear after a reboot on Windows Server 2019',
    severity: 'warning',
    requires: ['os', 'hnsNetworks'],
    description: 'Build 17763 below KB4482887 (UBR 348) drops transparent and custom networks at reboot (docker networks, and HNS networks that no CNI plugin makes again); engines before 18.09.3 keep stale network ids after Docker rebuilds its networks.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    const kb = KNOWN_UPDATES.KB4482887;
    if (model.platform.natNetworksRecreatedAtBoot === true && model.platform.has('KB4482887') === false) {
      const lost: AtRisk[] = [
        ...customLocalNetworks(model.dockerNetworks).map((n) => ({ text: `'${n.name}' (${n.driver})`, subject: n.subject, docker: n })),
        ...hnsOnlyAtRisk(model).map((n) => ({ text: `'${n.name ?? n.id}' (${n.type}; HNS, owner: ${n.owner.label})`, subject: n.subject, docker: undefined })),
      ];
      if (lost.length > 0) {
        const attached = [...new Set(lost.flatMap((n) => n.docker?.containers.map((a) => a.container) ?? []))];
        out.push({
          message: `${model.platform.label} is below ${kb.build}.${kb.ubr} (KB4482887, ${kb.date}), which fixed networks vanishing at reboot. ${lost.length === 1 ? 'Network' : 'Networks'} ${lost.map((n) => n.text).join(', ')} ${lost.length === 1 ? 'is' : 'are'} likely to be gone after the next restart${attached.length > 0 ? `, and ${attached.map((c) => `'${c.name}'`).join(', ')} would then fail to start with "network <id> not found"` : ''}.`,
          subjects: [...lost.map((n) => n.subject), ...attached.map((c) => c.subject)],
          evidence: [model.capture.os?.$ptr ?? '/os', ...lost.map((n) => n.subject.pointer)].filter((p): p is string => p !== undefined),
          fixes: [{
            title: `Install the latest cumulative update for build ${kb.build} (KB4482887 or any later one); no command here can install it`,
            risk: 'disruptive',
            disrupts: 'a restart of the container host: every container stops until it is back',
            runOn: 'container-host',
            commands: [],
            verify: UBR_SHOWN,
            expect: `CurrentBuild ${kb.build} with UBR ${kb.ubr} or higher.`,
          }],
        });
      }
    }
    const version = parseEngineVersion(model.docker?.serverVersion);
    if (model.platform.natNetworksRecreatedAtBoot === true && version && engineBefore(version, ENGINE_FIX)) {
      const attachedTo = model.containers.filter((c) => c.attachments.some((a) => a.networkName.toLowerCase() !== 'none'));
      if (attachedTo.length > 0) {
        out.push({
          message: `Docker engine ${model.docker?.serverVersion} is older than 18.09.3. On ${model.platform.label} nat networks are not kept across a reboot, so Docker recreates them with new ids; this engine keeps the old ids in its containers, and ${attachedTo.map((c) => `'${c.name}'`).join(', ')} may fail to start after a reboot with "network <id> not found".`,
          subjects: [...(model.docker ? [model.docker.subject] : []), ...attachedTo.map((c) => c.subject)],
          evidence: [model.docker?.subject.pointer].filter((p): p is string => p !== undefined),
          fixes: [{
            title: 'Update the container engine to 18.09.3 or later with the installer or package your vendor provides; no command here can do it',
            risk: 'disruptive',
            disrupts: 'the engine restarts: every container stops until it is started again',
            runOn: 'container-host',
            commands: [],
            verify: "docker version --format '{{.Server.Version}}'",
            expect: '18.09.3 or later.',
          }],
        });
      }
    }
    return out;
  },
};
