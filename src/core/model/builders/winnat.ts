/** WinNAT instances, static mappings and excluded port ranges. */
import type { Capture, ExcludedPortRangeRecord } from '../../capture/schema.js';
import { looksContainerOwnedNat } from '../../owners/names.js';
import { parsePrefix } from '../net.js';
import type { NatModel, PortRange, StaticMappingModel } from '../types.js';
import { lower } from './common.js';

function parsePortRanges(items: readonly ExcludedPortRangeRecord[]): PortRange[] {
  const out: PortRange[] = [];
  let protocol: 'tcp' | 'udp' = 'tcp';
  items.forEach((it, i) => {
    const pointer = `/excludedPortRanges/${i}`;
    if (typeof it === 'string') {
      const header = /protocol\s+(tcp|udp)/i.exec(it);
      if (header) {
        protocol = header[1]!.toLowerCase() as 'tcp' | 'udp';
        return;
      }
      const m = /^\s*(\d{1,5})\s+(\d{1,5})\b(\s*\*)?/.exec(it);
      if (m) out.push({ protocol, start: Number(m[1]), end: Number(m[2]), administered: m[3] !== undefined, pointer });
      return;
    }
    out.push({ protocol: lower(it.Protocol) === 'udp' ? 'udp' : 'tcp', start: it.StartPort, end: it.EndPort, pointer: it.$ptr ?? pointer });
  });
  return out;
}

export function buildWinNat(capture: Capture): { nats: NatModel[]; staticMappings: StaticMappingModel[]; excludedPortRanges: PortRange[] } {
  const nats: NatModel[] = (capture.netNat ?? []).map((n) => ({
    name: n.Name,
    internalPrefixText: n.InternalIPInterfaceAddressPrefix,
    internalPrefix: parsePrefix(n.InternalIPInterfaceAddressPrefix),
    active: n.Active,
    ownedByContainers: looksContainerOwnedNat(n.Name),
    subject: { kind: 'winnat', name: n.Name, pointer: n.$ptr },
  }));
  const staticMappings: StaticMappingModel[] = (capture.netNatStaticMappings ?? []).map((m) => ({
    id: m.StaticMappingID, natName: m.NatName, protocol: m.Protocol, externalPort: m.ExternalPort, externalAddress: m.ExternalIPAddress,
    internalAddress: m.InternalIPAddress, internalPort: m.InternalPort,
    subject: { kind: 'static-mapping', name: `${m.Protocol ?? 'TCP'} ${m.ExternalPort} -> ${m.InternalIPAddress ?? '?'}:${m.InternalPort ?? '?'}`, id: m.StaticMappingID?.toString(), pointer: m.$ptr },
  }));
  return { nats, staticMappings, excludedPortRanges: parsePortRanges(capture.excludedPortRanges ?? []) };
}
