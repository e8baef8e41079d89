/** The front ends over the HNS layer (nerdctl, HNS cmdlets, hnsdiag, services): success and failure cases. */
import test from 'ava';
import { buildModel } from '../../src/core/model/build.js';
import { parsePrefix } from '../../src/core/model/net.js';
import { createHnsNetwork, planHnsNetwork } from '../../src/core/simulate/hns/network.js';
import { capturePolicy } from '../../src/core/simulate/hns/policy-shape.js';
import { nerdctlConflist, readConf } from '../../src/core/simulate/nerdctl.js';
import { initialState } from '../../src/core/simulate/state.js';
import type { StateChange } from '../../src/core/simulate/types.js';
import { runSimCases, simCapture } from '../helpers/sim-cases.js';
import { HNS_CASES } from './hns-cases.js';

runSimCases(HNS_CASES);

test('the conflist nerdctl writes reads back as the same network', (t) => {
  const text = nerdctlConflist('app', 'f'.repeat(64), parsePrefix('10.5.0.0/24')!, '10.5.0.1');
  const j = JSON.parse(text) as { name: string; plugins: { type: string; ipam: { subnet: string } }[] };
  t.is(j.name, 'app');
  t.is(j.plugins[0]!.type, 'nat');
  const n = readConf('C:\\x', { name: 'nerdctl-app.conflist', text })!;
  t.deepEqual([n.name, n.type, n.subnet?.text, n.gateway, n.portMappings], ['app', 'nat', '10.5.0.0/24', '10.5.0.1', false]);
});

test('confs in other shapes: a single-plugin conf, keys in other case, ranges, a BOM; broken JSON is skipped', (t) => {
  const single = readConf('d', { name: '0-containerd-nat.conf', text: '\uFEFF{"cniVersion":"0.2.0","Name":"nat","Type":"nat","ipam":{"Subnet":"10.0.0.0/16","routes":[{"GateWay":"10.0.0.1"}]},"capabilities":{"portMappings":true}}' })!;
  t.deepEqual([single.name, single.type, single.subnet?.text, single.gateway, single.portMappings], ['nat', 'nat', '10.0.0.0/16', '10.0.0.1', true]);
  const ranges = readConf('d', { name: 'x.conflist', text: '{"name":"r","plugins":[{"type":"sdnbridge","ipam":{"ranges":[[{"subnet":"10.9.0.0/24","gateway":"10.9.0.1"}]]}}]}' })!;
  t.deepEqual([ranges.type, ranges.subnet?.text, ranges.gateway], ['sdnbridge', '10.9.0.0/24', '10.9.0.1']);
  t.is(readConf('d', { name: 'bad.conf', text: '{ "name": "x", ' }), undefined);
  t.is(readConf('d', { name: 'noname.conf', text: '{"type":"nat"}' }), undefined);
});

test('the HNS layer: VSID range, overlay per build, and the VSID policy it writes', (t) => {
  const state = initialState(simCapture('healthy-ws2022'));
  const model = buildModel(state.capture);
  const low = planHnsNetwork(state, model, { name: 'ov', type: 'overlay', subnet: parsePrefix('10.0.9.0/24')!, gateway: '10.0.9.1', vsid: 4095 });
  t.false(low.ok);
  if (!low.ok) t.is(low.refusal.knowledge, 'swarm-vxlan-id');
  const good = planHnsNetwork(state, model, { name: 'ov', type: 'overlay', subnet: parsePrefix('10.0.9.0/24')!, gateway: '10.0.9.1', vsid: 4096 });
  t.true(good.ok);
  if (!good.ok) return;
  const changes: StateChange[] = [];
  const id = createHnsNetwork(state, model, good.plan.spec, changes);
  const rec = state.capture.hnsNetworks!.find((h) => h.ID === id)!;
  t.is(rec.Type, 'Overlay');
  t.deepEqual(rec.Policies, [{ Type: 'VSID', VSID: 4096 }].map(capturePolicy));
  const old = initialState(simCapture('healthy-ws2016', (raw) => { raw['os'].UBR = 0; }));
  t.false(buildModel(old.capture).platform.overlaySupported);
  const refused = planHnsNetwork(old, buildModel(old.capture), { name: 'ov', type: 'overlay' });
  t.is(refused.ok ? undefined : refused.refusal.knowledge, 'overlay-build-unsupported');
});
