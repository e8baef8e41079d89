import test from 'ava';
import { containerdNotRunning } from '../../src/core/checks/containerd-not-running.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { combine, RUNNING, STOPPED } from '../helpers/capture-edits.js';

/** A containerd node made from a docker baseline: docker gone, containerd (and optionally kubelet) installed. */
function containerdNode(status: number, startType = 2, kubelet = false) {
  return (raw: RawCapture): void => {
    withoutDocker(raw);
    raw['services'].push({ Name: 'containerd', DisplayName: 'containerd container runtime', Status: status, StartType: startType });
    if (kubelet) raw['services'].push({ Name: 'kubelet', DisplayName: 'kubelet', Status: 4, StartType: 2 });
  };
}

testCheck(test, containerdNotRunning, {
  valid: [
    { name: 'a docker host: containerd not expected', baseline: 'healthy-ws2022' },
    { name: 'containerd running', baseline: 'healthy-ws2022', patch: containerdNode(4) },
    {
      name: 'service stopped, but containerd.exe runs (started outside the service)',
      baseline: 'healthy-ws2022',
      patch: combine(containerdNode(1), (raw) => { raw['kubernetes'] = { processes: [{ Name: 'containerd.exe', ProcessId: 4242, CommandLine: 'containerd.exe --config C:\\containerd\\config.toml' }] }; }),
    },
  ],
  invalid: [
    {
      name: 'a nerdctl host whose containerd service is stopped',
      baseline: 'healthy-ws2022',
      patch: containerdNode(1),
      findings: [{ severity: 'error', subjects: ['containerd'], message: ["Service 'containerd' is Stopped", 'nerdctl'] }],
    },
    {
      name: 'a Kubernetes node whose containerd is disabled',
      baseline: 'healthy-ws2019',
      patch: containerdNode(1, 4, true),
      findings: [{ severity: 'error', subjects: ['containerd', 'kubelet'], message: ['start type Disabled', 'NotReady', 'kubelet'], minFixes: 2 }],
    },
  ],
});

test('WCN108 a disabled containerd is set to Automatic before it starts', (t) => {
  const [f] = findingsOf(containerdNotRunning, 'healthy-ws2019', containerdNode(1, 4, true));
  t.deepEqual(f?.fixes[0]?.commands, ["Set-Service -Name 'containerd' -StartupType 'Automatic'", "Start-Service -Name 'containerd'"]);
  t.is(f?.fixes[0]?.risk, 'safe');
});

test('WCN108 on a docker host, a stopped containerd service next to docker is judged: containerd is installed', (t) => {
  const addStopped = (raw: RawCapture) => { raw['services'].push({ Name: 'containerd', Status: STOPPED, StartType: 3 }); };
  t.is(findingsOf(containerdNotRunning, 'healthy-ws2022', addStopped).length, 1);
  t.is(findingsOf(containerdNotRunning, 'healthy-ws2022', (raw) => { raw['services'].push({ Name: 'containerd', Status: RUNNING, StartType: 3 }); }).length, 0);
});
