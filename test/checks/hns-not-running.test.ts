import test from 'ava';
import { hnsNotRunning } from '../../src/core/checks/hns-not-running.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { DISABLED, START_PENDING, STOPPED, combine, dropService, setService } from '../helpers/capture-edits.js';

/** A host with no container networks: only docker's `none` and no containers or HNS networks. */
function noContainerNetworking(raw: RawCapture): void {
  raw['hnsNetworks'] = [];
  raw['hnsEndpoints'] = [];
  raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver === 'null');
  raw['docker'].containers = [];
}

testCheck(test, hnsNotRunning, {
  valid: [
    { name: 'WS2016: hns running', baseline: 'healthy-ws2016' },
    { name: 'WS2019: hns running', baseline: 'healthy-ws2019' },
    { name: 'WS2022: hns running', baseline: 'healthy-ws2022' },
    { name: 'Windows 11 with Docker Desktop: hns running', baseline: 'healthy-win11' },
    { name: 'hns stopped on a host with no container networks (Manual start, not started yet)', baseline: 'healthy-ws2019', patch: combine(setService('hns', STOPPED), noContainerNetworking) },
    {
      name: "hns stopped on a client whose only HNS network is the Default Switch's ICS network",
      baseline: 'healthy-win11',
      patch: combine(setService('hns', STOPPED), (raw) => {
        raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Type: string }) => n.Type === 'ICS');
        raw['hnsEndpoints'] = [];
        raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver !== 'nat');
        raw['docker'].containers = [];
      }),
    },
    {
      name: 'Docker Desktop in Linux mode does not use HNS',
      baseline: 'healthy-win11',
      patch: combine(setService('hns', STOPPED), (raw) => { raw['docker'].info.OSType = 'linux'; }),
    },
    { name: 'hns not installed at all', baseline: 'healthy-ws2019', patch: combine(dropService('hns'), noContainerNetworking) },
    {
      name: 'neither HNS nor docker readable and no engine installed: nothing says containers are meant here',
      baseline: 'healthy-ws2019',
      patch: combine(setService('hns', STOPPED), dropService('docker'), (raw) => { delete raw['hnsNetworks']; delete raw['hnsEndpoints']; delete raw['docker']; }),
    },
  ],
  invalid: [
    {
      name: 'WS2019: hns stopped with nat and transparent networks and containers',
      baseline: 'healthy-ws2019',
      patch: setService('hns', STOPPED),
      findings: [{ severity: 'error', subjects: ['hns'], message: ["'hns'", 'Stopped', "'nat'", "'ext'", '3 containers (3 running)'], minFixes: 3 }],
    },
    {
      name: 'hns disabled: the fix re-enables it first',
      baseline: 'healthy-ws2022',
      patch: setService('hns', STOPPED, DISABLED),
      findings: [{ severity: 'error', message: ['start type Disabled'] }],
    },
    {
      name: 'Docker Desktop host: restart offered for com.docker.service',
      baseline: 'healthy-win11',
      patch: setService('hns', STOPPED),
      findings: [{ severity: 'error', message: ["'nat'", '2 containers'] }],
    },
    {
      name: 'still starting when captured: warning',
      baseline: 'healthy-ws2016',
      patch: setService('hns', START_PENDING),
      findings: [{ severity: 'warning', message: ['StartPending', 'still starting'] }],
    },
    {
      name: 'only HNS networks left (docker not captured): the collector error is quoted',
      baseline: 'healthy-ws2019',
      patch: combine(setService('hns', STOPPED), (raw) => {
        delete raw['docker'];
        raw['hnsEndpoints'] = [];
        raw['collectorErrors'] = [{ key: 'hnsEndpoints', command: 'Get-HnsEndpoint', message: 'The Host Network Service is not running.' }];
        delete raw['hnsEndpoints'];
      }),
      findings: [{ severity: 'error', message: ['2 HNS networks', 'The Host Network Service is not running.'] }],
    },
    {
      name: 'neither HNS nor docker readable while the engine service is installed: warning',
      baseline: 'healthy-ws2022',
      patch: combine(setService('hns', STOPPED), setService('docker', STOPPED), (raw) => {
        delete raw['hnsNetworks'];
        delete raw['hnsEndpoints'];
        delete raw['docker'];
        raw['collectorErrors'] = [{ key: 'hnsNetworks', command: 'Get-HnsNetwork', message: 'hnsCall failed in Win32: The service has not been started. (0x426)' }];
      }),
      findings: [{ severity: 'warning', message: ["engine service 'docker' is installed", 'cannot show which networks exist', '(0x426)'] }],
    },
  ],
});

test('WCN103 fixes: a Disabled hns is set back to Manual before it is started', (t) => {
  const [f] = findingsOf(hnsNotRunning, 'healthy-ws2022', setService('hns', STOPPED, DISABLED));
  t.deepEqual(f?.fixes[0]?.commands, ["Set-Service -Name 'hns' -StartupType 'Manual'", "Start-Service -Name 'hns'"]);
});

test("WCN103 fixes: on Docker Desktop the engine restart names com.docker.service, on a server 'docker'", (t) => {
  const [desktop] = findingsOf(hnsNotRunning, 'healthy-win11', setService('hns', STOPPED));
  t.deepEqual(desktop?.fixes.at(-1)?.commands, ["Restart-Service -Name 'com.docker.service'"]);
  const [server] = findingsOf(hnsNotRunning, 'healthy-ws2019', setService('hns', STOPPED));
  t.deepEqual(server?.fixes[0]?.commands, ["Start-Service -Name 'hns'"]);
  t.deepEqual(server?.fixes.at(-1)?.commands, ["Restart-Service -Name 'docker'"]);
  t.is(server?.fixes.at(-1)?.risk, 'disruptive');
});
