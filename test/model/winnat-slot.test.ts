/** The single WinNAT slot of builds before 15063: one rule, read by the checks and the simulator. */
import test from 'ava';
import { winnatSlot, winnatSlotHolders } from '../../src/core/model/derived/winnat.js';
import { modelOf, rawSample } from '../helpers/captures.js';

test('14393 with docker\'s NAT: the container NAT, its partitions, no holder', (t) => {
  const raw = rawSample('cases/nat-outside-winnat-prefix/broken');
  raw['hnsNetworks'].push({ ID: '22222222-2222-3333-4444-555555555555', Name: 'part', Type: 'nat', Subnets: [{ AddressPrefix: '172.29.84.0/24', GatewayAddress: '172.29.84.1' }] });
  const slot = winnatSlot(modelOf(raw).model)!;
  t.is(slot.containerNat?.name, 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31');
  t.is(slot.occupant, slot.containerNat);
  t.deepEqual(slot.holders, []);
  t.deepEqual(slot.partitions.map((p) => p.text), ['172.29.84.0/24'], 'the default nat spanning the prefix and the outside 172.16.2.0/24 are no partitions');
});

test('14393 with a stray NAT: it holds the slot; on later builds there is no slot', (t) => {
  const { model } = modelOf(rawSample('cases/winnat-slot-taken/broken'));
  const slot = winnatSlot(model)!;
  t.is(slot.containerNat, undefined);
  t.deepEqual(slot.holders.map((n) => n.name), ['LabNAT']);
  t.deepEqual(slot.holders, winnatSlotHolders(model));
  t.is(slot.occupant?.name, 'LabNAT');
  t.is(winnatSlot(modelOf(rawSample('healthy-ws2019')).model), undefined);
  t.is(winnatSlot(modelOf(rawSample('healthy-ws2025-containerd')).model), undefined);
});
