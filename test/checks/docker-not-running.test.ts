import test from 'ava';
import { dockerNotRunning } from '../../src/core/checks/docker-not-running.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { DISABLED, RUNNING, STOPPED, combine, dropService, setService } from '../helpers/capture-edits.js';

const PIPE = 'error during connect: this error may indicate that the docker daemon is not running: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/info": open //./pipe/docker_engine: The system cannot find the file specified.';

/** What the collector leaves when the CLI exists but no engine answers: daemonConfig only, and one error per part. */
function engineSilent(message: string) {
  return (raw: RawCapture): void => {
    raw['docker'] = { daemonConfig: raw['docker'].daemonConfig ?? null };
    raw['collectorErrors'] = ['info', 'version', 'networks', 'containers'].map((p) => ({ key: `docker.${p}`, command: `docker ${p}`, message }));
  };
}

/**
 * What a stopped daemon leaves when the collector records what the client
 * printed: `docker info` exits 0 with empty server fields and ServerErrors,
 * `docker version` has a Client part only.
 */
function clientOnly(message: string) {
  return (raw: RawCapture): void => {
    raw['docker'] = {
      info: { ID: '', Name: '', ServerVersion: '', OSType: '', ServerErrors: [message] },
      version: { Client: { Version: '27.3.1', Os: 'windows' } },
      daemonConfig: raw['docker'].daemonConfig ?? null,
    };
  };
}

/** What the collector leaves when there is neither a CLI nor a daemon.json. */
function noDockerAtAll(raw: RawCapture): void {
  delete raw['docker'];
  raw['collectorErrors'] = [{ key: 'docker', command: 'docker', message: 'The docker CLI was not found on the PATH. No daemon.json either: docker is not installed, or not in the default location.' }];
}

testCheck(test, dockerNotRunning, {
  valid: [
    { name: 'WS2016: docker running and answering', baseline: 'healthy-ws2016' },
    { name: 'WS2019: docker running and answering', baseline: 'healthy-ws2019' },
    { name: 'WS2022: docker running and answering', baseline: 'healthy-ws2022' },
    { name: 'Windows 11: com.docker.service running, engine answering', baseline: 'healthy-win11' },
    { name: 'service stopped but the engine answered (dockerd started by hand)', baseline: 'healthy-ws2019', patch: setService('docker', STOPPED) },
    { name: 'Docker Desktop answered with its service stopped', baseline: 'healthy-win11', patch: setService('com.docker.service', STOPPED) },
    { name: 'a hand-made capture without docker: a running service is not judged', baseline: 'healthy-ws2022', patch: (raw) => { delete raw['docker']; } },
    { name: 'service running, only the CLI is missing from PATH', baseline: 'healthy-ws2019', patch: engineSilent('The docker CLI was not found on the PATH.') },
    { name: 'no engine service and docker never looked for', baseline: 'healthy-ws2019', patch: combine(dropService('docker'), (raw) => { delete raw['docker']; }) },
  ],
  invalid: [
    {
      name: 'WS2019: docker stopped, the pipe is missing',
      baseline: 'healthy-ws2019',
      patch: combine(setService('docker', STOPPED), engineSilent(PIPE)),
      findings: [{ severity: 'error', subjects: ['docker'], message: ["Service 'docker' is Stopped (start type Automatic)", '//./pipe/docker_engine', 'The system cannot find the file specified'], minFixes: 2 }],
    },
    {
      name: 'docker info with ServerErrors is a daemon that did not answer, never a running engine',
      baseline: 'healthy-ws2019',
      patch: combine(setService('docker', STOPPED), clientOnly(PIPE)),
      findings: [{ severity: 'error', subjects: ['docker'], message: ["Service 'docker' is Stopped", 'docker info says', '//./pipe/docker_engine'], minFixes: 2 }],
    },
    {
      name: 'ServerErrors with the service running: the engine hangs or access was denied',
      baseline: 'healthy-ws2022',
      patch: clientOnly('Access is denied.'),
      findings: [{ severity: 'warning', subjects: ['docker'], message: ['Running', 'did not answer', 'Access is denied.'] }],
    },
    {
      name: 'WS2016: docker disabled, no docker section at all',
      baseline: 'healthy-ws2016',
      patch: combine(setService('docker', STOPPED, DISABLED), (raw) => { delete raw['docker']; }),
      findings: [{ severity: 'error', message: ['start type Disabled', 'no docker section'] }],
    },
    {
      name: 'Windows 11: Docker Desktop stopped',
      baseline: 'healthy-win11',
      patch: combine(setService('com.docker.service', STOPPED), engineSilent(PIPE)),
      findings: [{ severity: 'error', subjects: ['com.docker.service'], message: ["'com.docker.service' is Stopped"] }],
    },
    {
      name: 'service running but the engine does not answer: warning',
      baseline: 'healthy-ws2022',
      patch: engineSilent('Access is denied.'),
      findings: [{ severity: 'warning', subjects: ['docker'], message: ['Running', 'did not answer', 'Access is denied.'] }],
    },
    {
      name: 'no engine service and no CLI: warning (containerd hosts have none by design)',
      baseline: 'healthy-ws2019',
      patch: combine(dropService('docker'), noDockerAtAll),
      findings: [{ severity: 'warning', subjects: ['CTRHOST19A'], message: ["Neither service 'docker' nor", 'not found on the PATH', 'containerd'] }],
    },
  ],
});

test('WCN106 fixes: Disabled docker is set to Automatic and started; Docker Desktop is started as an app', (t) => {
  const [server] = findingsOf(dockerNotRunning, 'healthy-ws2016', combine(setService('docker', STOPPED, DISABLED), (raw) => { delete raw['docker']; }));
  t.deepEqual(server?.fixes[0]?.commands, ["Set-Service -Name 'docker' -StartupType 'Automatic'", "Start-Service -Name 'docker'"]);
  t.is(server?.fixes[0]?.verify, "docker version --format '{{.Server.Os}}'");
  const [desktop] = findingsOf(dockerNotRunning, 'healthy-win11', combine(setService('com.docker.service', STOPPED), engineSilent(PIPE)));
  t.is(desktop?.fixes[0]?.commands[0], "Start-Service -Name 'com.docker.service'");
  t.regex(desktop?.fixes[0]?.commands[1] ?? '', /^Start-Process -FilePath .*Docker Desktop\.exe/);
});

test('WCN106 a running engine service that does not answer is restarted', (t) => {
  const [f] = findingsOf(dockerNotRunning, 'healthy-ws2022', combine(setService('docker', RUNNING), engineSilent('Access is denied.')));
  t.deepEqual(f?.fixes.map((x) => x.commands), [["Restart-Service -Name 'docker'"]]);
});
