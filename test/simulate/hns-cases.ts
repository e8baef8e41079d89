/**
 * Cases for the front ends over the HNS layer: nerdctl, the HNS cmdlets,
 * hnsdiag, and docker's policies and port mappings as HNS writes them.
 */
import type { Capture } from '../../src/core/capture/schema.js';
import { buildModel } from '../../src/core/model/build.js';
import { cniNetworks, cniOf, NERDCTL_CONF_DIR, type CniCapture } from '../../src/core/simulate/nerdctl.js';
import type { SimulationResult } from '../../src/core/simulate/types.js';
import type { RawCapture } from '../helpers/captures.js';
import type { SimCase } from '../helpers/sim-cases.js';

const WS2019_NAT_ID = 'A2BDCD4B-75FE-4C20-AC91-D3FC77D104E1';
const WS2019_ENDPOINT = 'D1B0B796-2FB3-4EB9-82C3-9316A96BA7ED';

/** A containerd service in the given state (4 running, 1 stopped). */
const containerd = (status = 4) => (raw: RawCapture) => {
  raw['services'].push({ Name: 'containerd', DisplayName: 'containerd container runtime', Status: status, StartType: 2 });
};

/** The CNI dirs as the collector captures them (the nat plugin installed), with extra conf files. */
const cni = (files: { name: string; text: string }[] = [], plugins = ['nat.exe', 'sdnbridge.exe']) => (c: Capture) => {
  const value: CniCapture = {
    confDirs: [{ path: NERDCTL_CONF_DIR, files }],
    binDirs: [{ path: 'C:\\Program Files\\containerd\\cni\\bin', files: plugins }],
  };
  (c as { cni?: CniCapture }).cni = value;
};

const labConf = { name: 'nerdctl-lab.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'lab', plugins: [{ type: 'nat', master: 'Ethernet', ipam: { subnet: '10.6.0.0/24', routes: [{ gateway: '10.6.0.1' }] } }] }) };
/** A conf written by hand (as containerd's install scripts do) whose plugin declares the portMappings capability. */
const natConf = { name: '0-containerd-nat.conf', text: JSON.stringify({ cniVersion: '0.2.0', name: 'nat', type: 'nat', master: 'Ethernet', ipam: { subnet: '10.4.0.0/24', routes: [{ gateway: '10.4.0.1' }] }, capabilities: { portMappings: true, dns: true } }) };
const appConf = { name: 'app.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'app', plugins: [{ type: 'nat', master: 'Ethernet', ipam: { subnet: '10.5.0.0/24', routes: [{ gateway: '10.5.0.1' }] }, capabilities: { portMappings: true, dns: true } }] }) };
const LAB_HNS_ID = '5E1A2B3C-4D5E-4F60-8172-93A4B5C6D7E8';
/** An HNS network 'lab' that the nat plugin made for the conf above. */
const labHns = (raw: RawCapture) => {
  containerd()(raw);
  raw['hnsNetworks'].push({ ID: LAB_HNS_ID, Name: 'lab', Type: 'nat', Subnets: [{ AddressPrefix: '10.6.0.0/24', GatewayAddress: '10.6.0.1' }], Policies: [] });
};

const model = (r: SimulationResult) => buildModel(r.capture);
const hnsNet = (r: SimulationResult, name: string) => model(r).hnsNetworks.find((h) => h.name === name);
const rawHns = (r: SimulationResult, name: string) => r.capture.hnsNetworks?.find((h) => h.Name === name);
/** A stored policy as one line, whether the capture keeps the V1 shape (VLAN, NAT, ExceptionList) or a normalized one (VlanId, PortMapping, Exceptions). */
function policyLine(p: Record<string, unknown>): string {
  const type = String(p['Type']).toLowerCase();
  if (type === 'vlan') return `VLAN ${String(p['VLAN'] ?? p['VlanId'])}`;
  if (type === 'vsid') return `VSID ${String(p['VSID'] ?? p['Vsid'])}`;
  if (type === 'nat' || type === 'portmapping') return `PortMapping ${String(p['Protocol']).toLowerCase()} ${String(p['ExternalPort'])}->${String(p['InternalPort'])}`;
  if (type === 'outboundnat') return `OutBoundNAT ${((p['ExceptionList'] ?? p['Exceptions']) as string[]).join(',')}`;
  return `other ${type}`;
}
const policiesOf = (o: object | undefined) => ((o as { Policies?: Record<string, unknown>[] } | undefined)?.Policies ?? []).map(policyLine);
const confs = (r: SimulationResult) => cniNetworks(cniOf(r.capture)!);

export const HNS_CASES: SimCase[] = [
  // nerdctl network create / rm / ls
  {
    name: 'nerdctl network create writes a nat conflist and nothing in HNS yet', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(),
    commands: ["nerdctl network create --subnet '10.5.0.0/24' app"], status: 'succeeds',
    check: (r, t) => {
      const conf = confs(r).find((n) => n.name === 'app')!;
      t.is(conf.file, 'nerdctl-app.conflist');
      t.is(conf.type, 'nat');
      t.is(conf.subnet?.text, '10.5.0.0/24');
      t.is(conf.gateway, '10.5.0.1');
      t.is(hnsNet(r, 'app'), undefined);
      t.true(r.steps[0]!.changes.some((c) => c.kind === 'cni-conf' && c.action === 'added'));
    },
  },
  { name: 'nerdctl network create without --subnet takes the next 10.4.N.0/24', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([labConf]), commands: ['nerdctl network create app'], status: 'succeeds',
    check: (r, t) => t.is(confs(r).find((n) => n.name === 'app')?.subnet?.text, '10.4.1.0/24') },
  { name: 'nerdctl network create of a name that exists', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([labConf]), commands: ['nerdctl network create lab'], status: 'fails', error: 'network with name \\"lab\\" already exists', exact: false },
  { name: 'nerdctl network create with a driver nerdctl on Windows lacks', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ['nerdctl network create -d transparent t'], status: 'fails', error: 'unsupported cni driver', exact: false },
  { name: 'nerdctl network create with a gateway outside the subnet', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl network create --subnet '10.5.0.0/24' --gateway '10.5.1.1' app"], status: 'fails', knowledge: 'gateway-outside-subnet' },
  { name: 'nerdctl while containerd is stopped', sample: 'healthy-ws2022', patch: containerd(1), loaded: cni(), commands: ['nerdctl network create app'], status: 'fails', error: 'containerd-containerd', exact: false,
    check: (r, t) => t.deepEqual(r.steps[0]!.advice, ["Start-Service -Name 'containerd'"]) },
  { name: 'nerdctl on a host without containerd is not modelled', sample: 'healthy-ws2022', commands: ['nerdctl network create app'], status: 'not-modelled' },
  { name: 'nerdctl without captured CNI dirs is not modelled', sample: 'healthy-ws2022', patch: containerd(), commands: ['nerdctl network create app'], status: 'not-modelled' },
  { name: 'nerdctl network ls only reads', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ['nerdctl network ls'], status: 'no-op' },
  { name: "nerdctl network rm of nerdctl's default network", sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ['nerdctl network rm nat'], status: 'fails', error: 'cannot be removed', exact: false },
  { name: 'nerdctl network rm of a network that does not exist', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl network rm 'nope'"], status: 'fails', error: 'no such network: nope' },
  {
    name: 'nerdctl network rm leaves the HNS network without owner; the advised pipeline removes it', sample: 'healthy-ws2022', patch: labHns, loaded: cni([labConf]),
    commands: ["nerdctl network rm 'lab'", `Get-HnsNetwork | Where-Object Id -eq '${LAB_HNS_ID}' | Remove-HnsNetwork`], status: 'succeeds',
    check: (r, t) => {
      t.deepEqual(r.steps[0]!.advice, [`Get-HnsNetwork | Where-Object Id -eq '${LAB_HNS_ID}' | Remove-HnsNetwork`]);
      t.true(r.steps[0]!.notes.some((n) => n.includes('nothing owns it')));
      t.is(confs(r).find((n) => n.name === 'lab'), undefined);
      t.is(hnsNet(r, 'lab'), undefined);
      t.true(r.steps[1]!.changes.some((c) => c.kind === 'hns-network' && c.action === 'removed' && c.name === 'lab'));
    },
  },
  { name: 'nerdctl network rm while a container uses it', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl network create --subnet '10.5.0.0/24' app", "nerdctl run -d --network app --name web 'nginx'", "nerdctl network rm 'app'"], status: 'fails', error: 'is in use by container' },
  // nerdctl run
  {
    name: 'nerdctl run: the nat plugin creates the HNS network from the conf, then the endpoint with its port mapping', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([appConf]),
    commands: ["nerdctl run -d --network app -p 8088:80 --name web 'mcr.microsoft.com/windows/servercore/iis'"], status: 'succeeds',
    check: (r, t) => {
      const h = hnsNet(r, 'app')!;
      t.is(h.type, 'nat');
      t.is(h.subnets[0]?.text, '10.5.0.0/24');
      const ep = r.capture.hnsEndpoints!.find((e) => e.Name?.endsWith('_app'))!;
      t.is(ep.IPAddress, '10.5.0.2');
      t.deepEqual(policiesOf(ep), ['PortMapping tcp 8088->80']);
      t.truthy(model(r).switchByName('app'), 'HNS made the Internal switch');
    },
  },
  { name: "-p on a network nerdctl made maps nothing: its conf lacks the portMappings capability", sample: 'healthy-ws2022', patch: containerd(), loaded: cni(),
    commands: ["nerdctl network create --subnet '10.5.0.0/24' app", "nerdctl run -d --network app -p 8088:80 --name web 'iis'"], status: 'succeeds',
    check: (r, t) => {
      t.true(r.steps[1]!.notes.some((n) => n.includes('portMappings') && n.includes('5157')), r.steps[1]!.notes.join('\n'));
      t.deepEqual(policiesOf(r.capture.hnsEndpoints!.find((e) => e.Name?.endsWith('_app'))), []);
      t.false(confs(r).find((n) => n.name === 'app')!.portMappings);
    } },
  { name: 'nerdctl run on a host port a docker container holds', sample: 'healthy-ws2019', patch: containerd(), loaded: cni([natConf]), commands: ["nerdctl run -d -p 8080:80 --name web2 'nginx'"], status: 'fails', knowledge: 'port-conflict',
    check: (r, t) => { t.true(r.steps[0]!.reason.includes("running container 'web-frontend'"), r.steps[0]!.reason); t.true(r.steps[0]!.advice[0]!.startsWith('nerdctl run')); } },
  { name: 'a second nerdctl container on the same host port', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([natConf]), commands: ["nerdctl run -d -p 9000:80 --name a 'nginx'", "nerdctl run -d -p 9000:80 --name b 'nginx'"], status: 'fails', knowledge: 'port-conflict',
    check: (r, t) => t.true(r.steps[1]!.reason.includes('HNS endpoint'), r.steps[1]!.reason) },
  { name: "nerdctl run joins docker's HNS nat network, with the conf's gateway", sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl run -d --name web 'nginx'"], status: 'succeeds',
    check: (r, t) => {
      t.true(r.steps[0]!.notes.some((n) => n.includes('not from the conf') && n.includes('10.4.0.0/24')), r.steps[0]!.notes.join('\n'));
      t.true(r.steps[0]!.changes.some((c) => c.kind === 'cni-conf' && c.name.endsWith('nerdctl-nat.conflist')));
    } },
  { name: 'nerdctl run on a network that does not exist', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl run -d --network nope 'nginx'"], status: 'fails', error: 'network nope not found' },
  { name: 'nerdctl run without the nat plugin installed', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([], ['sdnbridge.exe']), commands: ["nerdctl run -d 'nginx'"], status: 'fails', error: 'needs CNI plugin' },
  { name: "nerdctl run: HNS refuses a conf whose subnet overlaps docker's nat", sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl network create --subnet '172.26.50.0/24' clash", "nerdctl run -d --network clash 'nginx'"], status: 'fails', error: 'The object already exists', exact: false,
    check: (r, t) => { t.true(r.steps[0]!.notes.some((n) => n.includes('overlaps'))); t.is(hnsNet(r, 'clash'), undefined); } },
  { name: 'nerdctl run with two networks is not modelled', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["nerdctl run -d --network a --network b 'nginx'"], status: 'not-modelled' },
  // editing a CNI conf the way the fixes do
  {
    name: 'a CNI conf edited in place after a backup; the HNS network removed for the plugin to make again', sample: 'healthy-ws2022', patch: labHns, loaded: cni([labConf]),
    commands: [
      `Copy-Item -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -Destination '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist.bak' -Force`,
      `(Get-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -Raw).Replace('10.6.0.0/24', '10.7.0.0/24') | Set-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -NoNewline`,
      `(Get-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -Raw).Replace('10.6.0.1', '10.7.0.1') | Set-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -NoNewline`,
      `Get-HnsNetwork | Where-Object Id -eq '${LAB_HNS_ID}' | Remove-HnsNetwork`,
    ], status: 'succeeds',
    check: (r, t) => {
      const lab = confs(r).filter((n) => n.name === 'lab');
      t.is(lab.length, 1, 'the .bak copy is not loaded as a conf');
      t.deepEqual([lab[0]!.subnet?.text, lab[0]!.gateway], ['10.7.0.0/24', '10.7.0.1']);
      t.true(cniOf(r.capture)!.confDirs[0]!.files!.some((f) => f.name === 'nerdctl-lab.conflist.bak' && f.text?.includes('10.6.0.0/24')));
      t.is(hnsNet(r, 'lab'), undefined);
    },
  },
  { name: 'editing a CNI conf that is not there', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: [`(Get-Content -Path '${NERDCTL_CONF_DIR}\\nope.conflist' -Raw).Replace('a', 'b') | Set-Content -Path '${NERDCTL_CONF_DIR}\\nope.conflist' -NoNewline`], status: 'fails', error: `Get-Content : Cannot find path '${NERDCTL_CONF_DIR}\\nope.conflist' because it does not exist.`, exact: true },
  { name: 'a replacement whose text is not in the conf changes nothing', sample: 'healthy-ws2022', patch: containerd(), loaded: cni([labConf]), commands: [`(Get-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -Raw).Replace('10.99.0.0/24', '10.7.0.0/24') | Set-Content -Path '${NERDCTL_CONF_DIR}\\nerdctl-lab.conflist' -NoNewline`], status: 'no-op' },
  { name: 'Copy-Item of a file outside the CNI conf dirs is not modelled', sample: 'healthy-ws2022', patch: containerd(), loaded: cni(), commands: ["Copy-Item -Path 'C:\\temp\\a.txt' -Destination 'C:\\temp\\b.txt'"], status: 'not-modelled' },
  // New-HnsNetwork (hns.psm1), Get-HnsNetwork, Remove-HnsNetwork
  { name: 'New-HnsNetwork makes a nat network with its switch, vNIC and no owner', sample: 'healthy-ws2019', commands: ["New-HnsNetwork -Type 'NAT' -Name 'lab' -AddressPrefix '172.30.9.0/24' -Gateway '172.30.9.1'"], status: 'succeeds',
    check: (r, t) => {
      t.is(hnsNet(r, 'lab')?.subnets[0]?.text, '172.30.9.0/24');
      t.is(model(r).switchByName('lab')?.type, 'Internal');
      t.true(r.steps[0]!.notes.some((n) => n.includes('hns.psm1')));
      t.is(model(r).dockerNetworkByName('lab'), undefined);
    } },
  { name: 'New-HnsNetwork with a type outside its ValidateSet', sample: 'healthy-ws2019', commands: ["New-HnsNetwork -Type 'Bridge' -Name 'x'"], status: 'fails', error: "Cannot validate argument on parameter 'Type'. The argument \"Bridge\" does not belong to the set", exact: true },
  { name: 'New-HnsNetwork on an InterfaceDescription instead of an adapter Name', sample: 'healthy-ws2019', commands: ["New-HnsNetwork -Type 'Transparent' -Name 't' -AdapterName 'Intel(R) Ethernet Converged Network Adapter X710'"], status: 'fails', knowledge: 'interface-option-invalid', exact: false,
    check: (r, t) => t.true(r.steps[0]!.advice[0]!.includes("-AdapterName 'Ethernet'"), r.steps[0]!.advice.join('\n')) },
  { name: "New-HnsNetwork with a range docker's nat holds", sample: 'healthy-ws2019', commands: ["New-HnsNetwork -Type 'NAT' -Name 'n' -AddressPrefix '172.23.70.0/24' -Gateway '172.23.70.1'"], status: 'fails', error: 'The object already exists', exact: false,
    check: (r, t) => t.true(r.steps[0]!.advice[0]!.startsWith("New-HnsNetwork -Type 'NAT' -Name 'n' -AddressPrefix")) },
  { name: 'New-HnsNetwork on 14393 while another NAT holds the only slot', sample: 'cases/winnat-slot-taken/broken', commands: ["New-HnsNetwork -Type 'NAT' -Name 'n1' -AddressPrefix '172.16.1.0/24' -Gateway '172.16.1.1'"], status: 'fails', knowledge: 'winnat-slot-taken',
    check: (r, t) => t.deepEqual(r.steps[0]!.advice, ["Get-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:$false"]) },
  { name: 'New-HnsNetwork -Type Overlay is not modelled', sample: 'healthy-ws2019', commands: ["New-HnsNetwork -Type 'Overlay' -Name 'o'"], status: 'not-modelled' },
  { name: 'Get-HnsNetwork | Where-Object Id -eq … | Remove-HnsNetwork', sample: 'healthy-ws2019', commands: [`Get-HnsNetwork | Where-Object Id -eq '${WS2019_NAT_ID}' | Remove-HnsNetwork`], status: 'succeeds',
    check: (r, t) => { t.is(hnsNet(r, 'nat'), undefined); t.true(r.steps[0]!.notes.some((n) => n.includes("Docker network 'nat' still points at it"))); t.is(hnsNet(r, 'a62fe2bc67e5f42dc9fc3c4cf259cbc85ed323c513c42669978dfe47016e1cb6')?.type, 'transparent'); } },
  { name: 'Get-HnsNetwork | Where-Object Id -eq … with no match removes nothing', sample: 'healthy-ws2019', commands: ["Get-HnsNetwork | Where-Object Id -eq '00000000-0000-0000-0000-000000000000' | Remove-HnsNetwork"], status: 'no-op' },
  { name: 'Get-HnsEndpoint | Where-Object Id -eq … | Remove-HnsEndpoint', sample: 'healthy-ws2019', commands: [`Get-HnsEndpoint | Where-Object Id -eq '${WS2019_ENDPOINT}' | Remove-HnsEndpoint`], status: 'succeeds',
    check: (r, t) => { t.false(r.capture.hnsEndpoints!.some((e) => e.ID === WS2019_ENDPOINT)); t.is(r.capture.hnsEndpoints!.length, 2); } },
  { name: 'the inbox Get-HnsNetwork has no -Name', sample: 'healthy-ws2019', commands: ["Get-HnsNetwork -Name 'nat' | Remove-HnsNetwork"], status: 'fails', error: "Get-HnsNetwork : A parameter cannot be found that matches parameter name 'Name'.", exact: true },
  { name: 'Get-HnsNetwork -Id reads', sample: 'healthy-ws2019', commands: [`Get-HnsNetwork -Id '${WS2019_NAT_ID}' -Detailed`], status: 'no-op' },
  // hnsdiag
  { name: 'hnsdiag list networks only reads', sample: 'healthy-ws2019', commands: ['hnsdiag list networks'], status: 'no-op' },
  { name: 'hnsdiag list loadbalancers only reads, also inside ForEach-Object', sample: 'healthy-ws2019', commands: ['hnsdiag list endpoints', "Get-HnsNetwork | ForEach-Object { hnsdiag list loadbalancers }"], status: 'no-op' },
  { name: 'hnsdiag delete networks <id>', sample: 'healthy-ws2019', commands: [`hnsdiag delete networks ${WS2019_NAT_ID}`], status: 'succeeds',
    check: (r, t) => { t.is(hnsNet(r, 'nat'), undefined); t.is(model(r).switchByName('nat'), undefined, 'HNS removes the switch it made'); t.false(r.capture.hnsEndpoints!.some((e) => e.NetworkId === WS2019_NAT_ID)); } },
  { name: 'hnsdiag delete networks of an id HNS does not have', sample: 'healthy-ws2019', commands: ['hnsdiag delete networks 00000000-0000-0000-0000-000000000000'], status: 'fails', exact: false },
  { name: 'hnsdiag delete endpoints <id>', sample: 'healthy-ws2019', commands: [`hnsdiag delete endpoints ${WS2019_ENDPOINT}`], status: 'succeeds',
    check: (r, t) => { t.false(r.capture.hnsEndpoints!.some((e) => e.ID === WS2019_ENDPOINT)); t.is(r.capture.hnsEndpoints!.length, 2); } },
  { name: 'hnsdiag delete loadbalancers is not modelled', sample: 'healthy-ws2019', commands: ['hnsdiag delete loadbalancers 1234'], status: 'not-modelled' },
  { name: 'a loop of hnsdiag deletes is not modelled', sample: 'healthy-ws2019', commands: ['Get-HnsNetwork | ForEach-Object { hnsdiag delete networks $_.Id }'], status: 'not-modelled' },
  // docker over the HNS layer: policies as HNS writes them
  { name: 'a docker l2bridge network with a VLAN gets a VLAN policy', sample: 'healthy-ws2022', commands: ["docker network create -d l2bridge --subnet '10.50.0.0/24' --gateway '10.50.0.1' -o 'com.docker.network.windowsshim.vlanid=11' -o 'com.docker.network.windowsshim.interface=Ethernet0' v11"], status: 'succeeds',
    check: (r, t) => t.deepEqual(policiesOf(rawHns(r, 'v11')), ['VLAN 11']) },
  { name: 'a docker container on nat gets a NAT policy per published port; l2bridge with outbound NAT an OutBoundNAT policy', sample: 'healthy-ws2022',
    commands: ["docker run -d -p 8089:80 --name web3 'iis'", "docker network create -d l2bridge --subnet '10.50.0.0/24' --gateway '10.50.0.1' -o 'com.docker.network.windowsshim.enable_outboundnat=true' -o 'com.docker.network.windowsshim.outboundnat_exceptions=10.50.0.0/24' -o 'com.docker.network.windowsshim.interface=Ethernet0' l2o", "docker run -d --network l2o --name app4 'iis'"], status: 'succeeds',
    check: (r, t) => {
      const m = model(r);
      const ip = (name: string) => m.containers.find((c) => c.name === name)!.attachments[0]!.ipv4;
      const ep = (name: string) => r.capture.hnsEndpoints!.find((e) => e.IPAddress === ip(name));
      t.deepEqual(policiesOf(ep('web3')), ['PortMapping tcp 8089->80']);
      t.deepEqual(policiesOf(ep('app4')), ['OutBoundNAT 10.50.0.0/24']);
    } },
  { name: 'docker: a nat subnet that overlaps another nat network', sample: 'healthy-ws2019', commands: ["docker network create -d nat --subnet '172.23.70.0/24' n"], status: 'fails', error: 'HNS failed with error : The object already exists.', exact: true },
  // services of containerd and Kubernetes nodes
  { name: 'Restart-Service containerd', sample: 'healthy-ws2022', patch: containerd(), commands: ["Restart-Service -Name 'containerd'"], status: 'succeeds',
    check: (r, t) => t.deepEqual(r.steps[0]!.changes.map((c) => `${c.name} ${c.detail}`), ['containerd restarted']) },
  { name: 'Restart-Service kubeproxy starts a stopped kube-proxy', sample: 'healthy-ws2022', patch: (raw) => { raw['services'].push({ Name: 'kubeproxy', DisplayName: 'kubeproxy', Status: 1, StartType: 2 }); }, commands: ["Restart-Service -Name 'kubeproxy'"], status: 'succeeds',
    check: (r, t) => { t.true(model(r).service('kubeproxy')!.running); t.true(r.steps[0]!.notes.some((n) => n.includes('load balancers'))); } },
  { name: 'Restart-Service kubelet where there is none', sample: 'healthy-ws2022', commands: ["Restart-Service -Name 'kubelet'"], status: 'fails', error: "Cannot find any service with service name 'kubelet'", exact: true },
];
