import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { rawSample } from '../helpers/captures.js';

const unknownRead = (issues: readonly { message: string }[]) => issues.filter((i) => /it is read as unknown/.test(i.message));

test('an address or prefix that does not parse is a warning naming the key, the field and its pointer; the item is kept', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  raw['ipRoutes'] = [{ DestinationPrefix: '10.0.0.0/33', NextHop: 'x', InterfaceAlias: 'Ethernet' }, ...raw['ipRoutes']];
  raw['netIPAddresses'][0].IPAddress = '999.1.1.1';
  raw['hnsNetworks'][0].Subnets = [{ AddressPrefix: '10.244.1.0/40', GatewayAddress: '10.244.1.1' }];
  const { capture, issues } = ingestCapture(raw, 'node.json');
  const bad = unknownRead(issues).map((i) => `${(i as { key?: string }).key} ${(i as { pointer?: string }).pointer}`).sort();
  t.deepEqual(bad, [
    'hnsNetworks /hnsNetworks/0',
    'ipRoutes /ipRoutes/0/DestinationPrefix',
    'ipRoutes /ipRoutes/0/NextHop',
    'netIPAddresses /netIPAddresses/0/IPAddress',
  ]);
  t.true(issues.every((i) => i.file === 'node.json' && (!/read as unknown/.test(i.message) || i.severity === 'warning')));
  t.is(capture.ipRoutes?.[0]?.InterfaceAlias, 'Ethernet', 'the route is kept');
});

test('valid addresses raise nothing: IPv6 with a zone, on-link next hops, default routes, every bundled sample', (t) => {
  const raw = rawSample('healthy-ws2022');
  raw['netRoutes'] = [{ DestinationPrefix: '::/0', NextHop: 'fe80::1%12' }, { DestinationPrefix: '0.0.0.0/0', NextHop: '0.0.0.0' }];
  t.deepEqual(unknownRead(ingestCapture(raw, 'x.json').issues), []);
  for (const name of ['healthy-ws2016', 'healthy-ws2019', 'healthy-aks-azurecni', 'healthy-calico', 'healthy-ws2025-containerd', 'demo']) {
    t.deepEqual(unknownRead(ingestCapture(rawSample(name), `${name}.json`).issues), [], name);
  }
});
