import test from 'ava';
import { engineBefore, networksLostAfterReboot, parseEngineVersion } from '../../src/core/checks/networks-lost-after-reboot.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { addHnsNetwork, combine, setBuild } from '../helpers/capture-edits.js';

/** A docker-free Kubernetes node moved back to an early Windows Server 2019 build. */
const early2019 = (raw: RawCapture) => { setBuild(raw, 17763, 253); };
/** A transparent network made through HNS directly (New-HnsNetwork): nothing makes it again after a reboot. */
const manualTransparent = (raw: RawCapture) => {
  addHnsNetwork(raw, { id: '2E3F4A5B-6C7D-4E8F-9A0B-1C2D3E4F5A6B', name: 'vlan-apps', type: 'Transparent', adapterName: 'Ethernet', subnet: '10.10.20.0/24', gateway: '10.10.20.1' });
};

const ubr = (n: number) => (raw: RawCapture) => { raw['os'].UBR = n; };
const engine = (v: string) => (raw: RawCapture) => {
  raw['docker'].info.ServerVersion = v;
  raw['docker'].version.Server.Version = v;
};
/** Only the default networks left: nat and none. */
const onlyDefaults = (raw: RawCapture) => {
  raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => ['nat', 'none'].includes(n.Name));
};

testCheck(test, networksLostAfterReboot, {
  valid: [
    { name: 'healthy WS2016 (an 18.09 engine is fine on 14393)', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019 17763.5830', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    { name: '17763.348 has the fix', baseline: 'healthy-ws2019', patch: ubr(348) },
    { name: '17763.253 with only nat and none', baseline: 'healthy-ws2019', patch: combine(ubr(253), onlyDefaults) },
    { name: '17763 with an unknown UBR is not judged', baseline: 'healthy-ws2019', patch: (raw) => { delete raw['os'].UBR; } },
    { name: 'engine 18.09.3 on 17763', baseline: 'healthy-ws2019', patch: engine('18.09.3') },
    { name: 'an engine version that is not a version', baseline: 'healthy-ws2019', patch: engine('master-dockerproject-2019-02-01') },
    { name: 'a flannel node on 17763.253: its overlay network is made again by flanneld', baseline: 'healthy-kubeadm-flannel', patch: early2019 },
    { name: "an AKS node on 17763.253: Azure CNI makes 'azure' (l2bridge) again from its conf", baseline: 'healthy-aks-azurecni', patch: early2019 },
    { name: 'an old engine with no container attached', baseline: 'healthy-ws2019', patch: combine(engine('18.09.1'), (raw) => { raw['docker'].containers = []; }) },
  ],
  invalid: [
    {
      name: 'a docker-free Calico node on 17763.253 with a transparent network made through HNS',
      baseline: 'healthy-calico',
      patch: combine(early2019, manualTransparent),
      findings: [{ severity: 'warning', subjects: ['vlan-apps'], message: ["Network 'vlan-apps' (transparent; HNS, owner: no recognisable owner) is likely to be gone"] }],
    },
    {
      name: 'transparent network on 17763.253',
      baseline: 'healthy-ws2019',
      patch: ubr(253),
      findings: [{ severity: 'warning', subjects: ['ext', 'legacy-erp'], message: ['17763.253', 'below 17763.348 (KB4482887', "Network 'ext' (transparent) is likely", "'legacy-erp'"] }],
    },
    {
      name: 'an early 17763 host with an early engine: two causes, two findings',
      baseline: 'healthy-ws2019',
      patch: combine(ubr(194), engine('18.09.2')),
      findings: [
        { severity: 'warning', subjects: ['ext'] },
        { severity: 'warning', subjects: ['docker engine', 'web-frontend', 'api-backend', 'legacy-erp'], message: ['18.09.2 is older than 18.09.3', 'network <id> not found'] },
      ],
    },
    {
      name: 'an old engine on a patched host',
      baseline: 'healthy-ws2019',
      patch: engine('17.06.2-ee-16'),
      findings: [{ severity: 'warning', message: ['17.06.2-ee-16'] }],
    },
    {
      name: 'a hostile network name stays in the message',
      baseline: 'healthy-ws2019',
      patch: combine(ubr(253), (raw) => { raw['docker'].networks.find((n: { Name: string }) => n.Name === 'ext').Name = "e'; $(Restart-Computer)"; }),
      findings: [{ severity: 'warning', subjects: ["e'; $(Restart-Computer)"] }],
    },
  ],
});

test('engine versions compare by number', (t) => {
  t.deepEqual(parseEngineVersion('18.09.2'), [18, 9, 2]);
  t.deepEqual(parseEngineVersion('17.06.2-ee-16'), [17, 6, 2]);
  t.deepEqual(parseEngineVersion('27.3'), [27, 3, 0]);
  t.is(parseEngineVersion('dev'), undefined);
  t.is(parseEngineVersion(undefined), undefined);
  t.true(engineBefore([18, 9, 2], [18, 9, 3]));
  t.false(engineBefore([18, 9, 3], [18, 9, 3]));
  t.false(engineBefore([18, 9, 11], [18, 9, 3]));
  t.true(engineBefore([17, 12, 9], [18, 9, 3]));
  t.false(engineBefore([19, 3, 0], [18, 9, 3]));
});

test("WCN208 with docker's network list not captured names the transparent network from HNS", (t) => {
  const raw = rawSample('healthy-ws2019');
  ubr(253)(raw);
  delete raw['docker'].networks;
  const [f] = networksLostAfterReboot.run(modelOf(raw).model);
  t.regex(f?.message ?? '', /\(transparent; HNS, owner: docker, the only container runtime/);
  t.true(f?.subjects.some((s) => s.kind === 'hns-network'));
});
