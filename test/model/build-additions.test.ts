import test from 'ava';
import { modelOf, rawSample } from '../helpers/captures.js';

test('excluded port ranges say which were reserved by an administrator, and where they were read', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2019'));
  const tcp = model.excludedPortRanges.filter((r) => r.protocol === 'tcp');
  t.deepEqual(tcp.map((r) => [r.start, r.end, r.administered]), [[5985, 5985, false], [47001, 47001, false], [50000, 50059, true]]);
  const raw = rawSample('healthy-ws2019');
  const last = tcp[2]!;
  t.regex(String(raw['excludedPortRanges'][Number(last.pointer!.split('/')[2])]), /50000\s+50059\s+\*/);
});

test('parsed excluded port ranges keep their own pointer', (t) => {
  const raw = rawSample('healthy-ws2022');
  raw['excludedPortRanges'] = [{ Protocol: 'udp', StartPort: 5000, EndPort: 5010 }];
  const { model } = modelOf(raw);
  t.deepEqual(model.excludedPortRanges.map((r) => [r.protocol, r.start, r.end, r.administered ?? false, r.pointer]), [['udp', 5000, 5010, false, '/excludedPortRanges/0']]);
});

test('routes are joined to the adapter they leave through, by index or by alias', (t) => {
  const raw = rawSample('healthy-win11');
  raw['netRoutes'].push({ InterfaceAlias: 'Ethernet', DestinationPrefix: '10.0.0.0/8', NextHop: '192.168.178.254', RouteMetric: 5 });
  raw['netRoutes'].push({ InterfaceAlias: 'Nowhere', InterfaceIndex: 999, DestinationPrefix: '10.9.0.0/16', NextHop: '0.0.0.0' });
  const { model } = modelOf(raw);
  t.is(model.routes.length, 4);
  const v4default = model.routes.find((r) => r.destinationText === '0.0.0.0/0');
  t.is(v4default?.adapter?.name, 'Wi-Fi');
  t.is(v4default?.destination?.length, 0);
  t.is(v4default?.nextHop, '192.168.178.1');
  const corp = model.routes.find((r) => r.destinationText === '10.0.0.0/8');
  t.is(corp?.adapter?.name, 'Ethernet');
  t.is(corp?.destination?.text, '10.0.0.0/8');
  t.is(model.routes.find((r) => r.destinationText === '10.9.0.0/16')?.adapter, undefined);
});

test('platform flags for the nat network display and vNIC naming follow the build', (t) => {
  const flags = (b: string) => {
    const { model } = modelOf(rawSample(b));
    return [model.platform.natSubnetMayShowUnset, model.platform.natVnicNamedAfterSwitch];
  };
  t.deepEqual(flags('healthy-ws2016'), [false, false]);
  t.deepEqual(flags('healthy-ws2019'), [true, true]);
  t.deepEqual(flags('healthy-win11'), [true, true]);
});
