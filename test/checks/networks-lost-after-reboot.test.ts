import test from 'ava';
import { engineBefore, networksLostAfterReboot, parseEngineVersion } from '../../src/core/checks/networks-lost-after-reboot.js';
import type { RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { combine } from '../helpers/capture-edits.js';

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
    { name: 'an old engine with no container attached', baseline: 'healthy-ws2019', patch: combine(engine('18.09.1'), (raw) => { raw['docker'].containers = []; }) },
  ],
  invalid: [
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
