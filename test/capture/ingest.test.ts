import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';

test('integer and named enums read the same', (t) => {
  const a = ingestCapture({ services: [{ Name: 'hns', Status: 4, StartType: 3 }], vmSwitches: [{ Name: 's', SwitchType: 2 }] }, 'a');
  const b = ingestCapture({ services: [{ Name: 'hns', Status: 'Running', StartType: 'Manual' }], vmSwitches: [{ Name: 's', SwitchType: 'external' }] }, 'b');
  t.is(a.capture.services?.[0]?.Status, 'Running');
  t.is(b.capture.services?.[0]?.Status, 'Running');
  t.is(a.capture.services?.[0]?.StartType, 'Manual');
  t.is(a.capture.vmSwitches?.[0]?.SwitchType, 'External');
  t.is(b.capture.vmSwitches?.[0]?.SwitchType, 'External');
});

test('a lone object is a list of one; null and [] are captured but empty; absence is not captured', (t) => {
  const { capture } = ingestCapture({ netNat: { Name: 'n' }, hnsNetworks: null, netAdapters: [] }, 'f');
  t.is(capture.netNat?.length, 1);
  t.deepEqual(capture.hnsNetworks, []);
  t.deepEqual(capture.netAdapters, []);
  t.is(capture.vmSwitches, undefined);
});

test('CIM noise is dropped', (t) => {
  const { capture, issues } = ingestCapture({
    os: { Caption: 'x', BuildNumber: '14393', CimClass: 'root/cimv2:Win32_OperatingSystem', CimInstanceProperties: 'Caption = "x"', CimSystemProperties: 'Microsoft.Management.Infrastructure.CimSystemProperties' },
  }, 'f');
  t.deepEqual(issues, []);
  t.false('CimClass' in (capture.os ?? {}));
  t.is(capture.os?.BuildNumber, 14393);
});

test('PowerShell 5.1 dates become ISO strings', (t) => {
  const { capture } = ingestCapture({
    hotfixes: [
      { HotFixID: 'KB1', InstalledOn: { value: '/Date(1591287561241)/', DisplayHint: 2, DateTime: 'Thursday, June 4, 2020 4:19:21 PM' } },
      { HotFixID: 'KB2', InstalledOn: '/Date(1591287561241)/' },
    ],
  }, 'f');
  t.is(capture.hotfixes?.[0]?.InstalledOn, '2020-06-04T16:19:21.241Z');
  t.is(capture.hotfixes?.[1]?.InstalledOn, '2020-06-04T16:19:21.241Z');
});

test('HNS V1 and V2 shapes normalize to the same fields', (t) => {
  const v1 = ingestCapture({ hnsNetworks: [{ ID: 'A', Name: 'nat', Type: 'nat', Subnets: [{ AddressPrefix: '172.20.0.0/20', GatewayAddress: '172.20.0.1' }], NatName: 'ICSxyz' }] }, 'f');
  const v2 = ingestCapture({ hnsNetworks: [{ ID: 'A', Name: 'nat', Type: 'NAT', SchemaVersion: { Major: 2, Minor: 0 }, Ipams: [{ Type: 'Static', Subnets: [{ IpAddressPrefix: '172.20.0.0/20', Routes: [{ NextHop: '172.20.0.1', DestinationPrefix: '0.0.0.0/0' }] }] }] }] }, 'f');
  t.is(v1.capture.hnsNetworks?.[0]?.Subnets[0]?.GatewayAddress, '172.20.0.1');
  t.is(v2.capture.hnsNetworks?.[0]?.Subnets[0]?.GatewayAddress, '172.20.0.1');
  t.is(v2.capture.hnsNetworks?.[0]?.Subnets[0]?.AddressPrefix, '172.20.0.0/20');
  t.is(v1.capture.hnsNetworks?.[0]?.Shape, 'v1');
  t.is(v2.capture.hnsNetworks?.[0]?.Shape, 'v2');
});

test('a depth-truncated value says the capture was too shallow, and names key and pointer', (t) => {
  const { capture, issues } = ingestCapture({
    docker: { networks: [{ Name: 'nat', Driver: 'nat', IPAM: 'System.Collections.Hashtable' }] },
  }, 'cap.json');
  // Its only item could not be read, so the part counts as not captured (never "captured, no networks").
  t.is(capture.docker?.networks, undefined);
  t.is(issues.length, 2);
  t.is(issues[1]!.message, "the only item of 'docker.networks' could not be read, so 'docker.networks' counts as not captured");
  t.is(issues[0]!.key, 'docker.networks');
  t.is(issues[0]!.pointer, '/docker/networks/0/IPAM');
  t.is(issues[0]!.file, 'cap.json');
  t.regex(issues[0]!.message, /-Depth/);
});

test('one bad item is skipped and reported; its siblings and other keys still load', (t) => {
  const { capture, issues } = ingestCapture({
    vmSwitches: [{ Name: 'good', SwitchType: 1 }, { Name: 'bad', SwitchType: 9 }, { SwitchType: 2 }],
    netNat: [{ Name: 'n' }],
  }, 'f');
  t.deepEqual(capture.vmSwitches?.map((s) => s.Name), ['good']);
  t.is(capture.netNat?.length, 1);
  t.deepEqual(issues.map((i) => i.pointer), ['/vmSwitches/1/SwitchType', '/vmSwitches/2/Name']);
  t.regex(issues[0]!.message, /switch type: Private \(0\), Internal \(1\), External \(2\)/);
});

test('prototype keys never reach the normalized objects', (t) => {
  const raw = JSON.parse('{"__proto__": {"polluted": true}, "docker": {"daemonConfig": {"__proto__": {"polluted": true}, "bridge": "none"}}}');
  const { capture, issues } = ingestCapture(raw, 'f');
  t.is(({} as Record<string, unknown>)['polluted'], undefined);
  t.is((capture.docker?.daemonConfig as Record<string, unknown>)['bridge'], 'none');
  t.false(Object.hasOwn(capture.docker?.daemonConfig ?? {}, '__proto__'));
  t.true(issues.length >= 2);
});

test('deep nesting is refused for that key only, without overflowing the stack', (t) => {
  let deep: unknown = {};
  for (let i = 0; i < 10000; i++) deep = { a: deep };
  const { capture, issues } = ingestCapture({ docker: { daemonConfig: deep }, netNat: [] }, 'f');
  t.deepEqual(capture.netNat, []);
  t.is(capture.docker?.daemonConfig, undefined);
  t.true(issues.some((i) => i.key === 'docker.daemonConfig' && /nested more than/.test(i.message)));
});

test('issues per key are capped with a summary line', (t) => {
  const items = Array.from({ length: 500 }, () => ({ SwitchType: 1 }));
  const { issues } = ingestCapture({ vmSwitches: items }, 'f');
  t.true(issues.length <= 21);
  t.regex(issues[issues.length - 1]!.message, /more problems in 'vmSwitches'/);
});

test('a document that is not an object explains itself', (t) => {
  const { issues } = ingestCapture([1, 2], 'x.json');
  t.regex(issues[0]!.message, /not a capture object/);
});

test('unknown keys and newer versions are warnings, not errors', (t) => {
  const { issues } = ingestCapture({ format: 'wcn-capture', formatVersion: 2, futureKey: 1 }, 'f');
  t.deepEqual(issues.map((i) => i.severity), ['warning', 'warning']);
});

test('DisabledComponents accepts decimal, hex text and a negative DWORD', (t) => {
  t.is(ingestCapture({ tcpip6: { DisabledComponents: 255 } }, 'f').capture.tcpip6?.DisabledComponents, 255);
  t.is(ingestCapture({ tcpip6: { DisabledComponents: '0xFF' } }, 'f').capture.tcpip6?.DisabledComponents, 255);
  t.is(ingestCapture({ tcpip6: { DisabledComponents: -1 } }, 'f').capture.tcpip6?.DisabledComponents, 0xffffffff);
  t.is(ingestCapture({ tcpip6: {} }, 'f').capture.tcpip6?.DisabledComponents, undefined);
});

test('a PowerShell date out of range is an issue, not an exception', (t) => {
  const { capture, issues } = ingestCapture({
    hotfixes: [
      { HotFixID: 'KB1', InstalledOn: '/Date(99999999999999999)/' },
      { HotFixID: 'KB2', InstalledOn: { value: '/Date(-8640000000000001)/' } },
      { HotFixID: 'KB3', InstalledOn: '/Date(8640000000000000)/' },
    ],
  }, 'f');
  t.deepEqual(capture.hotfixes?.map((h) => h.HotFixID), ['KB3']);
  t.is(capture.hotfixes?.[0]?.InstalledOn, '+275760-09-13T00:00:00.000Z');
  t.deepEqual(issues.map((i) => [i.key, i.pointer]), [['hotfixes', '/hotfixes/0/InstalledOn'], ['hotfixes', '/hotfixes/1/InstalledOn']]);
  t.regex(issues[0]!.message, /out of range/);
});

test('null in an object key means captured and empty, not missing', (t) => {
  const { capture, issues } = ingestCapture({ tcpip6: null, docker: { daemonConfig: null } }, 'f');
  t.deepEqual(issues, []);
  t.deepEqual(capture.docker?.daemonConfig, {});
  t.is(capture.tcpip6?.DisabledComponents, undefined);
  t.truthy(capture.tcpip6);
});

test('a vSwitch whose type the capture cannot tell (read from WMI without the Hyper-V module) is kept, with no type', (t) => {
  const { capture, issues } = ingestCapture({
    vmSwitches: [{ Name: 'nat', Id: '5f1b3c1e-0000-4000-8000-000000000001' }, { Name: 'ext', SwitchType: 2 }, { Name: 'bad', SwitchType: 'Sideways' }],
  }, 'wmi.json');
  t.deepEqual(capture.vmSwitches?.map((s) => [s.Name, s.SwitchType]), [['nat', undefined], ['ext', 'External']]);
  t.is(issues.length, 1, 'an unknown switch type is still an error for its item');
  t.like(issues[0], { key: 'vmSwitches', pointer: '/vmSwitches/2/SwitchType' });
});
