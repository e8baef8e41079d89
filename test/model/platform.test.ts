import test from 'ava';
import { derivePlatform } from '../../src/core/model/platform.js';

test('Windows Server 2016 before and after KB4015217', (t) => {
  const old = derivePlatform({ build: 14393, ubr: 1000, productType: 3 });
  const updated = derivePlatform({ build: 14393, ubr: 1066, productType: 3 });
  t.false(old.has('KB4015217')!);
  t.true(updated.has('KB4015217')!);
  t.false(old.overlaySupported!);
  t.true(updated.overlaySupported!);
  t.false(updated.multipleNatNetworks!);
  t.is(updated.natBackend, 'winnat');
  t.true(updated.vfpPresent!);
  t.false(updated.hotAddSupported!);
});

test('a later build has every earlier update, whatever its UBR', (t) => {
  const p = derivePlatform({ build: 20348, ubr: 1 });
  t.true(p.has('KB4482887')!);
  t.true(p.has('KB4015217')!);
  t.is(p.natBackend, 'ics');
  t.true(p.natNetworksRecreatedAtBoot!);
});

test('Windows Server 2019 fixes by UBR', (t) => {
  t.false(derivePlatform({ build: 17763, ubr: 316 }).has('KB4482887')!);
  t.true(derivePlatform({ build: 17763, ubr: 348 }).has('KB4482887')!);
  t.false(derivePlatform({ build: 17763, ubr: 348 }).has('KB4489899')!);
  t.is(derivePlatform({ build: 17763 }).has('KB4482887'), undefined, 'unknown UBR is unknown, not false');
});

test('client 14393 has no VFP and no l2bridge; 15063 has both', (t) => {
  const c = derivePlatform({ build: 14393, ubr: 2000, productType: 1 });
  t.false(c.vfpPresent!);
  t.false(c.l2bridgeSupported!);
  const rs2 = derivePlatform({ build: 15063, productType: 1 });
  t.true(rs2.vfpPresent!);
  t.true(rs2.multipleNatNetworks!);
  t.false(rs2.routingMeshSupported!);
});

test('unknown build: every capability is unknown', (t) => {
  const p = derivePlatform({});
  t.is(p.containersSupported, undefined);
  t.is(p.natBackend, undefined);
  t.is(p.label, 'unknown Windows build');
});

test('labels read like Windows', (t) => {
  t.is(derivePlatform({ build: 17763, ubr: 5830, caption: 'Microsoft Windows Server 2019 Datacenter' }).label, 'Windows Server 2019 Datacenter, build 17763.5830');
  t.is(derivePlatform({ build: 20348, productType: 3 }).label, 'Windows Server 2022, build 20348');
});

test('Windows Server 2025 is build 26100 on a server; the same build on a client is Windows 11', (t) => {
  const server = derivePlatform({ build: 26100, ubr: 2314, productType: 3 });
  t.true(server.isServer2025!);
  t.is(server.label, 'Windows Server 2025, build 26100.2314');
  t.is(server.natBackend, 'ics');
  t.false(derivePlatform({ build: 26100, productType: 1 }).isServer2025!);
  t.false(derivePlatform({ build: 20348, productType: 3 }).isServer2025!);
  t.is(derivePlatform({ build: 26100 }).isServer2025, undefined, 'no product type: unknown');
});

test('HNS features follow the captured HNS version, with the gaps the HCN client knows', (t) => {
  const none = derivePlatform({ build: 26100, productType: 3 });
  t.is(none.hns.version, undefined);
  t.is(none.hns.dsr, undefined, 'no hnsVersion: unknown, never inferred from the build');
  const v92 = derivePlatform({ build: 17763, hnsVersion: { major: 9, minor: 2 } }).hns;
  t.true(v92.v2Api!);
  t.true(v92.remoteSubnet!);
  t.false(v92.dsr!);
  const v95 = derivePlatform({ hnsVersion: { major: 9, minor: 5 } }).hns;
  t.true(v95.dsr!);
  t.true(v95.slash32Endpoints!);
  const v101 = derivePlatform({ hnsVersion: { major: 10, minor: 1 } }).hns;
  t.false(v101.dsr!, '10.0 and 10.1 lost DSR');
  t.false(v101.vxlanPort!);
  const v103 = derivePlatform({ hnsVersion: { major: 10, minor: 3 } }).hns;
  t.true(v103.dsr!);
  t.false(v103.slash32Endpoints!);
  t.true(v103.vxlanPort!);
  const v1110 = derivePlatform({ hnsVersion: { major: 11, minor: 10 } }).hns;
  t.true(v1110.ipv6DualStack!);
  t.false(v1110.sessionAffinity!);
  const v13 = derivePlatform({ hnsVersion: { major: 13, minor: 0 } }).hns;
  t.true(v13.setPolicy!);
  t.true(v13.sessionAffinity!);
  t.false(derivePlatform({ hnsVersion: { major: 8, minor: 9 } }).hns.v2Api!);
});
