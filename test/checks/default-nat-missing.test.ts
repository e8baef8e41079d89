import test from 'ava';
import { defaultNatMissing } from '../../src/core/checks/default-nat-missing.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';
import { combine, dockerNetworkRecord } from '../helpers/capture-edits.js';

/** Docker lost its nat network (the HNS network is gone as well). */
function dropNat(raw: RawCapture) {
  raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat');
  raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Type: string }) => n.Type.toLowerCase() !== 'nat');
}

/** No container uses the default network any more. */
function dropDefaultUsers(raw: RawCapture) {
  raw['docker'].containers = raw['docker'].containers.filter((c: { HostConfig: { NetworkMode: string } }) => !['default', 'nat'].includes(c.HostConfig.NetworkMode));
}

const bridgeNone = (raw: RawCapture) => { raw['docker'].daemonConfig = { ...(raw['docker'].daemonConfig ?? {}), bridge: 'none' }; };

testCheck(test, defaultNatMissing, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11 (Docker Desktop)', baseline: 'healthy-win11' },
    { name: '"bridge": "none" on purpose, nothing uses the default network', baseline: 'healthy-ws2019', patch: combine(dropNat, dropDefaultUsers, bridgeNone) },
    { name: 'an engine in Linux mode has no nat at all', baseline: 'healthy-win11', patch: combine(dropNat, (raw) => { raw['docker'].info.OSType = 'linux'; }) },
    {
      name: 'a lab NAT holding the 14393 slot is reported by winnat-slot-taken',
      baseline: 'healthy-ws2016',
      patch: combine(dropNat, (raw) => { raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', Active: true }]; }),
    },
  ],
  invalid: [
    {
      name: 'nat gone on 17763',
      baseline: 'healthy-ws2019',
      patch: dropNat,
      findings: [{ severity: 'error', subjects: ['docker engine', 'web-frontend', 'api-backend'], message: ['network nat not found', "'web-frontend', 'api-backend'", 'recreates nat each time it starts'] }],
    },
    {
      name: 'nat gone on 14393, where it is kept across reboots',
      baseline: 'healthy-ws2016',
      patch: combine(dropNat, (raw) => { raw['netNat'] = []; }),
      findings: [{ severity: 'error', subjects: ['iis-site'], message: ["Container 'iis-site' uses the default network"] }],
    },
    {
      name: 'an HNS nat network docker does not list is named',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat'); },
      findings: [{ severity: 'error', message: ["HNS still has the nat network 'nat'"] }],
    },
    {
      name: "a network of another driver squats the name 'nat'",
      baseline: 'healthy-ws2022',
      patch: combine(dropNat, (raw) => { raw['docker'].networks.push(dockerNetworkRecord('nat', 'transparent', '10.40.0.0/24', '10.40.0.1', 'ABCDEF01-2345-4678-9ABC-DEF012345678')); }),
      findings: [{ severity: 'error', subjects: ['nat'], message: ["driver 'transparent'"] }],
    },
    {
      name: '"bridge": "none" while containers still use the default network is information',
      baseline: 'healthy-ws2019',
      patch: combine(dropNat, bridgeNone),
      findings: [{ severity: 'info', subjects: ['web-frontend', 'api-backend'], message: ['"bridge": "none"', "'web-frontend', 'api-backend'"], minFixes: 1 }],
    },
    {
      name: 'daemon.json not in the capture is said, still an error',
      baseline: 'healthy-ws2022',
      patch: combine(dropNat, (raw) => { delete raw['docker'].daemonConfig; }),
      findings: [{ severity: 'error', message: ['daemon.json is not in the capture'] }],
    },
    {
      name: 'daemon.json unreadable: only a warning',
      baseline: 'healthy-ws2022',
      patch: combine(dropNat, (raw) => {
        delete raw['docker'].daemonConfig;
        raw['collectorErrors'] = [{ key: 'docker.daemonConfig', command: 'Get-Content daemon.json', message: 'Access to the path is denied.' }];
      }),
      findings: [{ severity: 'warning', message: ['could not be read (Access to the path is denied.)'] }],
    },
    {
      name: 'hostile container names stay in the message only',
      baseline: 'healthy-ws2019',
      patch: combine(dropNat, (raw) => { raw['docker'].containers[0].Name = "/x'; $(Stop-Computer); 'y"; }),
      findings: [{ severity: 'error', subjects: ["x'; $(Stop-Computer); 'y"] }],
    },
  ],
});

test('Docker Desktop restarts its own service, and the squatting network goes first', (t) => {
  const raw = rawSample('healthy-win11');
  dropNat(raw);
  raw['docker'].networks.push(dockerNetworkRecord('nat', 'ics', '172.22.224.0/20', '172.22.224.1', 'ABCDEF01-2345-4678-9ABC-DEF012345678'));
  const [f] = defaultNatMissing.run(modelOf(raw).model);
  t.deepEqual(f?.fixes[0]?.commands, ["docker network rm 'nat'", "Restart-Service -Name 'com.docker.service'"]);
});

test('removing "bridge": "none" keeps the rest of daemon.json', (t) => {
  const raw = rawSample('healthy-ws2019');
  dropNat(raw);
  bridgeNone(raw);
  const [f] = defaultNatMissing.run(modelOf(raw).model);
  const cmds = f!.fixes[0]!.commands;
  t.true(cmds.includes("$config.PSObject.Properties.Remove('bridge')"));
  t.true(cmds.some((c) => c.includes('WriteAllText')));
  t.is(cmds[cmds.length - 1], "Restart-Service -Name 'docker'");
});
