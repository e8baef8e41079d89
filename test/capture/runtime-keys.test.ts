/**
 * The keys of containerd, CNI and Kubernetes hosts, and the host state they
 * need, read with the same care as the others: PowerShell 5.1's raw shapes,
 * one bad item skipped and the rest kept, a list with no readable item not
 * captured, texts (TOML, JSON with comments, command lines, YAML) parsed
 * into typed forms with problems reported where they are, secrets never kept.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { readCapture } from '../../src/core/capture/read.js';
import { missingRequirements } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import type { Check } from '../../src/core/checks/types.js';
import { parseCommandLine, splitCommandLine } from '../../src/core/capture/parse/cmdline.js';

const errors = <T extends { severity: string }>(issues: readonly T[]) => issues.filter((i) => i.severity === 'error');

// --- routes, DNS, ports ---------------------------------------------------------------

test('ipRoutes: integer enums of PowerShell 5.1, a lone object, strings for numbers', (t) => {
  const { capture, issues } = ingestCapture({
    ipRoutes: { InterfaceAlias: 'vEthernet (Ethernet)', InterfaceIndex: '7', DestinationPrefix: '10.244.2.0/24', NextHop: '10.0.0.5', RouteMetric: 256, Protocol: 3, CompartmentId: 1, AddressFamily: 2, CimClass: 'ROOT/StandardCimv2:MSFT_NetRoute' },
  }, 'f');
  t.deepEqual(issues, []);
  t.is(capture.ipRoutes?.length, 1);
  t.is(capture.ipRoutes?.[0]?.Protocol, 'NetMgmt');
  t.is(capture.ipRoutes?.[0]?.InterfaceIndex, 7);
  t.is(capture.ipRoutes?.[0]?.AddressFamily, 'IPv4');
  t.is(capture.ipRoutes?.[0]?.$ptr, '/ipRoutes');
  t.false('CimClass' in capture.ipRoutes![0]!);
});

test('ipRoutes: a bad item is skipped and named, the rest kept', (t) => {
  const { capture, issues } = ingestCapture({
    ipRoutes: [
      { DestinationPrefix: '0.0.0.0/0', NextHop: '10.0.0.1', Protocol: 'NetMgmt' },
      { NextHop: '10.0.0.1' },
      { DestinationPrefix: '169.254.169.254/32', Protocol: 99 },
    ],
  }, 'routes.json');
  t.deepEqual(capture.ipRoutes?.map((r) => r.DestinationPrefix), ['0.0.0.0/0']);
  t.deepEqual(issues.map((i) => [i.file, i.key, i.pointer]), [['routes.json', 'ipRoutes', '/ipRoutes/1/DestinationPrefix'], ['routes.json', 'ipRoutes', '/ipRoutes/2/Protocol']]);
  t.regex(issues[1]!.message, /expected a route protocol: .*Dhcp \(19\)/);
});

test('a list key whose every item fails is "could not be read": an error, the key not captured, checks that need it not applicable', (t) => {
  const { capture, issues } = ingestCapture({ ipRoutes: [{ NextHop: 'x' }, { Protocol: 3 }], dnsClientServers: [] }, 'f');
  t.is(capture.ipRoutes, undefined);
  t.deepEqual(capture.dnsClientServers, [], 'an empty list is still "captured, nothing there"');
  const last = issues[issues.length - 1]!;
  t.is(last.severity, 'error');
  t.is(last.key, 'ipRoutes');
  t.is(last.pointer, '/ipRoutes');
  t.is(last.message, "none of the 2 items of 'ipRoutes' could be read, so 'ipRoutes' counts as not captured");
  const model = buildModel(capture);
  t.false(model.captured.has('ipRoutes'));
  t.true(model.captured.has('dnsClientServers'));
  const needsRoutes = { meta: { requires: ['ipRoutes'] } } as unknown as Check;
  t.deepEqual(missingRequirements(model, needsRoutes), ['ipRoutes']);
});

test('dnsClientServers and dynamicPortRanges read PowerShell shapes', (t) => {
  const { capture, issues } = ingestCapture({
    dnsClientServers: [{ InterfaceAlias: 'Ethernet', InterfaceIndex: 6, AddressFamily: 2, ServerAddresses: '168.63.129.16' }, { InterfaceAlias: 'vEthernet (nat)', ServerAddresses: ['10.0.0.10', '10.0.0.11'] }],
    dynamicPortRanges: [{ Protocol: 'TCP', StartPort: 49152, NumberOfPorts: '16384' }, { Protocol: 'UDP', StartPort: 'x', NumberOfPorts: 1 }],
  }, 'f');
  t.deepEqual(capture.dnsClientServers?.map((d) => d.ServerAddresses), [['168.63.129.16'], ['10.0.0.10', '10.0.0.11']]);
  t.deepEqual(capture.dynamicPortRanges?.map((d) => [d.Protocol, d.StartPort, d.NumberOfPorts]), [['TCP', 49152, 16384]]);
  t.deepEqual(issues.map((i) => i.pointer), ['/dynamicPortRanges/1/StartPort']);
});

// --- firewall, HNS, VFP -----------------------------------------------------------------

test('firewall: GPO booleans and actions as integers, a lone rule, ports as numbers; a bad rule skipped, profiles kept', (t) => {
  const { capture, issues } = ingestCapture({
    firewall: {
      profiles: [{ Name: 'Domain', Enabled: 1, DefaultInboundAction: 4 }, { Name: 'Public', Enabled: true, DefaultInboundAction: 'Block' }],
      rules: [
        { Name: 'VXLAN', DisplayName: 'Overlay VXLAN', Direction: 1, Action: 2, Protocol: 'UDP', LocalPort: 4789 },
        { Name: 'bad', Direction: 7 },
      ],
    },
  }, 'f');
  t.deepEqual(capture.firewall?.profiles?.map((p) => [p.Name, p.Enabled, p.DefaultInboundAction]), [['Domain', 'True', 'Block'], ['Public', true, 'Block']]);
  t.deepEqual(capture.firewall?.rules?.map((r) => [r.Name, r.Direction, r.Action, r.LocalPort]), [['VXLAN', 'Inbound', 'Allow', ['4789']]]);
  t.deepEqual(issues.map((i) => [i.key, i.pointer]), [['firewall.rules', '/firewall/rules/1/Direction']]);
  t.true(buildModel(capture).captured.has('firewall.profiles'));
});

test('firewall: an unknown part is a warning, a part of the wrong shape an error, the other part still read', (t) => {
  const { capture, issues } = ingestCapture({ firewall: { profiles: 'System.Object[]', rules: [], extra: 1 } }, 'f');
  t.is(capture.firewall?.profiles, undefined);
  t.deepEqual(capture.firewall?.rules, []);
  t.deepEqual(issues.map((i) => [i.severity, i.key, i.pointer]), [
    ['error', 'firewall.profiles', '/firewall/profiles'],
    ['error', 'firewall.profiles', '/firewall/profiles'],
    ['warning', 'firewall', '/firewall/extra'],
  ]);
  t.regex(issues[0]!.message, /-Depth/);
  t.regex(issues[1]!.message, /counts as not captured/);
});

test('hnsVersion: numbers as strings; a version without Minor is skipped with an issue', (t) => {
  t.deepEqual(ingestCapture({ hnsVersion: { Major: '13', Minor: 2 } }, 'f').capture.hnsVersion, { Major: 13, Minor: 2, $ptr: '/hnsVersion' });
  const bad = ingestCapture({ hnsVersion: { Major: 13 } }, 'f');
  t.is(bad.capture.hnsVersion, undefined);
  t.is(bad.issues[0]!.pointer, '/hnsVersion/Minor');
  const model = buildModel(ingestCapture({ hnsVersion: { Major: 10, Minor: 1 }, os: { BuildNumber: 17763 } }, 'f').capture);
  t.false(model.platform.hns.dsr!);
});

test('hnsState: the registry values, without PowerShell\'s PS* properties', (t) => {
  const { capture, issues } = ingestCapture({
    hnsState: { EnableCompartmentNamespace: 1, FwPerfImprovementChange: '0x1', PSPath: 'Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\...', PSParentPath: 'x', PSChildName: 'State', PSDrive: 'HKLM', PSProvider: 'Registry' },
  }, 'f');
  t.deepEqual(issues, []);
  t.deepEqual(capture.hnsState, { EnableCompartmentNamespace: 1, FwPerfImprovementChange: '0x1' });
});

test('vfp: `key : value` text read into fields, TRUE/FALSE as booleans, Blocked picked out', (t) => {
  const ports = 'Port name : 6C2F8B1A-1\r\nPort friendly name : Container NIC 1\r\nMAC address : 00-15-5D-AA-BB-CC\r\n\r\nPort name : 7D1\r\nMAC address : 00-15-5D-AA-BB-CD\r\n';
  const { capture, issues } = ingestCapture({
    vfp: { ports, portStates: { port: '6C2F8B1A-1', text: 'Enabled : TRUE\nBlocked : FALSE\nBlocked on restore : FALSE\n' } },
  }, 'f');
  t.deepEqual(issues, []);
  t.is(capture.vfp?.ports.length, 2);
  t.is(capture.vfp?.ports[0]?.['MAC address'], '00-15-5D-AA-BB-CC');
  t.is(capture.vfp?.portStates[0]?.blocked, false);
  t.is(capture.vfp?.portStates[0]?.fields['Enabled'], true);
});

// --- containerd -------------------------------------------------------------------------

const TOML_1X = [
  'version = 2',
  'root = "C:\\\\ProgramData\\\\containerd\\\\root"',
  '[plugins."io.containerd.grpc.v1.cri".cni]',
  '  bin_dir = "C:\\\\Program Files\\\\containerd\\\\cni\\\\bin"',
  '  conf_dir = "C:\\\\Program Files\\\\containerd\\\\cni\\\\conf"',
  '  conf_template = ""',
  '  max_conf_num = 1',
  '[plugins."io.containerd.grpc.v1.cri".registry.configs."registry.example".auth]',
  '  username = "builder"',
  '  password = "s3cr3t-pa55"',
  '  identitytoken = "tok-123"',
].join('\n');

const TOML_2X = [
  'version = 3',
  "[plugins.'io.containerd.cri.v1.runtime'.cni]",
  "  bin_dirs = ['C:\\opt\\cni\\bin', 'C:\\extra\\bin']",
  "  conf_dir = 'C:\\etc\\cni\\net.d'",
].join('\n');

test('containerd 1.x: the CRI plugin\'s CNI folders; registry credentials never kept', (t) => {
  const { capture, issues } = ingestCapture({
    containerd: { version: 'containerd github.com/containerd/containerd v1.7.22 7f7fdf5fed64eb6a7caf99b3e12efcf9d60e311c', configPath: 'C:\\Program Files\\containerd\\config.toml', config: TOML_1X },
  }, 'f');
  t.deepEqual(issues, []);
  const c = capture.containerd!;
  t.is(c.versionNumber, '1.7.22');
  t.is(c.config?.schemaVersion, 2);
  t.deepEqual(c.config?.cni, {
    section: 'plugins."io.containerd.grpc.v1.cri".cni', binDirs: ['C:\\Program Files\\containerd\\cni\\bin'], confDir: 'C:\\Program Files\\containerd\\cni\\conf',
    maxConfNum: 1, confTemplate: undefined, defaults: false,
  });
  const text = JSON.stringify(capture);
  for (const secret of ['s3cr3t-pa55', 'tok-123', 'builder']) t.false(text.includes(secret), secret);
  t.false(text.includes(TOML_1X), 'the raw config.toml is not kept');
});

test('containerd 2.x: `bin_dirs` and the cri.v1.runtime section', (t) => {
  const { capture, issues } = ingestCapture({ containerd: { version: 'containerd github.com/containerd/containerd/v2 v2.0.4 1a43cb6a1035441f9aca8f5666a9b3ef9e70ab20', config: TOML_2X } }, 'f');
  t.deepEqual(issues, []);
  t.is(capture.containerd?.versionNumber, '2.0.4');
  t.is(capture.containerd?.config?.cni.section, 'plugins."io.containerd.cri.v1.runtime".cni');
  t.deepEqual(capture.containerd?.config?.cni.binDirs, ['C:\\opt\\cni\\bin', 'C:\\extra\\bin']);
  t.is(capture.containerd?.config?.cni.confDir, 'C:\\etc\\cni\\net.d');
});

test('containerd without a CNI section: containerd\'s Windows defaults, marked as such', (t) => {
  const { capture } = ingestCapture({ containerd: { config: 'version = 2\n' } }, 'f');
  t.true(capture.containerd?.config?.cni.defaults);
  t.is(capture.containerd?.config?.cni.confDir, 'C:\\Program Files\\containerd\\cni\\conf');
});

test('containerd: a TOML syntax error is an issue with line and column; the rest of the key is read', (t) => {
  const broken = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".cni]\n  bin_dir = "C:\\\\x\n  conf_dir = "y"\n';
  const { capture, issues } = ingestCapture({ containerd: { version: 'containerd v1.7.0', config: broken, criInfo: { status: { conditions: [{ type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'cni plugin not initialized' }] }, lastCNILoadStatus: 'cni config load failed: no network config found in C:\\etc\\cni\\net.d' } } }, 'containerd.json');
  t.is(issues.length, 1);
  const issue = issues[0]!;
  t.is(issue.severity, 'error');
  t.is(issue.file, 'containerd.json');
  t.is(issue.key, 'containerd');
  t.is(issue.pointer, '/containerd/config');
  t.regex(issue.message, /not valid TOML.*\(line 3, column \d+\)/);
  t.is(capture.containerd?.config, undefined);
  t.is(capture.containerd?.configProblem?.line, 3);
  t.is(capture.containerd?.versionNumber, '1.7.0');
  t.false(capture.containerd?.criInfo?.networkReady);
  t.is(capture.containerd?.criInfo?.networkReason, 'NetworkPluginNotReady');
  t.regex(capture.containerd?.criInfo?.lastCNILoadStatus ?? '', /no network config found/);
});

test('containerd: crictl info and pods in their JSON shapes', (t) => {
  const { capture } = ingestCapture({
    containerd: {
      criInfo: {
        status: { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true, reason: '', message: '' }] },
        cniconfig: { PluginDirs: ['C:\\Program Files\\containerd\\cni\\bin'], PluginConfDir: 'C:\\Program Files\\containerd\\cni\\conf', PluginMaxConfNum: 1, Networks: [{ Config: { Name: 'nat', CNIVersion: '0.2.0', Plugins: [{ Network: { type: 'nat' } }] } }] },
        lastCNILoadStatus: 'OK',
      },
      pods: { items: [{ id: 'a1b2', metadata: { name: 'web-0', namespace: 'default', uid: 'u' }, state: 'SANDBOX_READY' }, { metadata: {} }] },
    },
  }, 'f');
  const info = capture.containerd?.criInfo;
  t.true(info?.runtimeReady);
  t.true(info?.networkReady);
  t.deepEqual(info?.networks, [{ name: 'nat', cniVersion: '0.2.0', types: ['nat'] }]);
  t.deepEqual(capture.containerd?.pods, [{ id: 'a1b2', name: 'web-0', namespace: 'default', state: 'SANDBOX_READY' }]);
});

// --- CNI ---------------------------------------------------------------------------------

/** What nerdctl writes for its default network: the nat plugin, Windows IPAM, no capabilities. */
const NERDCTL_CONFLIST = `{
  "cniVersion": "1.0.0",
  "name": "nat",
  "nerdctlID": "d9f8cbd43b2ce2d7a8c1a1a4a5f2d7d5a1c2b3d4e5f60718293a4b5c6d7e8f90",
  "nerdctlLabels": { "nerdctl/default-network": "true" },
  "plugins": [
    {
      "type": "nat",
      "master": "Ethernet",
      "ipam": { "type": "", "subnet": "10.4.0.0/24", "routes": [ { "gateway": "10.4.0.1" } ] }
    }
  ]
}`;

/** A conflist with host-local ranges and the portMappings capability. */
const HOST_LOCAL_CONFLIST = '{"cniVersion":"0.4.0","name":"web","plugins":[{"type":"sdnbridge","capabilities":{"portMappings":true},"ipam":{"type":"host-local","ranges":[[{"subnet":"10.8.0.0/24","rangeStart":"10.8.0.10","rangeEnd":"10.8.0.200","gateway":"10.8.0.1"}],[{"subnet":"10.9.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}]}';

/** A hand-edited l2bridge conf: comments, a trailing comma, keys in other cases. */
const L2BRIDGE_JSONC = `// written by the node's start script
{
  "CniVersion": "0.2.0",
  "Name": "cbr0",
  "Type": "l2bridge",
  /* the pod subnet of this node */
  "IPAM": { "Subnet": "10.244.3.0/24", "Routes": [ { "GW": "10.244.3.1" } ] },
  "dns": { "Nameservers": [ "10.96.0.10" ], "Search": [ "svc.cluster.local" ] },
  "optionalFlags": { "localRoutedPortMapping": true },
  "AdditionalArgs": [
    { "Name": "EndpointPolicy", "Value": { "Type": "OutBoundNAT", "Settings": { "Exceptions": [ "10.244.0.0/16", "10.96.0.0/12" ] } } },
    { "Name": "EndpointPolicy", "Value": { "Type": "SDNRoute", "Settings": { "DestinationPrefix": "10.96.0.0/12", "NeedEncap": true } } },
    { "Name": "EndpointPolicy", "Value": { "Type": "ProviderAddress", "Settings": { "ProviderAddress": "10.0.0.4" } } },
  ],
}`;

/** The legacy win-bridge conf behind flannel, on one line, lower-case name/value. */
const WINBRIDGE_V1 = '{"capabilities":{"dns":true},"delegate":{"policies":[{"value":{"ExceptionList":["10.42.0.0/16","10.43.0.0/16"],"Type":"OutBoundNAT"},"name":"EndpointPolicy"},{"value":{"DestinationPrefix":"10.43.0.0/16","NeedEncap":true,"Type":"ROUTE"},"name":"EndpointPolicy"},{"value":{"PA":"10.1.0.5","Type":"PA"},"name":"EndpointPolicy"}],"type":"win-bridge"},"name":"cbr0","type":"flannel","cniVersion":"0.2.0"}';

test('cni: a nerdctl conflist, a commented conf with odd key case and a legacy V1 conf, normalized alike', (t) => {
  const { capture, issues } = ingestCapture({
    cni: {
      confDirs: [
        { path: 'C:\\Program Files\\containerd\\cni\\conf', files: [{ name: 'nerdctl-nat.conflist', text: NERDCTL_CONFLIST }, { name: 'web.conflist', text: HOST_LOCAL_CONFLIST }] },
        { path: 'C:\\etc\\cni\\net.d\\', files: [{ name: '10-l2bridge.conf', text: L2BRIDGE_JSONC }, { name: '10-flannel.conf', text: WINBRIDGE_V1 }] },
      ],
      binDirs: { path: 'C:\\Program Files\\containerd\\cni\\bin', files: ['nat.exe', 'sdnbridge.exe'] },
    },
  }, 'f');
  t.deepEqual(issues, []);
  const [nat] = capture.cni!.confDirs![0]!.files;
  t.is(nat?.path, 'C:\\Program Files\\containerd\\cni\\conf\\nerdctl-nat.conflist');
  t.is(nat?.conf?.name, 'nat');
  t.true(nat?.conf?.isList);
  t.deepEqual(nat?.conf?.types, ['nat']);
  t.deepEqual(nat?.conf?.subnets, ['10.4.0.0/24']);
  t.false(nat?.conf?.portMappings, 'nerdctl declares no portMappings capability');
  t.is(nat?.conf?.plugins[0]?.master, 'Ethernet');
  t.deepEqual(nat?.conf?.plugins[0]?.ipam?.routes, [{ dst: undefined, gw: '10.4.0.1' }]);
  const web = capture.cni!.confDirs![0]!.files[1]!.conf!;
  t.true(web.portMappings);
  t.deepEqual(web.subnets, ['10.8.0.0/24', '10.9.0.0/24']);
  t.deepEqual(web.plugins[0]?.ipam?.ranges[0], { subnet: '10.8.0.0/24', rangeStart: '10.8.0.10', rangeEnd: '10.8.0.200', gateway: '10.8.0.1' });

  const [l2, flannel] = capture.cni!.confDirs![1]!.files;
  t.is(l2?.path, 'C:\\etc\\cni\\net.d\\10-l2bridge.conf');
  t.is(l2?.conf?.name, 'cbr0');
  t.is(l2?.conf?.cniVersion, '0.2.0');
  t.deepEqual(l2?.conf?.types, ['l2bridge']);
  t.deepEqual(l2?.conf?.subnets, ['10.244.3.0/24']);
  t.deepEqual(l2?.conf?.plugins[0]?.ipam?.routes, [{ dst: undefined, gw: '10.244.3.1' }]);
  t.deepEqual(l2?.conf?.plugins[0]?.dns, { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] });
  t.true(l2?.conf?.plugins[0]?.optionalFlags['localRoutedPortMapping']);
  const p = l2!.conf!.plugins[0]!.policies;
  t.deepEqual(p.map((x) => [x.kind, x.type]), [['OutBoundNAT', 'OutBoundNAT'], ['Route', 'SDNRoute'], ['ProviderAddress', 'ProviderAddress']]);
  t.deepEqual(p[0]?.exceptions, ['10.244.0.0/16', '10.96.0.0/12']);
  t.is(p[1]?.destinationPrefix, '10.96.0.0/12');
  t.true(p[1]?.needEncap);
  t.is(p[2]?.providerAddress, '10.0.0.4');

  t.deepEqual(flannel?.conf?.types, ['flannel', 'win-bridge']);
  const v1 = flannel!.conf!.plugins[0]!.policies;
  t.deepEqual(v1.map((x) => x.kind), ['OutBoundNAT', 'Route', 'ProviderAddress']);
  t.deepEqual(v1[0]?.exceptions, ['10.42.0.0/16', '10.43.0.0/16']);
  t.is(v1[1]?.destinationPrefix, '10.43.0.0/16');
  t.is(v1[2]?.providerAddress, '10.1.0.5');
  t.is(v1[0]?.name, 'EndpointPolicy');

  t.deepEqual(capture.cni?.binDirs?.[0]?.files, ['nat.exe', 'sdnbridge.exe']);
});

test('cni: a conf that is not JSON is a warning with line and column; the conf is kept unparsed and its neighbours read', (t) => {
  const { capture, issues } = ingestCapture({
    cni: { confDirs: [{ path: 'C:\\etc\\cni\\net.d', files: [{ name: '0-bad.conf', text: '{\n  "name": "x",\n  "type": \n}' }, { name: '10-nat.conflist', text: NERDCTL_CONFLIST }, { name: 'list.conf', text: '[1]' }] }] },
  }, 'f');
  const files = capture.cni!.confDirs![0]!.files;
  t.is(files.length, 3);
  t.is(files[0]?.conf, undefined);
  t.is(files[0]?.text, '{\n  "name": "x",\n  "type": \n}');
  t.deepEqual([files[0]?.problem?.line, files[0]?.problem?.column], [4, 1]);
  t.is(files[1]?.conf?.name, 'nat');
  t.regex(files[2]?.problem?.message ?? '', /JSON object/);
  t.deepEqual(issues.map((i) => [i.severity, i.key, i.pointer]), [
    ['warning', 'cni.confDirs', '/cni/confDirs/0/files/0/text'],
    ['warning', 'cni.confDirs', '/cni/confDirs/0/files/2/text'],
  ]);
  t.regex(issues[0]!.message, /0-bad\.conf could not be read: not valid JSON \(ValueExpected\) \(line 4, column 1\)/);
});

test('cni: a conf dir of the wrong shape is skipped, the others read', (t) => {
  const { capture, issues } = ingestCapture({ cni: { confDirs: [{ path: 'a', files: [{ name: 'x.conf', text: 5 }] }, { path: 'b', files: [] }] } }, 'f');
  t.deepEqual(capture.cni?.confDirs?.map((d) => d.path), ['b']);
  t.is(issues[0]!.pointer, '/cni/confDirs/0/files/0/text');
});

// --- Kubernetes --------------------------------------------------------------------------

test('command lines are split the way Windows programs split them', (t) => {
  t.deepEqual(splitCommandLine('"C:\\Program Files\\k\\kubelet.exe" --a="b c" --d=e\\\\"f g" h\\i "x""y" \\"z'), [
    'C:\\Program Files\\k\\kubelet.exe', '--a=b c', '--d=e\\f g', 'h\\i', 'x"y', '"z',
  ]);
  t.deepEqual(splitCommandLine('  c:\\k\\kube-proxy.exe   '), ['c:\\k\\kube-proxy.exe']);
  t.deepEqual(splitCommandLine(''), []);
});

test('flags: --flag=value, --flag value, -flag, bare booleans, repeated flags, feature gates', (t) => {
  const p = parseCommandLine('kube-proxy.exe --v=4 --network-name flannel.4096 -source-vip=10.244.1.2 --enable-dsr --feature-gates="WinOverlay=true,WinDSR=false" --feature-gates=IPv6DualStack=false --node-ip 10.0.0.4 --node-ip 10.0.0.5');
  t.deepEqual(p.flags['network-name'], ['flannel.4096']);
  t.deepEqual(p.flags['source-vip'], ['10.244.1.2']);
  t.deepEqual(p.flags['enable-dsr'], ['true']);
  t.deepEqual(p.flags['node-ip'], ['10.0.0.4', '10.0.0.5']);
  t.deepEqual(p.featureGates, { WinOverlay: true, WinDSR: false, IPv6DualStack: false });
  t.is(p.text, 'kube-proxy.exe --v=4 --network-name flannel.4096 -source-vip=10.244.1.2 --enable-dsr --feature-gates="WinOverlay=true,WinDSR=false" --feature-gates=IPv6DualStack=false --node-ip 10.0.0.4 --node-ip 10.0.0.5', 'no secret: the line is kept as captured');
});

const KUBE_PROXY_YAML = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: C:\\k\\kubeproxy.kubeconfig
clusterCIDR: 10.244.0.0/16
mode: kernelspace
featureGates:
  WinDSR: true
winkernel:
  networkName: flannel.4096
  sourceVip: 10.244.1.2
  enableDSR: true
`;

test('kubernetes: processes, services and files parsed; kube-proxy settings and cluster facts derived; secrets never kept', (t) => {
  const { capture, issues } = ingestCapture({
    kubernetes: {
      processes: [
        { Name: 'kube-proxy.exe', ProcessId: 4412, CommandLine: 'C:\\k\\kube-proxy.exe --config=C:\\k\\kube-proxy.yml --hostname-override=win-node-1 --api-token "tok en!" --v=2', CreationDate: '/Date(1733563200000)/' },
        { Name: 'kubelet.exe', ProcessId: 3120, CommandLine: 'C:\\k\\kubelet.exe --cluster-dns=10.96.0.10 --bootstrap-kubeconfig=C:\\k\\bootstrap.conf --tls-private-key-file=C:\\k\\kubelet.key --registry-password=hunter2' },
      ],
      services: { Name: 'kubelet', State: 'Running', StartMode: 'Auto', PathName: 'C:\\k\\kubelet.exe --node-ip=10.0.0.4 --client-secret=abc' },
      files: [
        { path: 'C:\\k\\kube-proxy.yml', text: KUBE_PROXY_YAML },
        { path: 'C:\\k\\config', text: 'apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: abcdef\n' },
        { path: 'C:\\k\\pki\\ca.crt', text: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
        { path: 'C:\\etc\\kube-flannel\\net-conf.json', text: '{ "Network": "10.244.0.0/16", "Backend": { "Type": "vxlan", "VNI": 4096, "Port": 4789 } }' },
        { path: 'C:\\run\\flannel\\subnet.env', text: 'FLANNEL_NETWORK=10.244.0.0/16\r\nFLANNEL_SUBNET=10.244.1.1/24\r\nFLANNEL_MTU=1450\r\nFLANNEL_IPMASQ=true\r\n' },
        { path: 'C:\\k\\kubeclusterconfig.json', text: '{"Kubernetes":{"Network":{"ClusterCidr":"10.244.0.0/16","ServiceCidr":"10.0.0.0/16","DnsIp":"10.0.0.10"}},"Cni":{"Name":"azure"},"ServicePrincipalClientSecret":"xyz789"}' },
      ],
      versions: { kubelet: 'Kubernetes v1.31.2', kubeProxy: 'Kubernetes v1.31.2' },
    },
  }, 'kubernetes.json');
  const k = capture.kubernetes!;
  t.deepEqual(k.processes?.map((p) => p.agent), ['kube-proxy', 'kubelet']);
  t.is(k.processes?.[0]?.CreationDate, '2024-12-07T09:20:00.000Z');
  t.deepEqual(k.processes?.[0]?.flags['api-token'], ['<redacted>']);
  t.deepEqual(k.processes?.[1]?.flags['registry-password'], ['<redacted>']);
  t.deepEqual(k.processes?.[1]?.flags['tls-private-key-file'], ['<redacted>']);
  t.deepEqual(k.processes?.[1]?.flags['cluster-dns'], ['10.96.0.10']);
  t.deepEqual(k.services?.[0]?.flags['node-ip'], ['10.0.0.4']);
  t.is(k.services?.[0]?.State, 'Running');
  t.deepEqual(k.files?.map((f) => f.kind), ['kube-proxy-config', 'flannel-net-conf', 'flannel-subnet-env', 'aks-cluster-config']);
  t.deepEqual(issues.map((i) => [i.severity, i.key, i.pointer]), [
    ['warning', 'kubernetes.files', '/kubernetes/files/1'],
    ['warning', 'kubernetes.files', '/kubernetes/files/2'],
  ]);
  t.regex(issues[0]!.message, /C:\\k\\config was dropped unread: it is a kubeconfig/);
  t.regex(issues[1]!.message, /key or certificate/);

  t.deepEqual(k.kubeProxy?.networkName, { value: 'flannel.4096', from: 'C:\\k\\kube-proxy.yml winkernel.networkName' });
  t.deepEqual(k.kubeProxy?.hostnameOverride, { value: 'win-node-1', from: '--hostname-override of kube-proxy.exe' });
  t.is(k.kubeProxy?.sourceVip?.value, '10.244.1.2');
  t.is(k.kubeProxy?.enableDSR?.value, true);
  t.is(k.kubeProxy?.proxyMode?.value, 'kernelspace');
  t.deepEqual(k.kubeProxy?.featureGates, { WinDSR: true });
  t.is(k.cluster?.clusterCIDR?.value, '10.244.0.0/16');
  t.is(k.cluster?.serviceCIDR?.value, '10.0.0.0/16');
  t.deepEqual(k.cluster?.dnsIPs?.value, ['10.96.0.10']);
  t.is(k.cluster?.podCIDR?.value, '10.244.1.1/24');
  t.deepEqual(k.cluster?.flannelBackend?.value, { type: 'vxlan', vni: 4096, port: 4789 });

  const text = JSON.stringify(capture);
  for (const secret of ['tok en!', 'hunter2', 'abcdef', 'MIIB', 'xyz789', 'abc"', 'kubelet.key']) t.false(text.includes(secret), secret);
  t.true(text.includes('<redacted>'));
});

test('kubernetes: a config file that is not YAML is a warning with its line; the other parts still read', (t) => {
  const { capture, issues } = ingestCapture({
    kubernetes: { files: [{ path: 'C:\\k\\kube-proxy.yml', text: 'kind: KubeProxyConfiguration\nwinkernel:\n  networkName: [unclosed\n' }], nodes: [{ name: 'win-node-1', podCIDRs: '10.244.1.0/24', internalIP: '10.0.0.4', os: 'windows' }, { podCIDRs: [] }] },
  }, 'f');
  t.is(capture.kubernetes?.files?.[0]?.data, undefined);
  t.is(capture.kubernetes?.files?.[0]?.kind, 'kube-proxy-config');
  t.deepEqual(capture.kubernetes?.nodes?.map((n) => n.podCIDRs), [['10.244.1.0/24']]);
  const yamlIssue = issues.find((i) => i.pointer === '/kubernetes/files/0/text');
  t.truthy(yamlIssue);
  t.regex(yamlIssue!.message, /could not be read: not valid YAML or JSON.*\(line \d+/);
  t.truthy(issues.find((i) => i.key === 'kubernetes.nodes' && i.pointer === '/kubernetes/nodes/1/name'));
});

test('kubernetes: every process item broken is "could not be read", not "no agents"', (t) => {
  const { capture, issues } = ingestCapture({ kubernetes: { processes: [{ ProcessId: 1 }, 'kubelet.exe'] } }, 'f');
  t.is(capture.kubernetes?.processes, undefined);
  t.is(errors(issues).at(-1)?.message, "none of the 2 items of 'kubernetes.processes' could be read, so 'kubernetes.processes' counts as not captured");
  t.false(buildModel(capture).captured.has('kubernetes.processes'));
});

test('the node object keeps what networking needs and drops the rest', (t) => {
  const { capture, issues } = ingestCapture({
    kubernetes: {
      node: {
        apiVersion: 'v1', kind: 'Node',
        metadata: { name: 'akswin000000', annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan' }, managedFields: [{ manager: 'x' }] },
        spec: { podCIDR: '10.244.2.0/24', podCIDRs: ['10.244.2.0/24'], providerID: 'azure:///subscriptions/x' },
        status: { addresses: [{ type: 'InternalIP', address: '10.224.0.33' }], nodeInfo: { osImage: 'Windows Server 2022 Datacenter', kernelVersion: '10.0.20348.2849', kubeProxyVersion: 'v1.30.5' }, conditions: [{ type: 'Ready', status: 'True' }] },
      },
    },
  }, 'f');
  t.deepEqual(issues, []);
  const node = capture.kubernetes?.node;
  t.is(node?.spec?.podCIDR, '10.244.2.0/24');
  t.is(node?.status?.nodeInfo?.kernelVersion, '10.0.20348.2849');
  t.false('managedFields' in (node?.metadata ?? {}));
  t.is(capture.kubernetes?.cluster?.podCIDR?.value, '10.244.2.0/24');
});

test('the folder form reads the new keys from <key>.json files, UTF-16 as PowerShell 5.1 writes them', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-runtime-'));
  try {
    const utf16 = (v: unknown) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(v), 'utf16le')]);
    writeFileSync(join(dir, 'containerd.json'), utf16({ version: 'containerd v1.7.20', config: TOML_2X }));
    writeFileSync(join(dir, 'cni.json'), utf16({ confDirs: { path: 'C:\\etc\\cni\\net.d', files: { name: '10-nat.conflist', text: NERDCTL_CONFLIST } } }));
    writeFileSync(join(dir, 'hnsVersion.json'), JSON.stringify({ Major: 15, Minor: 0 }));
    const loaded = readCapture(dir);
    t.deepEqual(loaded.issues, []);
    t.is(loaded.capture.containerd?.config?.cni.confDir, 'C:\\etc\\cni\\net.d');
    t.is(loaded.capture.cni?.confDirs?.[0]?.files[0]?.conf?.name, 'nat');
    t.is(loaded.capture.hnsVersion?.Major, 15);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cni: a folder holding one file written without its array points at that file', (t) => {
  const { capture, issues } = ingestCapture({ cni: { confDirs: { path: 'C:\\etc\\cni\\net.d', files: { name: 'x.conf', text: '{ "name": ' } } } }, 'f');
  t.is(capture.cni?.confDirs?.[0]?.files[0]?.$ptr, '/cni/confDirs/files');
  t.is(issues[0]?.pointer, '/cni/confDirs/files/text');
});
