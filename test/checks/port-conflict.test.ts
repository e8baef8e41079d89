import test from 'ava';
import { freeHostPort, hostAddressesOverlap, portConflict } from '../../src/core/checks/port-conflict.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { combine, guidFor, hexId } from '../helpers/capture-edits.js';

type Container = { Name: string; HostConfig: { PortBindings: Record<string, { HostIp: string; HostPort: string }[]> } };

const containerNamed = (raw: RawCapture, name: string): Container => raw['docker'].containers.find((c: Container) => c.Name === `/${name}`);

/** Sets the port bindings of a container. */
function publish(name: string, bindings: Record<string, { HostIp?: string; HostPort: string }[]>) {
  return (raw: RawCapture) => {
    containerNamed(raw, name).HostConfig.PortBindings = bindings as Container['HostConfig']['PortBindings'];
  };
}

/** A stopped copy of a container, under another name (an old version kept around). */
function stoppedCopy(of: string, name: string, bindings?: Record<string, { HostIp?: string; HostPort: string }[]>) {
  return (raw: RawCapture) => {
    const c = structuredClone(containerNamed(raw, of)) as Record<string, any>;
    c['Id'] = `0ff1ce${c['Id'].slice(6)}`;
    c['Name'] = `/${name}`;
    c['State'] = { Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '' };
    for (const n of Object.values(c['NetworkSettings'].Networks) as Record<string, unknown>[]) Object.assign(n, { IPAddress: '', EndpointID: '', MacAddress: '', Gateway: '' });
    c['NetworkSettings'].Ports = {};
    if (bindings) c['HostConfig'].PortBindings = bindings;
    raw['docker'].containers.push(c);
  };
}

type Endpoint = Record<string, any>;

/** Gives the nerdctl container's endpoint (docker-free WS2025 sample) a port mapping, in the V1 shape Get-HnsEndpoint prints. */
function mapPort(external: number, internal = 80, protocol: string | number = 'tcp', vip?: string) {
  return (raw: RawCapture) => {
    const ep = raw['hnsEndpoints'][0] as Endpoint;
    ep['Policies'] = [...ep['Policies'], { Type: 'NAT', ExternalPort: external, InternalPort: internal, Protocol: protocol, ...(vip ? { VIP: vip } : {}) }];
  };
}

/** A second nerdctl container on 'nat' (endpoint `<id>_nat`) that maps a host port. */
function secondNerdctl(external: number, seed = 'second') {
  return (raw: RawCapture) => {
    const ep = structuredClone(raw['hnsEndpoints'][0]) as Endpoint;
    const id = hexId(`nerdctl:${seed}`);
    Object.assign(ep, { ID: guidFor(`ep:${seed}`), Name: `${id}_nat`, IPAddress: '10.4.0.3', MacAddress: '00-15-5D-52-C6-3B' });
    ep['Policies'] = [{ Type: 'PortMapping', Settings: { Protocol: 6, InternalPort: 8080, ExternalPort: external } }];
    raw['hnsEndpoints'].push(ep);
  };
}

/** A pod on the flannel node with a hostPort (its endpoint carries the PortMapping). */
const podHostPort = (external: number) => (raw: RawCapture) => {
  const pod = raw['hnsEndpoints'].find((e: Endpoint) => /_flannel\.4096$/.test(e['Name']));
  pod['Policies'] = [...pod['Policies'], { Type: 'NAT', ExternalPort: external, InternalPort: 9100, Protocol: 'tcp' }];
};

testCheck(test, portConflict, {
  valid: [
    { name: "HNS's own static mapping for iis-site on 14393", baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11 with many excluded ranges', baseline: 'healthy-win11' },
    { name: 'same container port, different host ports', baseline: 'healthy-ws2019', patch: stoppedCopy('web-frontend', 'web-old', { '80/tcp': [{ HostIp: '', HostPort: '8081' }] }) },
    { name: 'same host port, other protocol', baseline: 'healthy-ws2019', patch: stoppedCopy('web-frontend', 'dns-test', { '80/udp': [{ HostIp: '', HostPort: '8080' }] }) },
    {
      name: 'same host port on two different host addresses',
      baseline: 'healthy-ws2019',
      patch: combine(
        publish('web-frontend', { '80/tcp': [{ HostIp: '10.20.30.41', HostPort: '8080' }] }),
        stoppedCopy('web-frontend', 'web-local', { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }),
      ),
    },
    { name: 'a random host port is never judged', baseline: 'healthy-ws2019', patch: stoppedCopy('web-frontend', 'web-random', { '80/tcp': [{ HostIp: '', HostPort: '' }] }) },
    { name: 'a static mapping on another port', baseline: 'healthy-ws2016', patch: (raw) => { raw['netNatStaticMappings'][0].InternalIPAddress = '172.29.86.99'; raw['netNatStaticMappings'][0].ExternalPort = 9090; } },
    { name: 'an excluded UDP range does not hold a TCP port', baseline: 'healthy-win11', patch: publish('web-dev', { '80/tcp': [{ HostIp: '', HostPort: '5353' }] }) },
    { name: 'docker-free: one nerdctl container maps 8080', baseline: 'healthy-ws2025-containerd', patch: mapPort(8080) },
    { name: 'docker-free: two nerdctl containers on different host ports', baseline: 'healthy-ws2025-containerd', patch: combine(mapPort(8080), secondNerdctl(8081)) },
    { name: 'docker-free: one host port on two host addresses', baseline: 'healthy-ws2025-containerd', patch: combine(mapPort(8080, 80, 'tcp', '10.0.0.5'), (raw) => { secondNerdctl(8080)(raw); raw['hnsEndpoints'][1].Policies[0].Settings.VIP = '10.0.0.6'; }) },
    { name: 'docker-free: same host port, other protocol', baseline: 'healthy-ws2025-containerd', patch: combine(mapPort(8080, 80, 'udp'), secondNerdctl(8080)) },
    { name: "docker-free: HNS's own static mapping for the endpoint", baseline: 'healthy-ws2025-containerd', patch: combine(mapPort(8080), (raw) => { raw['netNatStaticMappings'] = [{ StaticMappingID: 3, NatName: 'nat', Protocol: 6, ExternalIPAddress: '0.0.0.0', ExternalPort: 8080, InternalIPAddress: '10.4.0.2', InternalPort: 80 }]; }) },
    { name: 'Kubernetes node: a pod with a hostPort outside every exclusion', baseline: 'healthy-kubeadm-flannel', patch: podHostPort(30080) },
  ],
  invalid: [
    {
      name: 'a stopped old container wants the port a running one holds',
      baseline: 'healthy-ws2019',
      patch: stoppedCopy('web-frontend', 'web-old'),
      findings: [{ severity: 'warning', subjects: ['web-frontend', 'web-old'], message: ["'web-frontend' (running) and 'web-old' (exited) both publish host port 8080/tcp on all addresses", 'port is already allocated', '(0x20)'] }],
    },
    {
      name: 'two running containers claim one port',
      baseline: 'healthy-ws2019',
      patch: publish('api-backend', { '5000/tcp': [{ HostIp: '', HostPort: '8080' }] }),
      findings: [{ severity: 'error', subjects: ['web-frontend', 'api-backend'] }],
    },
    {
      name: 'a static mapping to an address no container has (14393)',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['netNatStaticMappings'][0].InternalIPAddress = '172.29.86.99'; },
      findings: [{ severity: 'error', subjects: ['iis-site', 'TCP 8080 -> 172.29.86.99:80'], message: ['static mapping 0', "NAT 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31'", 'no container in the capture'] }],
    },
    {
      name: "a static mapping left to another container that no longer publishes the port",
      baseline: 'healthy-ws2016',
      patch: combine(stoppedCopy('iis-site', 'iis-old', {}), (raw) => {
        const old = containerNamed(raw, 'iis-old') as unknown as Record<string, any>;
        old['NetworkSettings'].Networks.nat.IPAddress = '172.29.86.99';
        raw['netNatStaticMappings'][0].InternalIPAddress = '172.29.86.99';
      }),
      findings: [{ severity: 'error', subjects: ['iis-site'], message: ["container 'iis-old', which does not publish that port"] }],
    },
    {
      name: 'a port in an administered exclusion (stopped container)',
      baseline: 'healthy-ws2019',
      patch: stoppedCopy('web-frontend', 'metrics', { '9100/tcp': [{ HostIp: '', HostPort: '50010' }] }),
      findings: [{ severity: 'error', subjects: ['metrics', 'excluded TCP ports 50000-50059'], message: ['50000-50059', 'reserved by an administrator', 'fails to start'] }],
    },
    {
      name: 'a running container inside a dynamic exclusion only warns',
      baseline: 'healthy-win11',
      patch: publish('web-dev', { '80/tcp': [{ HostIp: '', HostPort: '49710' }] }),
      findings: [{ severity: 'warning', subjects: ['web-dev'], message: ['49706-49805', 'taken dynamically by Windows', 'next time it starts'] }],
    },
    {
      name: 'docker-free: two nerdctl containers map host port 8080',
      baseline: 'healthy-ws2025-containerd',
      patch: combine(mapPort(8080), secondNerdctl(8080)),
      findings: [{ severity: 'error', subjects: ['8d987a9c0b3ee2ca8254444f39a8a715202677167211e75b49cb947d353c1808_nat', `${hexId('nerdctl:second')}_nat`], message: ['Host port 8080/tcp on all addresses is claimed by', '(10.4.0.2; owner:', '(10.4.0.3; owner:', '(0x20)'] }],
    },
    {
      name: 'docker-free: a static mapping forwards the endpoint port elsewhere',
      baseline: 'healthy-ws2025-containerd',
      patch: combine(mapPort(8080), (raw) => { raw['netNatStaticMappings'] = [{ StaticMappingID: 7, NatName: 'nat', Protocol: 6, ExternalIPAddress: '0.0.0.0', ExternalPort: 8080, InternalIPAddress: '10.4.0.99', InternalPort: 80 }]; }),
      findings: [{ severity: 'error', subjects: ['TCP 8080 -> 10.4.0.99:80'], message: ['static mapping 7', '10.4.0.99:80', 'no endpoint or container in the capture'] }],
    },
    {
      name: 'docker-free: the endpoint port lies in a dynamic exclusion',
      baseline: 'healthy-ws2025-containerd',
      patch: combine(mapPort(5985, 5985)),
      findings: [{ severity: 'warning', subjects: ['excluded TCP ports 5985-5985'], message: ['excluded port range 5985', 'taken dynamically by Windows', 'next time it is made'] }],
    },
    {
      name: 'Kubernetes node: a pod hostPort in an administered exclusion',
      baseline: 'healthy-kubeadm-flannel',
      patch: combine(podHostPort(50010), (raw) => { raw['excludedPortRanges'] = ['', 'Protocol tcp Port Exclusion Ranges', '', 'Start Port    End Port', '----------    --------', '     50000       50059     *', '', '* - Administered port exclusions.', '']; }),
      findings: [{ severity: 'warning', subjects: ['excluded TCP ports 50000-50059'], message: ['reserved by an administrator', 'owner: CNI conf 10-flannel.conf (flannel)'] }],
    },
    {
      name: 'docker and nerdctl on one host: a stopped docker container wants the port a nerdctl container holds',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        const free = structuredClone(raw['hnsEndpoints'][0]) as Endpoint;
        Object.assign(free, { ID: guidFor('ep:nerdctl-on-docker-host'), Name: `${hexId('nerdctl:x')}_nat`, IPAddress: '172.23.70.250', MacAddress: '00-15-5D-AA-BB-CC' });
        free['Policies'] = [{ Type: 'NAT', ExternalPort: 9090, InternalPort: 80, Protocol: 'tcp' }];
        raw['hnsEndpoints'].push(free);
        stoppedCopy('web-frontend', 'web-9090', { '80/tcp': [{ HostIp: '', HostPort: '9090' }] })(raw);
      },
      findings: [{ severity: 'warning', subjects: ['web-9090'], message: ["docker container 'web-9090' (exited)", 'port is already allocated'] }],
    },
    {
      name: 'hostile container names still give parseable fixes',
      baseline: 'healthy-ws2019',
      patch: stoppedCopy('web-frontend', "w'; $(Stop-Computer); `n"),
      findings: [{ severity: 'warning', subjects: ["w'; $(Stop-Computer); `n"] }],
    },
  ],
});

test('host addresses overlap when either is every address', (t) => {
  t.true(hostAddressesOverlap(undefined, '10.0.0.1'));
  t.true(hostAddressesOverlap('0.0.0.0', '10.0.0.1'));
  t.true(hostAddressesOverlap('::', '127.0.0.1'));
  t.true(hostAddressesOverlap('10.0.0.1', '10.0.0.1'));
  t.false(hostAddressesOverlap('10.0.0.1', '127.0.0.1'));
});

test('the free port skips ports in use and excluded ranges', (t) => {
  const raw = rawSample('healthy-win11');
  const { model } = modelOf(raw);
  // 49706-49805 is excluded for TCP.
  t.is(freeHostPort(model, 49705, 'tcp'), 49806);
  // 8080 is taken by web-dev, so from 8079 the next free one is 8081.
  t.is(freeHostPort(model, 8079, 'tcp'), 8081);
  // 5353 is excluded for UDP only.
  t.is(freeHostPort(model, 5352, 'tcp'), 5353);
  t.is(freeHostPort(model, 5352, 'udp'), 5354);
  t.is(freeHostPort(model, 65535, 'tcp'), undefined);
});

test('the stale mapping is removed first, with the modelled command', (t) => {
  const raw = rawSample('healthy-ws2016');
  raw['netNatStaticMappings'][0].InternalIPAddress = '172.29.86.99';
  const [f] = portConflict.run(modelOf(raw).model);
  t.deepEqual(f?.fixes[0]?.commands, ['Remove-NetNatStaticMapping -StaticMappingID 0 -Confirm:$false']);
  t.deepEqual(f?.fixes[1]?.commands, [
    "$image = docker container inspect --format '{{.Config.Image}}' 'iis-site'",
    "docker rm --force 'iis-site'",
    "docker run --detach --name 'iis-site' --publish '8081:80/tcp' $image",
  ]);
});

test('moving a container keeps its network and its other ports', (t) => {
  const raw = rawSample('healthy-ws2019');
  publish('api-backend', { '5000/tcp': [{ HostIp: '', HostPort: '8080' }], '5001/tcp': [{ HostIp: '127.0.0.1', HostPort: '5001' }] })(raw);
  const [f] = portConflict.run(modelOf(raw).model);
  const run = f?.fixes[0]?.commands[2];
  t.is(run, "docker run --detach --name 'api-backend' --network 'nat' --publish '8081:5000/tcp' --publish '127.0.0.1:5001:5001/tcp' $image");
});

test('WCN210 on a docker-free host releases the port through nerdctl, the later holder first', (t) => {
  const raw = rawSample('healthy-ws2025-containerd');
  combine(mapPort(8080), secondNerdctl(8080))(raw);
  const [f, ...more] = portConflict.run(modelOf(raw).model);
  t.is(more.length, 0);
  t.deepEqual(f?.fixes.map((x) => x.commands), [[`nerdctl rm --force '${hexId('nerdctl:second')}'`]]);
});

test('WCN210: a pod endpoint holding a port is released through HNS, saying the pod loses its network', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  podHostPort(30080)(raw);
  raw['netNatStaticMappings'] = [{ StaticMappingID: 2, NatName: 'n', Protocol: 6, ExternalIPAddress: '0.0.0.0', ExternalPort: 30080, InternalIPAddress: '10.9.9.9', InternalPort: 80 }];
  const [f] = portConflict.run(modelOf(raw).model);
  t.deepEqual(f?.fixes[0]?.commands, ['Remove-NetNatStaticMapping -StaticMappingID 2 -Confirm:$false']);
  t.regex(f?.fixes[1]?.commands[0] ?? '', /^Get-HnsEndpoint \| Where-Object Id -eq '[0-9A-F-]+' \| Remove-HnsEndpoint$/);
  t.regex(f?.fixes[1]?.disrupts ?? '', /the pod behind it/);
});

test('WCN210: a free port skips ports HNS endpoints hold', (t) => {
  const raw = rawSample('healthy-ws2025-containerd');
  combine(mapPort(8080), secondNerdctl(8081))(raw);
  t.is(freeHostPort(modelOf(raw).model, 8079, 'tcp'), 8082);
});
