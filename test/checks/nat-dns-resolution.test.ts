import test from 'ava';
import { natDnsResolution } from '../../src/core/checks/nat-dns-resolution.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { combine } from '../helpers/capture-edits.js';

interface AdapterSpec {
  name: string;
  description: string;
  index: number;
  metric: number;
  gateway?: string;
  address?: string;
  virtual?: boolean;
  status?: string;
}

/** Adds an adapter with its IPv4 interface, address and (optionally) default route, as the cmdlets write them. */
function addAdapter(a: AdapterSpec) {
  return (raw: RawCapture): void => {
    raw['netAdapters'].push({ Name: a.name, InterfaceDescription: a.description, ifIndex: a.index, Status: a.status ?? 'Up', MacAddress: '00-05-9A-3C-7A-00', LinkSpeed: '1 Gbps', Virtual: a.virtual ?? true, HardwareInterface: false, MediaConnectionState: 1, DriverDescription: a.description });
    raw['netIPInterfaces'].push({ InterfaceAlias: a.name, InterfaceIndex: a.index, AddressFamily: 2, InterfaceMetric: a.metric, ConnectionState: 1, Dhcp: 0 });
    if (a.address) raw['netIPAddresses'].push({ InterfaceAlias: a.name, InterfaceIndex: a.index, IPAddress: a.address, PrefixLength: 32, AddressFamily: 2, PrefixOrigin: 1 });
    if (a.gateway) raw['netRoutes'].push({ InterfaceAlias: a.name, InterfaceIndex: a.index, DestinationPrefix: '0.0.0.0/0', NextHop: a.gateway, RouteMetric: 1 });
  };
}

const anyConnect = (metric: number) => addAdapter({ name: 'Ethernet 3', description: 'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64', index: 61, metric, gateway: '10.255.0.1', address: '10.255.12.44' });
const wireGuard = (metric: number) => addAdapter({ name: 'corp-wg', description: 'WireGuard Tunnel', index: 62, metric, gateway: '10.66.0.1', address: '10.66.0.17' });

/** Sets the IPv4 interface metric of one adapter. */
const metric = (alias: string, value: number) => (raw: RawCapture) => {
  raw['netIPInterfaces'].find((i: { InterfaceAlias: string; AddressFamily: number }) => i.InterfaceAlias === alias && i.AddressFamily === 2).InterfaceMetric = value;
};

testCheck(test, natDnsResolution, {
  valid: [
    { name: 'WS2016: the only default route is on the VM NIC', baseline: 'healthy-ws2016' },
    { name: "WS2019: the real adapter wins", baseline: 'healthy-ws2019' },
    { name: 'WS2022: the management vNIC of an External switch is the real connection', baseline: 'healthy-ws2022' },
    { name: 'Windows 11: Wi-Fi wins; disconnected Wi-Fi Direct adapters have no route', baseline: 'healthy-win11' },
    { name: 'a VPN with a higher metric than Wi-Fi', baseline: 'healthy-win11', patch: anyConnect(50) },
    { name: 'a VPN with the same metric as Wi-Fi: the route metric decides, not judged', baseline: 'healthy-win11', patch: anyConnect(35) },
    { name: 'a full-tunnel VPN that is the only way out', baseline: 'healthy-win11', patch: combine(anyConnect(1), (raw) => { raw['netRoutes'] = raw['netRoutes'].filter((r: { InterfaceAlias: string }) => r.InterfaceAlias !== 'Wi-Fi'); }) },
    { name: 'a VPN without a default route (split tunnel)', baseline: 'healthy-win11', patch: addAdapter({ name: 'Ethernet 3', description: 'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64', index: 61, metric: 1, address: '10.255.12.44' }) },
    { name: 'a VPN adapter that is down', baseline: 'healthy-win11', patch: addAdapter({ name: 'Ethernet 3', description: 'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64', index: 61, metric: 1, gateway: '10.255.0.1', status: 'Disconnected' }) },
    {
      name: 'no nat network on the host',
      baseline: 'healthy-win11',
      patch: combine(anyConnect(1), (raw) => {
        raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver !== 'nat');
        raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Type: string }) => n.Type !== 'nat');
      }),
    },
  ],
  invalid: [
    {
      name: 'Windows 11: AnyConnect with metric 1 beats Wi-Fi',
      baseline: 'healthy-win11',
      patch: anyConnect(1),
      findings: [{ severity: 'warning', subjects: ['Ethernet 3', 'Wi-Fi'], message: ["'Ethernet 3' (Cisco AnyConnect", 'a VPN adapter', 'InterfaceMetric 1', 'default gateway 10.255.0.1', "'Wi-Fi' (", 'InterfaceMetric 35', "nat network 'nat'", '--dns'] }],
    },
    {
      name: 'WS2019: a WireGuard tunnel with metric 5 beats Ethernet (15); daemon.json fix offered',
      baseline: 'healthy-ws2019',
      patch: wireGuard(5),
      findings: [{ severity: 'warning', subjects: ['corp-wg', 'Ethernet'], minFixes: 2 }],
    },
    {
      name: "WS2016: a gateway set on an internal switch's host vNIC",
      baseline: 'healthy-ws2016',
      patch: combine(metric('vEthernet (HNS Internal NIC)', 5), (raw) => {
        raw['netRoutes'].push({ InterfaceAlias: 'vEthernet (HNS Internal NIC)', InterfaceIndex: raw['netAdapters'].find((a: { Name: string }) => a.Name === 'vEthernet (HNS Internal NIC)').ifIndex, DestinationPrefix: '0.0.0.0/0', NextHop: '172.29.80.254', RouteMetric: 0 });
      }),
      findings: [{ severity: 'warning', message: ["the host vNIC of Internal vSwitch 'nat'"] }],
    },
    {
      name: 'a hostile adapter name still gives parseable fixes',
      baseline: 'healthy-win11',
      patch: addAdapter({ name: "VPN'; Stop-Computer; $(calc)", description: 'TAP-Windows Adapter V9', index: 63, metric: 2, gateway: '10.8.0.1' }),
      findings: [{ severity: 'warning', subjects: ["VPN'; Stop-Computer; $(calc)"] }],
    },
  ],
});

test('WCN602 fixes: lower the real adapter below the VPN; when the VPN is at 1, raise the VPN instead', (t) => {
  const [wg] = findingsOf(natDnsResolution, 'healthy-ws2019', wireGuard(5));
  t.deepEqual(wg?.fixes[0]?.commands, ["Set-NetIPInterface -InterfaceAlias 'Ethernet' -InterfaceMetric 4"]);
  t.is(wg?.fixes[0]?.verify, "Get-NetIPInterface -AddressFamily 'IPv4' -InterfaceAlias 'Ethernet','corp-wg' | Select-Object -Property 'InterfaceAlias','InterfaceMetric'");
  t.is(wg?.fixes[1]?.commands[0], "$servers = @((Get-DnsClientServerAddress -InterfaceAlias 'Ethernet' -AddressFamily 'IPv4').ServerAddresses)");
  t.is(wg?.fixes[1]?.commands.at(-1), "Restart-Service -Name 'docker'");
  const [ac] = findingsOf(natDnsResolution, 'healthy-win11', anyConnect(1));
  t.deepEqual(ac?.fixes[0]?.commands, ["Set-NetIPInterface -InterfaceAlias 'Ethernet 3' -InterfaceMetric 36"]);
  // Docker Desktop keeps its engine settings elsewhere: no daemon.json edit.
  t.is(ac?.fixes.length, 1);
});
