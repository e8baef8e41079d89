import test from 'ava';
import { detectVirtualization } from '../../src/core/model/build.js';
import { modelOf, rawSample } from '../helpers/captures.js';

test('relations on the WS2019 sample: docker network -> HNS -> switch -> adapter, container -> endpoint', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2019'));
  const ext = model.dockerNetworkByName('ext')!;
  t.is(ext.hns?.type, 'transparent');
  t.is(ext.hns?.switch?.type, 'External');
  t.deepEqual(ext.hns?.switch?.boundAdapters.map((a) => a.name), ['Ethernet 2']);
  t.is(model.adapterByName('Ethernet 2')?.boundTo, ext.hns?.switch);
  const nat = model.dockerNetworkByName('nat')!;
  t.is(nat.hns?.switch?.name, 'nat');
  t.deepEqual(nat.hns?.switch?.hostVnics.map((a) => a.name), ['vEthernet (nat)']);
  const web = model.containers.find((c) => c.name === 'web-frontend')!;
  t.is(web.attachments[0]?.network, nat);
  t.truthy(web.attachments[0]?.endpoint);
  t.is(web.attachments[0]?.endpoint?.container, web);
  t.true(web.ports.some((p) => p.hostPort === 8080));
});

test('the 14393 host vNIC is found through Get-VMNetworkAdapter', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2016'));
  t.deepEqual(model.switchByName('nat')?.hostVnics.map((a) => a.name), ['vEthernet (HNS Internal NIC)']);
  t.is(model.nats[0]?.internalPrefix?.text, '172.29.80.0/20');
  t.true(model.nats[0]?.ownedByContainers);
});

test('missing keys are not captured; empty ones are', (t) => {
  const raw = rawSample('healthy-ws2019');
  delete raw['vmSwitches'];
  raw['netNat'] = [];
  const { model } = modelOf(raw);
  t.false(model.captured.has('vmSwitches'));
  t.true(model.captured.has('netNat'));
  t.true(model.captured.has('docker.networks'));
  t.deepEqual(model.switches, []);
});

test('hypervisors are recognized from Win32_ComputerSystem', (t) => {
  t.is(detectVirtualization('Microsoft Corporation', 'Virtual Machine').hypervisor, 'hyper-v');
  t.is(detectVirtualization('VMware, Inc.', 'VMware7,1').hypervisor, 'vmware');
  t.is(detectVirtualization('innotek GmbH', 'VirtualBox').hypervisor, 'virtualbox');
  t.is(detectVirtualization('QEMU', 'Standard PC (Q35 + ICH9, 2009)').hypervisor, 'kvm');
  t.is(detectVirtualization('Amazon EC2', 'm5.large').hypervisor, 'aws');
  t.false(detectVirtualization('Dell Inc.', 'PowerEdge R640').isVirtual);
  t.false(detectVirtualization('Microsoft Corporation', 'Surface Pro 9').isVirtual, 'Microsoft hardware is not a VM');
});

test('a container finds its HNS endpoint by MAC, and by address within its network when the MAC does not match', (t) => {
  const raw = rawSample('healthy-ws2019') as Record<string, any>;
  const { model: before } = modelOf(raw);
  const web = before.containers.find((c) => c.name === 'web-frontend')!;
  const att = web.attachments[0]!;
  const endpoint = att.endpoint!;
  t.truthy(endpoint.ipAddress);
  const settings = (raw['docker'].containers as any[]).find((c) => c.Name === '/web-frontend').NetworkSettings.Networks;
  const net = settings[Object.keys(settings)[0]!];
  // The right MAC and an address that is not the endpoint's: found by MAC.
  const ip = net.IPAddress;
  net.IPAddress = '203.0.113.251';
  let web2 = modelOf(raw).model.containers.find((c) => c.name === 'web-frontend')!;
  t.is(web2.attachments[0]?.endpoint?.id, endpoint.id, 'by MAC');
  net.IPAddress = ip;
  // No MAC in docker's view: found by address.
  delete net.MacAddress;
  web2 = modelOf(raw).model.containers.find((c) => c.name === 'web-frontend')!;
  t.is(web2.attachments[0]?.endpoint?.id, endpoint.id);
  t.is(web2.attachments[0]?.endpoint?.container, web2);
  // A MAC that no endpoint has: still found by address.
  net.MacAddress = '00:15:5d:ff:ff:ff';
  web2 = modelOf(raw).model.containers.find((c) => c.name === 'web-frontend')!;
  t.is(web2.attachments[0]?.endpoint?.id, endpoint.id);
  // Neither MAC nor address: no endpoint.
  net.IPAddress = '203.0.113.250';
  web2 = modelOf(raw).model.containers.find((c) => c.name === 'web-frontend')!;
  t.is(web2.attachments[0]?.endpoint, undefined);
});
