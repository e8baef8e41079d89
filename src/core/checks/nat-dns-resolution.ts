import { ps, psQuote } from '../powershell.js';
import { parseAddress } from '../model/net.js';
import type { AdapterModel, HostModel } from '../model/types.js';
import { engineServiceName, restartService } from './fixes.js';
import type { Check, Fix } from './types.js';

/** Names and descriptions of VPN client adapters. */
const VPN = /\bvpn\b|tap-windows|tap-win32|wireguard|wintun|anyconnect|fortinet|forticlient|pangp|globalprotect|juniper|pulse secure|ivanti|sonicwall|netextender|check point|zscaler|openvpn|nordlynx|tailscale|zerotier|wan miniport|ppp adapter|cloudflare warp|big-ip edge/i;
/** Virtual adapters that are not the host's real network. */
const VIRTUAL = /wi-fi direct|virtualbox|host-only|vmware virtual ethernet|vmware network adapter vmnet|loopback/i;

/** Why an adapter is a VPN or virtual adapter, or undefined for a real one (or one that cannot be told). */
function virtualKind(a: AdapterModel): string | undefined {
  const text = `${a.name} ${a.description ?? ''}`;
  if (VPN.test(text)) return 'a VPN adapter';
  if (a.isHostVnic) {
    // The host vNIC of an External switch is the host's real connection (its management vNIC).
    return a.vnicOf && a.vnicOf.type !== 'External' ? `the host vNIC of ${a.vnicOf.type} vSwitch '${a.vnicOf.name}'` : undefined;
  }
  if (VIRTUAL.test(text) || !a.isPhysical) return 'a virtual adapter';
  return undefined;
}

const ipv4Gateways = (a: AdapterModel) => a.defaultGateways.filter((g) => parseAddress(g)?.kind() === 'ipv4');

function describe(a: AdapterModel, kind?: string): string {
  const gws = ipv4Gateways(a);
  return `'${a.name}' (${[a.description, kind, `InterfaceMetric ${a.interfaceMetric}`, gws.length > 0 ? `default gateway ${gws.join(', ')}` : undefined].filter(Boolean).join(', ')})`;
}

function daemonDnsFix(model: HostModel, real: AdapterModel): Fix | undefined {
  if (engineServiceName(model) !== 'docker' || !model.service('docker')) return undefined;
  const path = psQuote('C:\\ProgramData\\docker\\config\\daemon.json');
  return {
    title: `Give every container the DNS servers of '${real.name}' in daemon.json, and restart docker`,
    risk: 'disruptive',
    disrupts: 'every running container: they stop while docker restarts',
    runOn: 'container-host',
    commands: [
      ps`$servers = @((Get-DnsClientServerAddress -InterfaceAlias ${real.name} -AddressFamily 'IPv4').ServerAddresses)`,
      `$path = ${path}`,
      "if (Test-Path -Path $path) { $config = Get-Content -Path $path -Raw | ConvertFrom-Json } else { $config = New-Object -TypeName 'PSObject' }",
      "$config | Add-Member -NotePropertyName 'dns' -NotePropertyValue $servers -Force",
      "$config | ConvertTo-Json -Depth 10 | Set-Content -Path $path -Encoding 'ASCII'",
      restartService('docker'),
    ],
    verify: "docker info --format '{{json .}}'",
    expect: "Docker is back; a new container on nat resolves names quickly (docker run --rm <image> nslookup www.microsoft.com).",
  };
}

export const natDnsResolution: Check = {
  meta: {
    code: 'WCN602',
    knowledge: 'nat-dns-resolution',
    title: 'DNS in nat containers follows a VPN or virtual adapter',
    severity: 'warning',
    requires: ['netAdapters', 'netIPInterfaces', 'netRoutes'],
    description: 'Finds the preferred interface (lowest InterfaceMetric among adapters with an IPv4 default route) and reports it when it is a VPN or virtual adapter while a real adapter also has a default route and nat networks exist.',
  },
  run(model) {
    const natNets = [
      ...model.dockerNetworks.filter((n) => n.driver === 'nat').map((n) => n.name),
      ...model.hnsNetworks.filter((n) => n.type === 'nat' && !n.dockerNetwork).map((n) => n.name ?? n.id),
    ];
    if (natNets.length === 0) return [];
    const routed = model.adapters.filter((a) => (a.status === undefined || a.up) && a.interfaceMetric !== undefined && ipv4Gateways(a).length > 0);
    const real = routed.filter((a) => virtualKind(a) === undefined).sort((a, b) => a.interfaceMetric! - b.interfaceMetric!);
    const bestReal = real[0];
    // A VPN that is the only way out (full tunnel) has nothing to be preferred over.
    if (!bestReal) return [];
    const ahead = routed
      .filter((a) => virtualKind(a) !== undefined && a.interfaceMetric! < bestReal.interfaceMetric!)
      .sort((a, b) => a.interfaceMetric! - b.interfaceMetric!);
    const preferred = ahead[0];
    if (!preferred) return [];
    const lowest = preferred.interfaceMetric!;
    const fixes: Fix[] = [];
    const verify = ps`Get-NetIPInterface -AddressFamily 'IPv4' -InterfaceAlias ${[bestReal.name, ...ahead.map((a) => a.name)]} | Select-Object -Property 'InterfaceAlias','InterfaceMetric'`;
    const routing = `the host's route preference: traffic meant for ${ahead.map((a) => `'${a.name}'`).join(', ')} may leave through '${bestReal.name}' instead (check the VPN's split-tunnel design first); a VPN client may set its metric again when it reconnects`;
    if (lowest > 1) {
      fixes.push({
        title: `Prefer '${bestReal.name}': set its interface metric to ${lowest - 1}, below ${ahead.length === 1 ? `'${preferred.name}'` : 'the virtual adapters'}`,
        risk: 'disruptive',
        disrupts: routing,
        runOn: 'container-host',
        commands: [ps`Set-NetIPInterface -InterfaceAlias ${bestReal.name} -InterfaceMetric ${lowest - 1}`],
        verify,
        expect: `'${bestReal.name}' shows the lowest InterfaceMetric.`,
      });
    } else {
      const above = bestReal.interfaceMetric! + 1;
      fixes.push({
        title: `Prefer '${bestReal.name}': raise the interface metric of ${ahead.map((a) => `'${a.name}'`).join(', ')} to ${above}`,
        risk: 'disruptive',
        disrupts: routing,
        runOn: 'container-host',
        commands: ahead.map((a) => ps`Set-NetIPInterface -InterfaceAlias ${a.name} -InterfaceMetric ${above}`),
        verify,
        expect: `'${bestReal.name}' shows the lowest InterfaceMetric.`,
      });
    }
    const dns = daemonDnsFix(model, bestReal);
    if (dns) fixes.push(dns);
    return [{
      message: `The host prefers ${describe(preferred, virtualKind(preferred))} over the real adapter ${describe(bestReal)}, while nat network${natNets.length === 1 ? '' : 's'} ${natNets.map((n) => `'${n}'`).join(', ')} exist${natNets.length === 1 ? 's' : ''}. Containers on nat get DNS servers and their outbound path from the preferred interface, so name resolution in them can fail or be slow while the host itself resolves fine. For one container, 'docker run --dns <server>' works around it.`,
      subjects: [preferred.subject, bestReal.subject],
      fixes,
    }];
  },
};
