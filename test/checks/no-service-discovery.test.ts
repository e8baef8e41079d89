import test from 'ava';
import { noServiceDiscovery } from '../../src/core/checks/no-service-discovery.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { addContainer } from '../helpers/capture-edits.js';

const ctr = (raw: RawCapture, name: string) => raw['docker'].containers.find((c: { Name: string }) => c.Name === `/${name}`);

/** A transparent network 'lan' (10.50.0.0/24), as docker shows one that HNS gives DHCP addresses on. */
function addLan(raw: RawCapture, name = 'lan'): void {
  raw['docker'].networks.push({
    Name: name, Id: 'f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff00', Scope: 'local', Driver: 'transparent', EnableIPv6: false,
    IPAM: { Driver: 'windows', Options: null, Config: [{ Subnet: '10.50.0.0/24', Gateway: '10.50.0.1' }] },
    Internal: false, Containers: {}, Options: { 'com.docker.network.windowsshim.hnsid': '7D5C3B1A-0F2E-4D6C-8B9A-1C2D3E4F5A6B' },
  });
}

const ID1 = '1111aaaa2222bbbb3333cccc4444dddd5555eeee6666ffff7777aaaa8888bbbb';
const ID2 = '2222bbbb3333cccc4444dddd5555eeee6666ffff7777aaaa8888bbbb9999cccc';

testCheck(test, noServiceDiscovery, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019: one container alone on the transparent network', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022: two l2bridge containers with static addresses', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    {
      name: 'two DHCP containers on a transparent network that also share the nat network',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        addLan(raw);
        addContainer(raw, { id: ID1, name: 'front', networks: { lan: { ip: '10.50.0.21' }, nat: { ip: '172.23.70.21' } } });
        addContainer(raw, { id: ID2, name: 'back', networks: { lan: { ip: '10.50.0.22' }, nat: { ip: '172.23.70.22' } } });
      },
    },
    {
      name: 'a network alias on a container that is alone on the network',
      baseline: 'healthy-ws2019',
      patch: (raw) => { ctr(raw, 'legacy-erp').NetworkSettings.Networks.ext.Aliases = ['22a2555fce5d', 'erp']; },
    },
    {
      name: 'l2bridge containers that got no address at all talk to nobody there',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        for (const n of ['app-blue', 'app-green']) {
          const att = ctr(raw, n).NetworkSettings.Networks.l2b;
          att.IPAMConfig = null;
          att.IPAddress = '';
        }
        for (const c of Object.values(raw['docker'].networks.find((x: { Name: string }) => x.Name === 'l2b').Containers) as { IPv4Address: string }[]) c.IPv4Address = '';
      },
    },
    {
      name: 'two DHCP containers on a nat network resolve each other',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addContainer(raw, { id: ID1, name: 'worker', networks: { nat: { ip: '172.26.48.30' } } }); },
    },
  ],
  invalid: [
    {
      name: 'an l2bridge container without a static address',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ctr(raw, 'app-green').NetworkSettings.Networks.l2b.IPAMConfig = null; },
      findings: [{
        severity: 'warning', subjects: ['l2b', 'app-blue', 'app-green'],
        message: ["Docker network 'l2b' (l2bridge) has no service discovery", "'app-green' (10.40.0.102) has no static address"],
      }],
    },
    {
      name: 'a DHCP container beside the static one on WS2019 (hot-add: a safe fix)',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addContainer(raw, { id: ID1, name: 'erp-worker', networks: { ext: { ip: '10.20.31.77' } } }); },
      findings: [{ subjects: ['ext', 'legacy-erp', 'erp-worker'], message: ["'erp-worker' (10.20.31.77)"] }],
    },
    {
      name: 'a link between two static l2bridge containers',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ctr(raw, 'app-blue').HostConfig.Links = ['/app-green:/app-blue/green']; },
      findings: [{ subjects: ['l2b', 'app-blue', 'app-green'], message: ["'app-blue' links to 'app-green' as 'green'"] }],
    },
    {
      name: 'a network alias that the other l2bridge container cannot resolve',
      baseline: 'healthy-ws2022',
      patch: (raw) => { ctr(raw, 'app-blue').NetworkSettings.Networks.l2b.Aliases = ['96631a0029c6', 'api']; },
      findings: [{ subjects: ['app-blue', 'app-green'], message: ["'app-blue' has the network alias 'api' on it, which 'app-green' cannot resolve"] }],
    },
    {
      name: 'WS2016: no hot-add, so the containers restart',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        addLan(raw);
        addContainer(raw, { id: ID1, name: 'front', networks: { lan: { ip: '10.50.0.21' } } });
        addContainer(raw, { id: ID2, name: 'back', networks: { lan: { ip: '10.50.0.22' } } });
      },
      findings: [{ subjects: ['lan', 'front', 'back'], message: ["'front' and 'back' share it"] }],
    },
    {
      name: 'Windows 11: Hyper-V isolated containers restart',
      baseline: 'healthy-win11',
      patch: (raw) => {
        addLan(raw);
        addContainer(raw, { id: ID1, name: 'front', isolation: 'hyperv', networks: { lan: { ip: '10.50.0.21' } } });
        addContainer(raw, { id: ID2, name: 'back', isolation: 'hyperv', networks: { lan: { ip: '10.50.0.22', aliases: ['db'] } } });
      },
      findings: [{ subjects: ['lan', 'front', 'back'], message: ["'back' has the network alias 'db'"] }],
    },
    {
      name: 'hostile container and alias names still give parseable fixes',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        addLan(raw, "lan'; Stop-Computer #");
        addContainer(raw, { id: ID1, name: "a$(calc)", networks: { "lan'; Stop-Computer #": { ip: '10.50.0.21', aliases: ["x'); rm -r /; ('"] } } });
        addContainer(raw, { id: ID2, name: 'b`"', networks: { "lan'; Stop-Computer #": { ip: '10.50.0.22' } } });
      },
      findings: [{ subjects: ["lan'; Stop-Computer #", 'a$(calc)', 'b`"'] }],
    },
  ],
});

test('the first fix clears the finding: after connecting to nat the containers share service discovery', async (t) => {
  const { rawSample, modelOf } = await import('../helpers/captures.js');
  const { runChecks } = await import('../../src/core/engine.js');
  const raw = rawSample('healthy-ws2016');
  addLan(raw);
  addContainer(raw, { id: ID1, name: 'front', networks: { lan: { ip: '10.50.0.21' } } });
  addContainer(raw, { id: ID2, name: 'back', networks: { lan: { ip: '10.50.0.22' } } });
  const before = runChecks(modelOf(raw).model, [noServiceDiscovery]).findings;
  t.is(before.length, 1);
  const cmds = before[0]!.fixes[0]!.commands;
  t.deepEqual(cmds, [
    "docker stop 'front'", "docker network connect 'nat' 'front'", "docker start 'front'",
    "docker stop 'back'", "docker network connect 'nat' 'back'", "docker start 'back'",
  ]);
  // Apply what the commands do to the capture: both containers join 'nat'.
  const raw2 = rawSample('healthy-ws2016');
  addLan(raw2);
  addContainer(raw2, { id: ID1, name: 'front', networks: { lan: { ip: '10.50.0.21' }, nat: { ip: '172.29.80.21' } } });
  addContainer(raw2, { id: ID2, name: 'back', networks: { lan: { ip: '10.50.0.22' }, nat: { ip: '172.29.80.22' } } });
  t.deepEqual(runChecks(modelOf(raw2).model, [noServiceDiscovery]).findings, []);
});
