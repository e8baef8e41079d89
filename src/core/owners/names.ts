/**
 * Owners guessed from names alone: the one place where a name pattern says
 * who made an HNS object or a WinNAT instance. What a name suggests is weak
 * evidence (`name`): enough to word a message, never enough to call an
 * object a leftover.
 */
import type { OwnerKind } from '../model/types.js';

/** GUID-looking names (with or without an `H` prefix), `nat` and `ICS…`: how HNS and docker name the NAT they make. */
export function looksContainerOwnedNat(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'nat' || n.startsWith('ics') || /^h?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(n);
}

export interface NamedOwner {
  readonly kind: OwnerKind;
  readonly flavor?: string;
  readonly purpose: string;
}

/** Default network names of Kubernetes CNI plugins and host preparation scripts, by flavor. */
const CNI_NAMES: readonly [RegExp, string][] = [
  [/^(cbr0|vxlan0|flannel[.\w-]*)$/i, 'flannel'],
  [/^azure[\w-]*$/i, 'azure-vnet'],
  [/^calico[\w-]*$/i, 'calico'],
  [/^external$/i, 'host preparation'],
];

/** Who a network's name (and type) suggests made it; undefined when the name says nothing. */
export function ownerFromName(name: string | undefined, type: string): NamedOwner | undefined {
  const n = (name ?? '').trim();
  if (/^wsl\b/i.test(n)) return { kind: 'wsl', purpose: 'WSL' };
  if (type === 'ics' || /^default switch$/i.test(n)) return { kind: 'hyperv', purpose: "Hyper-V's Default Switch or another ICS network" };
  for (const [re, flavor] of CNI_NAMES) if (re.test(n)) return { kind: 'cni', flavor, purpose: 'a Kubernetes CNI plugin' };
  return undefined;
}

/** kube-proxy gives remote endpoints a MAC it makes from the IP: 02-11-<ip bytes>. */
export function looksKubeProxyMac(mac: string | undefined): boolean {
  return mac !== undefined && /^02-11-/i.test(mac);
}
