import { winnatSlotHolders } from '../model/derived/winnat.js';
import { prefixContains, type Prefix } from '../model/net.js';
import type { HostModel, NatModel, Owner, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import { engineServiceName, restartService, startService, stopService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** A nat network as the check judges it: docker's view when docker made it, else the HNS network whoever owns it. */
interface NatNetwork {
  readonly name: string;
  /** "docker nat network" or "HNS nat network". */
  readonly kind: string;
  readonly subject: Subject;
  /** Set for an HNS network that no docker network shows. */
  readonly owner: Owner | undefined;
  /** The network is docker's: its engine rebuilds the NAT when it starts. */
  readonly docker: boolean;
  readonly prefixes: readonly Prefix[];
  /** The WinNAT name HNS recorded for the network (`NatName`), when it is not an ICS one. */
  readonly natName: string | undefined;
}

interface Uncovered {
  readonly net: NatNetwork;
  readonly prefix: Prefix;
}

const winnatName = (natName: string | undefined) => (natName && !/^ics/i.test(natName) ? natName : undefined);

/** Every nat network: docker's (with the subnets it really uses) and the HNS nat networks docker does not show. */
function natNetworks(model: HostModel): NatNetwork[] {
  const out: NatNetwork[] = [];
  for (const net of model.dockerNetworks) {
    if (net.driver !== 'nat') continue;
    out.push({
      name: net.name, kind: 'docker nat network', subject: net.subject, owner: undefined, docker: true,
      prefixes: net.effectiveSubnets.flatMap((s) => (s.prefix ? [s.prefix] : [])), natName: winnatName(net.hns?.natName),
    });
  }
  for (const hns of model.hnsNetworks) {
    if (hns.type !== 'nat' || hns.dockerNetwork) continue;
    out.push({
      name: hns.name ?? hns.id, kind: 'HNS nat network', subject: hns.subject, owner: hns.owner,
      docker: hns.owner.kind === 'docker' || hns.owner.kind === 'docker-desktop',
      prefixes: hns.subnets.flatMap((s) => (s.prefix ? [s.prefix] : [])), natName: winnatName(hns.natName),
    });
  }
  return out;
}

function covered(nats: readonly NatModel[], prefix: Prefix, natName: string | undefined): boolean {
  return nats.some((n) => prefixContains(n.internalPrefix, prefix) || (natName !== undefined && n.name.toLowerCase() === natName.toLowerCase()));
}

/**
 * Situations other checks already report, so that one missing NAT gives one
 * finding: before 15063 a NAT that no container network made holds the only
 * slot (`winnat-slot-taken`), or the container-owned NAT exists and the
 * subnet lies outside it (`nat-outside-winnat-prefix`).
 */
function reportedElsewhere(model: HostModel): boolean {
  if (model.platform.multipleNatNetworks !== false) return false;
  const strayHoldsSlot = winnatSlotHolders(model).length > 0;
  const ownedExists = model.nats.some((n) => n.ownedByContainers && n.internalPrefix);
  return strayHoldsSlot || ownedExists;
}

const ownerNote = (net: NatNetwork) => (net.owner ? `; owner: ${net.owner.label}` : '');

export const natMissingWinnat: Check = {
  meta: {
    code: 'WCN206',
    knowledge: 'nat-missing-winnat',
    title: 'A nat network has no WinNAT instance behind it',
    severity: 'error',
    requires: ['os', 'netNat', 'hnsNetworks'],
    description: 'On builds before 16299 (WinNAT-backed NAT) every nat network (docker, containerd or made through HNS directly) needs a Get-NetNat instance covering its subnet; from 16299 on an empty Get-NetNat is normal.',
  },
  run(model) {
    // From 16299 NAT is ICS-backed (the network's NatName is an ICS… name with no Get-NetNat entry) and
    // Get-NetNat is normally empty: never judge there (nor on an unknown build).
    if (model.platform.natBackend !== 'winnat') return [];
    if (reportedElsewhere(model)) return [];
    const uncovered: Uncovered[] = [];
    for (const net of natNetworks(model)) {
      for (const prefix of net.prefixes) {
        if (prefix.length === 0 || covered(model.nats, prefix, net.natName)) continue;
        uncovered.push({ net, prefix });
      }
    }
    if (uncovered.length === 0) return [];
    const empty = model.nats.length === 0 ? ' Get-NetNat is empty.' : ` Get-NetNat lists only ${model.nats.map((n) => `'${n.name}' (${n.internalPrefixText ?? 'no prefix'})`).join(', ')}.`;
    const netNatPointer = model.capture.netNat?.[0]?.$ptr ?? '/netNat';
    if (model.platform.multipleNatNetworks === false) {
      // One WinNAT serves every nat network before 15063: one finding, one New-NetNat over the widest subnet.
      const widest = [...uncovered].sort((a, b) => a.prefix.length - b.prefix.length)[0]!;
      const nets = [...new Set(uncovered.map((u) => u.net))];
      const list = uncovered.map((u) => `'${u.net.name}' (${u.prefix.text}${ownerNote(u.net)})`).join(', ');
      const kind = nets.every((n) => n.kind === 'docker nat network') ? 'docker nat' : 'nat';
      return [{
        message: `No WinNAT instance covers the ${kind} ${uncovered.length === 1 ? 'network' : 'networks'} ${list} on ${model.platform.label}.${empty} On this build HNS backs nat networks with a WinNAT instance (named H<GUID>); without it containers reach the host's vNIC but nothing beyond it, and port mappings never work.`,
        subjects: nets.map((n) => n.subject),
        evidence: [...new Set(nets.map((n) => n.subject.pointer)), netNatPointer].filter((p): p is string => p !== undefined),
        fixes: fixesFor(model, widest, natNameFor(model, widest), nets.some((n) => n.docker)),
      }];
    }
    // 15063: each nat network has a NAT instance of its own.
    return uncovered.map((u): FindingDraft => ({
      message: `No WinNAT instance covers ${u.net.kind} '${u.net.name}' (${u.prefix.text}${ownerNote(u.net)}) on ${model.platform.label}.${u.net.natName ? ` HNS expects the NAT '${u.net.natName}'.` : ''}${empty} On this build NAT is still WinNAT-backed: containers on '${u.net.name}' reach the host's vNIC but nothing beyond it, and port mappings never work.`,
      subjects: [u.net.subject],
      evidence: [u.net.subject.pointer, netNatPointer].filter((p): p is string => p !== undefined),
      fixes: fixesFor(model, u, natNameFor(model, u), u.net.docker),
    }));
  },
};

/** The name for a new NAT: the one HNS recorded, else `nat`, else one derived from the network. */
function natNameFor(model: HostModel, u: Uncovered): string {
  if (u.net.natName) return u.net.natName;
  const taken = (n: string) => model.nats.some((x) => x.name.toLowerCase() === n.toLowerCase());
  if (!taken('nat')) return 'nat';
  return `${u.net.name}-nat`;
}

function fixesFor(model: HostModel, u: Uncovered, natName: string, docker: boolean): Fix[] {
  const verify = "Get-NetNat | Select-Object -Property 'Name','InternalIPInterfaceAddressPrefix','Active'";
  const create: Fix = {
    title: `Create the WinNAT instance '${natName}' for ${u.prefix.text}`,
    risk: 'safe',
    runOn: 'container-host',
    commands: [ps`New-NetNat -Name ${natName} -InternalIPInterfaceAddressPrefix ${u.prefix.text}`],
    verify,
    expect: `Lists '${natName}' with ${u.prefix.text} and Active True.`,
  };
  const expect = `Lists an H<GUID> instance whose prefix contains ${u.prefix.text}.`;
  if (!docker) {
    // No engine of its own rebuilds the network at start: HNS sets up the NAT of the networks it keeps when it starts.
    return [create, {
      title: 'Or let HNS set up the NAT of its nat networks again: restart HNS',
      risk: 'disruptive',
      disrupts: 'container networking is down while HNS restarts',
      runOn: 'container-host',
      commands: [restartService('hns')],
      verify,
      expect,
    }];
  }
  const service = engineServiceName(model);
  return [create, {
    title: 'Or let HNS rebuild its own NAT: stop Docker, restart HNS, start Docker',
    risk: 'disruptive',
    disrupts: 'every container stops with Docker, and container networking is down while HNS restarts',
    runOn: 'container-host',
    commands: [stopService(service), restartService('hns'), startService(service)],
    verify,
    expect,
  }];
}
