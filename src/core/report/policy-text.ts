/**
 * One HNS policy as one short line: its normalized type and the setting that
 * matters (OutBoundNAT's exceptions, a route's prefix, a remote subnet's
 * provider address and VSID, a port mapping's ports, ...). Long lists keep
 * their first items and a count. The text comes from the capture: callers
 * sanitize it for their medium.
 */
import type { HnsPolicy } from '../capture/hns-policies.js';

/** How many items of a list (OutBoundNAT exceptions) a line shows. */
const POLICY_LIST_MAX = 4;

function listText(items: readonly string[]): string {
  if (items.length <= POLICY_LIST_MAX) return items.join(', ');
  return `${items.slice(0, POLICY_LIST_MAX).join(', ')} and ${items.length - POLICY_LIST_MAX} more`;
}

const words = (...parts: (string | false | undefined)[]) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');

function scalarSettings(raw: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k.toLowerCase() === 'type') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(`${k}=${String(v)}`);
    if (out.length === 3) break;
  }
  return out.join(' ');
}

export function policyText(p: HnsPolicy): string {
  switch (p.Type) {
    case 'OutBoundNAT':
      return words('OutBoundNAT', p.Exceptions.length > 0 ? `exceptions ${listText(p.Exceptions)}` : 'no exceptions',
        p.Destinations.length > 0 && `destinations ${listText(p.Destinations)}`, p.VirtualIP && `VIP ${p.VirtualIP}`);
    case 'Route':
      return words('Route', p.DestinationPrefix ?? '(no prefix)', p.NeedEncap && 'encapsulated');
    case 'ProviderAddress':
      return words('ProviderAddress', p.ProviderAddress ?? '(none)');
    case 'RemoteSubnetRoute':
      return words('RemoteSubnetRoute', p.DestinationPrefix ?? '(no prefix)', p.ProviderAddress && `via ${p.ProviderAddress}`,
        p.IsolationId !== undefined && `VSID ${p.IsolationId}`);
    case 'HostRoute':
    case 'L2Driver':
      return p.Type;
    case 'PortMapping':
      return words('PortMapping', p.Protocol, `${p.ExternalPort ?? '?'} → ${p.InternalPort ?? '?'}`, p.VIP && `VIP ${p.VIP}`);
    case 'ACL':
      return words('ACL', p.Action?.toLowerCase(), p.Direction?.toLowerCase(), p.Protocols && `protocol ${p.Protocols}`,
        p.LocalPorts && `local ports ${p.LocalPorts}`, p.RemoteAddresses && `from ${p.RemoteAddresses}`, p.Priority !== undefined && `priority ${p.Priority}`);
    case 'VLAN':
      return words('VLAN', p.VlanId === undefined ? '(no id)' : String(p.VlanId));
    case 'VSID':
      return words('VSID', p.Vsid === undefined ? '(no id)' : String(p.Vsid));
    case 'NetAdapterName':
      return words('NetAdapterName', p.NetworkAdapterName ?? '(none)');
    case 'EncapOverhead':
      return words('EncapOverhead', p.Overhead === undefined ? undefined : String(p.Overhead));
    case 'Other':
      return words(p.Name || '(policy without a type)', scalarSettings(p.Raw));
  }
}
