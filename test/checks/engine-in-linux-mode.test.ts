import test from 'ava';
import { engineInLinuxMode } from '../../src/core/checks/engine-in-linux-mode.js';
import { testCheck } from '../helpers/check-tester.js';
import { runChecks } from '../../src/core/engine.js';
import { findingsOf, modelOf, rawSample, type RawCapture } from '../helpers/captures.js';

/** Docker Desktop after "Switch to Linux containers": the WSL 2 engine answers, with Linux networks. */
function desktopLinuxMode(raw: RawCapture): void {
  Object.assign(raw['docker'].info, { OSType: 'linux', OperatingSystem: 'Docker Desktop', KernelVersion: '5.15.153.1-microsoft-standard-WSL2', Isolation: '' });
  raw['docker'].version.Server.Os = 'linux';
  raw['docker'].networks = [
    { Name: 'bridge', Id: '5f0e1c7b2a9d', Driver: 'bridge', Scope: 'local', IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] }, Options: {} },
    { Name: 'host', Id: '8c2d4e6f1a3b', Driver: 'host', Scope: 'local', IPAM: { Driver: 'default', Config: [] }, Options: {} },
    { Name: 'none', Id: '1b3d5f7a9c2e', Driver: 'null', Scope: 'local', IPAM: { Driver: 'default', Config: [] }, Options: {} },
  ];
  raw['docker'].containers = [];
}

/** A server whose CLI points at a remote Linux engine. */
function remoteLinuxEngine(raw: RawCapture): void {
  Object.assign(raw['docker'].info, { OSType: 'linux', OperatingSystem: 'Ubuntu 22.04.4 LTS', ServerVersion: '26.1.3' });
}

/** docker info timed out in the collector; docker version answered, from the Linux engine. */
function linuxByVersionOnly(raw: RawCapture): void {
  delete raw['docker'].info;
  raw['docker'].version.Server.Os = 'linux';
  raw['collectorErrors'] = [{ key: 'docker.info', command: "docker info --format '{{json .}}'", message: "'docker info' did not answer within 60 seconds." }];
}

testCheck(test, engineInLinuxMode, {
  valid: [
    { name: 'WS2016: Windows engine', baseline: 'healthy-ws2016' },
    { name: 'WS2019: Windows engine', baseline: 'healthy-ws2019' },
    { name: 'WS2022: Windows engine', baseline: 'healthy-ws2022' },
    { name: 'Windows 11: Docker Desktop in Windows containers mode', baseline: 'healthy-win11' },
    { name: "OSType written as 'Windows'", baseline: 'healthy-win11', patch: (raw) => { raw['docker'].info.OSType = 'Windows'; } },
    { name: 'no OSType in docker info, docker version says windows', baseline: 'healthy-ws2022', patch: (raw) => { delete raw['docker'].info.OSType; } },
    { name: 'docker info not captured, docker version says windows', baseline: 'healthy-ws2022', patch: (raw) => { delete raw['docker'].info; } },
  ],
  invalid: [
    {
      name: 'Windows 11: Docker Desktop switched to Linux containers',
      baseline: 'healthy-win11',
      patch: desktopLinuxMode,
      findings: [{ severity: 'error', message: ["OSType 'linux'", 'Docker Desktop', 'Linux containers mode', 'plugin "nat" not found'] }],
    },
    {
      name: "OSType written as 'Linux'",
      baseline: 'healthy-win11',
      patch: (raw) => { raw['docker'].info.OSType = 'Linux'; },
      findings: [{ severity: 'error' }],
    },
    {
      name: "docker info not captured (the collector's error), docker version's Server half says linux",
      baseline: 'healthy-win11',
      patch: linuxByVersionOnly,
      findings: [{ severity: 'error', message: ["'docker version' reports the server's Os 'linux'", "'docker info' could not be read", 'engine 27.3.1', 'plugin "nat" not found'] }],
    },
    {
      name: 'docker info came back with ServerErrors only, docker version says linux',
      baseline: 'healthy-win11',
      patch: (raw) => {
        raw['docker'].info = { ServerErrors: ['error during connect: this error may indicate that the docker daemon is not running'] };
        raw['docker'].version.Server.Os = 'linux';
      },
      findings: [{ severity: 'error', message: ["Os 'linux'"] }],
    },
    {
      name: 'WS2019: the CLI talks to a remote Linux engine',
      baseline: 'healthy-ws2019',
      patch: remoteLinuxEngine,
      findings: [{ severity: 'error', message: ['Ubuntu 22.04.4 LTS', 'engine 26.1.3', 'DOCKER_HOST'] }],
    },
  ],
});

test('WCN107 fixes: Docker Desktop switches engines (disruptive); a server resets the CLI target (safe)', (t) => {
  const [desktop] = findingsOf(engineInLinuxMode, 'healthy-win11', desktopLinuxMode);
  t.is(desktop?.fixes.length, 1);
  t.is(desktop?.fixes[0]?.risk, 'disruptive');
  t.regex(desktop?.fixes[0]?.commands[0] ?? '', /DockerCli\.exe'\) -SwitchWindowsEngine$/);
  t.is(desktop?.fixes[0]?.verify, "docker info --format '{{.OSType}}'");
  const [server] = findingsOf(engineInLinuxMode, 'healthy-ws2019', remoteLinuxEngine);
  t.is(server?.fixes[0]?.risk, 'safe');
  t.deepEqual(server?.fixes[0]?.commands, ["Remove-Item -Path 'Env:DOCKER_HOST' -ErrorAction 'SilentlyContinue'", "docker context use 'default'"]);
});

test('WCN107: with info refused and a docker version without its Server half (the client alone), the engine is unseen: not applicable', (t) => {
  const raw = rawSample('healthy-win11');
  raw['docker'].info = { ServerErrors: ['error during connect'] };
  raw['docker'].version.Server = null;
  raw['docker'].version.Client.Os = 'linux';
  const { results } = runChecks(modelOf(raw).model, [engineInLinuxMode]);
  t.is(results[0]?.status, 'not-applicable');
  t.regex(results[0]?.reason ?? '', /'docker\.engine' was not captured.*docker version/);
});
