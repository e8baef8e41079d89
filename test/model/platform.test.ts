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
