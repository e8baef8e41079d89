import test from 'ava';
import { freeSubnetInside, natOutsideWinnatPrefix } from '../../src/core/checks/nat-outside-winnat-prefix.js';
import { parsePrefix } from '../../src/core/model/net.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { combine, dockerNetworkRecord, hnsNetworkRecord, STOPPED, type Patch } from '../helpers/capture-edits.js';

const REFUSED = 'error during connect: Get http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.39/info: open //./pipe/docker_engine: The system cannot find the file specified.';
const CUSTOM_ID = '6c1f0a52-8e3d-4b7a-9f21-3d5e7a9c0b14';

/**
 * The engine down as the collector writes it: the service stopped, docker = daemon.json only, one
 * collector error per engine part. HNS's default nat network is gone (removed to apply a new range);
 * a custom partition still holds the WinNAT.
 */
function engineDownWith(daemonConfig: Record<string, unknown>, opts: { keepDefaultNat?: boolean; refused?: boolean } = {}): Patch {
  return (raw) => {
    if (!opts.keepDefaultNat) raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Name: string }) => n.Name !== 'nat');
    raw['hnsNetworks'].push(hnsNetworkRecord('CustomNat1', 'nat', '172.29.81.0/24', '172.29.81.1', CUSTOM_ID));
    raw['hnsEndpoints'] = [];
    raw['netNatStaticMappings'] = [];
    if (opts.refused) {
      raw['docker'] = { info: { ServerErrors: [REFUSED] }, daemonConfig };
    } else {
      raw['services'].find((x: { Name: string }) => x.Name === 'docker').Status = STOPPED;
      raw['docker'] = { daemonConfig };
    }
    raw['collectorErrors'] = ['info', 'version', 'networks', 'containers'].filter((p) => !opts.refused || p !== 'info').map((p) => ({
      key: `docker.${p}`, command: `docker ${p}`, message: REFUSED,
    }));
  };
}

/** An HNS nat network outside the prefix that docker's (uncaptured) networks would name. */
const strayHnsNat: Patch = (raw) => {
  raw['hnsNetworks'].push(hnsNetworkRecord('lab-nat', 'nat', '10.77.0.0/24', '10.77.0.1', 'a3c5e7f9-1b2d-4e6f-8a0b-2c4d6e8f0a1b'));
};

function addNatNetwork(name: string, subnet: string, gateway: string) {
  return (raw: RawCapture) => {
    raw['docker'].networks.push({
      Name: name, Id: 'f'.repeat(64), Driver: 'nat', Scope: 'local', EnableIPv6: false, Internal: false,
      IPAM: { Driver: 'windows', Options: {}, Config: [{ Subnet: subnet, Gateway: gateway }] },
      Options: { 'com.docker.network.windowsshim.hnsid': '11111111-2222-3333-4444-555555555555' },
      Containers: {},
    });
  };
}

testCheck(test, natOutsideWinnatPrefix, {
  valid: [
    { name: 'default nat inside the HNS NAT prefix (14393)', baseline: 'healthy-ws2016' },
    { name: 'a partition of the prefix, as the source document shows', baseline: 'healthy-ws2016', patch: addNatNetwork('CustomNat1', '172.29.81.0/24', '172.29.81.1') },
    { name: '17763 allows independent NAT networks', baseline: 'healthy-ws2019', patch: addNatNetwork('CustomNat1', '172.16.1.0/24', '172.16.1.1') },
    { name: 'engine down, fixed-cidr a partition of the prefix', baseline: 'healthy-ws2016', patch: engineDownWith({ 'fixed-cidr': '172.29.90.0/24' }) },
    {
      name: 'engine down, fixed-cidr outside, but HNS still holds the default nat (the engine adopts it: stale-hns-state)',
      baseline: 'healthy-ws2016',
      patch: engineDownWith({ 'fixed-cidr': '192.168.100.0/24' }, { keepDefaultNat: true }),
    },
    { name: 'engine down, fixed-cidr outside, but "bridge": "none"', baseline: 'healthy-ws2016', patch: engineDownWith({ 'fixed-cidr': '192.168.100.0/24', bridge: 'none' }) },
    { name: 'engine down, no range in daemon.json', baseline: 'healthy-ws2016', patch: engineDownWith({}) },
    {
      name: 'engine running: daemon.json alone is not judged here',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['docker'].daemonConfig = { 'fixed-cidr': '192.168.100.0/24' }; },
    },
    {
      name: '17763: fixed-cidr anywhere, engine down',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['services'].find((x: { Name: string }) => x.Name === 'docker').Status = STOPPED;
        raw['docker'] = { daemonConfig: { 'fixed-cidr': '192.168.100.0/24' } };
      },
    },
  ],
  invalid: [
    {
      name: 'custom nat outside the prefix on 14393 (docker\'s view, no HNS network for it)',
      baseline: 'healthy-ws2016',
      patch: addNatNetwork('CustomNat2', '172.16.2.0/24', '172.16.2.1'),
      findings: [{ severity: 'error', subjects: ['CustomNat2'], message: ['172.16.2.0/24', '172.29.80.0/20', '0x80004005'] }],
    },
    {
      name: 'a docker nat network and its HNS network outside the prefix: one finding, named by docker',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        const id = '5e0c7a11-3b2d-4f6e-9a80-1c2d3e4f5a6b';
        raw['docker'].networks.push(dockerNetworkRecord('CustomNat2', 'nat', '172.16.2.0/24', '172.16.2.1', id));
        raw['hnsNetworks'].push(hnsNetworkRecord('CustomNat2', 'nat', '172.16.2.0/24', '172.16.2.1', id));
      },
      findings: [{ subjects: ['CustomNat2', 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31'], message: ["Docker nat network 'CustomNat2' uses 172.16.2.0/24"] }],
    },
    {
      name: 'engine down: an HNS nat network outside the prefix is judged from HNS, its owner named',
      baseline: 'healthy-ws2016',
      patch: combine(engineDownWith({}, { keepDefaultNat: true }), strayHnsNat),
      findings: [{ subjects: ['lab-nat'], message: ["HNS nat network 'lab-nat' (docker, the only container runtime", "docker's own networks were not captured", '10.77.0.0/24', '172.29.80.0/20'] }],
    },
    {
      name: 'engine stopped, fixed-cidr outside the prefix on 14393: the engine cannot create its nat network',
      baseline: 'healthy-ws2016',
      patch: engineDownWith({ 'fixed-cidr': '192.168.100.0/24' }),
      findings: [{
        severity: 'error',
        subjects: ['docker', 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31'],
        message: ['"fixed-cidr" to 192.168.100.0/24', 'outside 172.29.80.0/20', 'The docker engine is not running', 'docker.networks', 'could not be captured', 'Error creating default network', "'CustomNat1' (172.29.81.0/24) still uses that prefix"],
        minFixes: 2,
      }],
    },
    {
      name: 'engine refusing the collector, bip outside the prefix',
      baseline: 'healthy-ws2016',
      patch: engineDownWith({ bip: '10.99.0.1/24' }, { refused: true }),
      findings: [{ message: ['"bip" to 10.99.0.1/24', 'did not answer the collector'] }],
    },
  ],
});

test('the suggested subnet is free and inside the prefix', (t) => {
  const outer = parsePrefix('172.29.80.0/20')!;
  const used = [parsePrefix('172.29.80.0/24')!, parsePrefix('172.29.81.0/24')!];
  t.is(freeSubnetInside(outer, used)?.text, '172.29.82.0/24');
  t.is(freeSubnetInside(parsePrefix('10.0.0.0/24')!, [parsePrefix('10.0.0.0/24')!]), undefined);
  t.is(freeSubnetInside(parsePrefix('10.0.0.0/26')!, [])?.text, '10.0.0.0/26');
});

test('WCN202 with the engine down: daemon.json is set to a free partition of the prefix (safe), or the NAT and the nat networks on it go (disruptive)', (t) => {
  const [f] = findingsOf(natOutsideWinnatPrefix, 'healthy-ws2016', engineDownWith({ 'fixed-cidr': '192.168.100.0/24' }));
  t.truthy(f);
  t.deepEqual(f!.fixes.map((x) => x.risk), ['safe', 'disruptive']);
  const [edit, remove] = f!.fixes;
  t.regex(edit!.title, /"fixed-cidr" in daemon\.json to 172\.29\.80\.0\/24, a partition of 172\.29\.80\.0\/20/);
  t.true(edit!.commands.some((c) => c.includes("-NotePropertyName 'fixed-cidr' -NotePropertyValue '172.29.80.0/24'")));
  t.is(edit!.commands.at(-1), "Start-Service -Name 'docker'");
  t.deepEqual(remove!.commands, [
    `Get-HnsNetwork | Where-Object Id -eq '${CUSTOM_ID}' | Remove-HnsNetwork`,
    "Get-NetNat | Where-Object Name -eq 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31' | Remove-NetNat -Confirm:$false",
    "Start-Service -Name 'docker'",
  ]);
  t.true(f!.evidence.includes('/docker/daemonConfig/fixed-cidr'));
  t.true(f!.evidence.some((e) => e.startsWith('/collectorErrors/')));
  t.is(f!.title, 'daemon.json puts the default nat network outside the WinNAT prefix');
});

test('WCN202 with bip: the new value keeps the address/length form', (t) => {
  const [f] = findingsOf(natOutsideWinnatPrefix, 'healthy-ws2016', engineDownWith({ bip: '10.99.0.1/24' }));
  t.true(f!.fixes[0]!.commands.some((c) => c.includes("-NotePropertyName 'bip' -NotePropertyValue '172.29.80.1/24'")));
});
