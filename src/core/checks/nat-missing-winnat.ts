import { winnatSlotHolders } from '../model/derived/winnat.js';
import { prefixContains, type Prefix } from '../model/net.js';
import type { DockerNetworkModel, HostModel, NatModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { engineServiceName, startService } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

interface Uncovered {
  readonly net: DockerNetworkModel;
  readonly prefix: Prefix;
  /** The WinNAT name HNS recorded for the network (`NatName`), when it is not an ICS one. */
  readonly natName: string | undefined;
}

function covered(nats: readonly NatModel[], prefix: Prefix, natName: string | undefined): boolean {
  return nats.some((n) => prefixContains(n.internalPrefix, prefix) || (natName !== undefined && n.name.toLowerCase() === natName.toLowerCase()));
}

/**
 * Situations other checks already report, so that one missing NAT gives one
 * finding: before 15063 a NAT that Docker did not make holds the only slot
 * (`winnat-slot-taken`), or the container-owned NAT exists and the subnet
 * lies outside it (`nat-outside-winnat-prefix`).
 */
function reportedElsewhere(model: HostModel): boolean {
  if (model.platform.multipleNatNetworks !== false) return false;
  const strayHoldsSlot = winnatSlotHolders(model).length > 0;
  const ownedExists = model.nats.some((n) => n.ownedByContainers && n.internalPrefix);
  return strayHoldsSlot || ownedExists;
}

export const natMissingWinnat: Check = {
  meta: {
    code: 'WCN206',
    knowledge: 'nat-missing-winnat',
    title: 'A nat network has no WinNAT instance behind it',
    severity: 'error',
    requires: ['os', 'netNat', 'docker.networks'],
    description: 'On builds before 16299 (WinNAT-backed NAT) every docker nat network needs a Get-NetNat instance covering its subnet; from 16299 on an empty Get-NetNat is normal.',
  },
  run(model) {
    // From 16299 NAT is ICS-backed and Get-NetNat is normally empty: never judge there (nor on an unknown build).
    if (model.platform.natBackend !== 'winnat') return [];
    const natNets = model.dockerNetworks.filter((n) => n.driver === 'nat');
    if (reportedElsewhere(model)) return [];
    const uncovered: Uncovered[] = [];
    for (const net of natNets) {
      const natName = net.hns?.natName && !/^ics/i.test(net.hns.natName) ? net.hns.natName : undefined;
      for (const s of net.effectiveSubnets) {
        if (!s.prefix || s.prefix.length === 0 || covered(model.nats, s.prefix, natName)) continue;
        uncovered.push({ net, prefix: s.prefix, natName });
      }
    }
    if (uncovered.length === 0) return [];
    const empty = model.nats.length === 0 ? ' Get-NetNat is empty.' : ` Get-NetNat lists only ${model.nats.map((n) => `'${n.name}' (${n.internalPrefixText ?? 'no prefix'})`).join(', ')}.`;
    if (model.platform.multipleNatNetworks === false) {
      // One WinNAT serves every nat network before 15063: one finding, one New-NetNat over the widest subnet.
      const widest = [...uncovered].sort((a, b) => a.prefix.length - b.prefix.length)[0]!;
      const list = uncovered.map((u) => `'${u.net.name}' (${u.prefix.text})`).join(', ');
      return [{
        message: `No WinNAT instance covers the docker nat ${uncovered.length === 1 ? 'network' : 'networks'} ${list} on ${model.platform.label}.${empty} On this build HNS backs nat networks with a WinNAT instance (named H<GUID>); without it containers reach the host's vNIC but nothing beyond it, and port mappings never work.`,
        subjects: [...new Set(uncovered.map((u) => u.net))].map((n) => n.subject),
        evidence: [...new Set(uncovered.map((u) => u.net.subject.pointer)), model.capture.netNat?.[0]?.$ptr ?? '/netNat'].filter((p): p is string => p !== undefined),
        fixes: fixesFor(model, widest, natNameFor(model, widest)),
      }];
    }
    // 15063: each nat network has a NAT instance of its own.
    return uncovered.map((u): FindingDraft => ({
      message: `No WinNAT instance covers docker nat network '${u.net.name}' (${u.prefix.text}) on ${model.platform.label}.${u.natName ? ` HNS expects the NAT '${u.natName}'.` : ''}${empty} On this build NAT is still WinNAT-backed: containers on '${u.net.name}' reach the host's vNIC but nothing beyond it, and port mappings never work.`,
      subjects: [u.net.subject],
      evidence: [u.net.subject.pointer, model.capture.netNat?.[0]?.$ptr ?? '/netNat'].filter((p): p is string => p !== undefined),
      fixes: fixesFor(model, u, natNameFor(model, u)),
    }));
  },
};

/** The name for a new NAT: the one HNS recorded, else `nat`, else one derived from the network. */
function natNameFor(model: HostModel, u: Uncovered): string {
  if (u.natName) return u.natName;
  const taken = (n: string) => model.nats.some((x) => x.name.toLowerCase() === n.toLowerCase());
  if (!taken('nat')) return 'nat';
  return `${u.net.name}-nat`;
}

function fixesFor(model: HostModel, u: Uncovered, natName: string): Fix[] {
  const service = engineServiceName(model);
  const verify = "Get-NetNat | Select-Object -Property 'Name','InternalIPInterfaceAddressPrefix','Active'";
  return [
    {
      title: `Create the WinNAT instance '${natName}' for ${u.prefix.text}`,
      risk: 'safe',
      runOn: 'container-host',
      commands: [ps`New-NetNat -Name ${natName} -InternalIPInterfaceAddressPrefix ${u.prefix.text}`],
      verify,
      expect: `Lists '${natName}' with ${u.prefix.text} and Active True.`,
    },
    {
      title: 'Or let HNS rebuild its own NAT: stop Docker, restart HNS, start Docker',
      risk: 'disruptive',
      disrupts: 'every container stops with Docker, and container networking is down while HNS restarts',
      runOn: 'container-host',
      commands: [ps`Stop-Service -Name ${service}`, ps`Restart-Service -Name 'hns'`, startService(service)],
      verify,
      expect: `Lists an H<GUID> instance whose prefix contains ${u.prefix.text}.`,
    },
  ];
}
