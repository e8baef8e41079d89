/** The front ends over the HNS layer (nerdctl, HNS cmdlets, hnsdiag, services): success and failure cases. */
import test from 'ava';
import { parsePrefix } from '../../src/core/model/net.js';
import { nerdctlConflist, readConf } from '../../src/core/simulate/nerdctl.js';
import { runSimCases } from '../helpers/sim-cases.js';
import { HNS_CASES } from './hns-cases.js';

runSimCases(HNS_CASES);

test('the conflist nerdctl writes reads back as the same network', (t) => {
  const text = nerdctlConflist('app', 'f'.repeat(64), parsePrefix('10.5.0.0/24')!, '10.5.0.1');
  const j = JSON.parse(text) as { name: string; plugins: { type: string; ipam: { subnet: string } }[] };
  t.is(j.name, 'app');
  t.is(j.plugins[0]!.type, 'nat');
  const n = readConf('C:\\x', { name: 'nerdctl-app.conflist', text })!;
  t.deepEqual([n.name, n.type, n.subnet?.text, n.gateway], ['app', 'nat', '10.5.0.0/24', '10.5.0.1']);
});

test('confs in other shapes: a single-plugin conf, keys in other case, ranges, a BOM; broken JSON is skipped', (t) => {
  const single = readConf('d', { name: '0-containerd-nat.conf', text: '\uFEFF{"cniVersion":"0.2.0","Name":"nat","Type":"nat","ipam":{"Subnet":"10.0.0.0/16","routes":[{"GateWay":"10.0.0.1"}]}}' })!;
  t.deepEqual([single.name, single.type, single.subnet?.text, single.gateway], ['nat', 'nat', '10.0.0.0/16', '10.0.0.1']);
  const ranges = readConf('d', { name: 'x.conflist', text: '{"name":"r","plugins":[{"type":"sdnbridge","ipam":{"ranges":[[{"subnet":"10.9.0.0/24","gateway":"10.9.0.1"}]]}}]}' })!;
  t.deepEqual([ranges.type, ranges.subnet?.text, ranges.gateway], ['sdnbridge', '10.9.0.0/24', '10.9.0.1']);
  t.is(readConf('d', { name: 'bad.conf', text: '{ "name": "x", ' }), undefined);
  t.is(readConf('d', { name: 'noname.conf', text: '{"type":"nat"}' }), undefined);
});
