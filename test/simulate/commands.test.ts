/**
 * Every modelled command, with success and failure cases on the sample
 * captures. Each case names the sample, an optional patch, the commands,
 * and what the LAST step must show; `check` looks at the resulting state.
 */
import test from 'ava';
import { buildModel } from '../../src/core/model/build.js';
import { MODELLED_COMMANDS } from '../../src/core/simulate/commands.js';
import { simulateCommands } from '../../src/core/simulate/engine.js';
import type { SimulationResult } from '../../src/core/simulate/types.js';
import { runSimCases, simCapture, type SimCase } from '../helpers/sim-cases.js';
import { HNS_CASES } from './hns-cases.js';

type Case = SimCase;
const capture = (sample: string) => simCapture(sample);

const net = (r: SimulationResult, name: string) => buildModel(r.capture).dockerNetworkByName(name);
const ctr = (r: SimulationResult, name: string) => buildModel(r.capture).containers.find((c) => c.name === name);

const CASES: Case[] = [
  // docker network create
  {
    name: 'nat network without a subnet: HNS picks a free /20, with switch, host vNIC and gateway', sample: 'healthy-ws2019',
    commands: ['docker network create -d nat app'], status: 'succeeds',
    check: (r, t) => {
      const n = net(r, 'app')!;
      t.is(n.driver, 'nat');
      t.is(n.effectiveSubnets[0]?.text, '172.16.0.0/20');
      t.is(n.hns?.switch?.type, 'Internal');
      t.true(buildModel(r.capture).adapters.some((a) => a.name === 'vEthernet (app)' && a.ipv4.some((x) => x.address === '172.16.0.1')));
    },
  },
  { name: 'nat network with subnet and gateway', sample: 'healthy-ws2019', commands: ["docker network create -d nat --subnet '172.30.5.0/24' --gateway '172.30.5.1' app"], status: 'succeeds', check: (r, t) => t.is(net(r, 'app')?.subnets[0]?.gateway, '172.30.5.1') },
  { name: 'no -d means bridge, which Windows lacks', sample: 'healthy-ws2019', commands: ['docker network create app'], status: 'fails', knowledge: 'bridge-driver-unavailable', error: 'could not find plugin bridge in v1 plugin registry: plugin not found', exact: true },
  { name: 'the source document\'s CustomNat2 gateway', sample: 'healthy-ws2019', commands: ['docker network create -d nat --subnet=172.16.2.0/24 --gateway=172.16.1.1 CustomNat2'], status: 'fails', knowledge: 'gateway-outside-subnet', error: 'no matching subnet for gateway 172.16.1.1', exact: true },
  { name: 'a gateway without a subnet', sample: 'healthy-ws2019', commands: ['docker network create -d transparent --gateway 10.20.30.1 t'], status: 'fails', error: 'every ip-range or gateway must have a corresponding subnet' },
  { name: '14393: a nat subnet outside the WinNAT prefix', sample: 'healthy-ws2016', commands: ['docker network create -d nat --subnet=192.168.50.0/24 lab'], status: 'fails', knowledge: 'nat-outside-winnat-prefix', error: 'HNS failed with error : Unspecified error' },
  { name: '14393: a nat subnet inside the WinNAT prefix', sample: 'healthy-ws2016', commands: ['docker network create -d nat --subnet=172.29.81.0/24 --gateway=172.29.81.1 lab'], status: 'succeeds', check: (r, t) => t.is(buildModel(r.capture).nats.length, 1, 'no second WinNAT instance') },
  {
    name: '14393: without a subnet HNS cuts a /24 out of the WinNAT prefix (the default nat spans the prefix and is no partition)', sample: 'healthy-ws2016',
    commands: ['docker network create -d nat n2'], status: 'succeeds',
    check: (r, t) => {
      t.is(net(r, 'n2')?.effectiveSubnets[0]?.text, '172.29.80.0/24');
      t.is(buildModel(r.capture).nats.length, 1, 'no second WinNAT instance');
    },
  },
  {
    name: '14393: a NAT with a foreign name that serves a nat network is no slot holder (the rule WCN201 applies)', sample: 'healthy-ws2016',
    patch: (raw) => { raw['netNat'][0].Name = 'ContainerNAT'; },
    commands: ['docker network create -d nat --subnet=172.29.81.0/24 --gateway=172.29.81.1 lab'], status: 'succeeds',
  },
  { name: '14393: another NAT holds the only slot', sample: 'cases/winnat-slot-taken/broken', commands: ['docker network create -d nat --subnet=172.16.1.0/24 n1'], status: 'fails', knowledge: 'winnat-slot-taken', error: 'The parameter is incorrect' },
  { name: 'IPv6 disabled: HNS refuses', sample: 'demo', commands: ['docker network create -d nat --subnet=172.16.3.0/24 n3'], status: 'fails', knowledge: 'ipv6-disabled', error: '0x490' },
  { name: 'transparent on a free adapter: the External switch takes over its addresses', sample: 'healthy-ws2019', commands: ['docker network create -d transparent -o com.docker.network.windowsshim.interface=Ethernet t2'], status: 'succeeds',
    check: (r, t) => {
      const m = buildModel(r.capture);
      t.is(m.dockerNetworkByName('t2')?.hns?.switch?.type, 'External');
      t.deepEqual(m.adapterByName('Ethernet')?.ipv4.map((a) => a.address), []);
      t.true(m.adapterByName('vEthernet (Ethernet)')?.ipv4.some((a) => a.address === '10.20.30.41') ?? false);
      t.deepEqual(m.adapterByName('vEthernet (Ethernet)')?.defaultGateways, ['10.20.30.1']);
    } },
  { name: 'the interface option given an InterfaceDescription', sample: 'healthy-ws2019', commands: ["docker network create -d transparent -o 'com.docker.network.windowsshim.interface=Intel(R) Ethernet Converged Network Adapter X710' t2"], status: 'fails', knowledge: 'interface-option-invalid', error: 'The parameter is incorrect',
    check: (r, t) => t.true(r.steps[0]!.advice[0]!.includes("interface=Ethernet'")) },
  { name: 'the interface option given a host vNIC', sample: 'healthy-ws2019', commands: ["docker network create -d l2bridge --subnet 10.20.31.0/24 --gateway 10.20.31.1 -o 'com.docker.network.windowsshim.interface=vEthernet (Ethernet 2)' l2"], status: 'fails', knowledge: 'interface-option-invalid' },
  { name: 'a transparent subnet without a gateway', sample: 'healthy-ws2019', commands: ['docker network create -d transparent --subnet=10.20.30.0/24 t3'], status: 'fails', knowledge: 'static-ip-needs-subnet-gateway', error: 'The object already exists', exact: true },
  { name: 'an out-of-band External switch holds the only adapter', sample: 'cases/oob-vswitch-blocks-transparent/broken', commands: ['docker network create -d transparent t'], status: 'fails', knowledge: 'oob-vswitch-blocks-transparent',
    check: (r, t) => t.true(r.steps[0]!.advice.some((a) => a.includes('Restart-Service'))) },
  { name: 'the SET example with a space after the comma splits into two arguments', sample: 'healthy-ws2019', commands: ['docker network create -d transparent -o com.docker.network.windowsshim.interface="Ethernet 2", "Ethernet 3" TeamedNet'], status: 'fails', knowledge: 'switch-embedded-teaming', error: 'requires exactly 1 argument',
    check: (r, t) => t.true(r.steps[0]!.advice[0]!.includes("'com.docker.network.windowsshim.interface=Ethernet 2,Ethernet 3' 'TeamedNet'")) },
  { name: 'overlay without swarm mode', sample: 'healthy-ws2019', commands: ['docker network create -d overlay ov'], status: 'fails', knowledge: 'overlay-requires-swarm', error: 'insufficient vnis(0)' },
  { name: 'overlay after swarm init', sample: 'healthy-ws2019', commands: ['docker swarm init --advertise-addr 10.20.30.41', 'docker network create -d overlay ov'], status: 'succeeds',
    check: (r, t) => { t.is(net(r, 'ov')?.scope, 'swarm'); t.is(net(r, 'ov')?.options['com.docker.network.driver.overlay.vxlanid_list'], '4097'); } },
  { name: '--internal is not supported on Windows', sample: 'healthy-ws2019', commands: ['docker network create -d nat --internal n'], status: 'fails', knowledge: 'unsupported-option' },
  { name: '--ipv6 is not supported on Windows', sample: 'healthy-ws2019', commands: ['docker network create -d nat --ipv6 n'], status: 'fails', knowledge: 'unsupported-option' },
  { name: '--opt encrypted is not supported', sample: 'healthy-ws2019', commands: ['docker swarm init --advertise-addr 10.20.30.41', 'docker network create -d overlay --opt encrypted ov'], status: 'fails', knowledge: 'unsupported-option' },
  { name: '--ipam-driver default is fine', sample: 'healthy-ws2019', commands: ['docker network create -d nat --ipam-driver default n'], status: 'succeeds' },
  { name: 'a VLAN id outside 1-4094', sample: 'healthy-ws2019', commands: ['docker network create -d transparent -o com.docker.network.windowsshim.vlanid=5000 -o com.docker.network.windowsshim.interface=Ethernet v'], status: 'fails', knowledge: 'vlan-option-invalid' },
  { name: 'a name that exists', sample: 'healthy-ws2019', commands: ['docker network create -d nat ext'], status: 'fails', error: 'network with name ext already exists', exact: true },
  { name: 'the engine in Linux mode', sample: 'healthy-win11', patch: (raw) => { raw['docker'].info.OSType = 'linux'; }, commands: ['docker network create -d nat n'], status: 'fails', knowledge: 'engine-in-linux-mode' },
  { name: 'docker not running', sample: 'healthy-ws2019', patch: (raw) => { raw['services'].find((s: { Name: string }) => s.Name === 'docker').Status = 1; }, commands: ['docker network create -d nat n'], status: 'fails', knowledge: 'docker-not-running', error: '//./pipe/docker_engine', exact: true },
  // docker network rm / connect / disconnect
  { name: 'the default nat network cannot be removed', sample: 'healthy-ws2019', commands: ['docker network rm nat'], status: 'fails', error: 'nat is a pre-defined network and cannot be removed' },
  { name: 'a network with running containers cannot be removed', sample: 'healthy-ws2019', commands: ['docker network rm ext'], status: 'fails', error: 'has active endpoints' },
  { name: 'removing a network after disconnecting its container removes the External switch too', sample: 'healthy-ws2019', commands: ['docker network disconnect --force ext legacy-erp', 'docker network rm ext'], status: 'succeeds',
    check: (r, t) => { const m = buildModel(r.capture); t.is(m.dockerNetworkByName('ext'), undefined); t.is(m.switches.filter((s) => s.type === 'External').length, 0); t.true(m.adapterByName('Ethernet 2')!.ipv4.some((a) => a.address === '10.20.31.11')); } },
  { name: 'removing a network that does not exist', sample: 'healthy-ws2019', commands: ['docker network rm nope'], status: 'fails', error: 'nope not found' },
  { name: 'hot-add on 14393', sample: 'healthy-ws2016', commands: ['docker network create -d nat --subnet=172.29.82.0/24 --gateway=172.29.82.1 n2', 'docker network connect n2 iis-site'], status: 'fails', knowledge: 'hot-add-unsupported', error: 'unsupported platform request', exact: true },
  { name: 'hot-add to a running Hyper-V isolated container', sample: 'healthy-win11', commands: ['docker network create -d nat n2', 'docker network connect n2 web-dev'], status: 'fails', knowledge: 'hot-add-unsupported' },
  { name: 'hot-add to a running process-isolated container on 17763', sample: 'healthy-ws2019', commands: ['docker network create -d nat --subnet 172.30.1.0/24 n2', 'docker network connect n2 api-backend'], status: 'succeeds',
    check: (r, t) => t.true(ctr(r, 'api-backend')!.attachments.some((a) => a.networkName === 'n2' && a.ipv4 === '172.30.1.2')) },
  { name: 'connecting a stopped container on 14393 works', sample: 'healthy-ws2016', commands: ['docker stop iis-site', 'docker network create -d nat --subnet=172.29.82.0/24 --gateway=172.29.82.1 n2', 'docker network connect n2 iis-site'], status: 'succeeds' },
  { name: 'disconnecting a container that is not connected', sample: 'healthy-ws2019', commands: ['docker network disconnect ext web-frontend'], status: 'fails', error: 'is not connected to network ext' },
  // docker run / create / start / stop / rm
  { name: 'a published port another running container holds', sample: 'healthy-ws2019', commands: ['docker run -d -p 8080:80 --name web2 iis'], status: 'fails', knowledge: 'port-conflict',
    check: (r, t) => { t.is(ctr(r, 'web2')?.status, 'created'); t.true(r.steps[0]!.error!.alsoSeen!.some((x) => x.includes('0x803b0013'))); } },
  { name: 'a published port in an excluded range', sample: 'healthy-ws2019', commands: ['docker run -d -p 5985:80 --name web2 iis'], status: 'fails', knowledge: 'port-conflict' },
  { name: 'a published port a WinNAT static mapping holds', sample: 'healthy-ws2016', patch: (raw) => { raw['netNatStaticMappings'].push({ StaticMappingID: 7, NatName: 'x', Protocol: 6, ExternalIPAddress: '0.0.0.0', ExternalPort: 9090, InternalIPAddress: '172.29.80.77', InternalPort: 80 }); }, commands: ['docker run -d -p 9090:80 --name web2 iis'], status: 'fails', knowledge: 'port-conflict',
    check: (r, t) => t.true(r.steps[0]!.reason.includes('static mapping 7')) },
  { name: 'a container on nat gets an address, and 14393 shows its port mapping', sample: 'healthy-ws2016', commands: ['docker run -d -p 8081:80 --name web2 iis'], status: 'succeeds',
    check: (r, t) => { const c = ctr(r, 'web2')!; t.true(c.running); t.truthy(c.attachments[0]?.ipv4); t.true(buildModel(r.capture).staticMappings.some((m) => m.externalPort === 8081)); } },
  { name: '--link is not supported', sample: 'healthy-ws2019', commands: ['docker run -d --link api-backend --name web2 iis'], status: 'fails', knowledge: 'unsupported-option' },
  { name: '--dns-option is not supported', sample: 'healthy-ws2019', commands: ['docker run -d --dns-option ndots:2 iis'], status: 'fails', knowledge: 'unsupported-option' },
  { name: 'two --dns-search are not supported', sample: 'healthy-ws2019', commands: ['docker run -d --dns-search a.example --dns-search b.example iis'], status: 'fails', knowledge: 'unsupported-option' },
  { name: '--ip on the default nat network', sample: 'healthy-ws2019', commands: ['docker run -d --ip 172.23.64.50 iis'], status: 'fails', error: 'user specified IP address is supported on user defined networks only', exact: true },
  { name: '--ip on a network without a subnet', sample: 'healthy-ws2019', commands: ['docker network create -d transparent -o com.docker.network.windowsshim.interface=Ethernet dhcp', 'docker run -d --network dhcp --ip 10.20.30.77 iis'], status: 'fails', knowledge: 'static-ip-needs-subnet-gateway', error: 'user configured subnets' },
  { name: '--ip outside the subnet', sample: 'healthy-ws2019', commands: ['docker run -d --network ext --ip 10.9.9.9 iis'], status: 'fails', knowledge: 'static-ip-needs-subnet-gateway' },
  { name: '--ip on a transparent network with a subnet', sample: 'healthy-ws2019', commands: ['docker run -d --network ext --ip 10.20.31.60 --name erp2 iis'], status: 'succeeds', check: (r, t) => t.is(ctr(r, 'erp2')?.attachments[0]?.ipv4, '10.20.31.60') },
  { name: 'a container name in use', sample: 'healthy-ws2019', commands: ['docker run -d --name web-frontend iis'], status: 'fails', error: 'The container name "/web-frontend" is already in use', exact: true },
  { name: 'a network that does not exist', sample: 'healthy-ws2019', commands: ['docker run -d --network nope iis'], status: 'fails', error: 'network nope not found' },
  { name: 'no default nat network', sample: 'healthy-ws2019', patch: (raw) => { raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat'); }, commands: ['docker run -d iis'], status: 'fails', knowledge: 'default-nat-missing' },
  { name: 'IPv6 disabled breaks container creation', sample: 'cases/ipv6-disabled/broken', commands: ['docker run -d --name x iis'], status: 'fails', knowledge: 'ipv6-disabled', error: 'encountered an error during CreateContainer' },
  { name: 'docker create binds nothing; docker start then hits the port conflict', sample: 'healthy-ws2019', commands: ['docker create -p 8080:80 --name web2 iis', 'docker start web2'], status: 'fails', knowledge: 'port-conflict' },
  { name: 'stopping the holder frees the port', sample: 'healthy-ws2019', commands: ['docker stop web-frontend', 'docker run -d -p 8080:80 --name web2 iis'], status: 'succeeds' },
  { name: 'removing a running container needs --force', sample: 'healthy-ws2019', commands: ['docker rm web-frontend'], status: 'fails', error: 'You cannot remove a running container' },
  { name: 'docker rm --force', sample: 'healthy-ws2019', commands: ['docker rm --force web-frontend'], status: 'succeeds', check: (r, t) => t.is(ctr(r, 'web-frontend'), undefined) },
  { name: 'docker restart keeps the container running', sample: 'healthy-ws2019', commands: ['docker restart api-backend'], status: 'succeeds', check: (r, t) => t.true(ctr(r, 'api-backend')!.running) },
  // swarm
  { name: 'swarm init with several host addresses and no --advertise-addr', sample: 'healthy-ws2019', commands: ['docker swarm init'], status: 'fails', error: 'could not choose an IP address to advertise' },
  { name: 'swarm init twice', sample: 'healthy-ws2019', commands: ['docker swarm init --advertise-addr 10.20.30.41', 'docker swarm init --advertise-addr 10.20.30.41'], status: 'fails', error: 'already part of a swarm' },
  { name: 'a manager leaving without --force', sample: 'healthy-ws2019', commands: ['docker swarm init --advertise-addr 10.20.30.41', 'docker swarm leave'], status: 'fails', error: 'Use `--force`' },
  { name: 'leaving removes the swarm networks', sample: 'healthy-ws2019', commands: ['docker swarm init --advertise-addr 10.20.30.41', 'docker network create -d overlay ov', 'docker swarm leave --force'], status: 'succeeds', check: (r, t) => t.is(net(r, 'ov'), undefined) },
  { name: 'leaving when not in a swarm', sample: 'healthy-ws2019', commands: ['docker swarm leave'], status: 'fails', error: 'not part of a swarm' },
  // services
  { name: 'Restart-Service docker on Docker Desktop', sample: 'healthy-win11', commands: ["Restart-Service -Name 'docker'"], status: 'fails', error: "Cannot find any service with service name 'docker'", exact: true },
  { name: 'starting a disabled service', sample: 'healthy-ws2019', patch: (raw) => { const s = raw['services'].find((x: { Name: string }) => x.Name === 'winnat'); s.StartType = 4; s.Status = 1; }, commands: ['Start-Service winnat'], status: 'fails', knowledge: 'winnat-stopped', error: 'cannot be started due to the following error' },
  { name: 'Set-Service then Start-Service', sample: 'healthy-ws2019', patch: (raw) => { const s = raw['services'].find((x: { Name: string }) => x.Name === 'winnat'); s.StartType = 4; s.Status = 1; }, commands: ["Set-Service -Name 'winnat' -StartupType 'Manual'", "Start-Service -Name 'winnat'"], status: 'succeeds', check: (r, t) => t.true(buildModel(r.capture).service('winnat')!.running) },
  { name: 'starting docker when the capture holds only the client\'s ServerErrors', sample: 'healthy-ws2019',
    patch: (raw) => { const s = raw['services'].find((x: { Name: string }) => x.Name === 'docker'); s.Status = 1; raw['docker'] = { info: { ServerErrors: ['error during connect: open //./pipe/docker_engine: The system cannot find the file specified.'] } }; },
    commands: ["Start-Service -Name 'docker'"], status: 'succeeds',
    check: (r, t) => { t.true(buildModel(r.capture).captured.has('docker.info')); t.true(r.cleared.some((f) => f.knowledge === 'docker-not-running')); } },
  { name: 'net start winnat when it runs', sample: 'healthy-ws2019', commands: ['net start winnat'], status: 'fails', error: 'already been started' },
  { name: 'Stop-Service docker stops every container', sample: 'healthy-ws2019', commands: ["Stop-Service -Name 'docker'"], status: 'succeeds', check: (r, t) => t.true(buildModel(r.capture).containers.every((c) => !c.running)) },
  { name: 'docker rebuilds its default nat network after the HNS network is removed', sample: 'healthy-ws2019', commands: ["Stop-Service -Name 'docker'", "Get-HnsNetwork | Where-Object -Property 'Name' -EQ 'nat' | Remove-HnsNetwork", "Start-Service -Name 'docker'"], status: 'succeeds',
    check: (r, t) => { const n = net(r, 'nat')!; t.truthy(n.hns); t.is(n.effectiveSubnets[0]?.text, '172.23.64.0/20'); t.not(n.hnsId?.toUpperCase(), 'A2BDCD4B-75FE-4C20-AC91-D3FC77D104E1'); } },
  { name: 'restarting hns and docker makes docker see an out-of-band External switch', sample: 'cases/oob-vswitch-blocks-transparent/broken', commands: ["Restart-Service -Name 'hns'", "Restart-Service -Name 'docker'"], status: 'succeeds',
    check: (r, t) => t.is(net(r, 'LabExternal')?.driver, 'transparent') },
  { name: 'removing an orphaned HNS endpoint', sample: 'healthy-ws2019', commands: ["Get-HnsEndpoint | Where-Object { $_.IPAddress -eq '172.23.75.203' } | Remove-HnsEndpoint"], status: 'succeeds', check: (r, t) => t.false(buildModel(r.capture).hnsEndpoints.some((e) => e.ipAddress === '172.23.75.203')) },
  { name: 'a Where-Object script block the simulator cannot read', sample: 'healthy-ws2019', commands: ['Get-HnsEndpoint | Where-Object { $_.IPAddress.StartsWith(\'172\') } | Remove-HnsEndpoint'], status: 'not-modelled' },
  // registry and restart
  { name: 'deleting a DisabledComponents that is not there', sample: 'healthy-ws2019', commands: ["Remove-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters' -Name 'DisabledComponents'"], status: 'fails', error: 'Property DisabledComponents does not exist at path', exact: true },
  { name: 'the source document\'s reg delete, then a restart', sample: 'cases/ipv6-disabled/broken', commands: ['reg delete HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters  /v DisabledComponents  /f', 'Restart-Computer'], status: 'succeeds',
    check: (r, t) => { t.is(buildModel(r.capture).ipv6DisabledComponents, undefined); t.true(r.cleared.some((f) => f.knowledge === 'ipv6-disabled')); } },
  { name: 'Set-ItemProperty 0x20 waits for the restart', sample: 'cases/ipv6-disabled/broken', commands: ["Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters' -Name 'DisabledComponents' -Value 0x20 -Type DWord"], status: 'succeeds',
    check: (r, t) => { t.is(r.pending.disabledComponents, 32); t.false(r.cleared.some((f) => f.knowledge === 'ipv6-disabled')); } },
  { name: 'New-ItemProperty over an existing value without -Force', sample: 'cases/ipv6-disabled/broken', commands: ["New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters' -Name 'DisabledComponents' -PropertyType 'DWord' -Value 0x20"], status: 'fails', error: 'The property already exists' },
  { name: 'a restart on 17763 rebuilds nat with a new id and keeps transparent networks', sample: 'healthy-ws2019', commands: ['Restart-Computer -Force'], status: 'succeeds',
    check: (r, t) => { t.truthy(net(r, 'nat')?.hns); t.truthy(net(r, 'ext')?.hns); t.true(buildModel(r.capture).containers.every((c) => !c.running)); } },
  { name: 'a restart on 17763 before KB4482887 loses transparent networks', sample: 'healthy-ws2019', patch: (raw) => { raw['os'].UBR = 253; }, commands: ['Restart-Computer'], status: 'succeeds',
    check: (r, t) => { t.is(net(r, 'ext'), undefined); t.truthy(net(r, 'nat')); } },
  // Hyper-V
  { name: 'New-VMSwitch on a free adapter, then a transparent network there fails', sample: 'healthy-ws2019', commands: ["New-VMSwitch -Name 'Lab' -NetAdapterName 'Ethernet' -AllowManagementOS $true", 'docker network create -d transparent -o com.docker.network.windowsshim.interface=Ethernet t'], status: 'fails', knowledge: 'oob-vswitch-blocks-transparent' },
  { name: 'New-VMSwitch on an adapter that a switch holds', sample: 'healthy-ws2019', commands: ["New-VMSwitch -Name 'Lab' -NetAdapterName 'Ethernet 2'"], status: 'fails', knowledge: 'external-networks-share-adapter' },
  { name: 'New-VMSwitch -SwitchType Internal', sample: 'healthy-ws2019', commands: ["New-VMSwitch -Name 'LabInternal' -SwitchType Internal"], status: 'succeeds', check: (r, t) => t.is(buildModel(r.capture).switchByName('LabInternal')?.type, 'Internal') },
  { name: 'Remove-VMSwitch of a switch that does not exist', sample: 'healthy-ws2019', commands: ["Remove-VMSwitch -Name 'Nope' -Force"], status: 'fails', error: 'Hyper-V was unable to find a virtual switch with name "Nope".', exact: true },
  { name: 'Enable-VMSwitchExtension on a disabled VFP extension', sample: 'healthy-ws2022', patch: (raw) => { for (const e of raw['vmSwitchExtensions']) if (e.SwitchName === 'l2b' && /VFP/.test(e.Name)) { e.Enabled = false; e.Running = false; } }, commands: ["Enable-VMSwitchExtension -VMSwitchName 'l2b' -Name 'Microsoft Azure VFP Switch Extension'"], status: 'succeeds',
    check: (r, t) => t.true(buildModel(r.capture).extensions.some((e) => e.switchName === 'l2b' && e.isVfp && e.enabled === true && e.running === true)) },
  { name: 'Enable-VMSwitchExtension on a switch that does not exist', sample: 'healthy-ws2022', commands: ["Enable-VMSwitchExtension -VMSwitchName 'nope' -Name 'Microsoft Azure VFP Switch Extension'"], status: 'fails', error: 'unable to find a virtual switch' },
  { name: 'the source document\'s MacAddressSpoofing pipeline, run on the parent', sample: 'healthy-ws2016', commands: ['Get-VMNetworkAdapter -VMName ContainerHostVM | Set-VMNetworkAdapter -MacAddressSpoofing On'], status: 'succeeds',
    check: (r, t) => t.is(r.capture.parentVmNetworkAdapters?.[0]?.MacAddressSpoofing, 'On') },
  { name: 'MacAddressSpoofing with a wrong value', sample: 'healthy-ws2016', commands: ["Set-VMNetworkAdapter -VMName 'v' -MacAddressSpoofing Yes"], status: 'fails', error: 'OnOffState' },
  // NetNat
  { name: 'New-NetNat where 14393 already has its one instance', sample: 'healthy-ws2016', commands: ["New-NetNat -Name 'LabNAT' -InternalIPInterfaceAddressPrefix '192.168.50.0/24'"], status: 'fails', knowledge: 'winnat-slot-taken' },
  { name: 'New-NetNat on 17763', sample: 'healthy-ws2019', commands: ["New-NetNat -Name 'LabNAT' -InternalIPInterfaceAddressPrefix '192.168.50.0/24'"], status: 'succeeds', check: (r, t) => t.is(buildModel(r.capture).nats[0]?.name, 'LabNAT') },
  { name: 'Remove-NetNat of a name that does not exist', sample: 'healthy-ws2016', commands: ["Remove-NetNat -Name 'nope' -Confirm:$false"], status: 'fails', error: "No MSFT_NetNat objects found with property 'Name' equal to 'nope'" },
  { name: 'Get-NetNat | Remove-NetNat removes the HNS NAT on 14393 with its mappings', sample: 'healthy-ws2016', commands: ['Get-NetNat | Remove-NetNat -Confirm:$false'], status: 'succeeds',
    check: (r, t) => { const m = buildModel(r.capture); t.is(m.nats.length, 0); t.is(m.staticMappings.length, 0); } },
  { name: 'a missing NAT with -ErrorAction SilentlyContinue removes nothing', sample: 'healthy-ws2019', commands: ["Get-NetNat -Name 'DockerNAT' -ErrorAction 'SilentlyContinue' | Remove-NetNat -Confirm:$false"], status: 'no-op' },
  { name: 'Remove-NetNatStaticMapping by id', sample: 'healthy-ws2016', commands: ['Remove-NetNatStaticMapping -StaticMappingID 0 -Confirm:$false'], status: 'succeeds', check: (r, t) => t.is(buildModel(r.capture).staticMappings.length, 0) },
  { name: 'Remove-NetNatStaticMapping of an id that does not exist', sample: 'healthy-ws2016', commands: ["Get-NetNatStaticMapping -StaticMappingID '42' | Remove-NetNatStaticMapping -Confirm:$false"], status: 'fails', error: 'MSFT_NetNatStaticMapping' },
  // New-NetRoute
  { name: 'New-NetRoute adds the metadata route to ipRoutes', sample: 'healthy-calico', commands: ["New-NetRoute -DestinationPrefix '169.254.169.254/32' -InterfaceIndex '9' -NextHop '10.10.4.1' -PolicyStore 'PersistentStore'"], status: 'succeeds', check: (r, t) => t.true((r.capture.ipRoutes ?? []).some((x) => x.DestinationPrefix === '169.254.169.254/32' && x.InterfaceIndex === 9)) },
  { name: 'New-NetRoute on an interface the capture does not show is not modelled', sample: 'healthy-calico', commands: ["New-NetRoute -DestinationPrefix '169.254.169.254/32' -InterfaceIndex '77'"], status: 'not-modelled' },
  // Set-NetIPInterface
  { name: 'Set-NetIPInterface on an alias that does not exist', sample: 'healthy-win11', commands: ["Set-NetIPInterface -InterfaceAlias 'LAN' -AddressFamily 'IPv4' -InterfaceMetric 10"], status: 'fails', error: "No MSFT_NetIPInterface objects found with property 'InterfaceAlias' equal to 'LAN'", exact: true },
  { name: 'Set-NetIPInterface changes the metric', sample: 'healthy-win11', commands: ["Set-NetIPInterface -InterfaceAlias 'Wi-Fi' -AddressFamily 'IPv4' -InterfaceMetric 10"], status: 'succeeds', check: (r, t) => t.is(buildModel(r.capture).adapterByName('Wi-Fi')?.interfaceMetric, 10) },
  // daemon.json, the way the fixes edit it
  { name: 'pinning fixed-cidr in daemon.json and letting docker rebuild nat', sample: 'healthy-ws2019', commands: [
    "$path = 'C:\\ProgramData\\docker\\config\\daemon.json'",
    "$text = if (Test-Path -Path $path) { Get-Content -Path $path -Raw } else { '' }",
    "$config = if ($text -and $text.Trim()) { $text | ConvertFrom-Json } else { New-Object -TypeName 'PSObject' }",
    "$config | Add-Member -NotePropertyName 'fixed-cidr' -NotePropertyValue '172.31.0.0/24' -Force",
    '[System.IO.File]::WriteAllText($path, ($config | ConvertTo-Json -Depth 10))',
    "Stop-Service -Name 'docker'",
    "Get-HnsNetwork | Where-Object -Property 'Name' -EQ -Value 'nat' | Remove-HnsNetwork",
    "Start-Service -Name 'docker'",
  ], status: 'succeeds',
    check: (r, t) => { t.is(net(r, 'nat')?.effectiveSubnets[0]?.text, '172.31.0.0/24'); t.is((r.capture.docker?.daemonConfig as Record<string, unknown>)['log-driver'], 'json-file', 'other settings stay'); } },
  { name: 'a variable set earlier is used by a later command', sample: 'healthy-ws2019', commands: ["$name = 'Lab'", "New-VMSwitch -Name $name -SwitchType Internal"], status: 'succeeds', check: (r, t) => t.truthy(buildModel(r.capture).switchByName('Lab')) },
  // Docker Desktop, engine switch, files
  { name: "Docker Desktop's switch to Windows containers", sample: 'cases/engine-in-linux-mode/broken', commands: ["& (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\DockerCli.exe') -SwitchWindowsEngine"], status: 'succeeds',
    check: (r, t) => { const m = buildModel(r.capture); t.is(m.docker?.osType, 'windows'); t.is(m.dockerNetworkByName('nat')?.driver, 'nat'); t.true(r.cleared.some((f) => f.knowledge === 'engine-in-linux-mode')); } },
  { name: 'starting Docker Desktop when it is stopped', sample: 'healthy-win11', patch: (raw) => { raw['services'].find((x: { Name: string }) => x.Name === 'com.docker.service').Status = 1; }, commands: ["Start-Process -FilePath (Join-Path -Path $Env:ProgramFiles -ChildPath 'Docker\\Docker\\Docker Desktop.exe')"], status: 'succeeds',
    check: (r, t) => t.true(buildModel(r.capture).service('com.docker.service')!.running) },
  { name: 'Start-Process of another program', sample: 'healthy-win11', commands: ["Start-Process -FilePath 'notepad.exe'"], status: 'not-modelled' },
  { name: 'docker context use default after a remote Linux engine', sample: 'healthy-ws2019', patch: (raw) => { raw['docker'].info.OSType = 'linux'; }, commands: ["Remove-Item -Path 'Env:DOCKER_HOST' -ErrorAction 'SilentlyContinue'", "docker context use 'default'"], status: 'succeeds',
    check: (r, t) => t.is(buildModel(r.capture).docker?.osType, 'windows') },
  { name: 'setting HNS.data aside while HNS runs', sample: 'healthy-ws2019', commands: ["Rename-Item -Path 'C:\\ProgramData\\Microsoft\\Windows\\HNS\\HNS.data' -NewName 'HNS.data.bak'"], status: 'fails', error: 'being used by another process' },
  { name: 'an empty HNS store: nat is rebuilt, External switches are found again', sample: 'healthy-ws2019', commands: ["Stop-Service -Name 'docker'", "Stop-Service -Name 'hns'", "Rename-Item -Path 'C:\\ProgramData\\Microsoft\\Windows\\HNS\\HNS.data' -NewName ('HNS.data.{0:yyyyMMdd}.bak' -f (Get-Date))", "Start-Service -Name 'hns'", "Start-Service -Name 'docker'"], status: 'succeeds',
    check: (r, t) => { const m = buildModel(r.capture); t.truthy(m.dockerNetworkByName('nat')?.hns); t.is(m.switches.filter((x) => x.type === 'External').length, 1); t.is(m.hnsEndpoints.length, 0); } },
  // read-only
  { name: 'Get-* and Where-Object only read', sample: 'healthy-ws2019', commands: ["Get-VMSwitch | Where-Object -Property 'SwitchType' -EQ 'External' | Select-Object -Property 'Name'"], status: 'no-op' },
  { name: 'docker network ls and inspect only read', sample: 'healthy-ws2019', commands: ["docker network ls --quiet | ForEach-Object { docker network inspect $_ --format '{{.Name}}' }"], status: 'no-op' },
  { name: 'docker ps only reads', sample: 'healthy-ws2019', commands: ["docker ps --all --format '{{.Names}} {{.Ports}}'"], status: 'no-op' },
  { name: '-WhatIf changes nothing', sample: 'healthy-ws2019', commands: ["Remove-VMSwitch -Name 'a62fe2bc67e5f42dc9fc3c4cf259cbc85ed323c513c42669978dfe47016e1cb6' -WhatIf"], status: 'no-op' },
  // not modelled
  { name: 'an unknown command', sample: 'healthy-ws2019', commands: ["Clear-DnsClientCache"], status: 'not-modelled' },
  { name: 'a file the simulator does not model', sample: 'healthy-ws2019', commands: ["Rename-Item -Path 'C:\\ProgramData\\docker\\config\\daemon.json' -NewName 'daemon.json.bak'"], status: 'not-modelled' },
  { name: 'an unknown docker flag', sample: 'healthy-ws2019', commands: ['docker network create -d nat --config-from x y'], status: 'not-modelled' },
  { name: 'a value only PowerShell can compute', sample: 'healthy-ws2019', commands: ['Remove-VMSwitch -Name $name -Force'], status: 'not-modelled' },
  { name: 'a loop that changes things', sample: 'healthy-ws2019', commands: ['docker network ls -q | ForEach-Object { docker network rm $_ }'], status: 'not-modelled' },
];

runSimCases(CASES);

test('not-modelled and failing steps leave the state as it was; the run goes on', (t) => {
  const input = capture('healthy-ws2019');
  const r = simulateCommands(input, ['Rename-Item x y', 'docker network create app', 'docker network create -d nat app']);
  t.deepEqual(r.steps.map((s) => s.status), ['not-modelled', 'fails', 'succeeds']);
  t.is(r.notModelled, 1);
  t.false(r.ok);
  t.truthy(buildModel(r.capture).dockerNetworkByName('app'));
});

test('every changing command in the table has a handler, and each family is exercised above', (t) => {
  const families = new Set(Object.values(MODELLED_COMMANDS).filter((c) => c.role === 'change').map((c) => c.family));
  for (const [name, info] of Object.entries(MODELLED_COMMANDS)) if (info.role === 'change') t.truthy(info.run, name);
  const exercised = [...CASES, ...HNS_CASES].flatMap((c) => c.commands).join('\n').toLowerCase();
  for (const [name, info] of Object.entries(MODELLED_COMMANDS)) {
    if (info.role !== 'change') continue;
    t.true(exercised.includes(name === 'reg' ? 'reg delete' : name === 'net' ? 'net start' : name === 'dockercli' ? 'dockercli.exe' : name), `no case runs ${name}`);
  }
  t.true(families.size >= 7);
});
