import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION, CAPTURE_KEYS, DOCKER_PARTS } from '../../src/core/capture/keys.js';
import { listCommands, stringValue, syntaxErrors, walk } from '../helpers/powershell-grammar.js';
import type { Node } from '../helpers/powershell-grammar.js';
import {
  assignedValue,
  commandName,
  firstHashLiteral,
  functions,
  hashEntries,
  indexedAssignments,
  leadingComment,
  parameterValueNode,
  parseCollector,
  projectRoot,
  scriptParameters,
  selectedProperties,
  sourceCalls,
  stringLiterals,
  SOURCE_HELPER,
} from './collector-script.js';
import { findSecretFieldReferences, findStateChanging, normalizeCommandName, STATE_CHANGING_VERBS } from './read-only-policy.js';

const { text: script, tree } = parseCollector();
const fns = functions(tree);

function fn(name: string): Node {
  const node = fns.get(name.toLowerCase());
  if (node === undefined) {
    throw new Error(`function ${name} not found in the collector`);
  }
  return node;
}

const HEADER_KEYS = ['format', 'formatVersion', 'capturedAt', 'collector', 'psVersion'];
const hostKeys = CAPTURE_KEYS.filter((k) => !('onParent' in k && k.onParent)).map((k) => k.key);
const parentOnlyKeys = CAPTURE_KEYS.filter((k) => 'onParent' in k && k.onParent).map((k) => k.key);

function listedKeys(variable: string): string[] {
  const value = assignedValue(tree, variable);
  if (value === undefined) {
    throw new Error(`$script:${variable} is not assigned in the collector`);
  }
  return stringLiterals(value);
}

// ---- syntax -----------------------------------------------------------------

test('the collector parses with no ERROR or MISSING node', (t) => {
  t.deepEqual(syntaxErrors(script), []);
});

// ---- keys -------------------------------------------------------------------

test('the host key list equals CAPTURE_KEYS (without parent-only keys), in order', (t) => {
  t.deepEqual(listedKeys('HostCaptureKeys'), hostKeys);
});

test('the parent key list is the header, the parent-only keys and collectorErrors', (t) => {
  t.deepEqual(parentOnlyKeys, ['parentVmNetworkAdapters']);
  t.deepEqual(listedKeys('ParentCaptureKeys'), [...HEADER_KEYS, ...parentOnlyKeys, 'collectorErrors']);
});

test('the header writes format, formatVersion, capturedAt, collector and psVersion with the right values', (t) => {
  const hash = firstHashLiteral(fn('Get-WcnCaptureHeader'));
  t.truthy(hash);
  const entries = hashEntries(hash!);
  t.deepEqual([...entries.keys()], HEADER_KEYS);
  t.is(stringValue(entries.get('format')!), CAPTURE_FORMAT);
  t.is(entries.get('formatVersion')!.text.trim(), String(CAPTURE_FORMAT_VERSION));
  t.regex(entries.get('collector')!.text, /^"wcn-doctor collector \$script:CollectorVersion"$/);
});

test('the collector version is the package version', (t) => {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  const value = assignedValue(tree, 'CollectorVersion');
  t.truthy(value);
  t.is(stringValue(value!), pkg.version);
});

test('every host key is produced by a source, and every source writes a listed key', (t) => {
  const calls = sourceCalls(tree);
  const hostFunctions = new Set(['Get-WcnHostCapture', 'Get-WcnDockerCapture']);
  const hostCalls = calls.filter((c) => c.inFunction !== undefined && hostFunctions.has(c.inFunction));
  const topLevel = hostCalls.filter((c) => !c.key.includes('.')).map((c) => c.key);
  const produced = new Set([
    ...HEADER_KEYS,
    ...topLevel,
    ...indexedAssignments(fn('Get-WcnHostCapture'), 'capture'),
  ]);
  t.deepEqual([...produced].sort(), [...hostKeys].sort());
  // No key is read twice.
  t.is(new Set(topLevel).size, topLevel.length);
  // Every source call lives in one of the capture functions.
  t.deepEqual(calls.filter((c) => c.inFunction === undefined || !(hostFunctions.has(c.inFunction) || c.inFunction === 'Get-WcnParentCapture')), []);
});

test('the docker key is built from exactly the DOCKER_PARTS', (t) => {
  const dockerCalls = sourceCalls(tree).filter((c) => c.key.startsWith('docker.'));
  t.deepEqual(dockerCalls.map((c) => c.key).sort(), DOCKER_PARTS.map((p) => p.key).sort());
  t.true(dockerCalls.every((c) => c.inFunction === 'Get-WcnDockerCapture'));
  t.deepEqual(indexedAssignments(fn('Get-WcnHostCapture'), 'capture').sort(), ['cni', 'collectorErrors', 'containerd', 'docker', 'firewall', 'hnsState', 'kubernetes']);
});

test('parent mode writes parentVmNetworkAdapters from Get-VMNetworkAdapter -VMName', (t) => {
  const parent = fn('Get-WcnParentCapture');
  const calls = sourceCalls(tree).filter((c) => c.inFunction === 'Get-WcnParentCapture');
  t.deepEqual(calls.map((c) => c.key), ['parentVmNetworkAdapters']);
  t.true(calls[0]!.list);
  const uses = listCommands(parent.text);
  const adapter = uses.find((u) => u.name === 'Get-VMNetworkAdapter');
  t.truthy(adapter);
  t.true(adapter!.args.some((a) => a.toLowerCase() === '-vmname'));
  t.false(adapter!.args.some((a) => a.toLowerCase() === '-managementos'));
  t.deepEqual(indexedAssignments(parent, 'capture'), ['collectorErrors']);
  // Both modes start from the same header and end with collectorErrors.
  t.true(listCommands(fn('Get-WcnHostCapture').text).some((u) => u.name === 'Get-WcnCaptureHeader'));
  t.true(uses.some((u) => u.name === 'Get-WcnCaptureHeader'));
});

test('list keys are read with -List so that one result is still an array', (t) => {
  const listByKey = new Map<string, boolean>([
    ...CAPTURE_KEYS.map((k) => [k.key, k.list] as const),
    ['docker.info', false], ['docker.version', false], ['docker.networks', true], ['docker.containers', true], ['docker.daemonConfig', false],
    ...['firewall.profiles', 'firewall.rules', 'cni.confDirs', 'cni.binDirs', 'kubernetes.processes', 'kubernetes.services', 'kubernetes.files'].map((k) => [k, true] as const),
    ...['containerd.service', 'containerd.version', 'containerd.config', 'containerd.criInfo', 'containerd.pods'].map((k) => [k, false] as const),
  ]);
  for (const call of sourceCalls(tree)) {
    t.is(call.list, listByKey.get(call.key) ?? !call.list, `${call.key}: -List`);
  }
});

// ---- projections ------------------------------------------------------------

/** The properties capture-format.md lists for each projected source. */
const PROJECTIONS: Record<string, readonly string[]> = {
  os: ['Caption', 'Version', 'BuildNumber', 'ProductType', 'OSArchitecture', 'UBR', 'DisplayVersion', 'ReleaseId'],
  computerSystem: ['Name', 'Domain', 'Manufacturer', 'Model', 'HypervisorPresent'],
  hotfixes: ['HotFixID', 'InstalledOn'],
  services: ['Name', 'DisplayName', 'Status', 'StartType'],
  vmSwitches: ['Name', 'Id', 'SwitchType', 'AllowManagementOS', 'NetAdapterInterfaceDescription', 'NetAdapterInterfaceDescriptions', 'EmbeddedTeamingEnabled', 'Notes'],
  vmSwitchExtensions: ['SwitchName', 'SwitchId', 'Name', 'Id', 'Vendor', 'ExtensionType', 'Enabled', 'Running'],
  vmNetworkAdapters: ['Name', 'SwitchName', 'MacAddress', 'MacAddressSpoofing', 'Status'],
  parentVmNetworkAdapters: ['Name', 'VMName', 'SwitchName', 'MacAddress', 'MacAddressSpoofing', 'Status'],
  netAdapters: ['Name', 'InterfaceDescription', 'ifIndex', 'Status', 'MacAddress', 'LinkSpeed', 'Virtual', 'HardwareInterface', 'MediaConnectionState', 'DriverDescription'],
  netIPAddresses: ['InterfaceAlias', 'InterfaceIndex', 'IPAddress', 'PrefixLength', 'AddressFamily', 'PrefixOrigin'],
  netIPInterfaces: ['InterfaceAlias', 'InterfaceIndex', 'AddressFamily', 'InterfaceMetric', 'ConnectionState', 'Dhcp'],
  netRoutes: ['InterfaceAlias', 'InterfaceIndex', 'DestinationPrefix', 'NextHop', 'RouteMetric'],
  netNat: ['Name', 'InternalIPInterfaceAddressPrefix', 'ExternalIPInterfaceAddressPrefix', 'Active'],
  netNatStaticMappings: ['StaticMappingID', 'NatName', 'Protocol', 'ExternalIPAddress', 'ExternalPort', 'InternalIPAddress', 'InternalPort'],
};

test('each projected source selects exactly the properties of the capture format', (t) => {
  const calls = new Map(sourceCalls(tree).map((c) => [c.key, c] as const));
  for (const [key, expected] of Object.entries(PROJECTIONS)) {
    const call = calls.get(key);
    t.truthy(call?.scriptBlock, `${key} is read by ${SOURCE_HELPER} with a script block`);
    t.deepEqual(selectedProperties(call!.scriptBlock!), [[...expected]], key);
  }
});

test('every Select-Object -Property list is made of quoted names or calculated properties', (t) => {
  for (const list of selectedProperties(tree.rootNode)) {
    t.deepEqual(list.filter((p) => p.startsWith('<')), [], list.join(', '));
  }
});

test('tcpip6 keeps only DisabledComponents, and only when the value exists', (t) => {
  const call = sourceCalls(tree).find((c) => c.key === 'tcpip6');
  t.truthy(call?.scriptBlock);
  const names = new Set(stringLiterals(call!.scriptBlock!));
  t.true(names.has('DisabledComponents'));
  t.true(names.has('HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters'));
});

test('services are read by the names of the capture format', (t) => {
  const value = assignedValue(tree, 'serviceNames');
  t.truthy(value);
  t.deepEqual(stringLiterals(value!), ['hns', 'winnat', 'vfpext', 'docker', 'com.docker.service', 'vmcompute', 'vmms', 'SharedAccess', 'mpssvc']);
});

test('HNS sources fall back to hnsdiag list ... -df (full V1 JSON) when the module is missing, and networks to Get-ContainerNetwork', (t) => {
  const reader = listCommands(fn('Get-WcnHnsObjects').text);
  for (const [key, noun] of [['hnsNetworks', 'networks'], ['hnsEndpoints', 'endpoints']] as const) {
    const call = sourceCalls(tree).find((c) => c.key === key);
    t.truthy(call?.scriptBlock, key);
    const uses = listCommands(call!.scriptBlock!.text);
    t.true(uses.some((u) => u.name === 'Get-WcnHnsObjects' && u.args.join(' ').replace(/'/g, '') === `-Kind ${noun}`), `${key} reads through Get-WcnHnsObjects: ${JSON.stringify(uses.map((u) => u.args))}`);
    const cmdlet = key === 'hnsNetworks' ? 'Get-HnsNetwork' : 'Get-HnsEndpoint';
    t.true(reader.some((u) => u.name === cmdlet), `${key} uses ${cmdlet}`);
    t.true(reader.some((u) => u.name === 'hnsdiag' && u.args.join(' ') === `list ${noun} -df`), `${key} falls back to hnsdiag`);
  }
  t.true(reader.some((u) => u.name === 'Get-ContainerNetwork'));
});

// ---- every source is isolated -----------------------------------------------

/** Commands that read host state; each must run inside a per-source helper call. */
const HOST_READERS = new Set([
  'get-ciminstance', 'get-hotfix', 'get-itemproperty', 'get-service', 'get-vmswitch', 'get-vmswitchextension',
  'get-vmnetworkadapter', 'get-netadapter', 'get-netipaddress', 'get-netipinterface', 'get-netroute', 'get-netnat',
  'get-netnatstaticmapping', 'get-hnsnetwork', 'get-hnsendpoint', 'docker', 'netsh', 'hnsdiag',
  'get-dnsclientserveraddress', 'get-nettcpsetting', 'get-netudpsetting', 'get-netfirewallprofile', 'get-netfirewallportfilter',
  'get-netfirewallrule', 'get-hnspolicylist', 'invoke-hnsrequest', 'get-content', 'get-childitem', 'containerd', 'crictl', 'vfpctrl',
]);

/** Functions that read for a source; they may only be called inside a source helper call. */
const SOURCE_READERS = ['Get-WcnHnsObjects', 'Get-WcnCimSwitches', 'Get-WcnHnsLoadBalancers', 'Get-WcnCimObjects', 'Read-WcnTextFile'];

function insideSourceCall(node: Node): boolean {
  for (let n: Node | null = node.parent; n !== null; n = n.parent) {
    if (n.type === 'command' && commandName(n).toLowerCase() === SOURCE_HELPER.toLowerCase()) {
      return true;
    }
    if (n.type === 'function_statement') {
      const name = n.namedChildren.find((c) => c.type === 'function_name')?.text ?? '';
      return SOURCE_READERS.some((r) => r.toLowerCase() === name.toLowerCase());
    }
  }
  return false;
}

test('every command that reads host state runs inside its own try/catch source helper', (t) => {
  const outside: string[] = [];
  for (const node of walk(tree.rootNode)) {
    const name = normalizeCommandName(commandName(node));
    const reads = HOST_READERS.has(name) || SOURCE_READERS.some((r) => r.toLowerCase() === name);
    if (node.type === 'command' && reads && !insideSourceCall(node)) {
      outside.push(`${node.startPosition.row + 1}: ${node.text.split('\n')[0]}`);
    }
  }
  t.deepEqual(outside, []);
  // The helper really is a try/catch that records collectorErrors.
  const helper = fn(SOURCE_HELPER);
  t.true([...walk(helper)].some((n) => n.type === 'try_statement'));
  t.true(listCommands(helper.text).some((u) => u.name === 'Write-WcnCollectorError'));
  t.true(listCommands(helper.text).some((u) => u.name === 'Write-Progress'));
});

test('collectorErrors entries are {key, command, message}', (t) => {
  const hash = firstHashLiteral(fn('Write-WcnCollectorError'));
  t.truthy(hash);
  t.deepEqual([...hashEntries(hash!).keys()], ['key', 'command', 'message']);
});

// ---- read-only --------------------------------------------------------------

test('the collector calls no state-changing command', (t) => {
  // `& $ScriptBlock` is how the helpers run the literal script blocks passed
  // to them; those blocks are checked where they are written.
  // Named exceptions: the native runner starts the read-only client and ends
  // it on time-out; the main part writes the capture file in Constrained
  // Language mode. The same calls anywhere else are violations (see below).
  t.deepEqual(findStateChanging(script, { allowDynamic: ['$ScriptBlock'], allow: COLLECTOR_EXCEPTIONS }), []);
});

const COLLECTOR_EXCEPTIONS = [
  { name: 'start', inFunction: 'Invoke-WcnNativeProcess' },
  { name: 'kill', inFunction: 'Invoke-WcnNativeProcess' },
  { name: 'set-content' },
];

test('the read-only exceptions hold only where they are named', (t) => {
  const outside = ['function Get-X {', '    $p.Kill()', '    [System.Diagnostics.Process]::Start($i)', '    Set-Content -LiteralPath x -Value y', '}', '$q.Kill()'].join('\n');
  t.deepEqual(findStateChanging(outside, { allow: COLLECTOR_EXCEPTIONS }).map((v) => v.line), [2, 3, 4, 6]);
  const inside = ['function Invoke-WcnNativeProcess {', '    $p.Kill()', '    [System.Diagnostics.Process]::Start($i)', '}', 'Set-Content -LiteralPath x -Value y'].join('\n');
  t.deepEqual(findStateChanging(inside, { allow: COLLECTOR_EXCEPTIONS }), []);
});

test('the collector runs no external program other than docker, netsh, hnsdiag, whoami, containerd, crictl and vfpctrl', (t) => {
  const defined = new Set(fns.keys());
  const external = new Set<string>();
  for (const use of listCommands(tree)) {
    const name = normalizeCommandName(use.name);
    if (use.dynamic || defined.has(name) || /^[a-z]+-[a-z]/.test(name)) {
      continue;
    }
    external.add(name);
  }
  // whoami /groups tells elevation where .NET cannot (Constrained Language mode).
  t.deepEqual([...external].sort(), ['containerd', 'crictl', 'docker', 'hnsdiag', 'netsh', 'vfpctrl', 'whoami']);
});

test('containerd, crictl and vfpctrl are only asked read-only questions', (t) => {
  const seen = new Set<string>();
  for (const use of listCommands(tree)) {
    const name = normalizeCommandName(use.name);
    if (name === 'containerd' || name === 'crictl' || name === 'vfpctrl') {
      seen.add([name, ...use.args.filter((a) => a.startsWith('-') || a.startsWith('/') || /^[a-z]+$/.test(a))].join(' '));
    }
  }
  t.deepEqual([...seen].sort(), [
    'containerd --version',
    'crictl info',
    'crictl pods -o json',
    'vfpctrl /list-vmswitch-port',
    'vfpctrl /port /get-port-state',
  ]);
});

test('docker is only asked for info, version, network ls/inspect, ps and inspect', (t) => {
  const seen = new Set<string>();
  for (const use of listCommands(tree)) {
    if (normalizeCommandName(use.name) === 'docker') {
      const words = use.args.filter((a) => !a.startsWith('-'));
      seen.add(words[0] === 'network' ? `network ${words[1]}` : (words[0] ?? ''));
    }
  }
  t.deepEqual([...seen].sort(), ['info', 'inspect', 'network inspect', 'network ls', 'ps', 'version']);
});

test('the read-only check flags state-changing commands (it can fail)', (t) => {
  const bad = [
    'Get-VMSwitch | Remove-VMSwitch -Force',
    'reg delete HKLM\\SOFTWARE\\Test /f',
    'reg.exe add HKLM\\SOFTWARE\\Test /v X /d 1',
    'Hyper-V\\Set-VMSwitch -Name nat -AllowManagementOS $true',
    'netsh int ipv4 add excludedportrange protocol=tcp startport=50000 numberofports=10',
    'docker network rm nat',
    'docker run --rm mcr.microsoft.com/windows/nanoserver:ltsc2022',
    'docker network create -d nat n2',
    'hnsdiag delete networks 1234',
    'Invoke-Expression $text',
    'iex $text',
    'Restart-Service hns',
    'Stop-Service -Name docker',
    '& $something',
    "[System.IO.File]::Delete('C:\\x')",
    'crictl rmp -a',
    'vfpctrl /port p1 /remove-rule-group',
    'containerd --register-service',
    'rm C:\\ProgramData\\Microsoft\\Windows\\HNS\\HNS.data',
  ];
  const violations = findStateChanging(bad.join('\n'));
  t.deepEqual(
    [...new Set(violations.map((v) => v.line))],
    bad.map((_, i) => i + 1),
    violations.map((v) => `${v.line}: ${v.reason}`).join('\n'),
  );
  // Each negative case also fails on its own.
  for (const line of bad) {
    t.not(findStateChanging(line).length, 0, line);
  }
  // Every listed verb is caught.
  for (const verb of STATE_CHANGING_VERBS) {
    t.is(findStateChanging(`${verb}-Thing -Name x`).length, 1, verb);
  }
});

test('the read-only check accepts read-only commands', (t) => {
  const good = [
    'Get-VMSwitch | Select-Object -Property \'Name\',\'SwitchType\'',
    'reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters',
    'netsh int ipv4 show excludedportrange protocol=tcp',
    'docker network inspect nat',
    "docker info --format '{{json .}}'",
    'docker ps --all --quiet --no-trunc',
    'hnsdiag list endpoints -d',
    'Get-Service -Name hns | Where-Object { $_.Status -eq 4 } | ForEach-Object { $_.Name }',
    'sc.exe query hns',
  ];
  t.deepEqual(findStateChanging(good.join('\n')), []);
});

// ---- secrets ----------------------------------------------------------------

test('the collector never references a container\'s Env (or other secret-bearing fields)', (t) => {
  t.deepEqual(findSecretFieldReferences(script), []);
});

test('the secret check flags Env, Config.Env and Mounts (it can fail)', (t) => {
  const bad = [
    '$c.Config.Env',
    "$c | Select-Object -Property 'Id','Env'",
    '$c.Config | Select-Object -ExpandProperty Env',
    "$c | Select-Object -Property 'Config.Env'",
    '$c.Mounts',
    '@{ Env = $c.Config }',
  ];
  for (const line of bad) {
    t.not(findSecretFieldReferences(line).length, 0, line);
  }
  // $env: variables and words that start with Env are something else.
  t.deepEqual(findSecretFieldReferences('$env:COMPUTERNAME; [System.Environment]::MachineName'), []);
});

test('the container projection keeps only the networking fields of docker inspect', (t) => {
  const projection = fn('ConvertTo-WcnSafeContainer');
  // The object written: the last hash literal of the function.
  const hashes = [...walk(projection)].filter((n) => n.type === 'hash_literal_expression' && n.parent !== null && !isInside(n, 'hash_literal_expression'));
  const written = hashes[hashes.length - 1];
  t.truthy(written);
  const entries = hashEntries(written!);
  t.deepEqual([...entries.keys()], ['Id', 'Name', 'State', 'Config', 'HostConfig', 'NetworkSettings']);
  const nested = (key: string): string[] => [...hashEntries(firstHashLiteral(entries.get(key)!)!).keys()];
  t.deepEqual(nested('Config'), ['Hostname']);
  t.deepEqual(nested('HostConfig'), ['NetworkMode', 'PortBindings', 'Dns', 'DnsOptions', 'DnsSearch', 'Links', 'Isolation']);
  t.deepEqual(nested('NetworkSettings'), ['Networks', 'Ports']);
  // And it reads nothing else from the container object.
  const readFromContainer = listCommands(projection.text)
    .filter((u) => u.name === 'Get-WcnPropertyValue' && u.args.includes('$Container'))
    .map((u) => u.args[u.args.indexOf('-Name') + 1]);
  t.deepEqual(readFromContainer.sort(), ['Config', 'HostConfig', 'Id', 'Name', 'NetworkSettings', 'State']);
  // Raw docker inspect output only flows through this projection.
  const inspect = sourceCalls(tree).find((c) => c.key === 'docker.containers');
  t.true(listCommands(inspect!.scriptBlock!.text).some((u) => u.name === 'ConvertTo-WcnSafeContainer'));
});

function isInside(node: Node, type: string): boolean {
  for (let n: Node | null = node.parent; n !== null; n = n.parent) {
    if (n.type === type) {
      return true;
    }
  }
  return false;
}

// ---- script conventions -----------------------------------------------------

test('comment-based help documents every parameter and what is never collected', (t) => {
  const help = leadingComment(tree);
  for (const section of ['.SYNOPSIS', '.DESCRIPTION', '.EXAMPLE', '.NOTES']) {
    t.true(help.includes(section), section);
  }
  const params = scriptParameters(tree);
  t.deepEqual(params, ['OutFile', 'ParentHost', 'VMName', 'Redact', 'TimeoutSeconds']);
  for (const p of params) {
    t.regex(help, new RegExp(`\\.PARAMETER ${p}\\b`), p);
  }
  const notes = help.slice(help.indexOf('.NOTES'));
  t.regex(notes, /Never collected/);
  t.regex(notes, /Config\.Env/);
});

test('the script declares [CmdletBinding()] and writes progress per section', (t) => {
  const block = tree.rootNode.namedChildren.find((c) => c.type === 'param_block');
  t.truthy(block);
  t.regex(block!.text, /^\[CmdletBinding\(/);
  t.true(listCommands(fn(SOURCE_HELPER).text).some((u) => u.name === 'Write-Progress'));
  t.true(listCommands(tree).some((u) => u.name === 'Write-Progress' && u.args.includes('-Completed')));
});

test('the script uses no aliases (full cmdlet names only)', (t) => {
  const ALIASES = new Set([
    '%', '?', 'ac', 'cat', 'cd', 'chdir', 'clc', 'clear', 'cls', 'copy', 'cp', 'del', 'diff', 'dir', 'echo', 'erase',
    'fl', 'foreach', 'ft', 'fw', 'gal', 'gc', 'gci', 'gcm', 'gdr', 'ghy', 'gi', 'gl', 'gm', 'gp', 'gps', 'group', 'gsv',
    'gu', 'gv', 'gwmi', 'h', 'history', 'iex', 'ipmo', 'irm', 'iwr', 'kill', 'ls', 'man', 'md', 'measure', 'mi', 'mount',
    'move', 'mv', 'ni', 'nv', 'ogv', 'popd', 'ps', 'pushd', 'pwd', 'r', 'rd', 'ren', 'ri', 'rm', 'rmdir', 'rv', 'sal',
    'sc', 'select', 'set', 'si', 'sl', 'sleep', 'sort', 'sp', 'spps', 'start', 'sv', 'tee', 'type', 'where', 'write',
  ]);
  const used = listCommands(tree).filter((u) => !u.dynamic && ALIASES.has(u.name.toLowerCase())).map((u) => `${u.line}: ${u.name}`);
  t.deepEqual(used, []);
});

test('the capture is written with ConvertTo-Json -Depth 10 as UTF-8 without BOM', (t) => {
  const json = listCommands(tree).filter((u) => u.name === 'ConvertTo-Json');
  t.true(json.length > 0);
  for (const use of json) {
    t.is(use.args[use.args.indexOf('-Depth') + 1], '10', use.text);
  }
  const writes = [...walk(tree.rootNode)].filter((n) => n.type === 'invokation_expression' && /^\[System\.IO\.File\]::WriteAllText\(/.test(n.text));
  t.is(writes.length, 1);
  // Constrained Language mode cannot call .NET: there, and only there, Set-Content writes the file.
  const setContent = listCommands(tree).filter((u) => u.name.toLowerCase() === 'set-content');
  t.deepEqual(setContent.map((u) => u.text), ["Set-Content -LiteralPath $outPath -Value $json -Encoding 'UTF8'"]);
  t.regex(script, /if \(\$script:FullLanguage\) \{\n[^]*?WriteAllText[^]*?\n\}\nelse \{\n[^]*?Set-Content -LiteralPath \$outPath/);
  t.regex(writes[0]!.text, /\[System\.Text\.UTF8Encoding\]::new\(\$false\)\)$/);
  // Out-File, Set-Content and > would write UTF-16 or ANSI on Windows PowerShell 5.1.
  t.deepEqual(listCommands(tree).filter((u) => ['out-file', 'add-content'].includes(u.name.toLowerCase())), []);
  t.deepEqual([...walk(tree.rootNode)].filter((n) => n.type === 'file_redirection_operator').map((n) => n.text), []);
});

test('the source helper is called with a literal -Key and -Command for every source', (t) => {
  for (const call of sourceCalls(tree)) {
    t.regex(call.key, /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)?$/, call.node.text.slice(0, 80));
    t.truthy(parameterValueNode(call.node, '-Command'), call.key);
    t.truthy(call.scriptBlock, call.key);
  }
});

test('the script avoids syntax and parameters that Windows PowerShell 5.1 lacks', (t) => {
  // Pipeline chains (&&, ||) are PowerShell 7 only.
  t.deepEqual([...walk(tree.rootNode)].filter((n) => n.type === 'pipeline_chain_tail').map((n) => n.startPosition.row + 1), []);
  const PS7_ONLY: Record<string, readonly string[]> = {
    'convertto-json': ['-enumsasstrings', '-ashashtable', '-escapehandling'],
    'convertfrom-json': ['-ashashtable', '-depth', '-noenumerate'],
    'foreach-object': ['-parallel', '-throttlelimit'],
    'join-path': ['-additionalchildpath'],
    'get-content': ['-asbytestream'],
    'select-object': ['-skipindex'],
    'test-json': [],
    'get-error': [],
  };
  const found: string[] = [];
  for (const use of listCommands(tree)) {
    const name = use.name.toLowerCase();
    const params = PS7_ONLY[name];
    if (params === undefined) {
      continue;
    }
    if (params.length === 0) {
      found.push(`${use.line}: ${use.name}`);
    }
    for (const arg of use.args) {
      if (params.includes(arg.toLowerCase())) {
        found.push(`${use.line}: ${use.name} ${arg}`);
      }
    }
  }
  t.deepEqual(found, []);
});

test('the PowerShell examples in collect/README.md parse and use only declared parameters', (t) => {
  const readme = readFileSync(path.join(projectRoot(), 'collect', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```powershell\n([\s\S]*?)```/g)].map((m) => m[1]!);
  t.true(blocks.length >= 3);
  const declared = new Set(scriptParameters(tree).map((p) => `-${p.toLowerCase()}`));
  for (const block of blocks) {
    t.deepEqual(syntaxErrors(block), [], block);
    for (const use of listCommands(block)) {
      const args = use.args.map((a) => a.toLowerCase());
      const fileIndex = args.indexOf('-file');
      const runsCollector = use.name.endsWith('Collect-WcnCapture.ps1') || args[fileIndex + 1]?.endsWith('collect-wcncapture.ps1') === true;
      if (!runsCollector) {
        continue;
      }
      const scriptArgs = fileIndex === -1 ? args : args.slice(fileIndex + 2);
      for (const arg of scriptArgs.filter((a) => a.startsWith('-'))) {
        t.true(declared.has(arg), `${arg} in: ${use.text}`);
      }
    }
  }
});
