import test from 'ava';
import { defaultSwitchIcs } from '../../src/core/checks/default-switch-ics.js';
import { runChecks } from '../../src/core/engine.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, modelOf, type RawCapture, rawSample } from '../helpers/captures.js';
import { addContainer, findDockerNetwork } from '../helpers/capture-edits.js';

const onDefaultSwitch = (name: string, isolation = 'hyperv', running = true) => (raw: RawCapture) => {
  addContainer(raw, { name, network: 'Default Switch', ip: '172.22.230.17', isolation, running });
};

testCheck(test, defaultSwitchIcs, {
  valid: [
    { name: 'WS2016: no ics network', baseline: 'healthy-ws2016' },
    { name: 'WS2019: no ics network', baseline: 'healthy-ws2019' },
    { name: 'WS2022: no ics network', baseline: 'healthy-ws2022' },
    {
      name: 'Windows 11 where docker does not list the Default Switch',
      baseline: 'healthy-win11',
      patch: (raw) => { raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver !== 'ics'); },
    },
  ],
  invalid: [
    {
      name: 'a running Hyper-V isolated container on the Default Switch: warning',
      baseline: 'healthy-win11',
      patch: onDefaultSwitch('web-ics'),
      findings: [{ severity: 'warning', subjects: ['Default Switch', 'web-ics'], message: ["'web-ics' is attached to 'Default Switch'", "Hyper-V's Default Switch", 'Internet Connection Sharing'] }],
    },
    {
      name: 'a localized Default Switch with nothing attached: information',
      baseline: 'healthy-win11',
      patch: (raw) => {
        const n = findDockerNetwork(raw, 'Default Switch');
        n.Name = '기본 스위치';
        n.Options['com.docker.network.windowsshim.networkname'] = '기본 스위치';
        raw['vmSwitches'].find((s: { Name: string }) => s.Name === 'Default Switch').Name = '기본 스위치';
        raw['hnsNetworks'].find((h: { Name: string }) => h.Name === 'Default Switch').Name = '기본 스위치';
      },
      findings: [{ severity: 'info', subjects: ['기본 스위치'], message: ["Hyper-V's Default Switch as network '기본 스위치'", 'No container is attached'], minFixes: 0 }],
    },
    {
      name: 'a hostile container name still yields parseable fixes',
      baseline: 'healthy-win11',
      patch: onDefaultSwitch("c'; Remove-Item -Recurse C:\\; '"),
      findings: [{ severity: 'warning', subjects: ["c'; Remove-Item -Recurse C:\\; '"] }],
    },
  ],
});

test('WCN311 healthy Windows 11: the visible Default Switch is information only', (t) => {
  const { findings } = runChecks(modelOf(rawSample('healthy-win11')).model, [defaultSwitchIcs]);
  t.deepEqual(findings.map((f) => f.severity), ['info']);
  t.is(findings[0]!.subjects[0]!.name, 'Default Switch');
});

test('WCN311 fix: a running Hyper-V isolated container is stopped, moved to nat and started', (t) => {
  const [f] = findingsOf(defaultSwitchIcs, 'healthy-win11', onDefaultSwitch('web-ics'));
  t.deepEqual(f!.fixes[0]!.commands, [
    "docker stop 'web-ics'",
    "docker network disconnect 'Default Switch' 'web-ics'",
    "docker network connect 'nat' 'web-ics'",
    "docker start 'web-ics'",
  ]);
});

test('WCN311 fix: a stopped process-isolated container is only moved', (t) => {
  const [f] = findingsOf(defaultSwitchIcs, 'healthy-win11', onDefaultSwitch('job', 'process', false));
  t.deepEqual(f!.fixes[0]!.commands, ["docker network disconnect 'Default Switch' 'job'", "docker network connect 'nat' 'job'"]);
});
