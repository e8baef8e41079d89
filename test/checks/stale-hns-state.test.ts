import test from 'ava';
import { staleHnsState } from '../../src/core/checks/stale-hns-state.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { STOPPED, combine, renameEverywhere, setService } from '../helpers/capture-edits.js';

/** An HNS network of the given name and type (V1 shape), as Get-HnsNetwork writes one. */
function addHnsNetwork(name: string, type: string, id: string, prefix = '192.168.99.0/24') {
  return (raw: RawCapture): void => {
    raw['hnsNetworks'].push({ ID: id, Name: name, Type: type, Subnets: [{ AddressPrefix: prefix, GatewayAddress: prefix.replace(/0\/\d+$/, '1') }], Extensions: [], Policies: [], State: 1 });
  };
}

/** Removes an HNS network and its endpoints, as if HNS lost it. */
function dropHnsNetwork(name: string) {
  return (raw: RawCapture): void => {
    const n = raw['hnsNetworks'].find((x: { Name: string }) => x.Name === name);
    raw['hnsNetworks'] = raw['hnsNetworks'].filter((x: { Name: string }) => x.Name !== name);
    raw['hnsEndpoints'] = raw['hnsEndpoints'].filter((e: { VirtualNetwork: string }) => e.VirtualNetwork !== n.ID);
  };
}

/** HNS re-created a network with a new id; docker still has the old one. */
function hnsReCreated(name: string, newId: string) {
  return (raw: RawCapture): void => {
    const n = raw['hnsNetworks'].find((x: { Name: string }) => x.Name === name);
    for (const e of raw['hnsEndpoints']) if (e.VirtualNetwork === n.ID) e.VirtualNetwork = newId;
    n.ID = newId;
  };
}

/** The containers are gone from docker (removed while HNS was stopped), their endpoints stay. */
function containersGone(raw: RawCapture): void {
  raw['docker'].containers = [];
  for (const n of raw['docker'].networks) n.Containers = {};
}

const NAT_2019 = 'A2BDCD4B-75FE-4C20-AC91-D3FC77D104E1';

function daemonJson(config: Record<string, unknown>) {
  return (raw: RawCapture): void => { raw['docker'].daemonConfig = config; };
}

/** The engine stopped, as the collector writes it: docker = daemon.json only, one error per engine part. */
function engineDown(config: Record<string, unknown>) {
  return (raw: RawCapture): void => {
    raw['services'].find((x: { Name: string }) => x.Name === 'docker').Status = STOPPED;
    raw['docker'] = { daemonConfig: config };
    raw['hnsEndpoints'] = [];
    raw['collectorErrors'] = ['info', 'version', 'networks', 'containers'].map((p) => ({ key: `docker.${p}`, command: `docker ${p}`, message: 'error during connect: open //./pipe/docker_engine: The system cannot find the file specified.' }));
  };
}

testCheck(test, staleHnsState, {
  valid: [
    { name: 'WS2016: consistent', baseline: 'healthy-ws2016' },
    { name: 'WS2019: consistent (the transparent HNS network is named after the docker id)', baseline: 'healthy-ws2019' },
    { name: 'WS2022: consistent', baseline: 'healthy-ws2022' },
    { name: 'Windows 11: consistent', baseline: 'healthy-win11' },
    {
      name: "the Default Switch's ICS network without a docker network",
      baseline: 'healthy-win11',
      patch: (raw) => { raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver !== 'ics'); },
    },
    { name: "WSL's HNS network", baseline: 'healthy-win11', patch: addHnsNetwork('WSL', 'ICS', '6F0A4D1E-2B3C-4D5E-8F90-A1B2C3D4E5F6', '172.30.16.0/20') },
    { name: 'a Kubernetes flannel network (cbr0)', baseline: 'healthy-ws2022', patch: addHnsNetwork('cbr0', 'L2Bridge', '0B5E7C9A-1D3F-4A6B-8C0E-2F4A6B8C0D1E', '10.244.1.0/24') },
    {
      name: 'an overlay HNS network named after its docker network id',
      baseline: 'healthy-ws2019',
      patch: combine(addHnsNetwork('k3v8w2n5q9r1', 'Overlay', '9E1D3C5B-7A9F-4B2D-8E6C-0A2B4C6D8E0F', '10.0.9.0/24'), (raw) => {
        raw['docker'].networks.push({ Name: 'web-overlay', Id: 'k3v8w2n5q9r1t4y7u0i3o6p9a', Driver: 'overlay', Scope: 'swarm', IPAM: { Driver: 'default', Config: [{ Subnet: '10.0.9.0/24', Gateway: '10.0.9.1' }] }, Options: {} });
      }),
    },
    {
      name: 'a remote endpoint on an overlay network has no local container',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['hnsEndpoints'].push({ ID: '5C7E9A1B-3D5F-4B7D-9E1A-3C5E7A9B1D3F', VirtualNetwork: NAT_2019, VirtualNetworkName: 'nat', IPAddress: '172.23.64.77', MacAddress: '00-15-5D-6E-A9-99', IsRemoteEndpoint: true, State: 1 });
      },
    },
    { name: 'HNS stopped lists nothing: left to hns-not-running', baseline: 'healthy-ws2019', patch: combine(setService('hns', STOPPED), (raw) => { raw['hnsNetworks'] = []; raw['hnsEndpoints'] = []; }) },
    {
      name: "Docker Desktop in Linux mode: docker's networks are not HNS's",
      baseline: 'healthy-win11',
      patch: (raw) => {
        raw['docker'].info.OSType = 'linux';
        raw['docker'].networks = [{ Name: 'bridge', Id: '5f0e1c7b2a9d', Driver: 'bridge', IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] }, Options: {} }];
        raw['docker'].containers = [];
      },
    },
    {
      name: "Windows re-created the Default Switch with a new id: docker's ics entry is not judged",
      baseline: 'healthy-win11',
      patch: (raw) => {
        const ics = raw['hnsNetworks'].find((n: { Type: string }) => n.Type === 'ICS');
        ics.ID = '2D4F6A8C-0E1B-4C3D-9E5F-7A9B1C3D5E7F';
      },
    },
    {
      name: 'endpoints without docker containers captured are not judged',
      baseline: 'healthy-ws2016',
      patch: (raw) => { delete raw['docker'].containers; for (const n of raw['docker'].networks) n.Containers = {}; },
    },
    { name: "daemon.json's fixed-cidr is the nat network's subnet", baseline: 'healthy-ws2019', patch: daemonJson({ 'fixed-cidr': '172.23.64.0/20' }) },
    { name: "daemon.json's bip is the nat network's gateway and length", baseline: 'healthy-ws2016', patch: daemonJson({ bip: '172.29.80.1/20' }) },
    { name: 'another fixed-cidr, but "bridge": "none" (no default nat network)', baseline: 'healthy-ws2019', patch: daemonJson({ 'fixed-cidr': '10.50.0.0/24', bridge: 'none' }) },
    {
      name: 'another fixed-cidr, but the HNS nat network is not docker\'s (a CNI conf names it)',
      baseline: 'healthy-ws2019',
      patch: combine(daemonJson({ 'fixed-cidr': '10.50.0.0/24' }), (raw) => {
        raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat');
        raw['cni'] = { confDirs: [{ path: 'C:\\etc\\cni\\net.d', files: [{ name: 'nerdctl-nat.conflist', path: 'C:\\etc\\cni\\net.d\\nerdctl-nat.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'nat', plugins: [{ type: 'nat', ipam: { subnet: '172.23.64.0/20' } }] }) }] }] };
      }),
    },
  ],
  invalid: [
    {
      name: "daemon.json's fixed-cidr contradicts the default nat network HNS holds (engine running)",
      baseline: 'healthy-ws2019',
      patch: daemonJson({ 'fixed-cidr': '10.50.0.0/24' }),
      findings: [{ severity: 'warning', subjects: ['nat'], message: ["'nat' (172.23.64.0/20", '"fixed-cidr" to 10.50.0.0/24', 'has no effect', 'did not apply 10.50.0.0/24'], minFixes: 2 }],
    },
    {
      name: 'engine down on 14393: HNS still holds nat, daemon.json asks for another range',
      baseline: 'healthy-ws2016',
      patch: engineDown({ 'fixed-cidr': '192.168.100.0/24' }),
      findings: [{ subjects: ['nat', 'docker'], message: ['The docker engine is not running', 'adopts this network again rather than apply 192.168.100.0/24', 'docker.networks'], minFixes: 2 }],
    },
    {
      name: 'engine down on 14393, another nat network keeps the WinNAT: the new range must fit its prefix',
      baseline: 'healthy-ws2016',
      patch: combine(engineDown({ 'fixed-cidr': '192.168.100.0/24' }), addHnsNetwork('CustomNat1', 'nat', '6c1f0a52-8e3d-4b7a-9f21-3d5e7a9c0b14', '172.29.81.0/24')),
      findings: [{ message: ['must also be a partition of 172.29.80.0/20', "'CustomNat1' keeps"] }],
    },
    {
      name: 'WS2019: an HNS network that no docker network refers to',
      baseline: 'healthy-ws2019',
      patch: addHnsNetwork('leftover-nat', 'nat', 'D4C3B2A1-0F9E-4D8C-B7A6-958473625140', '172.31.0.0/24'),
      findings: [{ severity: 'warning', subjects: ['leftover-nat'], message: ["HNS network 'leftover-nat'", '172.31.0.0/24', 'D4C3B2A1-0F9E-4D8C-B7A6-958473625140', 'The object already exists'], minFixes: 3 }],
    },
    {
      name: 'WS2022: docker l2bridge network whose HNS network is gone',
      baseline: 'healthy-ws2022',
      patch: dropHnsNetwork('l2b'),
      findings: [{ severity: 'warning', subjects: ['l2b', 'app-blue', 'app-green'], message: ["Docker network 'l2b' (l2bridge)", '63822D0D-968A-4E9F-8FC9-F3BA3E74DDBC', "'app-blue', 'app-green'"], minFixes: 3 }],
    },
    {
      name: 'WS2019: HNS re-created nat with a new id, docker kept the old one',
      baseline: 'healthy-ws2019',
      patch: hnsReCreated('nat', 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9'),
      findings: [{ severity: 'warning', subjects: ['nat'], message: [NAT_2019, "named 'nat' with id F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9"] }],
    },
    {
      name: 'WS2016: the endpoint of a removed container',
      baseline: 'healthy-ws2016',
      patch: containersGone,
      findings: [{ severity: 'warning', subjects: ['8dce0e34-68c3-4c99-8d40-4165fc09b245'], message: ['1 endpoint whose container is gone', '172.29.86.14', "docker network 'nat'"] }],
    },
    {
      name: 'an endpoint whose HNS network no longer exists',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['hnsEndpoints'].push({ ID: '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D', VirtualNetwork: '11111111-2222-4333-8444-555555555555', VirtualNetworkName: 'old-nat', IPAddress: '172.19.5.9', MacAddress: '00-15-5D-11-22-33', IsRemoteEndpoint: false, State: 2 });
      },
      findings: [{ severity: 'warning', message: ['11111111-2222-4333-8444-555555555555, which no longer exists', '172.19.5.9'] }],
    },
    {
      name: 'one stale endpoint beside live ones: HNS names a container docker does not have',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['hnsEndpoints'].push({ ID: '7B8C9D0E-1F2A-4B3C-8D4E-5F6A7B8C9D0E', VirtualNetwork: NAT_2019, VirtualNetworkName: 'nat', IPAddress: '172.23.66.40', MacAddress: '00-15-5D-6E-A7-01', IsRemoteEndpoint: false, State: 2, SharedContainers: ['0d9f8e7c6b5a4d3c2b1a0f9e8d7c6b5a4d3c2b1a0f9e8d7c6b5a4d3c2b1a0f9e'] });
      },
      findings: [{ severity: 'warning', subjects: ['7B8C9D0E-1F2A-4B3C-8D4E-5F6A7B8C9D0E'], message: ['172.23.66.40'] }],
    },
    {
      name: 'a hostile docker network name in the re-create fix',
      baseline: 'healthy-ws2022',
      patch: combine(dropHnsNetwork('l2b'), renameEverywhere('l2b', "l2b'; Remove-Item -Recurse C:\\; $(whoami)")),
      findings: [{ severity: 'warning', subjects: ["l2b'; Remove-Item -Recurse C:\\; $(whoami)"] }],
    },
  ],
});

test('WCN601 fixes go from the one object to the whole store, HNS.data last', (t) => {
  const [f] = findingsOf(staleHnsState, 'healthy-ws2019', addHnsNetwork('leftover-nat', 'nat', 'D4C3B2A1-0F9E-4D8C-B7A6-958473625140'));
  t.deepEqual(f?.fixes[0]?.commands, ["Get-HnsNetwork | Where-Object Id -eq 'D4C3B2A1-0F9E-4D8C-B7A6-958473625140' | Remove-HnsNetwork"]);
  t.deepEqual(f?.fixes[1]?.commands, ["Stop-Service -Name 'docker'", "Restart-Service -Name 'hns'", "Start-Service -Name 'docker'"]);
  const last = f?.fixes.at(-1);
  t.true(last?.commands.some((c) => c.startsWith("Rename-Item -Path 'C:\\ProgramData\\Microsoft\\Windows\\HNS\\HNS.data'")));
  t.is(f?.fixes.length, 3);
});

test('WCN601 a dangling docker network is re-created with its containers reconnected; the default nat is restarted instead', (t) => {
  const [l2b] = findingsOf(staleHnsState, 'healthy-ws2022', dropHnsNetwork('l2b'));
  t.deepEqual(l2b?.fixes[0]?.commands, [
    "docker network disconnect --force 'l2b' 'app-blue'",
    "docker network disconnect --force 'l2b' 'app-green'",
    "docker network rm 'l2b'",
    "docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1' -o 'com.docker.network.windowsshim.enable_outboundnat=true' -o 'com.docker.network.windowsshim.interface=Ethernet0' -o 'com.docker.network.windowsshim.networkname=l2b' 'l2b'",
    "docker network connect 'l2b' 'app-blue'",
    "docker network connect 'l2b' 'app-green'",
  ]);
  const [nat] = findingsOf(staleHnsState, 'healthy-ws2019', hnsReCreated('nat', 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9'));
  t.deepEqual(nat?.fixes[0]?.commands, ["Restart-Service -Name 'docker'"]);
});

test('WCN601 Docker Desktop hosts restart com.docker.service', (t) => {
  const [f] = findingsOf(staleHnsState, 'healthy-win11', addHnsNetwork('leftover', 'nat', 'D4C3B2A1-0F9E-4D8C-B7A6-958473625140'));
  t.deepEqual(f?.fixes[1]?.commands, ["Stop-Service -Name 'com.docker.service'", "Restart-Service -Name 'hns'", "Start-Service -Name 'com.docker.service'"]);
});

test('WCN601 daemon.json contradicting HNS: agree with HNS (safe), or rebuild nat with the new range (disruptive), HNS network by id', (t) => {
  const f = findingsOf(staleHnsState, 'healthy-ws2019', daemonJson({ 'fixed-cidr': '10.50.0.0/24' })).find((x) => x.title.includes('daemon.json'));
  t.truthy(f);
  const [agree, rebuild] = f!.fixes;
  t.is(agree!.risk, 'safe');
  t.true(agree!.commands.some((c) => c.includes("-NotePropertyName 'fixed-cidr' -NotePropertyValue '172.23.64.0/20'")));
  t.is(rebuild!.risk, 'disruptive');
  t.true(rebuild!.commands.some((c) => c.includes("-NotePropertyValue '10.50.0.0/24'")));
  t.true(rebuild!.commands.includes(`Get-HnsNetwork | Where-Object Id -eq '${NAT_2019}' | Remove-HnsNetwork`));
  t.true(f!.evidence.includes('/docker/daemonConfig/fixed-cidr'));
  const [bip] = findingsOf(staleHnsState, 'healthy-ws2016', daemonJson({ bip: '10.50.0.1/24' }));
  t.true(bip!.fixes[0]!.commands.some((c) => c.includes("-NotePropertyName 'bip' -NotePropertyValue '172.29.80.1/20'")));
  const [blocked] = findingsOf(staleHnsState, 'healthy-ws2016', combine(engineDown({ 'fixed-cidr': '192.168.100.0/24' }), addHnsNetwork('CustomNat1', 'nat', '6c1f0a52-8e3d-4b7a-9f21-3d5e7a9c0b14', '172.29.81.0/24')));
  t.deepEqual(blocked!.fixes.map((x) => x.risk), ['safe'], 'no rebuild HNS would refuse');
});
